// Realistic sample meter data, so the demo needs no input: a household-like
// load with a daily shape (night low, morning and evening peaks), quieter
// working days than weekends, random noise and a few missing readings.
// The same seed always gives the same data.
#ifndef METER_DEMO_SAMPLE_DATA_H_
#define METER_DEMO_SAMPLE_DATA_H_

#include <cstdint>
#include <ostream>
#include <vector>

#include "meter-demo/reading.h"

namespace meter {

struct SampleOptions {
  int64_t start = 1546300800;      // 2019-01-01 00:00:00 UTC
  int64_t interval_seconds = 900;  // 15 minutes, as the users' files have
  int64_t count = 31 * 96;         // a month of 15-minute readings
  // Share of readings that are missing (NaN).
  double missing_fraction = 0.005;
  uint64_t seed = 42;
};

// Reading i is at start + (i + 1) * interval: each row reports the interval
// that ends at its time, as in the users' files (the first is 00:15:00).
std::vector<Reading> GenerateSample(const SampleOptions& options);

// Writes readings in the users' CSV format (header, "YYYY-MM-DD HH:MM:SS",
// values with two decimals, NaN for missing).
void WriteMeterCsv(const std::vector<Reading>& readings, std::ostream& out);

}  // namespace meter

#endif  // METER_DEMO_SAMPLE_DATA_H_
