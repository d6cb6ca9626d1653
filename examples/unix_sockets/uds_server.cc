// The calculator on a Unix domain socket instead of a TCP port: a file in
// the file system (unix:PATH), or a name in Linux's abstract namespace
// (unix-abstract:NAME, no file). Only processes on the same machine can
// connect.
//
//   bazel run //examples/unix_sockets:uds_server
//   bazel run //examples/calculator:sync_client --
//       --target=unix:/tmp/grpc-tutorial-calculator.sock divide 17 5
#include <absl/flags/flag.h>
#include <sys/un.h>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/calculator/sync_service.h"

ABSL_FLAG(std::string, socket, "/tmp/grpc-tutorial-calculator.sock",
          "The socket file to listen on (it is replaced if it exists, and "
          "removed at shutdown).");
ABSL_FLAG(std::string, abstract, "",
          "Listen on this name in the abstract namespace instead (Linux; no "
          "file, so no file permissions either).");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator on a Unix domain "
                         "socket until Ctrl-C.\n"
                         "Usage: uds_server [--socket=PATH | --abstract=NAME]")
          .size() > 1) {
    common::ExitWithUsageError("uds_server takes no arguments, only flags");
  }
  const std::string abstract = absl::GetFlag(FLAGS_abstract);
  const std::string path = absl::GetFlag(FLAGS_socket);
  // [START socket_address]
  // sun_path holds 108 bytes: a path (or name) must fit, with its final 0.
  constexpr size_t kMaxPath = sizeof(sockaddr_un::sun_path) - 1;
  if (!abstract.empty() && abstract.size() > kMaxPath - 1) {
    common::ExitWithUsageError("--abstract: at most " +
                               std::to_string(kMaxPath - 1) + " bytes");
  }
  if (abstract.empty() && (path.empty() || path.size() > kMaxPath)) {
    common::ExitWithUsageError("--socket=" + path + ": a path of 1 to " +
                               std::to_string(kMaxPath) + " bytes");
  }
  common::ServerOptions options;
  options.address =
      abstract.empty() ? "unix:" + path : "unix-abstract:" + abstract;
  // [END socket_address]
  options.name = "Calculator (Unix socket) server";
  calculator::SyncCalculatorService service(calculator::LogToStderr());
  return common::RunServerUntilSignal(options, {&service});
}
