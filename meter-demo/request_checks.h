// Validation of meter.v1 requests, shared by every RPC, so that each bad
// request gets the same status and a message that says what was wrong.
#ifndef METER_DEMO_REQUEST_CHECKS_H_
#define METER_DEMO_REQUEST_CHECKS_H_

#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "meter-demo/meter_data.h"
#include "protos/meter/v1/meter.pb.h"

namespace meter {

// Times outside these years are rejected as absurd: [1900-01-01, 2200-01-01).
constexpr int64_t kEarliestTime = -2208988800;
constexpr int64_t kLatestTime = 7258118400;

// The reading times a request's range holds, in whole seconds: [start, end).
struct SecondsRange {
  int64_t start = 0;
  int64_t end = 0;
};

// INVALID_ARGUMENT unless `meter_id` is 1 to 64 characters of [A-Za-z0-9._-].
grpc::Status CheckMeterId(const std::string& meter_id);

// CheckMeterId, then NOT_FOUND unless `data` has the meter.
// A MeterData failure (the database's) as the call's status.
grpc::Status FromDataStatus(const absl::Status& status);

grpc::Status CheckKnownMeter(const MeterData& data,
                             const std::string& meter_id);

// Checks that both ends are set, valid, within the supported years and in
// order, and converts them to the reading times the range holds (those with
// start < time <= end: see meter.proto).
grpc::Status CheckRange(bool has_start,
                        const google::protobuf::Timestamp& start, bool has_end,
                        const google::protobuf::Timestamp& end,
                        SecondsRange* range);

// The interval length of a resolution in seconds, 0 for raw; INVALID_ARGUMENT
// for a value this server does not know.
grpc::Status ResolutionSeconds(int resolution, int64_t* seconds);

// Why a reading from an upload cannot be stored, or nullopt if it can.
std::optional<std::string> CheckUploadedReading(const v1::Reading& reading);

}  // namespace meter

#endif  // METER_DEMO_REQUEST_CHECKS_H_
