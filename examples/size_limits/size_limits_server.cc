// Serves logs.v1.LogService with message size limits of your choosing
// (gRPC's default: 4 MB received, no limit sent).
//
//   bazel run //examples/size_limits:size_limits_server
#include <absl/flags/flag.h>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/logs/log_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50066},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, max_receive_bytes, 4 * 1024 * 1024,
          "Largest request message the server accepts (-1: no limit).");
ABSL_FLAG(int, max_send_bytes, -1,
          "Largest response message the server sends (-1: no limit).");
ABSL_FLAG(int, memory_quota_mb, 256,
          "The most memory gRPC may use for the server's calls, in MiB: a "
          "stream that would need more is reset.");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves logs.v1.LogService with message size "
                         "limits, until Ctrl-C.\n"
                         "Usage: size_limits_server [--port=PORT] "
                         "[--max_receive_bytes=N] [--max_send_bytes=N] "
                         "[--memory_quota_mb=N]")
          .size() > 1) {
    common::ExitWithUsageError(
        "size_limits_server takes no arguments, only flags");
  }
  const int receive = absl::GetFlag(FLAGS_max_receive_bytes);
  const int send = absl::GetFlag(FLAGS_max_send_bytes);
  if (receive < -1 || send < -1) {
    common::ExitWithUsageError(
        "--max_receive_bytes and --max_send_bytes: -1 or more");
  }
  if (absl::GetFlag(FLAGS_memory_quota_mb) < 1) {
    common::ExitWithUsageError("--memory_quota_mb: at least 1");
  }
  logs::LogServiceImpl service;
  common::ServerOptions options;
  options.name = "Size limits server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.memory_quota_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_memory_quota_mb)) << 20;
  // [START size_limit_flags]
  options.configure = [receive, send](grpc::ServerBuilder& builder) {
    builder.SetMaxReceiveMessageSize(receive);
    builder.SetMaxSendMessageSize(send);
  };
  // [END size_limit_flags]
  return common::RunServerUntilSignal(options, {&service});
}
