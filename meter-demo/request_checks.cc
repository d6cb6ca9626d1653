#include "meter-demo/request_checks.h"

#include <absl/strings/str_cat.h>

#include <cmath>

#include "meter-demo/meter_text.h"
#include "meter-demo/reading.h"

namespace meter {
namespace {

grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

bool IsValidTimestamp(const google::protobuf::Timestamp& time) {
  return time.nanos() >= 0 && time.nanos() < 1000000000;
}

std::string Describe(const google::protobuf::Timestamp& time) {
  if (!IsValidTimestamp(time)) {
    return absl::StrCat("{seconds: ", time.seconds(), ", nanos: ", time.nanos(),
                        "}");
  }
  return FormatRfc3339(time);
}

bool InSupportedYears(const google::protobuf::Timestamp& time) {
  return time.seconds() >= kEarliestTime && time.seconds() < kLatestTime;
}

}  // namespace

grpc::Status CheckMeterId(const std::string& meter_id) {
  if (meter_id.empty()) return InvalidArgument("meter_id is required");
  if (meter_id.size() > kMaxMeterIdLength) {
    return InvalidArgument(absl::StrCat("meter_id is ", meter_id.size(),
                                        " characters long; the limit is ",
                                        kMaxMeterIdLength));
  }
  for (char c : meter_id) {
    if (!IsMeterIdCharacter(c)) {
      return InvalidArgument(
          "meter_id '" + meter_id +
          "' may only contain letters, digits, '.', '_' and '-'");
    }
  }
  return grpc::Status::OK;
}

grpc::Status FromDataStatus(const absl::Status& status) {
  // absl's codes are gRPC's, number for number.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

grpc::Status CheckKnownMeter(const MeterData& data,
                             const std::string& meter_id) {
  grpc::Status status = CheckMeterId(meter_id);
  if (!status.ok()) return status;
  absl::StatusOr<bool> known = data.HasMeter(meter_id);
  if (!known.ok()) return FromDataStatus(known.status());
  if (!*known) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "meter '" + meter_id + "' not found");
  }
  return grpc::Status::OK;
}

grpc::Status CheckRange(bool has_start,
                        const google::protobuf::Timestamp& start, bool has_end,
                        const google::protobuf::Timestamp& end,
                        SecondsRange* range) {
  if (!has_start) return InvalidArgument("start is required");
  if (!has_end) return InvalidArgument("end is required");
  for (const auto& [name, time] :
       {std::pair{"start", &start}, std::pair{"end", &end}}) {
    if (!IsValidTimestamp(*time)) {
      return InvalidArgument(absl::StrCat(name, " ", Describe(*time),
                                          " is not a valid timestamp"));
    }
    if (!InSupportedYears(*time)) {
      return InvalidArgument(absl::StrCat(
          name, " ", Describe(*time), " is outside the years 1900 to 2199"));
    }
  }
  if (std::make_pair(start.seconds(), start.nanos()) >=
      std::make_pair(end.seconds(), end.nanos())) {
    return InvalidArgument(absl::StrCat("start ", Describe(start),
                                        " must be before end ", Describe(end)));
  }
  // [START reading_range]
  // A reading measures the interval that ends at its time, so the readings
  // of the time from start to end are those with start < t <= end: the
  // day from midnight to midnight holds the readings at 00:15 ... 24:00.
  // Readings are at whole seconds, so both t > start and t > start.5 mean
  // t >= start + 1, and both t <= end and t <= end.5 mean t < end + 1.
  range->start = start.seconds() + 1;
  range->end = end.seconds() + 1;
  // [END reading_range]
  return grpc::Status::OK;
}

grpc::Status ResolutionSeconds(int resolution, int64_t* seconds) {
  switch (resolution) {
    case v1::RESOLUTION_UNSPECIFIED:
    case v1::RESOLUTION_RAW:
      *seconds = 0;
      return grpc::Status::OK;
    case v1::RESOLUTION_15_MINUTES:
      *seconds = 15 * 60;
      return grpc::Status::OK;
    case v1::RESOLUTION_HOURLY:
      *seconds = 60 * 60;
      return grpc::Status::OK;
    case v1::RESOLUTION_DAILY:
      *seconds = 24 * 60 * 60;
      return grpc::Status::OK;
  }
  return InvalidArgument(
      absl::StrCat("resolution ", resolution, " is not a known resolution"));
}

std::optional<std::string> CheckUploadedReading(const v1::Reading& reading) {
  if (!reading.has_time()) return "time is missing";
  const google::protobuf::Timestamp& time = reading.time();
  if (!IsValidTimestamp(time))
    return "time " + Describe(time) + " is not a valid timestamp";
  if (time.nanos() != 0) {
    return "time " + Describe(time) +
           " has a fraction of a second; times are whole seconds";
  }
  if (!InSupportedYears(time)) {
    return "time " + Describe(time) + " is outside the years 1900 to 2199";
  }
  if (reading.has_value() && !std::isnan(reading.value())) {
    if (std::isinf(reading.value())) {
      return absl::StrCat("value ", reading.value(), " is not finite");
    }
    if (reading.value() < 0)
      return absl::StrCat("value ", reading.value(), " is negative");
    if (reading.value() > kMaxReadingKwh) {
      return absl::StrCat("value ", reading.value(),
                          " is more than a reading can be (1e9 kWh)");
    }
  }
  return std::nullopt;
}

}  // namespace meter
