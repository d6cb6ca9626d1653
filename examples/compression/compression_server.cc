// Serves logs.v1.LogService: log lines to fetch and to upload, with
// a default compression for every response and a per-call choice for large
// ones (log_service.h).
//
//   bazel run //examples/compression:compression_server
#include <absl/flags/flag.h>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "examples/compression/algorithm_name.h"
#include "examples/logs/log_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50065},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, default_compression, "none",
          "How responses are compressed unless a call chooses: none, deflate "
          "or gzip (if the client accepts it).");
ABSL_FLAG(int64_t, compress_above_bytes, 0,
          "GetLog compresses a response larger than this with gzip, whatever "
          "the default (0: never chooses).");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(argc, argv,
                         "Serves logs.v1.LogService until Ctrl-C.\n"
                         "Usage: compression_server [--port=PORT] "
                         "[--default_compression=gzip] "
                         "[--compress_above_bytes=N]")
          .size() > 1) {
    common::ExitWithUsageError(
        "compression_server takes no arguments, only flags");
  }
  grpc_compression_algorithm algorithm;
  if (!compression::ParseAlgorithm(absl::GetFlag(FLAGS_default_compression),
                                   &algorithm)) {
    common::ExitWithUsageError("--default_compression: none, deflate or gzip");
  }
  if (absl::GetFlag(FLAGS_compress_above_bytes) < 0) {
    common::ExitWithUsageError("--compress_above_bytes: 0 or more");
  }
  logs::LogServiceImpl service(
      static_cast<size_t>(absl::GetFlag(FLAGS_compress_above_bytes)));
  common::ServerOptions options;
  options.name = "Compression server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  // [START server_default_compression]
  options.configure = [algorithm](grpc::ServerBuilder& builder) {
    builder.SetDefaultCompressionAlgorithm(algorithm);
  };
  // [END server_default_compression]
  return common::RunServerUntilSignal(options, {&service});
}
