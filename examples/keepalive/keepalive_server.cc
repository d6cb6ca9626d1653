// The calculator with keepalive settings from the command line: how often
// it pings idle connections, and how often it lets clients ping (more often
// is answered with GOAWAY "too_many_pings").
//
//   bazel run //examples/keepalive:keepalive_server
//   bazel run //examples/keepalive:keepalive_client -- --keepalive_time_ms=100
#include <absl/flags/flag.h>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/calculator/sync_service.h"
#include "examples/keepalive/keepalive_settings.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50074},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, keepalive_time_ms, 60000,
          "Ping a connection idle this long, in milliseconds (0: gRPC's "
          "default, 2 hours).");
ABSL_FLAG(int, keepalive_timeout_ms, 20000,
          "Close the connection if a ping is not answered within this, in "
          "milliseconds.");
ABSL_FLAG(int, min_client_ping_interval_ms, 10000,
          "Allow clients a ping per this many milliseconds while no data "
          "flows; more often is a strike, and past 2 strikes the connection "
          "gets GOAWAY.");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator with the given "
                         "keepalive settings, until Ctrl-C.\n"
                         "Usage: keepalive_server [--port=PORT] "
                         "[--keepalive_time_ms=MS] "
                         "[--min_client_ping_interval_ms=MS]")
          .size() > 1) {
    common::ExitWithUsageError(
        "keepalive_server takes no arguments, only flags");
  }
  keepalive::ServerKeepalive settings;
  settings.time = std::chrono::milliseconds(common::AtLeast(
      0, absl::GetFlag(FLAGS_keepalive_time_ms), "keepalive_time_ms"));
  settings.timeout = std::chrono::milliseconds(common::AtLeast(
      1, absl::GetFlag(FLAGS_keepalive_timeout_ms), "keepalive_timeout_ms"));
  settings.min_client_ping_interval = std::chrono::milliseconds(
      common::AtLeast(0, absl::GetFlag(FLAGS_min_client_ping_interval_ms),
                      "min_client_ping_interval_ms"));
  // As common::SetKeepalive: clients may ping with no call open.
  settings.permit_without_calls = true;
  calculator::SyncCalculatorService service(calculator::LogToStderr());
  common::ServerOptions options;
  options.name = "Keepalive server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.configure = [&settings](grpc::ServerBuilder& builder) {
    keepalive::Apply(settings, builder);
  };
  return common::RunServerUntilSignal(options, {&service});
}
