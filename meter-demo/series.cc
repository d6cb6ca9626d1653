#include "meter-demo/series.h"

#include <algorithm>

namespace meter {

void Series::clear() {
  times.clear();
  values.clear();
}

void Series::Append(int64_t time, double value) {
  times.push_back(time);
  values.push_back(value);
}

size_t Series::LowerBound(int64_t time) const {
  return std::lower_bound(times.begin(), times.end(), time) - times.begin();
}

void Series::Upsert(const std::vector<Reading>& readings) {
  // Sort the new readings by time, keeping upload order among equal times
  // so that the last one wins below.
  std::vector<Reading> sorted(readings);
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const Reading& a, const Reading& b) { return a.time < b.time; });

  // Fast path: everything is newer than what we have.
  if (!sorted.empty() && (empty() || sorted.front().time > times.back())) {
    for (const Reading& reading : sorted) {
      if (!empty() && times.back() == reading.time) {
        values.back() = reading.kwh;
      } else {
        Append(reading.time, reading.kwh);
      }
    }
    return;
  }

  // General case: merge the two sorted columns.
  Series merged;
  merged.times.reserve(size() + sorted.size());
  merged.values.reserve(size() + sorted.size());
  size_t old_index = 0;
  size_t new_index = 0;
  while (old_index < size() || new_index < sorted.size()) {
    bool take_new =
        old_index == size() || (new_index < sorted.size() &&
                                sorted[new_index].time <= times[old_index]);
    if (take_new) {
      const Reading& reading = sorted[new_index++];
      if (old_index < size() && times[old_index] == reading.time) ++old_index;
      if (!merged.empty() && merged.times.back() == reading.time) {
        merged.values.back() = reading.kwh;
      } else {
        merged.Append(reading.time, reading.kwh);
      }
    } else {
      merged.Append(times[old_index], values[old_index]);
      ++old_index;
    }
  }
  *this = std::move(merged);
}

}  // namespace meter
