// The calculator (sync style) with server interceptors: every call is
// logged on stderr with its method, peer, status, latency and request id,
// counted in Prometheus metrics served at http://localhost:9462/metrics,
// and the client's x-request-id comes back in the trailers.
//
//   bazel run //examples/interceptors:interceptors_server
#include <absl/flags/flag.h>
#include <httplib.h>
#include <prometheus/registry.h>

#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/call_metrics.h"
#include "common/grpc/server_interceptors.h"
#include "common/grpc/server_runner.h"
#include "common/grpc/unparsable_request.h"
#include "common/http/http_server_runner.h"
#include "common/http/metrics_page.h"
#include "common/http/server_setup.h"
#include "examples/calculator/sync_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on, for gRPC and metrics (0.0.0.0 or [::] for "
          "all).");
ABSL_FLAG(common::Port, port, common::Port{50062},
          "gRPC port; 0 picks a free port.");
ABSL_FLAG(common::Port, metrics_port, common::Port{9462},
          "Port of the HTTP server for GET /metrics; 0 picks a free port.");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  common::IgnoreSigpipe();  // httplib: a client that hangs up mid-answer
  if (common::ParseFlags(argc, argv,
                         "Serves calculator.v1.Calculator with interceptors "
                         "that log and count every call, until Ctrl-C.\n"
                         "Usage: interceptors_server [--port=PORT] "
                         "[--metrics_port=PORT]")
          .size() > 1) {
    common::ExitWithUsageError(
        "interceptors_server takes no arguments, only flags");
  }
  const std::string host = absl::GetFlag(FLAGS_host);

  auto registry = std::make_shared<prometheus::Registry>();
  const common::CallMetrics metrics(*registry,
                                    common::CallMetrics::Side::kServer,
                                    {"calculator.v1.Calculator"});
  common::HttpServer metrics_server;
  common::ServeMetrics(metrics_server, registry);
  const int wanted = absl::GetFlag(FLAGS_metrics_port).value;
  const int metrics_port = metrics_server.Bind(host, wanted);
  if (metrics_port <= 0) {
    std::cerr << "interceptors_server: cannot listen on " << host << ":"
              << wanted << " for metrics (is the port taken?)" << std::endl;
    return 1;
  }
  std::thread metrics_thread([&] { metrics_server.Listen(); });
  std::cout << "Metrics at http://" << host << ":" << metrics_port << "/metrics"
            << std::endl;

  // The calculator's own log lines would repeat the interceptor's.
  calculator::SyncCalculatorService service(
      [](const calculator::CallOutcome&) {});
  common::ServerOptions options;
  options.name = "Interceptors server";
  options.address =
      host + ":" + std::to_string(absl::GetFlag(FLAGS_port).value);
  // [START server_interceptors]
  options.configure = [&metrics](grpc::ServerBuilder& builder) {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    // What RunServerUntilSignal installs, since this list replaces it.
    interceptors.push_back(
        std::make_unique<common::ExplainUnparsableRequestFactory>());
    interceptors.push_back(std::make_unique<common::EchoRequestIdFactory>());
    interceptors.push_back(std::make_unique<common::ObserveCallsFactory>(
        common::LogCallsToStderr(), &metrics));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  };
  // [END server_interceptors]
  options.on_shutdown = [&metrics_server] { metrics_server.Stop(); };
  const int exit_code = common::RunServerUntilSignal(options, {&service});
  metrics_server.Stop();
  metrics_thread.join();
  return exit_code;
}
