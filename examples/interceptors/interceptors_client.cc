// A calculator client on a channel with client interceptors: each call gets
// an x-request-id (unless --request_id gives one), which the interceptors
// server echoes in its trailers, and is counted in the client's metrics
// (--print_metrics prints them at the end, in the Prometheus text format).
//
//   bazel run //examples/interceptors:interceptors_client -- divide 17 5
//   bazel run //examples/interceptors:interceptors_client -- primes 100 3
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/call_metrics.h"
#include "common/grpc/client_interceptors.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/server_interceptors.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50062",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of every call, in milliseconds.");
ABSL_FLAG(std::string, request_id, "",
          "The call's x-request-id (printable ASCII); empty: a random one "
          "from the interceptor.");
ABSL_FLAG(int, cancel_after, -1,
          "primes: cancel the call after this many primes (-1: never).");
ABSL_FLAG(bool, print_metrics, false,
          "At the end, print the client's metrics (Prometheus text format).");

namespace {

using calculator::v1::Calculator;

void Prepare(grpc::ClientContext* context) {
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  // Checked in main(); with no id, the interceptor adds one.
  if (const std::string id = absl::GetFlag(FLAGS_request_id); !id.empty()) {
    context->AddMetadata(common::kRequestIdKey, id);
  }
}

// What the server echoed: the id the call went out with.
void PrintRequestId(const grpc::ClientContext& context) {
  std::cout << "request id: "
            << common::FindMetadata(context.GetServerTrailingMetadata(),
                                    common::kRequestIdKey)
                   .value_or("(not echoed)")
            << std::endl;
}

grpc::Status Divide(Calculator::Stub& stub, int64_t dividend, int64_t divisor) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::DivideRequest request;
  request.set_dividend(dividend);
  request.set_divisor(divisor);
  calculator::v1::DivideResponse response;
  grpc::Status status = stub.Divide(&context, request, &response);
  if (status.ok()) {
    std::cout << "divide: " << dividend << " / " << divisor << " = "
              << response.quotient() << " remainder " << response.remainder()
              << std::endl;
  }
  PrintRequestId(context);
  return status;
}

grpc::Status Primes(Calculator::Stub& stub, int64_t start, int32_t count) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::ListPrimesRequest request;
  request.set_start(start);
  request.set_count(count);
  auto reader = stub.ListPrimes(&context, request);
  calculator::v1::Prime prime;
  int received = 0;
  while (reader->Read(&prime)) {
    std::cout << "prime #" << prime.index() << ": " << prime.value()
              << std::endl;
    if (++received == absl::GetFlag(FLAGS_cancel_after)) context.TryCancel();
  }
  grpc::Status status = reader->Finish();
  PrintRequestId(context);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Calls the interceptors server through client interceptors (a request "
      "id on every call, metrics).\n"
      "Usage: interceptors_client [flags] divide <dividend> <divisor>\n"
      "       interceptors_client [flags] primes <start> <count>");
  if (args.size() != 4 || (args[1] != "divide" && args[1] != "primes")) {
    common::ExitWithUsageError("give divide A B or primes START COUNT");
  }
  if (!common::IsSendableMetadata(common::kRequestIdKey,
                                  absl::GetFlag(FLAGS_request_id))) {
    common::ExitWithUsageError("--request_id: printable ASCII only");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);

  prometheus::Registry registry;
  const common::CallMetrics metrics(registry,
                                    common::CallMetrics::Side::kClient,
                                    {"calculator.v1.Calculator"});
  // [START client_interceptors]
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<common::AddRequestIdFactory>());
  interceptors.push_back(
      std::make_unique<common::ObserveClientCallsFactory>(&metrics));
  std::shared_ptr<grpc::Channel> channel =
      grpc::experimental::CreateCustomChannelWithInterceptors(
          target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
          std::move(interceptors));
  // [END client_interceptors]
  auto stub = Calculator::NewStub(channel);

  grpc::Status status =
      args[1] == "divide"
          ? Divide(*stub, common::IntegerArgument<int64_t>(args[2], "dividend"),
                   common::IntegerArgument<int64_t>(args[3], "divisor"))
          : Primes(*stub, common::IntegerArgument<int64_t>(args[2], "start"),
                   common::IntegerArgument<int32_t>(args[3], "count"));
  if (absl::GetFlag(FLAGS_print_metrics)) {
    std::cout << prometheus::TextSerializer().Serialize(registry.Collect());
  }
  if (!status.ok()) {
    status = common::ExplainWrongService(status, channel, target,
                                         "calculator.v1.Calculator");
    std::cerr << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  return 0;
}
