// Reports on the primes of a range from a calculator server (start one with
// bazel run //examples/calculator:sync_server).
//
//   bazel run //examples/mocking:prime_report_client -- 100 3
#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/mocking/prime_report.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "The calculator server, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of the call, in milliseconds.");
ABSL_FLAG(int, limit, 1000, "Stop after this many primes (at least 1).");

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Counts and sums the primes from START on (COUNT of them) with the "
      "calculator's ListPrimes.\n"
      "Usage: prime_report_client [flags] <start> <count>");
  int64_t start = 0;
  int32_t count = 0;
  if (args.size() != 3 || !absl::SimpleAtoi(args[1], &start) ||
      !absl::SimpleAtoi(args[2], &count)) {
    common::ExitWithUsageError("give START COUNT (two integers)");
  }
  mocking::ReportOptions options;
  options.limit = absl::GetFlag(FLAGS_limit);
  options.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  if (options.limit < 1) common::ExitWithUsageError("--limit: at least 1");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = calculator::v1::Calculator::NewStub(channel);
  mocking::PrimeReport report;
  grpc::Status status =
      mocking::ReportPrimes(*stub, start, count, options, &report);
  if (!status.ok()) {
    status = common::ExplainWrongService(status, channel, target,
                                         "calculator.v1.Calculator");
    std::cerr << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  std::cout << mocking::Describe(report) << std::endl;
  return 0;
}
