#include "exercises/client_streaming/service.h"

namespace exercises::client_streaming {

using grpc::Status;

// The exercise: as it is, a client may send as many values as it likes,
// and the answer has the count and the sum only. Answer RESOURCE_EXHAUSTED
// as soon as a value beyond the first kMaxValues arrives, without reading
// the rest; and fill in min and max (unset when no value came).
Status StatisticsService::Summarize(
    grpc::ServerContext* /*context*/,
    grpc::ServerReader<v1::SummarizeRequest>* reader,
    v1::SummarizeResponse* response) {
  v1::SummarizeRequest request;
  // Read returns false once the client has half-closed.
  while (reader->Read(&request)) {
    response->set_count(response->count() + 1);
    response->set_sum(
        static_cast<int64_t>(static_cast<uint64_t>(response->sum()) +
                             static_cast<uint64_t>(request.value())));
  }
  return Status::OK;
}

}  // namespace exercises::client_streaming
