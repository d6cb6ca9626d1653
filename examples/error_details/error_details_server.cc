// The calculator with rich errors (error_details_service.h): a bad request
// names each bad field in a google.rpc.BadRequest, and a client past its
// quota of calls gets a QuotaFailure and a RetryInfo.
//
//   bazel run //examples/error_details:error_details_server
#include <absl/flags/flag.h>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/error_details/error_details_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50063},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, calls_per_minute, 60,
          "Calls each client address may make per minute (at least 1).");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator's Divide and "
                         "ListPrimes with rich error details, until Ctrl-C.\n"
                         "Usage: error_details_server [--port=PORT] "
                         "[--calls_per_minute=N]")
          .size() > 1) {
    common::ExitWithUsageError(
        "error_details_server takes no arguments, only flags");
  }
  if (absl::GetFlag(FLAGS_calls_per_minute) < 1) {
    common::ExitWithUsageError("--calls_per_minute: at least 1");
  }
  error_details::CallQuota quota(absl::GetFlag(FLAGS_calls_per_minute),
                                 std::chrono::minutes(1));
  error_details::ErrorDetailsCalculatorService service(&quota);
  common::ServerOptions options;
  options.name = "Error details server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  return common::RunServerUntilSignal(options, {&service});
}
