#include "common/http/json_response.h"

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

void SendError(httplib::Response& response, const grpc::Status& status) {
  SendError(response, status.error_code(),
            status.error_message().empty()
                ? std::string_view(GrpcCodeName(status.error_code()))
                : std::string_view(status.error_message()));
}

}  // namespace common
