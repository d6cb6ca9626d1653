#include "common/http/http_server_runner.h"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <iostream>
#include <thread>

namespace common {

int BindHttpServer(httplib::Server& server, const std::string& host, int port) {
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (port == 0) return server.bind_to_any_port(host);
  return server.bind_to_port(host, port) ? port : -1;
}

int RunHttpServerUntilSignal(httplib::Server& server,
                             const HttpServerOptions& options) {
  const int port = BindHttpServer(server, options.host, options.port);
  if (port <= 0) {
    std::cerr << options.name << ": cannot listen on " << options.host << ":"
              << options.port << " (is the port in use, or the host not local?)"
              << std::endl;
    return 1;
  }
  std::cout << options.name << " listening on http://" << options.host << ":"
            << port << std::endl;

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
    if (listen_returned) return;  // woken below
    std::cout << options.name << " received "
              << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
              << ", shutting down" << std::endl;
    if (options.on_shutdown) options.on_shutdown();
    // stop() does nothing until listen_after_bind() has started; a signal
    // right after the "listening" line may come that early.
    while (!server.is_running() && !listen_returned) std::this_thread::yield();
    server.stop();
  });
  const bool listened = server.listen_after_bind();
  listen_returned = true;
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // if still waiting
  signal_thread.join();
  if (options.on_shutdown) options.on_shutdown();
  if (!listened) {
    std::cerr << options.name << ": the server stopped with an error"
              << std::endl;
    return 1;
  }
  std::cout << options.name << " stopped" << std::endl;
  return 0;
}

}  // namespace common
