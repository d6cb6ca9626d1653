// One meter reading: the energy used in the interval that ends at `time`.
#ifndef METER_DEMO_READING_H_
#define METER_DEMO_READING_H_

#include <cmath>
#include <cstdint>

namespace meter {

// The most one reading may be. Far above any real meter's interval (a
// household's 15 minutes are a few kWh), and small enough that sums of
// years of readings stay finite: larger values (1e308 is a valid double)
// would turn every total into "Infinity".
inline constexpr double kMaxReadingKwh = 1e9;

struct Reading {
  // Seconds since the Unix epoch, UTC.
  int64_t time = 0;
  // kWh in the interval; NaN when the meter has no reading (never 0).
  double kwh = std::nan("");

  bool missing() const { return std::isnan(kwh); }
};

}  // namespace meter

#endif  // METER_DEMO_READING_H_
