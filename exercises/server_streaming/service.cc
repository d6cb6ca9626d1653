#include "exercises/server_streaming/service.h"

#include <chrono>
#include <thread>

namespace exercises::server_streaming {

using grpc::Status;
using grpc::StatusCode;

// The exercise: as it is, this loop goes on to the end when the client has
// gone (it cancelled, or its deadline passed), sleeping and writing to
// nobody. Make it stop within one interval and return CANCELLED.
Status CountdownService::Stream(
    grpc::ServerContext* /*context*/, const v1::CountdownRequest& request,
    grpc::ServerWriter<v1::CountdownResponse>* writer) {
  if (request.from() < 0 || request.interval_ms() < 0 ||
      request.interval_ms() > 1000) {
    return Status(StatusCode::INVALID_ARGUMENT,
                  "from must be 0 or more, interval_ms 0 to 1000");
  }
  for (int32_t value = request.from(); value > 0; --value) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(request.interval_ms()));
    v1::CountdownResponse response;
    response.set_value(value);
    writer->Write(response);
  }
  return Status::OK;
}

}  // namespace exercises::server_streaming
