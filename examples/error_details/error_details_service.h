// The calculator's Divide and ListPrimes with rich errors: every bad field
// of a request named in a BadRequest, and a per-client call quota whose
// error carries a QuotaFailure and a RetryInfo (rich_status.h).
#ifndef EXAMPLES_ERROR_DETAILS_ERROR_DETAILS_SERVICE_H_
#define EXAMPLES_ERROR_DETAILS_ERROR_DETAILS_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace error_details {

// At most `calls` calls per client address in each `window`; the windows
// are fixed (they start at a client's first call).
class CallQuota {
 public:
  using Clock = std::chrono::steady_clock;

  CallQuota(int calls, std::chrono::milliseconds window,
            std::function<Clock::time_point()> now = Clock::now)
      : calls_(calls), window_(window), now_(std::move(now)) {}

  // OK, or RESOURCE_EXHAUSTED with the time until `client`'s window ends.
  grpc::Status Take(const std::string& client);

 private:
  struct Window {
    Clock::time_point start;
    int calls = 0;
  };

  const int calls_;
  const std::chrono::milliseconds window_;
  const std::function<Clock::time_point()> now_;
  std::mutex mu_;
  // One entry per client seen in the current windows; ended ones are
  // dropped, so many clients cannot grow it without end.
  std::map<std::string, Window> windows_;
};

class ErrorDetailsCalculatorService final
    : public calculator::v1::Calculator::Service {
 public:
  explicit ErrorDetailsCalculatorService(CallQuota* quota) : quota_(quota) {}

  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;

  grpc::Status ListPrimes(
      grpc::ServerContext* context,
      const calculator::v1::ListPrimesRequest* request,
      grpc::ServerWriter<calculator::v1::Prime>* writer) override;

 private:
  CallQuota* quota_;
};

// "ipv4:127.0.0.1:50412" -> "ipv4:127.0.0.1": the client's address without
// its port, which changes with every connection.
std::string ClientAddress(const std::string& peer);

}  // namespace error_details

#endif  // EXAMPLES_ERROR_DETAILS_ERROR_DETAILS_SERVICE_H_
