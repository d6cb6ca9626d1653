#include "examples/load_balancing/named_backend.h"

#include "examples/calculator/calculator_logic.h"

namespace load_balancing {

grpc::Status NamedBackendService::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  ++calls_;
  context->AddTrailingMetadata(kBackendKey, name_);
  return calculator::Divide(*request, response);
}

}  // namespace load_balancing
