#include "exercises/deadlines/service.h"

namespace exercises::deadlines {

grpc::Status FrontService::GetPrice(grpc::ServerContext* context,
                                    const v1::GetPriceRequest* request,
                                    v1::GetPriceResponse* response) {
  // The backend call inherits the caller's deadline, and is cancelled when
  // the caller's call is.
  std::unique_ptr<grpc::ClientContext> backend_call =
      grpc::ClientContext::FromServerContext(*context);
  return backend_->GetPrice(backend_call.get(), *request, response);
}

}  // namespace exercises::deadlines
