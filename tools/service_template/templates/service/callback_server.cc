// The {{Service}} server in the callback style (callback_service.h).
//
//   ./bazelw run {{label}}:callback_server -- --port={{port}}
#include "common/grpc/reflection.h"
#include "common/grpc/server_runner.h"
#include "{{dir}}/server_flags.h"
#include "{{dir}}/callback_service.h"

int main(int argc, char** argv) {
  // Before any thread starts: SIGINT and SIGTERM are then waited for by
  // RunServerUntilSignal, which shuts the server down gracefully.
  common::BlockShutdownSignals();
  common::ServerOptions options =
      {{name}}::ParseServerFlags(argc, argv, "{{Service}} (callback) server");
  // Reflection lets tools (buf curl, grpcurl) ask what the server serves.
  common::EnableReflection(/*health=*/false);
  {{name}}::Store store;
  {{name}}::CallbackService service(store);
  return common::RunServerUntilSignal(options, {&service});
}
