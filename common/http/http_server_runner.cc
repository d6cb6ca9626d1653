#include "common/http/http_server_runner.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <thread>

namespace common {

int RunHttpServerUntilSignal(HttpServer& server,
                             const HttpServerOptions& options) {
  const int port = server.Bind(options.host, options.port);
  if (port <= 0) {
    std::cerr << options.name << ": cannot listen on " << options.host << ":"
              << options.port << " (is the port in use, or the host not local?)"
              << std::endl;
    return 1;
  }
  std::cout << options.name << " listening on http://" << options.host << ":"
            << port << std::endl;

  // SIGINT/SIGTERM: stop accepting; Listen() returns once the requests in
  // flight are done.
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
    server.Stop();  // works even before Listen() has started
  });
  const bool listened = server.Listen();
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
