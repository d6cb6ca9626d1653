// The attendance HTTP server: the registration page and attendee list of
// http_api.h in front of the attendance gRPC server.
//
//   bazel run //pi-demo:http_server -- --grpc_target=localhost:50053
//
// Prints "Attendance HTTP server listening on http://<host>:<port>" once it
// accepts connections; stops cleanly on SIGINT or SIGTERM (exit code 0).
#include <absl/flags/flag.h>
#include <absl/strings/str_split.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/files/runfiles_dir.h"
#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "common/flags/secret_file.h"
#include "common/grpc/call_metrics.h"
#include "common/grpc/client_interceptors.h"
#include "common/grpc/quick_reconnect.h"
#include "common/grpc/replicas.h"
#include "common/grpc/server_runner.h"
#include "common/grpc/tls_credentials.h"
#include "common/http/http_server_runner.h"
#include "common/http/server_setup.h"
#include "pi-demo/http_api.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 for all).");
ABSL_FLAG(common::Port, port, common::Port{8000},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, grpc_target, "localhost:50053",
          "Address of the attendance gRPC server; several replicas as "
          "ipv4:IP:PORT,IP:PORT,... (calls go round-robin to the healthy "
          "ones).");
ABSL_FLAG(std::string, tls_roots_file, "",
          "PEM certificate(s) to trust for the gRPC server: with it the calls "
          "to --grpc_target use TLS. Default: plaintext.");
ABSL_FLAG(std::string, tls_server_name, "",
          "With --tls_roots_file: the name the gRPC server's certificate must "
          "hold, if not the host of --grpc_target.");
ABSL_FLAG(int, deadline_ms, 5000,
          "Deadline of each call to the gRPC server, in milliseconds.");
ABSL_FLAG(std::string, trusted_proxies, "",
          "Comma-separated peer addresses of reverse proxies (e.g. a local "
          "nginx: 127.0.0.1) whose X-Forwarded-For header names the web "
          "user, for the per-user rate limit. Default: none (the header is "
          "ignored and the peer's address is the user).");
ABSL_FLAG(std::string, proxy_token_file, "",
          "File holding the token that the gRPC server's --proxy_token_file "
          "holds: with it, the gRPC server rate-limits each web user apart. "
          "Default: none (the gRPC server counts all web users as this "
          "server).");
ABSL_FLAG(std::vector<std::string>, cors_origins, {},
          "Origins (https://host[:port], comma-separated; * for any) of other "
          "sites' pages that may call the gRPC-Web methods; the page's own "
          "origin always may.");
ABSL_FLAG(std::string, static_dir, "",
          "Directory of the page's files; default: //pi-demo/web:site in "
          "the binary's runfiles.");

namespace {

constexpr char kName[] = "Attendance HTTP server";

}  // namespace

int main(int argc, char** argv) {
  common::PollConnectionAttemptsOften();  // before gRPC starts
  common::BlockShutdownSignals();
  common::IgnoreSigpipe();
  if (common::ParseFlags(
          argc, argv,
          "Serves the attendance registration page and attendee list in front "
          "of the attendance gRPC server, until Ctrl-C.\n"
          "Usage: http_server [--port=PORT] [--grpc_target=HOST:PORT] "
          "[flags]")
          .size() > 1) {
    common::ExitWithUsageError("http_server takes no arguments, only flags");
  }

  common::CheckTargetFlag("grpc_target", absl::GetFlag(FLAGS_grpc_target));
  if (absl::GetFlag(FLAGS_deadline_ms) < 1) {
    common::ExitWithUsageError("--deadline_ms must be at least 1");
  }
  attendance::HttpApiOptions options;
  options.deadline =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  options.static_dir = common::UserPath(absl::GetFlag(FLAGS_static_dir));
  options.trusted_proxies = absl::StrSplit(absl::GetFlag(FLAGS_trusted_proxies),
                                           ',', absl::SkipEmpty());
  if (const std::string path = absl::GetFlag(FLAGS_proxy_token_file);
      !path.empty()) {
    options.proxy_token = common::ReadSecretFile("proxy_token_file", path);
  }
  options.cors_origins = absl::GetFlag(FLAGS_cors_origins);
  const bool static_dir_given = !options.static_dir.empty();
  if (!static_dir_given) {
    options.static_dir =
        common::FindRunfilesDir(argv[0], "pi-demo/web", "index.html");
    if (options.static_dir.empty()) {
      std::cerr << kName
                << ": warning: the page's files are not in the runfiles; "
                   "serving /register and /attendees only (pass --static_dir)"
                << std::endl;
    }
  }

  // Without wait_for_ready, calls fail at once while the gRPC server is
  // down; these arguments (and PollConnectionAttemptsOften() above) make the
  // channel use it again within a second of its return.
  grpc::ChannelArguments channel_arguments = common::QuickReconnectArguments();
  // One replica or several (ipv4:IP:PORT,IP:PORT): calls go round-robin to
  // the healthy ones. Only the status reads are retried: a Register that
  // met a replica going down may have used its code already
  // (docs/30-scale-out.md).
  channel_arguments.SetServiceConfigJSON(common::ReplicasServiceConfig(
      attendance::v1::AttendanceService::service_full_name(),
      {"GetStatus", "WatchStatus"}));
  std::string error;
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      common::ChannelCredentialsFromFiles(absl::GetFlag(FLAGS_tls_roots_file),
                                          absl::GetFlag(FLAGS_tls_server_name),
                                          &channel_arguments, &error);
  if (credentials == nullptr) {
    std::cerr << kName << ": " << error << std::endl;
    return 1;
  }
  // GET /metrics: the HTTP requests, and the gRPC calls behind them, each
  // with a request id the gRPC server can log (docs/13-interceptors.md).
  options.metrics = std::make_shared<prometheus::Registry>();
  const common::CallMetrics grpc_metrics(
      *options.metrics, common::CallMetrics::Side::kClient,
      {attendance::v1::AttendanceService::service_full_name()});
  std::shared_ptr<grpc::Channel> channel =
      grpc::experimental::CreateCustomChannelWithInterceptors(
          absl::GetFlag(FLAGS_grpc_target), credentials, channel_arguments,
          common::RequestIdAndMetricsInterceptors(&grpc_metrics));
  attendance::AttendanceHttpApi api(channel, options);

  common::HttpServer server;
  if (!api.Register(&server) && static_dir_given) {
    std::cerr << kName << ": cannot serve --static_dir=" << options.static_dir
              << ": not a directory" << std::endl;
    return 1;
  }

  common::HttpServerOptions run_options;
  run_options.name = kName;
  run_options.host = absl::GetFlag(FLAGS_host);
  run_options.port = absl::GetFlag(FLAGS_port).value;
  // SIGINT/SIGTERM end the gRPC-Web watches first.
  run_options.on_shutdown = [&api] { api.Shutdown(); };
  return common::RunHttpServerUntilSignal(server, run_options);
}
