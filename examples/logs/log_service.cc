#include "examples/logs/log_service.h"

#include <absl/strings/str_format.h>

namespace logs {
namespace {

constexpr int kMaxLineCount = 100'000;
constexpr int kMaxStreamedLineCount = 1'000'000;
constexpr int kMaxLinesPerMessage = 10'000;

}  // namespace

std::string SampleLog::Next() {
  static const char* const kPaths[] = {"/api/v1/readings", "/api/v1/summary",
                                       "/api/v1/meters", "/", "/app.js"};
  static const int kStatuses[] = {200, 200, 200, 304, 404};
  state_ = state_ * 1103515245 + 12345;  // a fixed pseudo-random sequence
  const int64_t seconds = 1546300800 + 3 * index_++;  // 3 s apart from 2019
  return absl::StrFormat(
      "%s GET %s %d %d",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(seconds),
                       absl::UTCTimeZone()),
      kPaths[(state_ >> 8) % 5], kStatuses[(state_ >> 16) % 5],
      200 + (state_ >> 4) % 5000);
}

std::vector<std::string> SampleLogLines(int count) {
  SampleLog log;
  std::vector<std::string> lines;
  for (int i = 0; i < count; ++i) lines.push_back(log.Next());
  return lines;
}

// [START per_call_compression]
grpc::Status LogServiceImpl::GetLog(grpc::ServerContext* context,
                                    const logs::v1::GetLogRequest* request,
                                    logs::v1::GetLogResponse* response) {
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

grpc::Status LogServiceImpl::PutLog(grpc::ServerContext*,
                                    const logs::v1::PutLogRequest* request,
                                    logs::v1::PutLogResponse* response) {
  int64_t bytes = 0;
  for (const std::string& line : request->lines()) bytes += line.size();
  response->set_line_count(request->lines_size());
  response->set_byte_count(bytes);
  return grpc::Status::OK;
}

// [START stream_log]
grpc::Status LogServiceImpl::StreamLog(
    grpc::ServerContext* context, const logs::v1::StreamLogRequest* request,
    grpc::ServerWriter<logs::v1::StreamLogResponse>* writer) {
  if (request->line_count() < 0 ||
      request->line_count() > kMaxStreamedLineCount) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "line_count must be between 0 and " +
                            std::to_string(kMaxStreamedLineCount));
  }
  const int per_message =
      request->lines_per_message() == 0 ? 1000 : request->lines_per_message();
  if (per_message < 1 || per_message > kMaxLinesPerMessage) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "lines_per_message must be between 1 and " +
                            std::to_string(kMaxLinesPerMessage));
  }
  // Message by message: the server holds one batch at a time, and so does
  // the client, however long the log.
  SampleLog log;
  logs::v1::StreamLogResponse batch;
  for (int i = 0; i < request->line_count(); ++i) {
    batch.add_lines(log.Next());
    if (batch.lines_size() == per_message) {
      if (!writer->Write(batch)) break;  // the client is gone
      batch.Clear();
    }
  }
  if (batch.lines_size() > 0 && !context->IsCancelled()) writer->Write(batch);
  // What the client saw, so that the server's metrics say so too.
  return context->IsCancelled()
             ? grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")
             : grpc::Status::OK;
}
// [END stream_log]

}  // namespace logs
