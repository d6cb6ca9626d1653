// gRPC server reflection that can describe every service the server lists,
// so that tools (buf curl, grpcurl) can call any of them by name.
#ifndef COMMON_GRPC_REFLECTION_H_
#define COMMON_GRPC_REFLECTION_H_

namespace common {

// Call before building the server (it installs a builder plugin). With
// `health`, also turns on gRPC's default health service
// (grpc.health.v1.Health) and makes reflection able to describe it.
void EnableReflection(bool health);

}  // namespace common

#endif  // COMMON_GRPC_REFLECTION_H_
