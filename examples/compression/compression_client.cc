// Fetches or uploads log lines with the compression server, with a
// compression for the channel (--compression) and, optionally, another for
// the one call (--call_compression).
//
//   bazel run //examples/compression:compression_client -- get 1000
//   bazel run //examples/compression:compression_client -- put 1000
#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "examples/compression/algorithm_name.h"
#include "examples/logs/log_calls.h"

ABSL_FLAG(std::string, target, "localhost:50065",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of the call, in milliseconds.");
ABSL_FLAG(std::string, compression, "none",
          "How this channel compresses what it sends: none, deflate or gzip.");
ABSL_FLAG(std::string, call_compression, "",
          "The same for this call only, overriding --compression; empty: "
          "the channel's.");

int main(int argc, char** argv) {
  const std::vector<std::string> args =
      common::ParseFlags(argc, argv,
                         "Fetches (get) or uploads (put) log lines.\n"
                         "Usage: compression_client [flags] get <line_count>\n"
                         "       compression_client [flags] put <line_count>");
  int line_count = 0;
  if (args.size() != 3 || (args[1] != "get" && args[1] != "put") ||
      !absl::SimpleAtoi(args[2], &line_count) || line_count < 0) {
    common::ExitWithUsageError("give get N or put N (N: 0 or more lines)");
  }
  grpc_compression_algorithm channel_algorithm, call_algorithm;
  if (!compression::ParseAlgorithm(absl::GetFlag(FLAGS_compression),
                                   &channel_algorithm)) {
    common::ExitWithUsageError("--compression: none, deflate or gzip");
  }
  const std::string call_compression = absl::GetFlag(FLAGS_call_compression);
  if (!call_compression.empty() &&
      !compression::ParseAlgorithm(call_compression, &call_algorithm)) {
    common::ExitWithUsageError("--call_compression: none, deflate or gzip");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);

  // [START channel_compression]
  grpc::ChannelArguments arguments;
  arguments.SetCompressionAlgorithm(channel_algorithm);  // every call's default
  auto channel = grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments);
  // [END channel_compression]
  auto stub = logs::v1::LogService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  // [START call_compression]
  if (!call_compression.empty()) {
    context.set_compression_algorithm(call_algorithm);  // this call's
  }
  // [END call_compression]

  const grpc::Status status =
      args[1] == "get" ? logs::PrintGetLog(*stub, &context, line_count)
                       : logs::PrintPutLog(*stub, &context, line_count);
  return status.ok() ? 0 : logs::PrintError(status, channel, target);
}
