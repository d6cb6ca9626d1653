// Runs an HttpServer until SIGINT or SIGTERM, the HTTP counterpart of
// server_runner.h: binds, prints "<name> listening on http://host:port",
// serves, and on the signal stops accepting and returns once the requests
// in flight are done.
#ifndef COMMON_HTTP_HTTP_SERVER_RUNNER_H_
#define COMMON_HTTP_HTTP_SERVER_RUNNER_H_

#include <functional>
#include <string>

#include "common/http/http_server.h"

namespace common {

struct HttpServerOptions {
  // Shown in the log lines ("Meter HTTP server listening on ...").
  std::string name;
  std::string host;
  // 0 picks a free port.
  int port = 0;
  // Runs when the signal arrives, before the server stops accepting (to end
  // long-lived responses such as event streams), and once more at the end.
  std::function<void()> on_shutdown;
};

// Call BlockShutdownSignals() (server_runner.h) first thing in main().
// Returns the process exit code: 0 after a clean shutdown, 1 if the server
// could not listen or stopped with an error.
int RunHttpServerUntilSignal(HttpServer& server,
                             const HttpServerOptions& options);

}  // namespace common

#endif  // COMMON_HTTP_HTTP_SERVER_RUNNER_H_
