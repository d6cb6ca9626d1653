#include "exercises/server_streaming/service.h"

#include <chrono>
#include <thread>

namespace exercises::server_streaming {

using grpc::Status;
using grpc::StatusCode;

Status CountdownService::Stream(
    grpc::ServerContext* context, const v1::CountdownRequest& request,
    grpc::ServerWriter<v1::CountdownResponse>* writer) {
  if (request.from() < 0 || request.interval_ms() < 0 ||
      request.interval_ms() > 1000) {
    return Status(StatusCode::INVALID_ARGUMENT,
                  "from must be 0 or more, interval_ms 0 to 1000");
  }
  for (int32_t value = request.from(); value > 0; --value) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(request.interval_ms()));
    // The client may have gone while we slept...
    if (context->IsCancelled()) {
      return Status(StatusCode::CANCELLED, "the client has gone");
    }
    v1::CountdownResponse response;
    response.set_value(value);
    // ... or while the message was on its way: Write fails then.
    if (!writer->Write(response)) {
      return Status(StatusCode::CANCELLED, "the client has gone");
    }
  }
  return Status::OK;
}

}  // namespace exercises::server_streaming
