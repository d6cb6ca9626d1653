// Fuzzes the meter service's checks of uploaded readings with protobuf
// messages made of any bytes (what a hostile client can send): each reading
// is accepted or refused with a reason, never a crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "meter-demo/reading.h"
#include "meter-demo/request_checks.h"
#include "protos/meter/v1/meter.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  meter::v1::UploadReadingsRequest upload;
  if (!upload.ParseFromArray(data, static_cast<int>(size))) return 0;
  meter::CheckMeterId(upload.meter_id()).ok();
  for (const meter::v1::Reading& reading : upload.readings()) {
    const std::optional<std::string> problem =
        meter::CheckUploadedReading(reading);
    if (problem && problem->empty()) std::abort();  // a refusal says why
    if (!problem && reading.has_value() && !std::isnan(reading.value()) &&
        (!std::isfinite(reading.value()) || reading.value() < 0 ||
         reading.value() > meter::kMaxReadingKwh)) {
      std::abort();  // what meter.proto says a reading may not be
    }
  }
  meter::v1::ListReadingsRequest list;
  if (list.ParseFromArray(data, static_cast<int>(size))) {
    meter::SecondsRange range;
    if (meter::CheckRange(list.has_start(), list.start(), list.has_end(),
                          list.end(), &range)
            .ok() &&
        range.start > range.end) {
      std::abort();  // accepted ends in the wrong order
    }
    int64_t seconds = 0;
    meter::ResolutionSeconds(list.resolution(), &seconds).ok();
  }
  return 0;
}
