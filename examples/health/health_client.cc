// Asks a server's health service (grpc.health.v1.Health) about the server
// as a whole (--service="") or one service:
//
//   check   one answer: SERVING, NOT_SERVING, or NOT_FOUND for a service
//           the server does not know
//   watch   a stream: the status now and every change, until --timeout_ms
//           passes (or the server ends the stream, an error)
//
//   bazel run //examples/health:health_client -- check
//   bazel run //examples/health:health_client --
//   --service=calculator.v1.Calculator watch
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "grpc/health/v1/health.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50070",
          "The server to ask, as host:port.");
ABSL_FLAG(std::string, service, "",
          "The service to ask about, e.g. calculator.v1.Calculator; empty: "
          "the server as a whole.");
ABSL_FLAG(int, timeout_ms, 5000,
          "check: the call's deadline; watch: how long to watch, in "
          "milliseconds.");

namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// The exit code: 0 for SERVING, else 1.
int ExitCode(HealthCheckResponse::ServingStatus status) {
  return status == HealthCheckResponse::SERVING ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Checks or watches the health of a server or one of its services; "
      "exits 0 if the last status was SERVING.\n"
      "Usage: health_client [flags] check|watch");
  if (args.size() != 2 || (args[1] != "check" && args[1] != "watch")) {
    common::ExitWithUsageError("give check or watch");
  }
  if (absl::GetFlag(FLAGS_timeout_ms) < 1) {
    common::ExitWithUsageError("--timeout_ms: at least 1");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  HealthCheckResponse response;
  grpc::Status status;
  auto last = HealthCheckResponse::UNKNOWN;
  if (args[1] == "check") {
    status = stub->Check(&context, request, &response);
    if (status.ok()) {
      std::cout << HealthCheckResponse::ServingStatus_Name(response.status())
                << std::endl;
      return ExitCode(response.status());
    }
  } else {
    // [START watch_health]
    auto reader = stub->Watch(&context, request);
    while (reader->Read(&response)) {
      // SERVICE_UNKNOWN (not an error) until the service has a status.
      std::cout << HealthCheckResponse::ServingStatus_Name(response.status())
                << std::endl;
      last = response.status();
    }
    status = reader->Finish();
    // [END watch_health]
    // Watched for --timeout_ms: the answer is the last status.
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      return ExitCode(last);
    }
  }
  status = common::ExplainWrongService(status, channel, target,
                                       "grpc.health.v1.Health");
  std::cout << "error: " << common::FormatStatus(status) << std::endl;
  return 1;
}
