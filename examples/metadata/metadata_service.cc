#include "examples/metadata/metadata_service.h"

#include <chrono>

#include "common/grpc/metadata_rules.h"
#include "examples/calculator/calculator_logic.h"

namespace metadata {
namespace {

using Clock = std::chrono::steady_clock;

// [START trailing_metadata]
// What every call sends back in its trailers, whatever its status: the
// client's request id and trace bytes, and the time the server spent.
void AddTrailers(grpc::ServerContext* context, Clock::time_point start) {
  for (const char* echoed : {kRequestId, kTraceBin}) {
    std::string value =
        common::FindMetadata(context->client_metadata(), echoed).value_or("");
    // A client is not held to gRPC's rules as a sender is: a value with a
    // control byte arrives, and sending it back would abort this server.
    if (!value.empty() && common::IsSendableMetadata(echoed, value)) {
      context->AddTrailingMetadata(echoed, value);
    }
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      Clock::now() - start);
  context->AddTrailingMetadata(kElapsedUs, std::to_string(elapsed.count()));
}
// [END trailing_metadata]

}  // namespace

grpc::Status MetadataCalculatorService::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  const Clock::time_point start = Clock::now();
  // Sent with the response (a unary call has no separate moment for it).
  context->AddInitialMetadata(kServerId, server_id_);
  grpc::Status status = calculator::Divide(*request, response);
  AddTrailers(context, start);
  return status;
}

// [START send_initial_metadata]
grpc::Status MetadataCalculatorService::ListPrimes(
    grpc::ServerContext* context,
    const calculator::v1::ListPrimesRequest* request,
    grpc::ServerWriter<calculator::v1::Prime>* writer) {
  const Clock::time_point start = Clock::now();
  context->AddInitialMetadata(kServerId, server_id_);
  // The client has the initial metadata now, before the first prime (by
  // default it would go out with the first message).
  writer->SendInitialMetadata();
  grpc::Status status = calculator::ValidateListPrimes(*request);
  if (status.ok()) {
    calculator::PrimeSequence primes(request->start());
    for (int32_t i = 0; i < request->count() && !context->IsCancelled(); ++i) {
      if (!writer->Write(primes.Next())) break;
    }
  }
  AddTrailers(context, start);
  return status;
}
// [END send_initial_metadata]

}  // namespace metadata
