// Calls Divide on a channel whose service config has a retry policy
// (retry_policy.h, or a JSON file of your own), and prints the answer with
// the attempt that gave it. gRPC retries inside the call: the code below
// makes one call and sees one result.
//
//   bazel run //examples/retries:flaky_server -- --fail_first=2 &
//   bazel run //examples/retries:retry_client -- 17 5
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/validate_service_config.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/files/read_file.h"
#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/retries/flaky_service.h"
#include "examples/retries/retry_policy.h"

ABSL_FLAG(std::string, target, "localhost:50069",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000,
          "Deadline of the call, all its attempts together, in milliseconds.");
ABSL_FLAG(bool, retries, true,
          "Let gRPC retry; false turns retries off on the channel "
          "(GRPC_ARG_ENABLE_RETRIES), service config or not.");
ABSL_FLAG(bool, dns_service_config, false,
          "Take the service config from DNS when the name server offers one "
          "(a TXT record _grpc_config.HOST, for a dns: target).");
ABSL_FLAG(std::string, service_config, "",
          "A JSON file with the channel's service config; empty: the retry "
          "policy built into this client.");

namespace {

// The service config to use: the file's, or the built-in one. Exits with a
// usage error naming the file if it cannot be read or is not a valid
// service config (gRPC would otherwise make a channel that fails every
// call, the reason only in its log).
std::string ServiceConfig(const std::string& path) {
  std::string json = retries::kRetryServiceConfig;
  if (!path.empty()) {
    std::string error;
    std::optional<std::string> text = common::ReadWholeFile(path, &error);
    if (!text) common::ExitWithUsageError("--service_config: " + error);
    if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
      common::ExitWithUsageError("--service_config: " + path + " is empty");
    }
    json = *text;
  }
  // [START validate_service_config]
  if (std::string error = grpc::experimental::ValidateServiceConfigJSON(json);
      !error.empty()) {
    common::ExitWithUsageError(
        "--service_config=" + (path.empty() ? "(built-in)" : path) +
        ": not a valid service config: " + error);
  }
  // [END validate_service_config]
  return json;
}

// " (attempt N)" from the trailers of the attempt that ended the call, or
// "" if none did (the deadline passed while no attempt was running).
std::string Attempt(const grpc::ClientContext& context) {
  const std::optional<std::string> attempt = common::FindMetadata(
      context.GetServerTrailingMetadata(), retries::kAttemptKey);
  return attempt ? " (attempt " + *attempt + ")" : "";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Calls Divide with a retry policy in the channel's service config and "
      "prints the answer and the attempt that gave it.\n"
      "Usage: retry_client [flags] <dividend> <divisor>");
  if (args.size() != 3) common::ExitWithUsageError("give DIVIDEND DIVISOR");
  const auto dividend = common::IntegerArgument<int64_t>(args[1], "dividend");
  const auto divisor = common::IntegerArgument<int64_t>(args[2], "divisor");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  if (absl::GetFlag(FLAGS_timeout_ms) < 1) {
    common::ExitWithUsageError("--timeout_ms: at least 1");
  }

  // [START retry_channel]
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(
      ServiceConfig(absl::GetFlag(FLAGS_service_config)));
  if (!absl::GetFlag(FLAGS_retries)) {
    arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  }
  // [END retry_channel]
  // [START dns_service_config]
  // gRPC 1.51 asks DNS for a service config (a TXT record) only if told to;
  // one found there replaces the one above, which stays the default.
  if (absl::GetFlag(FLAGS_dns_service_config)) {
    arguments.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 0);
  }
  // [END dns_service_config]
  auto channel = grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments);
  auto stub = calculator::v1::Calculator::NewStub(channel);

  grpc::ClientContext context;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  calculator::v1::DivideRequest request;
  request.set_dividend(dividend);
  request.set_divisor(divisor);
  calculator::v1::DivideResponse response;
  grpc::Status status = stub->Divide(&context, request, &response);
  status = common::ExplainWrongService(status, channel, target,
                                       "calculator.v1.Calculator");
  if (!status.ok()) {
    std::cout << "error: " << common::FormatStatus(status) << Attempt(context)
              << std::endl;
    return 1;
  }
  std::cout << dividend << " / " << divisor << " = " << response.quotient()
            << " remainder " << response.remainder() << Attempt(context)
            << std::endl;
  return 0;
}
