// Turning many readings into fewer: fixed resolutions (sums per interval)
// and "at most N points" for charts (lowest and highest per interval).
#ifndef METER_DEMO_DOWNSAMPLING_H_
#define METER_DEMO_DOWNSAMPLING_H_

#include <cstddef>
#include <cstdint>

#include "meter-demo/series.h"

namespace meter {

// The end of the interval of `interval_seconds` that holds a reading at
// `time`. Intervals are aligned to the epoch (so to UTC midnight for any
// length that divides a day) and, like readings, named by their end:
// readings at 00:15, 00:30, 00:45 and 01:00 make the hour ending 01:00.
int64_t IntervalEnd(int64_t time, int64_t interval_seconds);

// Appends `in` summed per interval to `out`: one value per interval that has
// readings, at IntervalEnd(). The value is the sum of the present readings,
// or NaN if all of them are missing. Because `in` may be one page of a
// longer range, `out`'s last interval is extended if `in` continues it.
void AppendAggregated(const Series& in, int64_t interval_seconds, Series* out);

// Sums of decimal readings pick up binary noise (3662.6100000000006 for
// 3662.61); rounds each value to a millionth of a kWh, far below what any
// meter measures, so that sums print as people expect. NaN stays NaN.
void RoundSums(Series* series);

// Downsamples `in` to at most `max_points` (>= 2) readings that keep the
// picture: the time span of `in` is cut into max_points / 2 equal intervals,
// and each contributes its lowest and highest present reading, in time
// order (one if they are the same). An interval whose readings are all
// missing contributes its first reading, so the gap stays visible. A series
// that already fits is returned as it is.
Series DownsampleMinMax(const Series& in, size_t max_points);

}  // namespace meter

#endif  // METER_DEMO_DOWNSAMPLING_H_
