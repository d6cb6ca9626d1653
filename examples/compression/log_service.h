// compression.v1.LogService: log lines in both directions, with a server
// that compresses a response only when it is large (see log_service.cc).
#ifndef EXAMPLES_COMPRESSION_LOG_SERVICE_H_
#define EXAMPLES_COMPRESSION_LOG_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <string>
#include <vector>

#include "protos/compression/v1/compression.grpc.pb.h"

namespace compression {

// `count` access-log lines, the same for the same count.
std::vector<std::string> SampleLogLines(int count);

// "none", "deflate" or "gzip" to gRPC's enum; false for anything else.
bool ParseAlgorithm(const std::string& name,
                    grpc_compression_algorithm* algorithm);

class LogServiceImpl final : public compression::v1::LogService::Service {
 public:
  // Responses larger than `compress_above_bytes` are gzip-compressed, if
  // the client accepts gzip; 0: leave it to the server's default.
  explicit LogServiceImpl(size_t compress_above_bytes = 0)
      : compress_above_bytes_(compress_above_bytes) {}

  grpc::Status GetLog(grpc::ServerContext* context,
                      const compression::v1::GetLogRequest* request,
                      compression::v1::GetLogResponse* response) override;

  grpc::Status PutLog(grpc::ServerContext* context,
                      const compression::v1::PutLogRequest* request,
                      compression::v1::PutLogResponse* response) override;

 private:
  const size_t compress_above_bytes_;
};

}  // namespace compression

#endif  // EXAMPLES_COMPRESSION_LOG_SERVICE_H_
