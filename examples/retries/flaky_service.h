// A calculator whose Divide fails on purpose: the first `fail_first`
// attempts of every call end with UNAVAILABLE, the next one is answered.
// It tells attempts apart by the "grpc-previous-rpc-attempts" header that
// gRPC's client adds to each retry (absent on a first attempt), so it keeps
// no state per call, just a log of the attempts it saw for the tests.
//
// Every answer, failed or not, carries the attempt number in the trailing
// metadata ("x-attempt": 1 for the first), so a client sees which attempt
// finally answered.
#ifndef EXAMPLES_RETRIES_FLAKY_SERVICE_H_
#define EXAMPLES_RETRIES_FLAKY_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace retries {

inline constexpr char kAttemptKey[] = "x-attempt";
// Optional, from the client: a name for the call, so that the log tells the
// attempts of different calls apart. Every attempt carries the same metadata.
inline constexpr char kCallIdKey[] = "x-call-id";

// One attempt as the server saw it.
struct Attempt {
  std::string call_id;  // the client's x-call-id, or ""
  int number = 0;       // 1 for a first attempt
  grpc::StatusCode code = grpc::StatusCode::OK;
};

struct FlakyOptions {
  // Attempts that fail with UNAVAILABLE before one is answered.
  int fail_first = 2;
  // How long every attempt works before it answers (or fails), so that
  // deadlines and hedging have something to cut short. It ends early when
  // the attempt is cancelled.
  std::chrono::milliseconds delay{0};
  // Called as each attempt ends (the server prints it); may be empty.
  std::function<void(const Attempt&)> on_attempt;
};

class FlakyCalculatorService final
    : public calculator::v1::Calculator::Service {
 public:
  explicit FlakyCalculatorService(FlakyOptions options) : options_(options) {}

  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;

  // Every attempt so far, in the order they ended.
  std::vector<Attempt> attempts() const;
  // How many attempts the call named `call_id` took.
  int AttemptsOf(const std::string& call_id) const;

 private:
  const FlakyOptions options_;
  mutable std::mutex mu_;
  std::vector<Attempt> attempts_;
};

}  // namespace retries

#endif  // EXAMPLES_RETRIES_FLAKY_SERVICE_H_
