// Runs a cpp-httplib server until SIGINT or SIGTERM, the HTTP counterpart of
// server_runner.h: binds, prints "<name> listening on http://host:port",
// serves, and on the signal stops accepting and returns once the requests
// in flight are done.
#ifndef COMMON_HTTP_HTTP_SERVER_RUNNER_H_
#define COMMON_HTTP_HTTP_SERVER_RUNNER_H_

#include <httplib.h>

#include <functional>
#include <string>

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

// Binds `server` to host:port (port 0: a free one) and returns the port, or
// -1 if it cannot. Replaces httplib's SO_REUSEPORT, with which a second
// server could bind the same port and silently share its connections, by
// plain SO_REUSEADDR. For servers that run beside something else; the
// function below calls it.
int BindHttpServer(httplib::Server& server, const std::string& host, int port);

// Call BlockShutdownSignals() (server_runner.h) first thing in main().
// Returns the process exit code: 0 after a clean shutdown, 1 if the server
// could not listen or stopped with an error.
int RunHttpServerUntilSignal(httplib::Server& server,
                             const HttpServerOptions& options);

}  // namespace common

#endif  // COMMON_HTTP_HTTP_SERVER_RUNNER_H_
