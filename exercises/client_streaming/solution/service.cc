#include "exercises/client_streaming/service.h"

namespace exercises::client_streaming {

using grpc::Status;

Status StatisticsService::Summarize(
    grpc::ServerContext* /*context*/,
    grpc::ServerReader<v1::SummarizeRequest>* reader,
    v1::SummarizeResponse* response) {
  v1::SummarizeRequest request;
  // Read returns false once the client has half-closed.
  while (reader->Read(&request)) {
    if (response->count() == kMaxValues) {
      // Returning ends the call: the values still coming are not read.
      return Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                    "at most " + std::to_string(kMaxValues) + " values a call");
    }
    response->set_count(response->count() + 1);
    response->set_sum(
        static_cast<int64_t>(static_cast<uint64_t>(response->sum()) +
                             static_cast<uint64_t>(request.value())));
    // has_min() is false until the first value: optional fields say
    // whether they were set.
    if (!response->has_min() || request.value() < response->min()) {
      response->set_min(request.value());
    }
    if (!response->has_max() || request.value() > response->max()) {
      response->set_max(request.value());
    }
  }
  return Status::OK;
}

}  // namespace exercises::client_streaming
