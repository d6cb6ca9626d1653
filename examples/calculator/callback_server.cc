// The Calculator server in the callback (reactor) style.
//
//   bazel run //examples/calculator:callback_server -- --port=50051
#include "examples/calculator/callback_service.h"
#include "examples/calculator/server_flags.h"

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  common::ServerOptions options =
      calculator::ParseServerFlags(argc, argv, "Calculator (callback) server");
  calculator::CallbackCalculatorService service(calculator::LogToStderr());
  return common::RunServerUntilSignal(options, {&service});
}
