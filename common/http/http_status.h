// gRPC status codes as HTTP responses: the status table that grpc-gateway,
// Envoy and Connect share, and the JSON error body the HTTP API sends,
// {"code":"INVALID_ARGUMENT","message":"..."}.
#ifndef COMMON_HTTP_HTTP_STATUS_H_
#define COMMON_HTTP_HTTP_STATUS_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <string_view>

namespace common {

// The HTTP status for a gRPC status code: OK 200, CANCELLED 499, UNKNOWN 500,
// INVALID_ARGUMENT 400, DEADLINE_EXCEEDED 504, NOT_FOUND 404,
// ALREADY_EXISTS 409, PERMISSION_DENIED 403, RESOURCE_EXHAUSTED 429,
// FAILED_PRECONDITION 400, ABORTED 409, OUT_OF_RANGE 400, UNIMPLEMENTED 501,
// INTERNAL 500, UNAVAILABLE 503, DATA_LOSS 500, UNAUTHENTICATED 401.
// Codes outside the 17 defined ones are 500, like UNKNOWN.
int HttpStatusFromGrpc(grpc::StatusCode code);

// The canonical name of `code`, e.g. "INVALID_ARGUMENT".
std::string_view GrpcCodeName(grpc::StatusCode code);

// `text` as a JSON string literal, quotes included. Invalid UTF-8 is replaced
// by U+FFFD, so that any message (a CSV row, a server's error) can be sent.
std::string JsonQuote(std::string_view text);

// {"code":"<name of code>","message":"<message>"}
std::string ErrorJson(grpc::StatusCode code, std::string_view message);
std::string ErrorJson(std::string_view code_name, std::string_view message);

}  // namespace common

#endif  // COMMON_HTTP_HTTP_STATUS_H_
