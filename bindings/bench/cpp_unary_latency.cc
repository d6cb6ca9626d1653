// Unary round trips from C++, one call at a time on one channel: the C++
// column of unary_latency_bench.py. Prints one line of JSON:
//   {"p50_us": 52.1, "p99_us": 80.3, "calls_per_s": 18000}
//
//   cpp_unary_latency --target=localhost:50051 --calls=20000
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <utility>
#include <vector>

#include "bindings/bench/latency_summary.h"
#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "The calculator server, as host:port or unix:PATH.");
ABSL_FLAG(int, calls, 20000, "Calls to time (after --warmup ones).");
ABSL_FLAG(int, warmup, 1000, "Calls made first and not timed.");

int main(int argc, char** argv) {
  if (common::ParseFlags(argc, argv,
                         "Times unary Divide round trips, one at a time, and "
                         "prints p50, p99 and calls/s as JSON.\n"
                         "Usage: cpp_unary_latency [--target=TARGET] "
                         "[--calls=N]")
          .size() > 1) {
    common::ExitWithUsageError("cpp_unary_latency takes only flags");
  }
  const int calls = common::AtLeast(1, absl::GetFlag(FLAGS_calls), "calls");
  const int warmup = common::AtLeast(0, absl::GetFlag(FLAGS_warmup), "warmup");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = calculator::v1::Calculator::NewStub(channel);
  calculator::v1::DivideRequest request;
  request.set_dividend(17);
  request.set_divisor(5);
  std::vector<double> samples_us;
  samples_us.reserve(calls);
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < warmup + calls; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    calculator::v1::DivideResponse response;
    const Clock::time_point start = Clock::now();
    const grpc::Status status = stub->Divide(&context, request, &response);
    const Clock::time_point end = Clock::now();
    if (!status.ok()) {
      std::fprintf(stderr, "cpp_unary_latency: %s\n",
                   common::FormatStatus(
                       common::ExplainWrongService(status, channel, target,
                                                   "calculator.v1.Calculator"))
                       .c_str());
      return 1;
    }
    if (i >= warmup) {
      samples_us.push_back(
          std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  bench::PrintLatencySummary(std::move(samples_us));
  return 0;
}
