// A calculator server whose Divide fails the first attempts of every call
// with UNAVAILABLE (flaky_service.h), for trying out client retries. It
// logs each attempt as it ends, on stderr.
//
//   bazel run //examples/retries:flaky_server -- --fail_first=2
//   bazel run //examples/retries:retry_client -- 17 5
#include <absl/flags/flag.h>

#include <iostream>
#include <mutex>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "common/grpc/status_names.h"
#include "examples/retries/flaky_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50069},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, fail_first, 2,
          "Attempts of every Divide call that fail with UNAVAILABLE before "
          "one is answered.");
ABSL_FLAG(int, delay_ms, 0,
          "How long each attempt works before it answers, in milliseconds.");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator's Divide, failing "
                         "the first attempts of every call, until Ctrl-C.\n"
                         "Usage: flaky_server [--port=PORT] "
                         "[--fail_first=N] [--delay_ms=MS]")
          .size() > 1) {
    common::ExitWithUsageError("flaky_server takes no arguments, only flags");
  }
  retries::FlakyOptions flaky;
  flaky.fail_first =
      common::AtLeast(0, absl::GetFlag(FLAGS_fail_first), "fail_first");
  flaky.delay = std::chrono::milliseconds(
      common::AtLeast(0, absl::GetFlag(FLAGS_delay_ms), "delay_ms"));
  std::mutex print_mu;
  flaky.on_attempt = [&print_mu](const retries::Attempt& attempt) {
    std::lock_guard<std::mutex> lock(print_mu);
    std::cerr << "attempt " << attempt.number << ": "
              << common::StatusCodeName(attempt.code) << std::endl;
  };
  retries::FlakyCalculatorService service(flaky);
  common::ServerOptions options;
  options.name = "Flaky server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  return common::RunServerUntilSignal(options, {&service});
}
