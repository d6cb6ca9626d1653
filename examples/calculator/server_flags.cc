#include "examples/calculator/server_flags.h"

#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(int, port, 50051, "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On SIGINT/SIGTERM, how long calls in flight may take to finish "
          "before they are cancelled.");

namespace calculator {

common::ServerOptions ParseServerFlags(int argc, char** argv,
                                       const std::string& name) {
  absl::SetProgramUsageMessage("Serves calculator.v1.Calculator. Flags:");
  absl::ParseCommandLine(argc, argv);
  common::ServerOptions options;
  options.name = name;
  options.address =
      absl::GetFlag(FLAGS_host) + ":" + std::to_string(absl::GetFlag(FLAGS_port));
  options.shutdown_grace =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  return options;
}

}  // namespace calculator
