// The contact service with the current schema (version 2).
//
//   bazel run //examples/schema_evolution:contact_server
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <mutex>
#include <string>

#include "common/flags/flags.h"
#include "common/grpc/server_runner.h"
#include "protos/evolution/v1/contact.grpc.pb.h"

namespace {
constexpr char kProgram[] = "contact_server";
constexpr char kServerName[] = "Contact server";
constexpr char kSchema[] = "schema version 2";
constexpr int kDefaultPort = 50067;
}  // namespace

// The service, then main(), in this order.
#include "examples/schema_evolution/contact_service.inc"
// (main() uses the service.)
#include "examples/schema_evolution/contact_server_main.inc"
