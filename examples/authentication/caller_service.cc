#include "examples/authentication/caller_service.h"

#include "examples/authentication/bearer_token.h"
#include "examples/calculator/calculator_logic.h"

namespace authentication {

grpc::Status CallerCalculatorService::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  ++calls_;
  if (context->client_metadata().count("authorization") > 0) saw_token_ = true;
  context->AddTrailingMetadata(kCallerKey, Caller(*context));
  return calculator::Divide(*request, response);
}

}  // namespace authentication
