// gRPC status codes by name ("INVALID_ARGUMENT"), for logs and messages.
#ifndef EXAMPLES_COMMON_STATUS_NAMES_H_
#define EXAMPLES_COMMON_STATUS_NAMES_H_

#include <string>

#include <grpcpp/grpcpp.h>

namespace common {

// The canonical upper-case name of `code`, e.g. "DEADLINE_EXCEEDED".
const char* StatusCodeName(grpc::StatusCode code);

// "INVALID_ARGUMENT: divisor must not be zero" (just "OK" for OK).
std::string FormatStatus(const grpc::Status& status);

}  // namespace common

#endif  // EXAMPLES_COMMON_STATUS_NAMES_H_
