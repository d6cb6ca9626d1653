// The calculator with metadata around each call (metadata_service.h): the
// server names itself in its initial metadata and echoes the client's
// request id and trace bytes in its trailers, with the time it spent.
//
//   bazel run //examples/metadata:metadata_server -- --server_id=east-1
#include <absl/flags/flag.h>

#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/server_runner.h"
#include "examples/metadata/metadata_service.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50061},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, server_id, "metadata-server",
          "What the server calls itself in its initial metadata "
          "(x-server-id).");

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(
          argc, argv,
          "Serves calculator.v1.Calculator's Divide and "
          "ListPrimes with request, initial and trailing "
          "metadata, until Ctrl-C.\n"
          "Usage: metadata_server [--port=PORT] [--server_id=ID]")
          .size() > 1) {
    common::ExitWithUsageError(
        "metadata_server takes no arguments, only flags");
  }
  const std::string server_id = absl::GetFlag(FLAGS_server_id);
  if (!common::IsSendableMetadata(metadata::kServerId, server_id)) {
    common::ExitWithUsageError("--server_id: printable ASCII only");
  }
  metadata::MetadataCalculatorService service(server_id);
  common::ServerOptions options;
  options.name = "Metadata server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  return common::RunServerUntilSignal(options, {&service});
}
