#include "examples/compression/log_service.h"

#include <absl/strings/str_format.h>

namespace compression {
namespace {

constexpr int kMaxLineCount = 100'000;

}  // namespace

std::vector<std::string> SampleLogLines(int count) {
  static const char* const kPaths[] = {"/api/v1/readings", "/api/v1/summary",
                                       "/api/v1/meters", "/", "/app.js"};
  static const int kStatuses[] = {200, 200, 200, 304, 404};
  std::vector<std::string> lines;
  uint32_t state = 12345;  // a fixed pseudo-random sequence (LCG)
  for (int i = 0; i < count; ++i) {
    state = state * 1103515245 + 12345;
    const int64_t seconds = 1546300800 + i * 3;  // from 2019-01-01, 3 s apart
    lines.push_back(absl::StrFormat(
        "%s GET %s %d %d",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(seconds),
                         absl::UTCTimeZone()),
        kPaths[(state >> 8) % 5], kStatuses[(state >> 16) % 5],
        200 + (state >> 4) % 5000));
  }
  return lines;
}

bool ParseAlgorithm(const std::string& name,
                    grpc_compression_algorithm* algorithm) {
  if (name == "none") {
    *algorithm = GRPC_COMPRESS_NONE;
  } else if (name == "deflate") {
    *algorithm = GRPC_COMPRESS_DEFLATE;
  } else if (name == "gzip") {
    *algorithm = GRPC_COMPRESS_GZIP;
  } else {
    return false;
  }
  return true;
}

// [START per_call_compression]
grpc::Status LogServiceImpl::GetLog(
    grpc::ServerContext* context, const compression::v1::GetLogRequest* request,
    compression::v1::GetLogResponse* response) {
  if (request->line_count() < 0 || request->line_count() > kMaxLineCount) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "line_count must be between 0 and " + std::to_string(kMaxLineCount));
  }
  for (std::string& line : SampleLogLines(request->line_count())) {
    response->add_lines(std::move(line));
  }
  // This call's choice, over the server's default: compress a large answer,
  // not a small one (compressing a few bytes costs CPU and saves nothing).
  // gRPC uses it only if the client said it accepts gzip.
  if (compress_above_bytes_ > 0 &&
      response->ByteSizeLong() > compress_above_bytes_) {
    context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  }
  return grpc::Status::OK;
}
// [END per_call_compression]

grpc::Status LogServiceImpl::PutLog(
    grpc::ServerContext*, const compression::v1::PutLogRequest* request,
    compression::v1::PutLogResponse* response) {
  int64_t bytes = 0;
  for (const std::string& line : request->lines()) bytes += line.size();
  response->set_line_count(request->lines_size());
  response->set_byte_count(bytes);
  return grpc::Status::OK;
}

}  // namespace compression
