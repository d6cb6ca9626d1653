#include "meter-demo/downsampling.h"

#include <algorithm>
#include <cmath>

namespace meter {

int64_t IntervalEnd(int64_t time, int64_t interval_seconds) {
  // The smallest multiple of the interval >= time, also for negative times.
  int64_t quotient = time / interval_seconds;
  int64_t remainder = time % interval_seconds;
  if (remainder > 0) ++quotient;
  return quotient * interval_seconds;
}

void AppendAggregated(const Series& in, int64_t interval_seconds, Series* out) {
  for (size_t i = 0; i < in.size(); ++i) {
    int64_t end = IntervalEnd(in.times[i], interval_seconds);
    double value = in.values[i];
    if (out->empty() || out->times.back() != end) {
      out->Append(end, value);
    } else if (!std::isnan(value)) {
      double& sum = out->values.back();
      sum = std::isnan(sum) ? value : sum + value;
    }
  }
}

void RoundSums(Series* series) {
  for (double& value : series->values) value = std::round(value * 1e6) / 1e6;
}

Series DownsampleMinMax(const Series& in, size_t max_points) {
  if (in.size() <= max_points || max_points < 2) return in;
  const size_t intervals = max_points / 2;
  const int64_t first = in.times.front();
  // +1 so that the last reading falls inside the last interval.
  const double span = static_cast<double>(in.times.back() - first) + 1;

  Series out;
  size_t begin = 0;
  while (begin < in.size()) {
    // All readings of the interval that holds in.times[begin].
    size_t bucket =
        static_cast<size_t>((in.times[begin] - first) / span * intervals);
    size_t end = begin;
    size_t low = in.size();
    size_t high = in.size();
    while (end < in.size() && static_cast<size_t>((in.times[end] - first) /
                                                  span * intervals) == bucket) {
      double value = in.values[end];
      if (!std::isnan(value)) {
        if (low == in.size() || value < in.values[low]) low = end;
        if (high == in.size() || value > in.values[high]) high = end;
      }
      ++end;
    }
    if (low == in.size()) {
      out.Append(in.times[begin], in.values[begin]);  // all missing: a gap
    } else {
      size_t earlier = std::min(low, high);
      size_t later = std::max(low, high);
      out.Append(in.times[earlier], in.values[earlier]);
      if (later != earlier) out.Append(in.times[later], in.values[later]);
    }
    begin = end;
  }
  return out;
}

}  // namespace meter
