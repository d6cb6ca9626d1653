// The calculator with gRPC's standard health service (grpc.health.v1.Health):
// the server as a whole ("") and calculator.v1.Calculator each have a
// status, SERVING or NOT_SERVING. On Ctrl-C (SIGINT or SIGTERM) every status
// turns NOT_SERVING before the graceful shutdown begins, so that health
// watchers and load balancers move traffic away while calls finish.
//
//   bazel run //examples/health:health_server
//   bazel run //examples/health:health_client -- check
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "common/flags/flags.h"
#include "common/grpc/reflection.h"
#include "common/grpc/server_runner.h"
#include "examples/calculator/sync_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50070},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(bool, serving, true,
          "The status of calculator.v1.Calculator at start: SERVING, or "
          "NOT_SERVING with --serving=false (the server as a whole is "
          "SERVING either way).");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On Ctrl-C, how long calls (health watches too) may run on after "
          "the statuses turn NOT_SERVING, in milliseconds.");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator and the gRPC health "
                         "service until Ctrl-C.\n"
                         "Usage: health_server [--port=PORT] "
                         "[--serving=false]")
          .size() > 1) {
    common::ExitWithUsageError("health_server takes no arguments, only flags");
  }
  common::AtLeast(0, absl::GetFlag(FLAGS_shutdown_grace_ms),
                  "shutdown_grace_ms");
  calculator::SyncCalculatorService service(calculator::LogToStderr());
  // [START enable_health]
  // gRPC's default health service, and reflection able to describe it.
  common::EnableReflection(/*health=*/true);
  common::ServerOptions options;
  options.on_started = [](grpc::Server& server) {
    // "" (the whole server) is SERVING from the start; a service is unknown
    // until given a status.
    server.GetHealthCheckService()->SetServingStatus(
        "calculator.v1.Calculator", absl::GetFlag(FLAGS_serving));
  };
  // [END enable_health]
  options.name = "Health server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.shutdown_grace =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  return common::RunServerUntilSignal(options, {&service});
}
