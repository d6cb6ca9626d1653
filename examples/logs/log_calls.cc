#include "examples/logs/log_calls.h"

#include <algorithm>
#include <iostream>

#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/logs/log_service.h"

namespace logs {

grpc::Status PrintGetLog(v1::LogService::Stub& stub,
                         grpc::ClientContext* context, int lines) {
  v1::GetLogRequest request;
  request.set_line_count(lines);
  v1::GetLogResponse response;
  grpc::Status status = stub.GetLog(context, request, &response);
  if (status.ok()) {
    std::cout << "received " << response.lines_size() << " lines ("
              << response.ByteSizeLong() << " bytes as a message)" << std::endl;
  }
  return status;
}

grpc::Status PrintPutLog(v1::LogService::Stub& stub,
                         grpc::ClientContext* context, int lines) {
  v1::PutLogRequest request;
  for (std::string& line : SampleLogLines(lines)) {
    request.add_lines(std::move(line));
  }
  v1::PutLogResponse response;
  grpc::Status status = stub.PutLog(context, request, &response);
  if (status.ok()) {
    std::cout << "the server received " << response.line_count() << " lines, "
              << response.byte_count() << " bytes of text" << std::endl;
  }
  return status;
}

grpc::Status PrintStreamLog(v1::LogService::Stub& stub,
                            grpc::ClientContext* context, int lines) {
  v1::StreamLogRequest request;
  request.set_line_count(lines);
  auto reader = stub.StreamLog(context, request);
  v1::StreamLogResponse batch;
  int received = 0, messages = 0;
  size_t largest = 0;
  while (reader->Read(&batch)) {
    received += batch.lines_size();
    ++messages;
    largest = std::max(largest, batch.ByteSizeLong());
  }
  grpc::Status status = reader->Finish();
  if (status.ok()) {
    std::cout << "received " << received << " lines in " << messages
              << " messages of at most " << largest << " bytes" << std::endl;
  }
  return status;
}

int PrintError(grpc::Status status,
               const std::shared_ptr<grpc::Channel>& channel,
               const std::string& target) {
  status = common::ExplainWrongService(status, channel, target,
                                       "logs.v1.LogService");
  std::cerr << "error: " << common::FormatStatus(status) << std::endl;
  return 1;
}

}  // namespace logs
