// Two things a client can do before its server is there:
//
//   watch        print the channel's connectivity states as they change
//   divide A B   one Divide call, fail-fast (the default) or with
//                --wait_for_ready
//
//   bazel run //examples/connectivity:connectivity_client -- watch
//   bazel run //examples/connectivity:connectivity_client -- --wait_for_ready
//   divide 17 5
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/connectivity/channel_states.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "The calculator server, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000,
          "divide: the call's deadline; watch: how long to watch, in "
          "milliseconds.");
ABSL_FLAG(bool, wait_for_ready, false,
          "divide: wait for the server (until the deadline) instead of "
          "failing at once with UNAVAILABLE when it cannot be reached.");
ABSL_FLAG(std::string, until, "",
          "watch: stop at this state (READY, TRANSIENT_FAILURE, IDLE, ...); "
          "exit 1 if the time runs out first. Empty: watch for --timeout_ms.");

namespace {

int Watch(grpc::Channel& channel, std::chrono::system_clock::time_point end,
          const std::string& until) {
  bool reached = false;
  connectivity::WatchStates(channel, end, [&](grpc_connectivity_state state) {
    std::cout << connectivity::StateName(state) << std::endl;
    reached = connectivity::StateName(state) == until;
    return !reached;
  });
  if (!until.empty() && !reached) {
    std::cout << "no " << until << " within --timeout_ms" << std::endl;
    return 1;
  }
  return 0;
}

int Divide(const std::shared_ptr<grpc::Channel>& channel,
           std::chrono::system_clock::time_point deadline, int64_t dividend,
           int64_t divisor, const std::string& target) {
  auto stub = calculator::v1::Calculator::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(deadline);
  // [START wait_for_ready]
  // Fail-fast (false, the default): if the channel is in TRANSIENT_FAILURE
  // the call fails at once with UNAVAILABLE. Wait-for-ready: the call waits
  // through connection failures until the channel is READY or the deadline
  // passes.
  context.set_wait_for_ready(absl::GetFlag(FLAGS_wait_for_ready));
  // [END wait_for_ready]
  calculator::v1::DivideRequest request;
  request.set_dividend(dividend);
  request.set_divisor(divisor);
  calculator::v1::DivideResponse response;
  grpc::Status status = stub->Divide(&context, request, &response);
  status = common::ExplainWrongService(status, channel, target,
                                       "calculator.v1.Calculator");
  if (!status.ok()) {
    std::cout << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  std::cout << dividend << " / " << divisor << " = " << response.quotient()
            << " remainder " << response.remainder() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Watches a channel's connectivity states, or makes one call fail-fast "
      "or wait-for-ready.\n"
      "Usage: connectivity_client [flags] watch\n"
      "       connectivity_client [flags] divide <dividend> <divisor>");
  const bool watch = args.size() == 2 && args[1] == "watch";
  const bool divide = args.size() == 4 && args[1] == "divide";
  if (!watch && !divide) common::ExitWithUsageError("give watch or divide A B");
  const std::string until = absl::GetFlag(FLAGS_until);
  if (!until.empty() && until != "IDLE" && until != "CONNECTING" &&
      until != "READY" && until != "TRANSIENT_FAILURE") {
    common::ExitWithUsageError("--until=" + until +
                               ": IDLE, CONNECTING, READY or "
                               "TRANSIENT_FAILURE");
  }
  if (absl::GetFlag(FLAGS_timeout_ms) < 1) {
    common::ExitWithUsageError("--timeout_ms: at least 1");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  const auto end = std::chrono::system_clock::now() +
                   std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  if (watch) return Watch(*channel, end, until);
  return Divide(channel, end,
                common::IntegerArgument<int64_t>(args[2], "dividend"),
                common::IntegerArgument<int64_t>(args[3], "divisor"), target);
}
