// Makes calls on one channel over several backends and counts who answered
// each (the x-backend trailer), under the load-balancing policy of your
// choice:
//
//   pick_first    connect to the first address that works, send it every
//                 call (gRPC's default)
//   round_robin   connect to every address, take the ready ones in turn
//
//   bazel run //examples/load_balancing:lb_client -- --policy=pick_first
//   bazel run //examples/load_balancing:lb_client -- --policy=round_robin
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/load_balancing/named_backend.h"

ABSL_FLAG(std::string, target,
          "ipv4:127.0.0.1:50071,127.0.0.1:50072,127.0.0.1:50073",
          "The backends: ipv4:ADDRESS,ADDRESS,... (a fixed list), "
          "dns:///NAME:PORT (every address the name has), or HOST:PORT.");
ABSL_FLAG(std::string, policy, "round_robin", "pick_first or round_robin.");
ABSL_FLAG(bool, health_check, true,
          "Send calls only to backends whose health service says "
          "calculator.v1.Calculator is SERVING (round_robin only).");
ABSL_FLAG(int, calls, 12, "How many Divide calls to make, one at a time.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of each call, in milliseconds.");

namespace {

// [START lb_service_config]
std::string ServiceConfig(const std::string& policy, bool health_check) {
  std::string config = R"({"loadBalancingConfig": [{")" + policy + R"(": {}}])";
  if (health_check) {
    config +=
        R"(, "healthCheckConfig": {"serviceName": "calculator.v1.Calculator"})";
  }
  return config + "}";
}
// [END lb_service_config]

}  // namespace

int main(int argc, char** argv) {
  if (common::ParseFlags(argc, argv,
                         "Makes Divide calls over several backends and "
                         "counts which backend answered each.\n"
                         "Usage: lb_client [--target=TARGET] "
                         "[--policy=pick_first|round_robin] [--calls=N]")
          .size() > 1) {
    common::ExitWithUsageError("lb_client takes no arguments, only flags");
  }
  const std::string policy = absl::GetFlag(FLAGS_policy);
  if (policy != "pick_first" && policy != "round_robin") {
    common::ExitWithUsageError("--policy=" + policy +
                               ": pick_first or round_robin");
  }
  const int calls = absl::GetFlag(FLAGS_calls);
  if (calls < 1) common::ExitWithUsageError("--calls: at least 1");
  const int timeout_ms = absl::GetFlag(FLAGS_timeout_ms);
  if (timeout_ms < 1) common::ExitWithUsageError("--timeout_ms: at least 1");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);

  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(
      ServiceConfig(policy, absl::GetFlag(FLAGS_health_check)));
  auto channel = grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments);
  auto stub = calculator::v1::Calculator::NewStub(channel);

  std::map<std::string, int> answered_by;
  // Each kind of failure once, with how many calls it ended: a dead target
  // fails every call the same way.
  std::map<std::string, int> failures;
  int failed = 0;
  for (int i = 0; i < calls; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(timeout_ms));
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(5);
    calculator::v1::DivideResponse response;
    grpc::Status status = stub->Divide(&context, request, &response);
    if (!status.ok()) {
      if (failed++ == 0) {
        status = common::ExplainWrongService(status, channel, target,
                                             "calculator.v1.Calculator");
      }
      ++failures[common::FormatStatus(status)];
      continue;
    }
    ++answered_by[common::FindMetadata(context.GetServerTrailingMetadata(),
                                       load_balancing::kBackendKey)
                      .value_or("(a server without a name)")];
  }
  for (const auto& [backend, count] : answered_by) {
    std::cout << backend << ": " << count << (count == 1 ? " call" : " calls")
              << std::endl;
  }
  for (const auto& [failure, count] : failures) {
    std::cout << "failed: " << count << (count == 1 ? " call: " : " calls: ")
              << failure << std::endl;
  }
  if (failed > 0) return 1;
  return 0;
}
