#include "exercises/deadlines/service.h"

namespace exercises::deadlines {

// The exercise: as it is, the backend call gets a deadline of its own, 10 s
// from now, whatever the caller's is. A caller that gives up after 200 ms
// leaves the backend working for nobody. Give the backend call the
// caller's deadline.
grpc::Status FrontService::GetPrice(grpc::ServerContext* /*context*/,
                                    const v1::GetPriceRequest* request,
                                    v1::GetPriceResponse* response) {
  grpc::ClientContext backend_call;
  backend_call.set_deadline(std::chrono::system_clock::now() +
                            std::chrono::seconds(10));
  return backend_->GetPrice(&backend_call, *request, response);
}

}  // namespace exercises::deadlines
