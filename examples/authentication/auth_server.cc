// The calculator over TLS, every call authenticated: by a bearer token from
// --tokens_file, or, with --tls_client_roots_file, by a client certificate
// (mutual TLS). Divide answers with who called, in the trailers.
//
//   bazel run //examples/authentication:auth_server --
//       --tls_cert_file=cert.pem --tls_key_file=key.pem --tokens_file=tokens
#include <absl/flags/flag.h>
#include <absl/strings/str_split.h>

#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include "common/files/read_file.h"
#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/server_runner.h"
#include "common/grpc/tls_credentials.h"
#include "examples/authentication/bearer_token.h"
#include "examples/authentication/caller_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50075},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate (chain) of the server (required).");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls_cert_file (required).");
ABSL_FLAG(std::string, tls_client_roots_file, "",
          "PEM certificates that client certificates must chain to; given, "
          "every client must present one (mutual TLS).");
ABSL_FLAG(std::string, tokens_file, "",
          "A file of valid tokens, one \"TOKEN USER\" per line (# starts a "
          "comment).");

namespace {

// The tokens of `path`, or a usage error naming the file and line.
std::map<std::string, std::string> ReadTokens(const std::string& path) {
  std::map<std::string, std::string> users_by_token;
  if (path.empty()) return users_by_token;
  std::string error;
  const std::optional<std::string> text = common::ReadWholeFile(path, &error);
  if (!text) common::ExitWithUsageError("--tokens_file: " + error);
  std::istringstream file(*text);
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    line = line.substr(0, line.find('#'));
    std::vector<std::string> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (words.empty()) continue;
    const std::string where = path + ":" + std::to_string(number);
    if (words.size() != 2) {
      common::ExitWithUsageError(where + ": expected TOKEN USER");
    }
    // The user's name goes back to clients in metadata (x-caller).
    if (!common::IsSendableMetadata(authentication::kCallerKey, words[1])) {
      common::ExitWithUsageError(where +
                                 ": the user's name must be printable "
                                 "ASCII");
    }
    if (!users_by_token.emplace(words[0], words[1]).second) {
      common::ExitWithUsageError(where + ": the same token twice");
    }
  }
  if (users_by_token.empty()) {
    common::ExitWithUsageError("--tokens_file: no tokens in " + path);
  }
  return users_by_token;
}

}  // namespace

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(
          argc, argv,
          "Serves calculator.v1.Calculator over TLS to authenticated "
          "callers only, until Ctrl-C.\n"
          "Usage: auth_server --tls_cert_file=PEM --tls_key_file=PEM "
          "[--tokens_file=FILE] [--tls_client_roots_file=PEM]")
          .size() > 1) {
    common::ExitWithUsageError("auth_server takes no arguments, only flags");
  }
  std::string error;
  std::optional<grpc::SslServerCredentialsOptions> tls =
      common::ServerTlsOptionsFromFiles(
          absl::GetFlag(FLAGS_tls_cert_file), absl::GetFlag(FLAGS_tls_key_file),
          absl::GetFlag(FLAGS_tls_client_roots_file), &error);
  if (!tls) common::ExitWithUsageError(error);
  // [START server_processor]
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::SslServerCredentials(*tls);
  credentials->SetAuthMetadataProcessor(
      std::make_shared<authentication::BearerTokenProcessor>(
          ReadTokens(absl::GetFlag(FLAGS_tokens_file))));
  // [END server_processor]
  authentication::CallerCalculatorService service;
  common::ServerOptions options;
  options.name = "Auth server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.credentials = credentials;
  return common::RunServerUntilSignal(options, {&service});
}
