#include "common/http/json_response.h"

#include <iostream>
#include <utility>

#include "common/http/http_status.h"

namespace common {

void SendJson(httplib::Response& response, int http_status, std::string json) {
  response.status = http_status;
  // Not set_content(), which would copy the body.
  response.body = std::move(json);
  response.set_header("Content-Type", kJsonContentType);
}

void SendError(httplib::Response& response, grpc::StatusCode code,
               std::string_view message, int http_status) {
  SendJson(response, http_status != 0 ? http_status : HttpStatusFromGrpc(code),
           ErrorJson(code, message));
}

namespace {

// Whether `status` is gRPC's own report of a connection that failed: its
// message names the backend's address ("failed to connect to all
// addresses; last error: ... ipv4:127.0.0.1:50052: ..."), which is for the
// server's log, not for every client of the HTTP server.
bool IsConnectionFailure(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return false;
  const std::string& message = status.error_message();
  for (const char* sign : {"ipv4:", "ipv6:", "unix:", "unix-abstract:",
                           "failed to connect", "DNS resolution failed"}) {
    if (message.find(sign) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

grpc::Status PublicStatus(const grpc::Status& status) {
  if (!IsConnectionFailure(status)) return status;
  std::cerr << "the gRPC server is not reachable: " << status.error_message()
            << std::endl;
  return grpc::Status(status.error_code(),
                      "the gRPC server is not reachable; please try again");
}

void SendError(httplib::Response& response, const grpc::Status& given) {
  const grpc::Status status = PublicStatus(given);
  SendError(response, status.error_code(),
            status.error_message().empty()
                ? std::string_view(GrpcCodeName(status.error_code()))
                : std::string_view(status.error_message()));
}

}  // namespace common
