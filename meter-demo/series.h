// A meter's readings in memory, in two parallel columns sorted by time:
// the layout ListReadings sends, so a range is copied, not converted.
#ifndef METER_DEMO_SERIES_H_
#define METER_DEMO_SERIES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "meter-demo/reading.h"

namespace meter {

struct Series {
  std::vector<int64_t> times;  // seconds since the epoch, strictly ascending
  std::vector<double> values;  // kWh; NaN for a missing reading

  size_t size() const { return times.size(); }
  bool empty() const { return times.empty(); }
  void clear();
  void Append(int64_t time, double value);

  // Index of the first reading at or after `time`.
  size_t LowerBound(int64_t time) const;

  // Inserts `readings` (in any order); a reading at a time the series
  // already has replaces its value, and the last of several readings at the
  // same time wins. Appending newer readings, the usual case, is O(n) in the
  // new readings only.
  void Upsert(const std::vector<Reading>& readings);
};

}  // namespace meter

#endif  // METER_DEMO_SERIES_H_
