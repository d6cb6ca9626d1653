// Writing JSON answers and JSON errors on a cpp-httplib response. Every error
// of the demos' HTTP APIs has one shape, {"code":"<gRPC code name>",
// "message":"..."}, with the HTTP status of http_status.h.
#ifndef COMMON_HTTP_JSON_RESPONSE_H_
#define COMMON_HTTP_JSON_RESPONSE_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <string>
#include <string_view>

namespace common {

inline constexpr char kJsonContentType[] = "application/json";

// `json` as the body (moved, not copied: a month of readings is large).
void SendJson(httplib::Response& response, int http_status, std::string json);

// {"code":..,"message":..} with the HTTP status of `code`, or `http_status`
// if it is not 0 (413, 405, ... which have no gRPC code of their own).
void SendError(httplib::Response& response, grpc::StatusCode code,
               std::string_view message, int http_status = 0);

// A failed gRPC call (or a failed check that returns a grpc::Status): its
// code and message; the code's name if the message is empty. gRPC's own
// report of a failed connection (UNAVAILABLE naming the backend's address)
// goes to stderr, and the client gets "the gRPC server is not reachable".
void SendError(httplib::Response& response, const grpc::Status& status);

// `status` as the HTTP server's clients may see it: gRPC's report of a failed
// connection is logged and becomes "the gRPC server is not reachable".
grpc::Status PublicStatus(const grpc::Status& status);

}  // namespace common

#endif  // COMMON_HTTP_JSON_RESPONSE_H_
