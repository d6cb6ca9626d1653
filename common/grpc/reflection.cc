#include "common/grpc/reflection.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "grpc/health/v1/health.pb.h"

namespace common {

// [START enable_reflection]
void EnableReflection(bool health) {
  if (health) {
    grpc::EnableDefaultHealthCheckService(true);
    // gRPC's default health service is built on upb, not on protobuf's
    // generated code, so protobuf's descriptor pool has no
    // grpc/health/v1/health.proto: reflection would list
    // grpc.health.v1.Health and fail to describe it (grpc/grpc#36665).
    // Touching a generated health message links health.pb.cc in, which
    // adds the file to the pool.
    (void)grpc::health::v1::HealthCheckRequest::descriptor();
  }
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
}
// [END enable_reflection]

}  // namespace common
