#include "examples/calculator/sync_service.h"

#include "examples/calculator/calculator_logic.h"

namespace calculator {

using grpc::ServerContext;
using grpc::Status;

// [START sync_divide]
Status SyncCalculatorService::Divide(ServerContext* context,
                                     const v1::DivideRequest* request,
                                     v1::DivideResponse* response) {
  // Returning a non-OK status is how a handler sends an error; the response
  // message is then discarded.
  Status status = calculator::Divide(*request, response);
  return Report({"Divide", status.error_code(), false, 1, status.ok() ? 1 : 0},
                context, status);
}
// [END sync_divide]

// [START sync_list_primes]
Status SyncCalculatorService::ListPrimes(
    ServerContext* context, const v1::ListPrimesRequest* request,
    grpc::ServerWriter<v1::Prime>* writer) {
  CallOutcome outcome{"ListPrimes"};
  outcome.messages_received = 1;
  if (Status invalid = ValidateListPrimes(*request); !invalid.ok()) {
    return Report(outcome, context, invalid);
  }
  PrimeSequence primes(request->start());
  for (int32_t i = 0; i < request->count(); ++i) {
    // Write blocks while the client is not reading (flow control) and
    // returns false once the call is cancelled or its deadline has passed:
    // stop working for a client that has gone.
    if (!writer->Write(primes.Next())) {
      outcome.cancelled = true;
      return Report(outcome, context,
                    Status(grpc::StatusCode::CANCELLED, "stream broken"));
    }
    ++outcome.messages_sent;
  }
  return Report(outcome, context, Status::OK);
}
// [END sync_list_primes]

// [START sync_summarize]
Status SyncCalculatorService::Summarize(ServerContext* context,
                                        grpc::ServerReader<v1::Number>* reader,
                                        v1::Summary* response) {
  CallOutcome outcome{"Summarize"};
  Accumulator accumulator;
  v1::Number number;
  // Read returns false when the client half-closes (WritesDone) or the call
  // ends; an empty stream is legal and yields count 0.
  while (reader->Read(&number)) {
    ++outcome.messages_received;
    if (Status overflow = accumulator.Add(number.value()); !overflow.ok()) {
      return Report(outcome, context, overflow);
    }
  }
  if (context->IsCancelled()) {
    return Report(outcome, context,
                  Status(grpc::StatusCode::CANCELLED, "client went away"));
  }
  *response = accumulator.Summary();
  outcome.messages_sent = 1;
  return Report(outcome, context, Status::OK);
}
// [END sync_summarize]

// [START sync_running_sum]
Status SyncCalculatorService::RunningSum(
    ServerContext* context,
    grpc::ServerReaderWriter<v1::RunningTotal, v1::Number>* stream) {
  CallOutcome outcome{"RunningSum"};
  Accumulator accumulator;
  v1::Number number;
  // Answer each value as soon as it arrives: the client sees the running
  // total while it is still writing.
  while (stream->Read(&number)) {
    ++outcome.messages_received;
    if (Status overflow = accumulator.Add(number.value()); !overflow.ok()) {
      return Report(outcome, context, overflow);
    }
    if (!stream->Write(accumulator.RunningTotal())) {
      outcome.cancelled = true;
      break;
    }
    ++outcome.messages_sent;
  }
  if (outcome.cancelled || context->IsCancelled()) {
    return Report(outcome, context,
                  Status(grpc::StatusCode::CANCELLED, "client went away"));
  }
  return Report(outcome, context, Status::OK);
}
// [END sync_running_sum]

Status SyncCalculatorService::Report(CallOutcome outcome,
                                     ServerContext* context, Status status) {
  outcome.code = status.error_code();
  // A failed Write already proved the call dead; IsCancelled() can lag it.
  outcome.cancelled = outcome.cancelled || context->IsCancelled();
  if (observer_) observer_(outcome);
  return status;
}

}  // namespace calculator
