// The metadata exercise: exercises/metadata/README.md.
#ifndef EXERCISES_METADATA_SERVICE_H_
#define EXERCISES_METADATA_SERVICE_H_

#include <atomic>
#include <cstdint>

#include "exercises/metadata/greeter.grpc.pb.h"

namespace exercises::metadata {

// The metadata key of a call's request id: lower case, as every key on the
// wire is.
inline constexpr char kRequestIdKey[] = "x-request-id";

class GreeterService final : public v1::GreeterService::Service {
 public:
  grpc::Status Greet(grpc::ServerContext* context,
                     const v1::GreetRequest* request,
                     v1::GreetResponse* response) override;

 private:
  // For request ids the server makes up.
  std::atomic<uint64_t> calls_{0};
};

}  // namespace exercises::metadata

#endif  // EXERCISES_METADATA_SERVICE_H_
