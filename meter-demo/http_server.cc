// The meter HTTP/JSON server: the HTTP API of http_api.h in front of the
// meter gRPC server, and the web app's static files.
//
//   bazel run //meter-demo:http_server -- --grpc_target=localhost:50052
//
// Prints "Meter HTTP server listening on http://<host>:<port>" once it
// accepts connections; stops cleanly on SIGINT or SIGTERM (exit code 0).
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "common/files/runfiles_dir.h"
#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "common/grpc/call_metrics.h"
#include "common/grpc/client_interceptors.h"
#include "common/grpc/quick_reconnect.h"
#include "common/grpc/replicas.h"
#include "common/grpc/server_runner.h"
#include "common/http/http_server_runner.h"
#include "common/http/server_setup.h"
#include "meter-demo/http_api.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 for all).");
ABSL_FLAG(common::Port, port, common::Port{8080},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, grpc_target, "localhost:50052",
          "Address of the meter gRPC server; several replicas as "
          "ipv4:IP:PORT,IP:PORT,... (calls go round-robin to the healthy "
          "ones).");
ABSL_FLAG(std::string, default_meter, "home",
          "Meter of requests that name none (the `meter` query parameter).");
ABSL_FLAG(int, deadline_ms, 5000,
          "Deadline of each call to the gRPC server, in milliseconds.");
ABSL_FLAG(std::string, static_dir, "",
          "Directory of the web app's files; default: the "
          "//meter-demo/web:site files "
          "in the binary's runfiles.");
ABSL_FLAG(int64_t, max_upload_bytes, int64_t{64} << 20,
          "Largest CSV upload (request body) in bytes; larger ones get 413.");
ABSL_FLAG(int, live_heartbeat_ms, 15000,
          "A live (SSE) stream with nothing to send writes a comment this "
          "often, to notice clients that went away.");
ABSL_FLAG(int, live_max_seconds, 600,
          "Live streams end after this long; browsers then reconnect.");
ABSL_FLAG(std::vector<std::string>, cors_origins, {},
          "Origins (https://host[:port], comma-separated; * for any) of other "
          "sites' pages that may call the gRPC-Web methods; the dashboard's "
          "own origin always may.");
ABSL_FLAG(int, threads, 32,
          "HTTP worker threads. Each live stream holds one; at most half of "
          "them serve live streams.");

namespace {

constexpr char kName[] = "Meter HTTP server";

}  // namespace

int main(int argc, char** argv) {
  common::PollConnectionAttemptsOften();  // before gRPC starts
  common::BlockShutdownSignals();
  common::IgnoreSigpipe();
  if (common::ParseFlags(
          argc, argv,
          "Serves the meter HTTP/JSON API and the web dashboard in front of "
          "the meter gRPC server, until Ctrl-C.\n"
          "Usage: http_server [--port=PORT] [--grpc_target=HOST:PORT] "
          "[flags]")
          .size() > 1) {
    common::ExitWithUsageError("http_server takes no arguments, only flags");
  }

  common::CheckTargetFlag("grpc_target", absl::GetFlag(FLAGS_grpc_target));
  for (const auto& [name, value, least] :
       {std::tuple{"deadline_ms", int64_t{absl::GetFlag(FLAGS_deadline_ms)}, 1},
        std::tuple{"max_upload_bytes", absl::GetFlag(FLAGS_max_upload_bytes),
                   1},
        std::tuple{"live_heartbeat_ms",
                   int64_t{absl::GetFlag(FLAGS_live_heartbeat_ms)}, 1},
        std::tuple{"live_max_seconds",
                   int64_t{absl::GetFlag(FLAGS_live_max_seconds)}, 1},
        std::tuple{"threads", int64_t{absl::GetFlag(FLAGS_threads)}, 2}}) {
    if (value < least) {
      common::ExitWithUsageError("--" + std::string(name) + "=" +
                                 std::to_string(value) + ": must be at least " +
                                 std::to_string(least));
    }
  }
  const std::string host = absl::GetFlag(FLAGS_host);
  const int threads = std::max(2, absl::GetFlag(FLAGS_threads));
  meter::HttpApiOptions options;
  options.default_meter = absl::GetFlag(FLAGS_default_meter);
  options.deadline =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  options.max_upload_bytes = static_cast<size_t>(
      std::max<int64_t>(0, absl::GetFlag(FLAGS_max_upload_bytes)));
  options.live_heartbeat =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_live_heartbeat_ms));
  options.live_max_duration =
      std::chrono::seconds(absl::GetFlag(FLAGS_live_max_seconds));
  options.max_live_streams = threads / 2;
  options.threads = threads;
  options.cors_origins = absl::GetFlag(FLAGS_cors_origins);
  std::string error;
  if (!meter::IsValidMeterId(options.default_meter, &error)) {
    common::ExitWithUsageError("--default_meter: " + error);
  }
  options.static_dir = common::UserPath(absl::GetFlag(FLAGS_static_dir));
  const bool static_dir_given = !options.static_dir.empty();
  if (!static_dir_given) {
    options.static_dir =
        common::FindRunfilesDir(argv[0], "meter-demo/web", "index.html");
    if (options.static_dir.empty()) {
      std::cerr << kName
                << ": warning: the web app's files are not in the runfiles; "
                   "serving the API only (pass --static_dir)"
                << std::endl;
    }
  }

  // Without wait_for_ready, calls fail at once while the gRPC server is
  // down; these arguments (and PollConnectionAttemptsOften() above) make the
  // channel use it again within a second of its return.
  grpc::ChannelArguments channel_arguments = common::QuickReconnectArguments();
  // One replica or several (ipv4:IP:PORT,IP:PORT): calls go round-robin to
  // the healthy ones, and reads that meet a replica going down are retried
  // on another (docs/30-scale-out.md).
  channel_arguments.SetServiceConfigJSON(common::ReplicasServiceConfig(
      meter::v1::MeterService::service_full_name(),
      {"ListMeters", "GetSummary", "ListReadings"}));
  // GET /metrics: the HTTP requests, and the gRPC calls behind them, each
  // with a request id the gRPC server can log (docs/13-interceptors.md).
  options.metrics = std::make_shared<prometheus::Registry>();
  const common::CallMetrics grpc_metrics(
      *options.metrics, common::CallMetrics::Side::kClient,
      {meter::v1::MeterService::service_full_name(), "grpc.health.v1.Health"});
  std::shared_ptr<grpc::Channel> channel =
      grpc::experimental::CreateCustomChannelWithInterceptors(
          absl::GetFlag(FLAGS_grpc_target), grpc::InsecureChannelCredentials(),
          channel_arguments,
          common::RequestIdAndMetricsInterceptors(&grpc_metrics));
  meter::MeterHttpApi api(channel, options);

  common::HttpServer server;
  if (!api.Register(&server) && static_dir_given) {
    std::cerr << kName << ": cannot serve --static_dir=" << options.static_dir
              << ": not a directory" << std::endl;
    return 1;
  }

  if (!options.static_dir.empty()) {
    std::cout << kName << " serves files from " << options.static_dir
              << std::endl;
  }

  // SIGINT/SIGTERM end the live streams (their gRPC calls) first.
  common::HttpServerOptions run_options;
  run_options.name = kName;
  run_options.host = host;
  run_options.port = absl::GetFlag(FLAGS_port).value;
  run_options.on_shutdown = [&api] { api.Shutdown(); };
  return common::RunHttpServerUntilSignal(server, run_options);
}
