#include "meter-demo/meter_text.h"

#include <absl/time/time.h>

#include <algorithm>

namespace meter {
namespace {

// What google.protobuf.Timestamp can hold: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

// RFC 3339 with "Z"; %E*S prints a fraction only when there is one.
constexpr char kRfc3339Utc[] = "%Y-%m-%d%ET%H:%M:%E*SZ";

}  // namespace

bool IsMeterIdCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

std::string Quoted(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  if (text.size() > kMaxShown) {
    return "'" + std::string(text.substr(0, kMaxShown)) + "...'";
  }
  return "'" + std::string(text) + "'";
}

bool ParseRfc3339(std::string_view text, google::protobuf::Timestamp* time,
                  std::string* error) {
  std::string input(text);
  // An unencoded '+' in a query string arrives as a space.
  std::replace(input.begin(), input.end(), ' ', '+');
  absl::Time parsed;
  std::string parse_error;
  // absl::ParseTime reads a C string: a NUL would cut the text short and let
  // what follows it pass unread.
  if (input.find('\0') != std::string::npos ||
      !absl::ParseTime(absl::RFC3339_full, input, &parsed, &parse_error)) {
    *error =
        Quoted(text) + " is not an RFC 3339 time such as 2019-01-01T00:00:00Z";
    return false;
  }
  const int64_t seconds = absl::ToUnixSeconds(parsed);  // rounds down
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    *error = Quoted(text) + " is outside the years 1 to 9999";
    return false;
  }
  time->set_seconds(seconds);
  time->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(parsed - absl::FromUnixSeconds(seconds))));
  return true;
}

std::string FormatRfc3339(const google::protobuf::Timestamp& time) {
  return absl::FormatTime(
      kRfc3339Utc,
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()),
      absl::UTCTimeZone());
}

std::string FormatRfc3339(int64_t seconds) {
  return absl::FormatTime(kRfc3339Utc, absl::FromUnixSeconds(seconds),
                          absl::UTCTimeZone());
}

bool ParseResolution(std::string_view text, v1::Resolution* resolution,
                     std::string* error) {
  if (text == "raw") {
    *resolution = v1::RESOLUTION_RAW;
  } else if (text == "15min") {
    *resolution = v1::RESOLUTION_15_MINUTES;
  } else if (text == "hourly") {
    *resolution = v1::RESOLUTION_HOURLY;
  } else if (text == "daily") {
    *resolution = v1::RESOLUTION_DAILY;
  } else {
    *error = Quoted(text) + " is not one of raw, 15min, hourly, daily";
    return false;
  }
  return true;
}

std::string_view ResolutionName(v1::Resolution resolution) {
  switch (resolution) {
    case v1::RESOLUTION_15_MINUTES:
      return "15min";
    case v1::RESOLUTION_HOURLY:
      return "hourly";
    case v1::RESOLUTION_DAILY:
      return "daily";
    default:
      return "raw";
  }
}

}  // namespace meter
