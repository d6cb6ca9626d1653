// gRPC status codes by name ("INVALID_ARGUMENT"), for logs and messages.
#ifndef COMMON_GRPC_STATUS_NAMES_H_
#define COMMON_GRPC_STATUS_NAMES_H_

#include <grpcpp/grpcpp.h>

#include <string>

namespace common {

// The canonical upper-case name of `code`, e.g. "DEADLINE_EXCEEDED".
const char* StatusCodeName(grpc::StatusCode code);

// "INVALID_ARGUMENT: divisor must not be zero" (just "OK" for OK).
std::string FormatStatus(const grpc::Status& status);

}  // namespace common

#endif  // COMMON_GRPC_STATUS_NAMES_H_
