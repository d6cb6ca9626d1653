// Runs a gRPC server until SIGINT or SIGTERM, then shuts it down gracefully:
// in-flight calls get a grace period to finish and are cancelled after it.
#ifndef COMMON_GRPC_SERVER_RUNNER_H_
#define COMMON_GRPC_SERVER_RUNNER_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace common {

struct ServerOptions {
  // Shown in the log lines ("Calculator (sync) server listening on ...").
  std::string name;
  // host:port to listen on; port 0 picks a free port.
  std::string address;
  std::chrono::milliseconds shutdown_grace{5000};
  // On the signal, how long the server keeps taking calls after its health
  // statuses turn NOT_SERVING, before the graceful shutdown refuses new
  // ones: time for health-checking clients to move their traffic away
  // (docs/23-load-balancing.md). 0: shut down at once.
  std::chrono::milliseconds drain{0};
  // How the port listens: plaintext unless a server passes TLS credentials
  // (grpc::SslServerCredentials, as pi-demo/grpc_server does).
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::InsecureServerCredentials();
  // The most memory gRPC may use for the server's connections and calls
  // (the buffers of messages coming in and going out). gRPC 1.51 checks a
  // message's size only once all of it has arrived, so without a quota a
  // client that announces a 2 GB message gets 2 GB buffered. With one, gRPC
  // frees memory when the quota is reached: it resets streams (which one
  // is gRPC's choice, not necessarily the greedy one) and closes idle
  // connections. A bound on the damage, not a fairness policy
  // (docs/17-size-limits.md).
  size_t memory_quota_bytes = size_t{256} << 20;
  // One line per call on stderr: method, peer, status code, milliseconds,
  // request id (server_interceptors.h).
  bool log_calls = false;

  // Optional hooks for servers that need more than the basics:
  // `configure` may change the builder (channel arguments, ...) before the
  // server starts; `on_started` runs once it accepts calls, before the
  // "listening on" line; `on_shutdown` runs when the signal arrives, before
  // new calls are refused.
  std::function<void(grpc::ServerBuilder&)> configure;
  std::function<void(grpc::Server&)> on_started;
  std::function<void()> on_shutdown;
};

// Keepalive for servers whose calls may idle for long (subscriptions,
// watches): ping idle connections every minute and drop them if a ping is
// not answered in 20 s, so that calls on a dead network end instead of
// waiting forever; let clients ping the same way, but not more often than
// every 10 s (more is answered with GOAWAY). Use it in `configure`.
void SetKeepalive(grpc::ServerBuilder& builder);

// Blocks SIGINT and SIGTERM for the whole process, so that they can be
// received with sigwait() instead of interrupting a gRPC thread. Call it
// first thing in main(), before any thread starts.
void BlockShutdownSignals();

// Starts a server with `services`, prints
// "<name> listening on <host>:<port>" on stdout once it accepts calls, waits
// for SIGINT or SIGTERM and shuts down. Returns the process exit code: 0 after
// a clean shutdown, 1 if the server could not start.
int RunServerUntilSignal(const ServerOptions& options,
                         const std::vector<grpc::Service*>& services);

}  // namespace common

#endif  // COMMON_GRPC_SERVER_RUNNER_H_
