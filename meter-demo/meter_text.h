// How the meter demo's programs read and write times, resolutions and meter
// ids as text: in URLs (http_server), on command lines (meter_client) and in
// error messages (the gRPC server). One place, so that all of them agree.
#ifndef METER_DEMO_METER_TEXT_H_
#define METER_DEMO_METER_TEXT_H_

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "protos/meter/v1/meter.pb.h"

namespace meter {

// An RFC 3339 time: "2019-01-01T00:15:00Z", "2019-01-01T01:15:00+01:00",
// "2019-01-01T00:15:00.5Z". A space where the offset's '+' belongs (a '+'
// that was not URL-encoded) is taken for '+'. Returns false and explains why
// in `error` if `text` is not one, or lies outside the years 1 to 9999.
bool ParseRfc3339(std::string_view text, google::protobuf::Timestamp* time,
                  std::string* error);

// "2019-01-01T00:15:00Z" (UTC, with a fraction of a second only if there is
// one), as the proto3 JSON mapping writes Timestamps. `time` must be valid.
std::string FormatRfc3339(const google::protobuf::Timestamp& time);
std::string FormatRfc3339(int64_t seconds);

// raw, 15min, hourly or daily. Returns false and explains why in `error`.
bool ParseResolution(std::string_view text, v1::Resolution* resolution,
                     std::string* error);
// The name ParseResolution() reads ("raw" for RESOLUTION_UNSPECIFIED).
std::string_view ResolutionName(v1::Resolution resolution);

// Limits of ListReadingsRequest.max_points (0 means "no limit").
constexpr int32_t kMinMaxPoints = 2;
constexpr int32_t kMaxMaxPoints = 1000000;

// Meter ids are 1 to kMaxMeterIdLength characters, each one for which
// IsMeterIdCharacter() holds: A-Z a-z 0-9 . _ -
constexpr size_t kMaxMeterIdLength = 64;
bool IsMeterIdCharacter(char c);

// `text` in single quotes for an error message, cut after 40 characters.
std::string Quoted(std::string_view text);

}  // namespace meter

#endif  // METER_DEMO_METER_TEXT_H_
