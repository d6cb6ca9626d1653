// Fuzzes the CSV import with any bytes: it must report problems, never
// crash, and what it accepts must be readings a store can take.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "meter-demo/csv_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const meter::CsvParseResult result = meter::ParseMeterCsv(text);
  for (const meter::Reading& reading : result.readings) {
    // A value is a finite number within the limit, or missing (NaN).
    if (!reading.missing() && (!std::isfinite(reading.kwh) ||
                               std::abs(reading.kwh) > meter::kMaxReadingKwh)) {
      std::abort();
    }
  }
  return 0;
}
