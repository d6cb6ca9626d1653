// Prints what a server's channelz service says about its process: its
// servers and their connections, its channels to other servers, their
// subchannels and connections, each with call or stream counts. Any server
// that called grpc::channelz::experimental::InitChannelzService() has one,
// such as the deadlines example's front server.
//
//   bazel run //examples/debugging:channelz_client -- --target=localhost:50064
#include <absl/flags/flag.h>

#include <iostream>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/debugging/channelz_report.h"

ABSL_FLAG(std::string, target, "localhost:50064",
          "The server to ask, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000,
          "Deadline of each channelz call, in milliseconds.");

int main(int argc, char** argv) {
  if (common::ParseFlags(argc, argv,
                         "Prints a server's channelz report: servers, "
                         "channels, subchannels and connections with their "
                         "call counts.\n"
                         "Usage: channelz_client [--target=HOST:PORT]")
          .size() > 1) {
    common::ExitWithUsageError(
        "channelz_client takes no arguments, only flags");
  }
  const int timeout_ms =
      common::AtLeast(1, absl::GetFlag(FLAGS_timeout_ms), "timeout_ms");
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = grpc::channelz::v1::Channelz::NewStub(channel);
  std::string report;
  grpc::Status status = debugging::ChannelzReport(
      *stub, std::chrono::milliseconds(timeout_ms), &report);
  if (!status.ok()) {
    status = common::ExplainWrongService(status, channel, target,
                                         "grpc.channelz.v1.Channelz");
    std::cout << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  std::cout << report << std::flush;
  return 0;
}
