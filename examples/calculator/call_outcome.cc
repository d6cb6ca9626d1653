#include "examples/calculator/call_outcome.h"

#include <iostream>

#include "common/grpc/status_names.h"

namespace calculator {

std::ostream& operator<<(std::ostream& out, const CallOutcome& outcome) {
  out << outcome.method << ": "
      << (outcome.cancelled ? "cancelled by the client"
                            : common::StatusCodeName(outcome.code))
      << " (received " << outcome.messages_received << ", sent "
      << outcome.messages_sent << ")";
  return out;
}

CallObserver LogToStderr() {
  return [](const CallOutcome& outcome) { std::cerr << outcome << std::endl; };
}

}  // namespace calculator
