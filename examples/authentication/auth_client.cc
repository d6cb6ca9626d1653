// Calls Divide over TLS as someone: with a bearer token (read from
// --token_file, so that it does not show in `ps`) attached to the channel as
// CallCredentials, and/or a client certificate (mutual TLS). Prints the
// answer and who the server says called.
//
//   bazel run //examples/authentication:auth_client --
//       --tls_roots_file=cert.pem --token_file=my-token 17 5
#include <absl/flags/flag.h>

#include <iostream>

#include "common/flags/flags.h"
#include "common/flags/secret_file.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"
#include "common/grpc/tls_credentials.h"
#include "examples/authentication/bearer_token.h"
#include "examples/authentication/caller_service.h"

ABSL_FLAG(std::string, target, "localhost:50075",
          "The server to call, as host:port.");
ABSL_FLAG(std::string, tls_roots_file, "",
          "PEM certificates to trust for the server (required).");
ABSL_FLAG(std::string, tls_server_name, "",
          "The name the server's certificate must carry, if not the "
          "target's host.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM client certificate, for mutual TLS (with --tls_key_file).");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");
ABSL_FLAG(std::string, token_file, "",
          "A file holding the bearer token to send with every call.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of the call, in milliseconds.");

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Calls Divide over TLS with a token and/or a client certificate, and "
      "prints who the server says called.\n"
      "Usage: auth_client --tls_roots_file=PEM [--token_file=FILE] "
      "[--tls_cert_file=PEM --tls_key_file=PEM] <dividend> <divisor>");
  if (args.size() != 3) common::ExitWithUsageError("give DIVIDEND DIVISOR");
  const auto dividend = common::IntegerArgument<int64_t>(args[1], "dividend");
  const auto divisor = common::IntegerArgument<int64_t>(args[2], "divisor");
  const int timeout_ms =
      common::AtLeast(1, absl::GetFlag(FLAGS_timeout_ms), "timeout_ms");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  if (absl::GetFlag(FLAGS_tls_roots_file).empty()) {
    common::ExitWithUsageError(
        "--tls_roots_file: required (tokens go over TLS only)");
  }
  std::string error;
  std::optional<grpc::SslCredentialsOptions> tls =
      common::ClientTlsOptionsFromFiles(absl::GetFlag(FLAGS_tls_roots_file),
                                        absl::GetFlag(FLAGS_tls_cert_file),
                                        absl::GetFlag(FLAGS_tls_key_file),
                                        &error);
  if (!tls) common::ExitWithUsageError(error);
  // [START composite_credentials]
  // TLS for the channel, the token for every call on it.
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::SslCredentials(*tls);
  if (const std::string path = absl::GetFlag(FLAGS_token_file); !path.empty()) {
    credentials = grpc::CompositeChannelCredentials(
        credentials, authentication::BearerTokenCredentials(
                         common::ReadSecretFile("token_file", path)));
  }
  // [END composite_credentials]
  grpc::ChannelArguments arguments;
  if (const std::string name = absl::GetFlag(FLAGS_tls_server_name);
      !name.empty()) {
    arguments.SetSslTargetNameOverride(name);
  }
  auto stub = calculator::v1::Calculator::NewStub(
      grpc::CreateCustomChannel(target, credentials, arguments));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(timeout_ms));
  calculator::v1::DivideRequest request;
  request.set_dividend(dividend);
  request.set_divisor(divisor);
  calculator::v1::DivideResponse response;
  const grpc::Status status = stub->Divide(&context, request, &response);
  if (!status.ok()) {
    std::cout << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  std::cout << dividend << " / " << divisor << " = " << response.quotient()
            << " remainder " << response.remainder() << ", answered for "
            << common::FindMetadata(context.GetServerTrailingMetadata(),
                                    authentication::kCallerKey)
                   .value_or("?")
            << std::endl;
  return 0;
}
