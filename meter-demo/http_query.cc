#include "meter-demo/http_query.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <optional>

#include "common/http/server_setup.h"
#include "meter-demo/meter_text.h"

namespace meter {
namespace {

grpc::Status BadParameter(std::string_view name, std::string_view problem) {
  return grpc::Status(
      grpc::StatusCode::INVALID_ARGUMENT,
      "query parameter '" + std::string(name) + "': " + std::string(problem));
}

// The first value of query parameter `name`, if it is there.
std::optional<std::string> Param(const httplib::Request& request,
                                 const char* name) {
  if (!request.has_param(name)) return std::nullopt;
  return request.get_param_value(name);
}

// The required time parameter `name`.
grpc::Status TimeParam(const httplib::Request& request, const char* name,
                       google::protobuf::Timestamp* time) {
  std::optional<std::string> text = Param(request, name);
  if (!text) {
    return BadParameter(
        name, "required; an RFC 3339 time such as 2019-01-01T00:00:00Z");
  }
  std::string error;
  if (!ParseRfc3339(*text, time, &error)) return BadParameter(name, error);
  return grpc::Status::OK;
}

// The optional `meter` parameter (else the default meter).
grpc::Status MeterParam(const httplib::Request& request,
                        const std::string& default_meter,
                        std::string* meter_id) {
  std::optional<std::string> text = Param(request, "meter");
  *meter_id = text ? *text : default_meter;
  std::string error;
  if (!IsValidMeterId(*meter_id, &error)) return BadParameter("meter", error);
  return grpc::Status::OK;
}

// The optional `resolution` parameter (else raw).
grpc::Status ResolutionParam(const httplib::Request& request,
                             v1::Resolution* resolution) {
  *resolution = v1::RESOLUTION_RAW;
  std::optional<std::string> text = Param(request, "resolution");
  std::string error;
  if (text && !ParseResolution(*text, resolution, &error)) {
    return BadParameter("resolution", error);
  }
  return grpc::Status::OK;
}

// Runs the checks in order; the first failure wins.
grpc::Status FirstError(std::initializer_list<grpc::Status> checks) {
  for (const grpc::Status& status : checks) {
    if (!status.ok()) return status;
  }
  return grpc::Status::OK;
}

}  // namespace

grpc::Status ReadReadingsQuery(const httplib::Request& request,
                               const std::string& default_meter,
                               v1::ListReadingsRequest* call) {
  v1::Resolution resolution;
  grpc::Status status = FirstError(
      {common::CheckQueryParameters(
           request, {"start", "end", "resolution", "max_points", "meter"}),
       TimeParam(request, "start", call->mutable_start()),
       TimeParam(request, "end", call->mutable_end()),
       ResolutionParam(request, &resolution),
       MeterParam(request, default_meter, call->mutable_meter_id())});
  if (!status.ok()) return status;
  call->set_resolution(resolution);
  if (std::optional<std::string> text = Param(request, "max_points")) {
    int32_t max_points = 0;
    std::string error;
    if (!ParseMaxPoints(*text, &max_points, &error)) {
      return BadParameter("max_points", error);
    }
    call->set_max_points(max_points);
  }
  return grpc::Status::OK;
}

grpc::Status ReadSummaryQuery(const httplib::Request& request,
                              const std::string& default_meter,
                              v1::GetSummaryRequest* call) {
  return FirstError(
      {common::CheckQueryParameters(request, {"start", "end", "meter"}),
       TimeParam(request, "start", call->mutable_start()),
       TimeParam(request, "end", call->mutable_end()),
       MeterParam(request, default_meter, call->mutable_meter_id())});
}

grpc::Status ReadLiveQuery(const httplib::Request& request,
                           const std::string& default_meter,
                           v1::SubscribeRequest* call) {
  v1::Resolution resolution;
  grpc::Status status = FirstError(
      {common::CheckQueryParameters(request, {"meter", "resolution"}),
       MeterParam(request, default_meter, call->mutable_meter_id()),
       ResolutionParam(request, &resolution)});
  if (status.ok()) call->set_resolution(resolution);
  return status;
}

grpc::Status ReadNoQuery(const httplib::Request& request) {
  return common::CheckQueryParameters(request, {});
}

bool ParseMaxPoints(std::string_view text, int32_t* max_points,
                    std::string* error) {
  int64_t value = 0;
  auto [end, status] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size() ||
      !(value == 0 || (value >= kMinMaxPoints && value <= kMaxMaxPoints))) {
    *error = Quoted(text) + " is not 0 (no limit) or a number from " +
             std::to_string(kMinMaxPoints) + " to " +
             std::to_string(kMaxMaxPoints);
    return false;
  }
  *max_points = static_cast<int32_t>(value);
  return true;
}

bool IsValidMeterId(std::string_view text, std::string* error) {
  bool valid = !text.empty() && text.size() <= kMaxMeterIdLength &&
               std::all_of(text.begin(), text.end(), IsMeterIdCharacter);
  if (!valid) {
    *error = Quoted(text) +
             " is not a meter id (1 to 64 characters from A-Z a-z 0-9 . _ -)";
  }
  return valid;
}

}  // namespace meter
