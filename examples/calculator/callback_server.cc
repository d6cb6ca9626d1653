// The Calculator server in the callback (reactor) style.
//
//   bazel run //examples/calculator:callback_server -- --port=50051
#include "common/grpc/reflection.h"
#include "examples/calculator/callback_service.h"
#include "examples/calculator/server_flags.h"

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  common::ServerOptions options =
      calculator::ParseServerFlags(argc, argv, "Calculator (callback) server");
  // Reflection lets tools, and our clients when pointed at the wrong port,
  // ask the server what it serves.
  common::EnableReflection(/*health=*/false);
  calculator::CallbackCalculatorService service(calculator::LogToStderr());
  return common::RunServerUntilSignal(options, {&service});
}
