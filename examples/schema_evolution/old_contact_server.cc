// The contact service built from schema version 1, as released: the same
// code as contact_server, older generated classes.
//
//   bazel run //examples/schema_evolution:old_contact_server
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <mutex>
#include <string>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "tools/buf/previous/evolution/v1/contact.grpc.pb.h"

namespace {
constexpr char kProgram[] = "old_contact_server";
constexpr char kServerName[] = "Old contact server";
constexpr char kSchema[] = "schema version 1";
constexpr int kDefaultPort = 50068;
}  // namespace

// The service, then main(), in this order.
#include "examples/schema_evolution/contact_service.inc"
// (main() uses the service.)
#include "examples/schema_evolution/contact_server_main.inc"
