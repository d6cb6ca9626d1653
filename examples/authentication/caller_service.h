// The calculator's Divide, answering with who called: the caller (see
// Caller() in bearer_token.h) goes back in the trailing metadata, "x-caller".
#ifndef EXAMPLES_AUTHENTICATION_CALLER_SERVICE_H_
#define EXAMPLES_AUTHENTICATION_CALLER_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <atomic>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace authentication {

inline constexpr char kCallerKey[] = "x-caller";

class CallerCalculatorService final
    : public calculator::v1::Calculator::Service {
 public:
  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;

  // Calls that reached the handler (not stopped by authentication).
  int calls() const { return calls_; }
  // Whether a handler ever saw an authorization header (it should not).
  bool saw_token() const { return saw_token_; }

 private:
  std::atomic<int> calls_{0};
  std::atomic<bool> saw_token_{false};
};

}  // namespace authentication

#endif  // EXAMPLES_AUTHENTICATION_CALLER_SERVICE_H_
