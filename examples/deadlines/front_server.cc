// A front server in front of a calculator server (front_service.h): it
// serves Divide and ListPrimes by calling the backend, with the client's
// deadline and cancellation propagated (unless --propagate=false).
//
//   bazel run //examples/calculator:sync_server &
//   bazel run //examples/deadlines:front_server
#include <absl/flags/flag.h>
#include <grpcpp/ext/channelz_service_plugin.h>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/deadlines/front_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50064},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, backend, "localhost:50051",
          "The calculator server to call, as host:port.");
ABSL_FLAG(bool, propagate, true,
          "Pass each client's deadline and cancellation on to the backend.");
ABSL_FLAG(int, backend_timeout_ms, 10000,
          "The front's own deadline for a backend call, in milliseconds (a "
          "propagated earlier deadline wins).");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator's Divide and "
                         "ListPrimes by calling a backend calculator, until "
                         "Ctrl-C.\n"
                         "Usage: front_server [--port=PORT] "
                         "[--backend=HOST:PORT] [--propagate=false]")
          .size() > 1) {
    common::ExitWithUsageError("front_server takes no arguments, only flags");
  }
  common::CheckTargetFlag("backend", absl::GetFlag(FLAGS_backend));
  if (absl::GetFlag(FLAGS_backend_timeout_ms) < 1) {
    common::ExitWithUsageError("--backend_timeout_ms: at least 1");
  }
  deadlines::FrontOptions front;
  front.propagate = absl::GetFlag(FLAGS_propagate);
  front.backend_timeout =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_backend_timeout_ms));
  deadlines::FrontService service(
      grpc::CreateChannel(absl::GetFlag(FLAGS_backend),
                          grpc::InsecureChannelCredentials()),
      front);
  // channelz, to look inside with //examples/debugging:channelz_client
  // (docs/26-debugging.md): the front's channel to its backend.
  grpc::channelz::experimental::InitChannelzService();
  common::ServerOptions options;
  options.name = "Front server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  return common::RunServerUntilSignal(options, {&service});
}
