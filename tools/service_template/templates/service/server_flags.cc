#include "{{dir}}/server_flags.h"

#include <absl/flags/flag.h>

#include <chrono>

#include "common/flags/flags.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{{{port}}},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On SIGINT/SIGTERM, how long calls in flight may take to finish "
          "before they are cancelled.");

namespace {{name}} {

common::ServerOptions ParseServerFlags(int argc, char** argv,
                                       const std::string& name) {
  const std::string usage =
      "Serves {{package}}.{{Service}} and gRPC reflection until Ctrl-C.\n"
      "Usage: " +
      std::string(argv[0]).substr(std::string(argv[0]).rfind('/') + 1) +
      " [--host=HOST] [--port=PORT] [--shutdown_grace_ms=MS]";
  if (common::ParseFlags(argc, argv, usage).size() > 1) {
    common::ExitWithUsageError("the server takes no arguments, only flags");
  }
  common::ServerOptions options;
  options.name = name;
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.shutdown_grace = std::chrono::milliseconds(
      common::AtLeast(0, absl::GetFlag(FLAGS_shutdown_grace_ms),
                      "shutdown_grace_ms"));
  return options;
}

}  // namespace {{name}}
