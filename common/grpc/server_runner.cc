#include "common/grpc/server_runner.h"

#include <grpcpp/resource_quota.h>
#include <signal.h>

#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "common/grpc/server_interceptors.h"
#include "common/grpc/unparsable_request.h"

namespace common {
namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// Replaces the port of "host:port" (or "[v6]:port"); a Unix socket's
// address ("unix:PATH", "unix-abstract:NAME") has none and stays as it is.
std::string WithPort(const std::string& address, int port) {
  if (address.rfind("unix:", 0) == 0 ||
      address.rfind("unix-abstract:", 0) == 0) {
    return address;
  }
  return address.substr(0, address.rfind(':') + 1) + std::to_string(port);
}

}  // namespace

void SetKeepalive(grpc::ServerBuilder& builder) {
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
}

void BlockShutdownSignals() {
  sigset_t signals = ShutdownSignals();
  // Threads inherit the mask, so every gRPC thread leaves the signals to us.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

// [START run_server]
int RunServerUntilSignal(const ServerOptions& options,
                         const std::vector<grpc::Service*>& services) {
  BlockShutdownSignals();  // Harmless if main() already did it.

  grpc::ServerBuilder builder;
  int port = 0;
  // Plaintext by default, as in the tutorial's first chapters; TLS if the
  // caller passes its credentials (chapter 8).
  builder.AddListeningPort(options.address, options.credentials, &port);
  // gRPC turns on SO_REUSEPORT by default, which lets a second server bind a
  // port that is already in use and silently share its calls. Refuse instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // [START memory_quota]
  // A ceiling on what clients can make gRPC buffer (see ServerOptions).
  grpc::ResourceQuota quota(options.name + " memory");
  quota.Resize(options.memory_quota_bytes);
  builder.SetResourceQuota(quota);
  // [END memory_quota]
  for (grpc::Service* service : services) builder.RegisterService(service);
  // A `configure` that sets interceptors of its own replaces this one (add
  // ExplainUnparsableRequestFactory to them to keep it).
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<ExplainUnparsableRequestFactory>());
  if (options.log_calls) {
    interceptors.push_back(std::make_unique<EchoRequestIdFactory>());
    interceptors.push_back(
        std::make_unique<ObserveCallsFactory>(LogCallsToStderr(), nullptr));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  if (options.configure) options.configure(builder);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    // gRPC gives no reason through its API, only in the log line above.
    std::cerr << options.name << ": cannot listen on " << options.address
              << " (gRPC's log line above says why: the port in use, an "
                 "address this machine does not have, a bad socket path)"
              << std::endl;
    return 1;
  }
  // Before the line that tells scripts and tests the server is ready, so
  // that what on_started sets up (health statuses, ...) is there by then.
  if (options.on_started) options.on_started(*server);
  std::cout << options.name << " listening on "
            << WithPort(options.address, port) << std::endl;

  sigset_t signals = ShutdownSignals();
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cout << options.name << " received "
            << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
            << ", shutting down" << std::endl;
  if (options.on_shutdown) options.on_shutdown();
  // Health checks (if the server has them) answer NOT_SERVING from now on,
  // so that load balancers stop sending calls here.
  if (grpc::HealthCheckServiceInterface* health =
          server->GetHealthCheckService()) {
    health->Shutdown();
    // [START drain]
    // Clients that watch health learn it at once, but need a moment to send
    // their next calls elsewhere; until then this server still answers.
    if (options.drain.count() > 0) {
      std::cout << options.name << " draining for " << options.drain.count()
                << " ms" << std::endl;
      std::this_thread::sleep_for(options.drain);
    }
    // [END drain]
  }

  // New calls are refused from now on; calls in flight may finish until the
  // deadline, after which gRPC cancels them.
  server->Shutdown(std::chrono::system_clock::now() + options.shutdown_grace);
  server->Wait();
  std::cout << options.name << " stopped" << std::endl;
  return 0;
}
// [END run_server]

}  // namespace common
