// The Calculator server in the synchronous style.
//
//   bazel run //examples/calculator:sync_server -- --port=50051
#include "common/grpc/reflection.h"
#include "examples/calculator/server_flags.h"
#include "examples/calculator/sync_service.h"

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  common::ServerOptions options =
      calculator::ParseServerFlags(argc, argv, "Calculator (sync) server");
  // Reflection lets tools, and our clients when pointed at the wrong port,
  // ask the server what it serves.
  common::EnableReflection(/*health=*/false);
  calculator::SyncCalculatorService service(calculator::LogToStderr());
  return common::RunServerUntilSignal(options, {&service});
}
