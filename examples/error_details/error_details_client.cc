// Calls the error details server and prints, for a failed call, the
// details the rich status carries: each bad field, the quota, when to
// retry.
//
//   bazel run //examples/error_details:error_details_client -- divide 1 0
//   bazel run //examples/error_details:error_details_client -- primes -1 -1
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/error_details/rich_status.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50063",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of every call, in milliseconds.");

namespace {

using calculator::v1::Calculator;

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
}

// [START print_error]
int PrintError(grpc::Status status,
               const std::shared_ptr<grpc::Channel>& channel) {
  status = common::ExplainWrongService(
      status, channel, absl::GetFlag(FLAGS_target), "calculator.v1.Calculator");
  std::cerr << "error: " << common::FormatStatus(status) << std::endl;
  google::rpc::Status rich;
  if (error_details::ExtractRichStatus(status, &rich)) {
    for (const std::string& line : error_details::DescribeDetails(rich)) {
      std::cerr << "  " << line << std::endl;
    }
  } else if (!status.error_details().empty()) {
    std::cerr << "  (details that are not a google.rpc.Status for this "
                 "error: ignored)"
              << std::endl;
  }
  return 1;
}
// [END print_error]

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Calls the error details server; a failed call's rich details are "
      "printed with the error.\n"
      "Usage: error_details_client [flags] divide <dividend> <divisor>\n"
      "       error_details_client [flags] primes <start> <count>");
  if (args.size() != 4 || (args[1] != "divide" && args[1] != "primes")) {
    common::ExitWithUsageError("give divide A B or primes START COUNT");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = Calculator::NewStub(channel);

  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::Status status;
  if (args[1] == "divide") {
    calculator::v1::DivideRequest request;
    request.set_dividend(common::IntegerArgument<int64_t>(args[2], "dividend"));
    request.set_divisor(common::IntegerArgument<int64_t>(args[3], "divisor"));
    calculator::v1::DivideResponse response;
    status = stub->Divide(&context, request, &response);
    if (status.ok()) {
      std::cout << "divide: " << request.dividend() << " / "
                << request.divisor() << " = " << response.quotient()
                << " remainder " << response.remainder() << std::endl;
    }
  } else {
    calculator::v1::ListPrimesRequest request;
    request.set_start(common::IntegerArgument<int64_t>(args[2], "start"));
    request.set_count(common::IntegerArgument<int32_t>(args[3], "count"));
    auto reader = stub->ListPrimes(&context, request);
    calculator::v1::Prime prime;
    while (reader->Read(&prime)) {
      std::cout << "prime #" << prime.index() << ": " << prime.value()
                << std::endl;
    }
    status = reader->Finish();
  }
  return status.ok() ? 0 : PrintError(status, channel);
}
