#include "examples/error_details/error_details_service.h"

#include <vector>

#include "examples/calculator/calculator_logic.h"
#include "examples/error_details/rich_status.h"

namespace error_details {

using calculator::kMaxPrimeCount;
using calculator::kMaxPrimeStart;

grpc::Status CallQuota::Take(const std::string& client) {
  const Clock::time_point now = now_();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now - it->second.start >= window_ ? windows_.erase(it) : std::next(it);
  }
  Window& window = windows_.try_emplace(client, Window{now, 0}).first->second;
  if (window.calls < calls_) {
    ++window.calls;
    return grpc::Status::OK;
  }
  const auto retry_after =
      std::chrono::duration_cast<std::chrono::milliseconds>(window.start +
                                                            window_ - now);
  return QuotaExceeded(client,
                       "at most " + std::to_string(calls_) + " calls per " +
                           std::to_string(window_.count()) + " ms",
                       retry_after);
}

std::string ClientAddress(const std::string& peer) {
  const size_t colon = peer.rfind(':');
  const size_t first = peer.find(':');
  return colon == std::string::npos || colon == first ? peer
                                                      : peer.substr(0, colon);
}

// [START divide_bad_request]
grpc::Status ErrorDetailsCalculatorService::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  if (grpc::Status quota = quota_->Take(ClientAddress(context->peer()));
      !quota.ok()) {
    return quota;
  }
  if (request->divisor() == 0) {
    return BadRequest("divisor must not be zero",
                      {{"divisor", "must not be zero"}});
  }
  return calculator::Divide(*request, response);
}
// [END divide_bad_request]

// [START list_primes_bad_request]
grpc::Status ErrorDetailsCalculatorService::ListPrimes(
    grpc::ServerContext* context,
    const calculator::v1::ListPrimesRequest* request,
    grpc::ServerWriter<calculator::v1::Prime>* writer) {
  if (grpc::Status quota = quota_->Take(ClientAddress(context->peer()));
      !quota.ok()) {
    return quota;
  }
  // Every bad field at once, so that a form can mark them all.
  std::vector<FieldViolation> violations;
  if (request->start() < 0 || request->start() > kMaxPrimeStart) {
    violations.push_back(
        {"start", "must be between 0 and " + std::to_string(kMaxPrimeStart)});
  }
  if (request->count() < 0 || request->count() > kMaxPrimeCount) {
    violations.push_back(
        {"count", "must be between 0 and " + std::to_string(kMaxPrimeCount)});
  }
  if (!violations.empty()) {
    return BadRequest(std::to_string(violations.size()) + " bad field(s)",
                      violations);
  }
  // [END list_primes_bad_request]
  calculator::PrimeSequence primes(request->start());
  for (int32_t i = 0; i < request->count() && !context->IsCancelled(); ++i) {
    if (!writer->Write(primes.Next())) break;
  }
  return context->IsCancelled()
             ? grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")
             : grpc::Status::OK;
}

}  // namespace error_details
