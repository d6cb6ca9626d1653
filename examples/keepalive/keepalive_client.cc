// Holds an idle RunningSum stream open on a channel with the given
// keepalive settings, and says how the stream ended: still open when the
// time was up (OK), or closed by a side that gave up on the other, or by a
// server that found the pings too frequent.
//
//   bazel run //examples/keepalive:keepalive_server &
//   bazel run //examples/keepalive:keepalive_client -- --keepalive_time_ms=100
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/keepalive/keepalive_settings.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50074",
          "The calculator server, as host:port.");
ABSL_FLAG(int, keepalive_time_ms, 0,
          "Ping the server when the connection is idle this long, in "
          "milliseconds; 0: no pings (gRPC's default for clients).");
ABSL_FLAG(int, keepalive_timeout_ms, 20000,
          "Give up on the server if a ping is not answered within this, in "
          "milliseconds.");
ABSL_FLAG(int, hold_ms, 3000,
          "How long to hold the idle stream, in milliseconds.");

int main(int argc, char** argv) {
  if (common::ParseFlags(argc, argv,
                         "Holds an idle stream open with the given keepalive "
                         "settings and prints how it ended.\n"
                         "Usage: keepalive_client [--keepalive_time_ms=MS] "
                         "[--hold_ms=MS]")
          .size() > 1) {
    common::ExitWithUsageError(
        "keepalive_client takes no arguments, only flags");
  }
  keepalive::ClientKeepalive settings;
  settings.time = std::chrono::milliseconds(common::AtLeast(
      0, absl::GetFlag(FLAGS_keepalive_time_ms), "keepalive_time_ms"));
  settings.timeout = std::chrono::milliseconds(common::AtLeast(
      1, absl::GetFlag(FLAGS_keepalive_timeout_ms), "keepalive_timeout_ms"));
  const int hold_ms =
      common::AtLeast(1, absl::GetFlag(FLAGS_hold_ms), "hold_ms");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);

  grpc::ChannelArguments arguments;
  keepalive::Apply(settings, arguments);
  auto channel = grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments);
  auto stub = calculator::v1::Calculator::NewStub(channel);
  grpc::ClientContext context;
  // The stream's deadline ends the hold: DEADLINE_EXCEEDED is "held".
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(hold_ms));
  auto stream = stub->RunningSum(&context);
  // One round trip first: the stream is open at both ends (a deadline
  // before this would only say the server was never reached).
  calculator::v1::Number number;
  number.set_value(1);
  calculator::v1::RunningTotal total;
  if (!stream->Write(number) || !stream->Read(&total)) {
    const grpc::Status status = common::ExplainWrongService(
        stream->Finish(), channel, target, "calculator.v1.Calculator");
    std::cout << "no stream: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  // Then idle: nothing is sent until the deadline, or until a side gives up.
  while (stream->Read(&total)) {
  }
  grpc::Status status = stream->Finish();
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    std::cout << "stream held for " << hold_ms << " ms" << std::endl;
    return 0;
  }
  status = common::ExplainWrongService(status, channel, target,
                                       "calculator.v1.Calculator");
  std::cout << "stream ended: " << common::FormatStatus(status) << std::endl;
  return 1;
}
