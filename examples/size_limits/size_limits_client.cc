// Fetches, uploads or streams log lines with a receive limit of your
// choosing, to see what happens past it.
//
//   bazel run //examples/size_limits:size_limits_client -- get 100000
//   bazel run //examples/size_limits:size_limits_client -- stream 100000
#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "examples/logs/log_calls.h"

ABSL_FLAG(std::string, target, "localhost:50066",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 10000, "Deadline of the call, in milliseconds.");
ABSL_FLAG(int, max_receive_bytes, 4 * 1024 * 1024,
          "Largest response message the client accepts (-1: no limit).");

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Fetches (get, one message), uploads (put, one message) or streams "
      "(stream, 1,000 lines a message) log lines.\n"
      "Usage: size_limits_client [flags] get|put|stream <line_count>");
  int line_count = 0;
  if (args.size() != 3 ||
      (args[1] != "get" && args[1] != "put" && args[1] != "stream") ||
      !absl::SimpleAtoi(args[2], &line_count) || line_count < 0) {
    common::ExitWithUsageError("give get N, put N or stream N (N: 0 or more)");
  }
  if (absl::GetFlag(FLAGS_max_receive_bytes) < -1) {
    common::ExitWithUsageError("--max_receive_bytes: -1 or more");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(absl::GetFlag(FLAGS_max_receive_bytes));
  auto channel = grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments);
  auto stub = logs::v1::LogService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  grpc::Status status;
  if (args[1] == "get") {
    status = logs::PrintGetLog(*stub, &context, line_count);
  } else if (args[1] == "put") {
    status = logs::PrintPutLog(*stub, &context, line_count);
  } else {
    status = logs::PrintStreamLog(*stub, &context, line_count);
  }
  return status.ok() ? 0 : logs::PrintError(status, channel, target);
}
