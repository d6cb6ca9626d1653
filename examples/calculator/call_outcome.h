// How each call ended, as the server saw it. The servers log these lines, and
// tests wait on them to check that the server noticed a cancellation.
#ifndef EXAMPLES_CALCULATOR_CALL_OUTCOME_H_
#define EXAMPLES_CALCULATOR_CALL_OUTCOME_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace calculator {

struct CallOutcome {
  std::string method;
  grpc::StatusCode code = grpc::StatusCode::OK;
  // True when the client cancelled or its deadline passed mid-call.
  bool cancelled = false;
  int64_t messages_received = 0;
  int64_t messages_sent = 0;
};

using CallObserver = std::function<void(const CallOutcome&)>;

// For logs: "ListPrimes: cancelled by the client (received 1, sent 3)".
std::ostream& operator<<(std::ostream& out, const CallOutcome& outcome);

// An observer that prints each outcome on stderr.
CallObserver LogToStderr();

}  // namespace calculator

#endif  // EXAMPLES_CALCULATOR_CALL_OUTCOME_H_
