// The attendance HTTP server: the registration page and attendee list of
// http_api.h in front of the attendance gRPC server.
//
//   bazel run //pi-demo:http_server -- --grpc_target=localhost:50051
//
// Prints "Attendance HTTP server listening on http://<host>:<port>" once it
// accepts connections; stops cleanly on SIGINT or SIGTERM (exit code 0).
#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "examples/common/runfiles_dir.h"
#include "examples/common/server_runner.h"
#include "examples/common/user_path.h"
#include "pi-demo/http_api.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 for all).");
ABSL_FLAG(int, port, 8000, "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, grpc_target, "localhost:50051",
          "Address of the attendance gRPC server.");
ABSL_FLAG(int, deadline_ms, 5000,
          "Deadline of each call to the gRPC server, in milliseconds.");
ABSL_FLAG(std::string, static_dir, "",
          "Directory of the page's files; default: //web/attendance:site in "
          "the binary's runfiles.");

namespace {

constexpr char kName[] = "Attendance HTTP server";

}  // namespace

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  // httplib 0.11 writes to sockets without MSG_NOSIGNAL: a browser that
  // closes a connection must not kill the server.
  signal(SIGPIPE, SIG_IGN);
  absl::SetProgramUsageMessage(
      "Serves the attendance registration page in front of the attendance "
      "gRPC server. Flags:");
  absl::ParseCommandLine(argc, argv);

  attendance::HttpApiOptions options;
  options.deadline =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  options.static_dir = common::UserPath(absl::GetFlag(FLAGS_static_dir));
  const bool static_dir_given = !options.static_dir.empty();
  if (!static_dir_given) {
    options.static_dir =
        common::FindRunfilesDir(argv[0], "web/attendance", "index.html");
    if (options.static_dir.empty()) {
      std::cerr << kName
                << ": warning: the page's files are not in the runfiles; "
                   "serving /register and /attendees only (pass --static_dir)"
                << std::endl;
    }
  }

  // Retry connecting every 2 s at most, so that the page recovers soon after
  // the gRPC server is back (gRPC's default backoff grows to 2 minutes).
  grpc::ChannelArguments channel_arguments;
  channel_arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  attendance::AttendanceHttpApi api(
      grpc::CreateCustomChannel(absl::GetFlag(FLAGS_grpc_target),
                                grpc::InsecureChannelCredentials(),
                                channel_arguments),
      options);

  httplib::Server server;
  // httplib's default sets SO_REUSEPORT, with which a second server could
  // bind the same port and silently share its connections. Refuse instead.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (!api.Register(&server) && static_dir_given) {
    std::cerr << kName << ": cannot serve --static_dir=" << options.static_dir
              << ": not a directory" << std::endl;
    return 1;
  }

  const std::string host = absl::GetFlag(FLAGS_host);
  int port = absl::GetFlag(FLAGS_port);
  if (port == 0) {
    port = server.bind_to_any_port(host);
  } else if (!server.bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << kName << ": cannot listen on " << host << ":"
              << absl::GetFlag(FLAGS_port)
              << " (is the port in use, or the host not local?)" << std::endl;
    return 1;
  }
  std::cout << kName << " listening on http://" << host << ":" << port
            << std::endl;

  // SIGINT/SIGTERM: stop accepting; listen_after_bind() returns once the
  // requests in flight are done.
  std::atomic<bool> listen_returned{false};
  std::thread signal_thread([&] {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (listen_returned) return;  // woken by main() below
    std::cout << kName << " received "
              << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
              << ", shutting down" << std::endl;
    // stop() does nothing until listen_after_bind() has started; a signal
    // right after the "listening" line may come that early.
    while (!server.is_running() && !listen_returned) std::this_thread::yield();
    server.stop();
  });
  const bool listened = server.listen_after_bind();
  listen_returned = true;
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // if still waiting
  signal_thread.join();
  if (!listened) {
    std::cerr << kName << ": the server stopped with an error" << std::endl;
    return 1;
  }
  std::cout << kName << " stopped" << std::endl;
  return 0;
}
