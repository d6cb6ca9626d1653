// The calculator on a Unix domain socket instead of a TCP port: a file in
// the file system (unix:PATH), or a name in Linux's abstract namespace
// (unix-abstract:NAME, no file). Only processes on the same machine can
// connect.
//
//   bazel run //examples/unix_sockets:uds_server
//   bazel run //examples/calculator:sync_client --
//       --target=unix:/tmp/grpc-tutorial-calculator.sock divide 17 5
#include <absl/flags/flag.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <iostream>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/calculator/sync_service.h"

constexpr char kDefaultSocket[] = "/tmp/grpc-tutorial-calculator.sock";

ABSL_FLAG(std::string, socket, kDefaultSocket,
          "The socket file to listen on; a stale one (nobody listening) is "
          "replaced, and it is removed at shutdown.");
ABSL_FLAG(std::string, abstract, "",
          "Listen on this name in the abstract namespace instead (Linux; no "
          "file, so no file permissions either).");

namespace {

// Whether a process accepts connections on the socket file `path`.
bool SomeoneListensOn(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof(address.sun_path) - 1);
  const bool answered =
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return answered;
}

}  // namespace

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
  if (!abstract.empty() && path != kDefaultSocket) {
    common::ExitWithUsageError("give --socket or --abstract, not both");
  }
  // [START socket_address]
  // sun_path holds 108 bytes: a path with its final 0, or an abstract name
  // after its leading 0.
  constexpr size_t kMaxPath = sizeof(sockaddr_un::sun_path) - 1;
  if (!abstract.empty() && abstract.size() > kMaxPath) {
    common::ExitWithUsageError("--abstract: at most " +
                               std::to_string(kMaxPath) + " bytes");
  }
  if (abstract.empty() && (path.empty() || path.size() > kMaxPath)) {
    common::ExitWithUsageError("--socket=" + path + ": a path of 1 to " +
                               std::to_string(kMaxPath) + " bytes");
  }
  // gRPC replaces any socket file at the path, a live server's too: refuse
  // if one answers there.
  if (abstract.empty() && SomeoneListensOn(path)) {
    std::cerr << "uds_server: a server is already listening on " << path
              << std::endl;
    return 1;
  }
  common::ServerOptions options;
  options.address =
      abstract.empty() ? "unix:" + path : "unix-abstract:" + abstract;
  // [END socket_address]
  options.name = "Calculator (Unix socket) server";
  calculator::SyncCalculatorService service(calculator::LogToStderr());
  return common::RunServerUntilSignal(options, {&service});
}
