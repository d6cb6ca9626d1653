#include "examples/retries/flaky_service.h"

#include <absl/strings/numbers.h>

#include <thread>

#include "common/grpc/metadata_rules.h"
#include "examples/calculator/calculator_logic.h"

namespace retries {
namespace {

// Works for `delay`, or until the attempt is cancelled (by its deadline, by
// the client, or by a shutdown). A sync handler has no cancel callback, so it
// looks every few milliseconds.
void Work(const grpc::ServerContext& context, std::chrono::milliseconds delay) {
  const auto end = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < end && !context.IsCancelled()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

grpc::Status FlakyCalculatorService::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  // [START previous_attempts]
  // gRPC numbers the retries of a call in this header: 1 on the first retry.
  int previous = 0;
  if (!absl::SimpleAtoi(common::FindMetadata(context->client_metadata(),
                                             "grpc-previous-rpc-attempts")
                            .value_or(""),
                        &previous)) {
    previous = 0;  // absent: a first attempt
  }
  // [END previous_attempts]
  const int number = previous + 1;
  Work(*context, options_.delay);
  grpc::Status status =
      number <= options_.fail_first
          ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                         "attempt " + std::to_string(number) +
                             " failed on purpose (--fail_first=" +
                             std::to_string(options_.fail_first) + ")")
          : calculator::Divide(*request, response);
  context->AddTrailingMetadata(kAttemptKey, std::to_string(number));
  const Attempt attempt{
      common::FindMetadata(context->client_metadata(), kCallIdKey).value_or(""),
      number, status.error_code()};
  if (options_.on_attempt) options_.on_attempt(attempt);
  std::lock_guard<std::mutex> lock(mu_);
  attempts_.push_back(attempt);
  return status;
}

std::vector<Attempt> FlakyCalculatorService::attempts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempts_;
}

int FlakyCalculatorService::AttemptsOf(const std::string& call_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  int count = 0;
  for (const Attempt& attempt : attempts_) count += attempt.call_id == call_id;
  return count;
}

}  // namespace retries
