#include "examples/error_details/rich_status.h"

#include <absl/strings/str_format.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/support/error_details.h>

namespace error_details {
namespace {

using google::protobuf::util::TimeUtil;

// [START rich_status]
grpc::Status WithDetails(
    grpc::StatusCode code, const std::string& message,
    const std::vector<const google::protobuf::Message*>& details) {
  google::rpc::Status rich;
  rich.set_code(code);
  rich.set_message(message);
  for (const google::protobuf::Message* detail : details) {
    rich.add_details()->PackFrom(*detail);  // an Any: type URL and bytes
  }
  grpc::Status status;
  // Copies the code and message into `status` and the serialized
  // google.rpc.Status into its error_details, which gRPC sends as the
  // grpc-status-details-bin trailer.
  grpc::SetErrorDetails(rich, &status);
  return status;
}
// [END rich_status]

}  // namespace

grpc::Status BadRequest(const std::string& message,
                        const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const auto& [field, description] : violations) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(description);
  }
  return WithDetails(grpc::StatusCode::INVALID_ARGUMENT, message,
                     {&bad_request});
}

grpc::Status QuotaExceeded(const std::string& subject,
                           const std::string& description,
                           std::chrono::milliseconds retry_after) {
  google::rpc::QuotaFailure quota;
  auto* violation = quota.add_violations();
  violation->set_subject(subject);
  violation->set_description(description);
  google::rpc::RetryInfo retry;
  *retry.mutable_retry_delay() =
      TimeUtil::MillisecondsToDuration(retry_after.count());
  return WithDetails(grpc::StatusCode::RESOURCE_EXHAUSTED, description,
                     {&quota, &retry});
}

// [START extract_rich_status]
bool ExtractRichStatus(const grpc::Status& status, google::rpc::Status* rich) {
  if (status.error_details().empty()) return false;
  // Parses the bytes; fails (not OK) on bytes that are no google.rpc.Status.
  if (!grpc::ExtractErrorDetails(status, rich).ok()) return false;
  // The details belong to this status only if they agree with it.
  return rich->code() == status.error_code();
}

std::vector<std::string> DescribeDetails(const google::rpc::Status& rich) {
  std::vector<std::string> lines;
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::BadRequest bad_request;
    google::rpc::QuotaFailure quota;
    google::rpc::RetryInfo retry;
    if (detail.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        lines.push_back(violation.field() + ": " + violation.description());
      }
    } else if (detail.UnpackTo(&quota)) {
      for (const auto& violation : quota.violations()) {
        lines.push_back("quota of " + violation.subject() + ": " +
                        violation.description());
      }
    } else if (detail.UnpackTo(&retry)) {
      lines.push_back(absl::StrFormat(
          "retry after %.1f s",
          TimeUtil::DurationToMilliseconds(retry.retry_delay()) / 1000.0));
    } else {
      lines.push_back("(a detail of type " + detail.type_url() + ")");
    }
  }
  return lines;
}
// [END extract_rich_status]

}  // namespace error_details
