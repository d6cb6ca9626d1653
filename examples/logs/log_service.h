// logs.v1.LogService: log lines in both directions, with a server
// that compresses a response only when it is large (see log_service.cc).
#ifndef EXAMPLES_LOGS_LOG_SERVICE_H_
#define EXAMPLES_LOGS_LOG_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "protos/logs/v1/logs.grpc.pb.h"

namespace logs {

// Access-log lines, one after the other, always the same sequence.
class SampleLog {
 public:
  std::string Next();

 private:
  uint32_t state_ = 12345;
  int64_t index_ = 0;
};

// The first `count` lines of SampleLog.
std::vector<std::string> SampleLogLines(int count);

class LogServiceImpl final : public logs::v1::LogService::Service {
 public:
  // Responses larger than `compress_above_bytes` are gzip-compressed, if
  // the client accepts gzip; 0: leave it to the server's default.
  explicit LogServiceImpl(size_t compress_above_bytes = 0)
      : compress_above_bytes_(compress_above_bytes) {}

  grpc::Status GetLog(grpc::ServerContext* context,
                      const logs::v1::GetLogRequest* request,
                      logs::v1::GetLogResponse* response) override;

  grpc::Status PutLog(grpc::ServerContext* context,
                      const logs::v1::PutLogRequest* request,
                      logs::v1::PutLogResponse* response) override;

  grpc::Status StreamLog(
      grpc::ServerContext* context, const logs::v1::StreamLogRequest* request,
      grpc::ServerWriter<logs::v1::StreamLogResponse>* writer) override;

 private:
  const size_t compress_above_bytes_;
};

}  // namespace logs

#endif  // EXAMPLES_LOGS_LOG_SERVICE_H_
