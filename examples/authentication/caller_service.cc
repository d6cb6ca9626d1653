#include "examples/authentication/caller_service.h"

#include <absl/strings/escaping.h>

#include "common/grpc/metadata_rules.h"
#include "examples/authentication/bearer_token.h"
#include "examples/calculator/calculator_logic.h"

namespace authentication {

grpc::Status CallerCalculatorService::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  ++calls_;
  if (context->client_metadata().count("authorization") > 0) saw_token_ = true;
  // A certificate's name may hold bytes metadata cannot carry (gRPC would
  // abort the process on them): escape those.
  std::string caller = Caller(*context);
  if (!common::IsSendableMetadata(kCallerKey, caller)) {
    caller = absl::CHexEscape(caller);
  }
  context->AddTrailingMetadata(kCallerKey, caller);
  return calculator::Divide(*request, response);
}

}  // namespace authentication
