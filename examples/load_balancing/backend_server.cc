// One of several calculator backends for the load-balancing example: it
// answers Divide with its name in the trailing metadata, and has the health
// service (NOT_SERVING from the start of a shutdown, so a health-checking
// client moves away while calls finish).
//
//   bazel run //examples/load_balancing:backend_server -- --port=50071 &
//   bazel run //examples/load_balancing:backend_server -- --port=50072 &
//   bazel run //examples/load_balancing:backend_server -- --port=50073 &
//   bazel run //examples/load_balancing:lb_client -- --policy=round_robin
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <unistd.h>

#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/reflection.h"
#include "common/grpc/server_runner.h"
#include "examples/load_balancing/named_backend.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50071},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, drain_ms, 1000,
          "On Ctrl-C, how long to keep answering after the health status "
          "turns NOT_SERVING, so that clients move away first.");
ABSL_FLAG(std::string, name, "",
          "The name this backend gives in its answers; empty: "
          "\"backend-PORT\".");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator's Divide, naming "
                         "itself in every answer, with the health service, "
                         "until Ctrl-C.\n"
                         "Usage: backend_server [--port=PORT] [--name=NAME]")
          .size() > 1) {
    common::ExitWithUsageError("backend_server takes no arguments, only flags");
  }
  const int port = absl::GetFlag(FLAGS_port).value;
  std::string name = absl::GetFlag(FLAGS_name);
  if (name.empty()) {
    // The port names it; a free port (0) is only known later, so the pid.
    name = port != 0 ? "backend-" + std::to_string(port)
                     : "backend-pid" + std::to_string(getpid());
  }
  // The name goes back in metadata, which must be printable ASCII.
  if (!common::IsSendableMetadata(load_balancing::kBackendKey, name) ||
      name.size() > 100) {
    common::ExitWithUsageError("--name: up to 100 printable ASCII characters");
  }
  load_balancing::NamedBackendService service(name);
  common::EnableReflection(/*health=*/true);
  common::ServerOptions options;
  options.name = "Backend " + name;
  options.address = absl::GetFlag(FLAGS_host) + ":" + std::to_string(port);
  options.drain = std::chrono::milliseconds(
      common::AtLeast(0, absl::GetFlag(FLAGS_drain_ms), "drain_ms"));
  options.on_started = [](grpc::Server& server) {
    server.GetHealthCheckService()->SetServingStatus("calculator.v1.Calculator",
                                                     true);
  };
  return common::RunServerUntilSignal(options, {&service});
}
