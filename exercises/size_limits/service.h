// The size-limit exercise: exercises/size_limits/README.md.
#ifndef EXERCISES_SIZE_LIMITS_SERVICE_H_
#define EXERCISES_SIZE_LIMITS_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>

#include "exercises/size_limits/upload.grpc.pb.h"

namespace exercises::size_limits {

// The largest request message the server must take.
inline constexpr size_t kMaxUploadBytes = size_t{8} << 20;  // 8 MiB

class UploadService final : public v1::UploadService::Service {
 public:
  grpc::Status Upload(grpc::ServerContext* /*context*/,
                      const v1::UploadRequest* request,
                      v1::UploadResponse* response) override {
    response->set_size(static_cast<int64_t>(request->data().size()));
    return grpc::Status::OK;
  }
};

// Sets the server's options before it starts (service.cc).
void ConfigureServer(grpc::ServerBuilder& builder);

}  // namespace exercises::size_limits

#endif  // EXERCISES_SIZE_LIMITS_SERVICE_H_
