// Readings as the page holds them, and how missing ones become gaps.
//
// A series is { times, values }: two arrays of equal length, times in ms
// ascending, values in kWh with NaN where a reading is missing. A missing
// reading is never drawn as 0: the line breaks, and the chart marks the gap.

// GET /api/v1/readings JSON -> series. The proto3 JSON mapping leaves out
// empty fields: an empty list is `{}`, a missing reading has no "value".
export function parseReadings(json) {
  const readings = Array.isArray(json?.readings) ? json.readings : [];
  const times = new Array(readings.length);
  const values = new Array(readings.length);
  readings.forEach((reading, i) => {
    times[i] = Date.parse(reading.time);
    values[i] = typeof reading.value === 'number' ? reading.value : NaN;
  });
  return { times, values };
}

// A series without readings.
export function emptySeries() {
  return { times: [], values: [] };
}

// The median time between neighbouring readings (ms), 0 for fewer than two.
export function typicalStep(times) {
  if (times.length < 2) return 0;
  const steps = [];
  for (let i = 1; i < times.length; i++) steps.push(times[i] - times[i - 1]);
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

// The points a line is drawn through: {t, v} with v === null where the line
// must break. A missing reading breaks it, and so does a hole in time longer
// than `maxStepMs` (readings that are not there at all): without the break,
// the line would run straight across the hole as if it had data.
export function linePoints(series, maxStepMs = Infinity) {
  const points = [];
  const { times, values } = series;
  for (let i = 0; i < times.length; i++) {
    if (i > 0 && times[i] - times[i - 1] > maxStepMs) {
      points.push({ t: (times[i] + times[i - 1]) / 2, v: null });
    }
    points.push({ t: times[i], v: Number.isNaN(values[i]) ? null : values[i] });
  }
  return points;
}

// The stretches without data, for the chart to shade: each runs from the
// last present reading before it to the first present one after it (or the
// series' edge), with the number of missing readings inside.
// [{ from, to, missing }]
export function gaps(series, maxStepMs = Infinity) {
  const result = [];
  const { times, values } = series;
  let open = null;
  let lastPresent = null;
  for (let i = 0; i < times.length; i++) {
    const missing = Number.isNaN(values[i]);
    const hole = i > 0 && times[i] - times[i - 1] > maxStepMs;
    if (hole && !open) open = { from: times[i - 1], to: times[i], missing: 0 };
    if (missing) {
      if (!open) open = { from: lastPresent ?? times[i], to: times[i], missing: 0 };
      open.missing += 1;
      open.to = times[i];
    } else {
      if (open) {
        open.to = times[i];
        result.push(open);
        open = null;
      }
      lastPresent = times[i];
    }
  }
  if (open) result.push(open);
  return result;
}

// How many unbroken pieces the line has.
export function segmentCount(points) {
  let count = 0;
  let inside = false;
  for (const point of points) {
    if (point.v !== null && !inside) count += 1;
    inside = point.v !== null;
  }
  return count;
}

// The index of the reading nearest to time t (-1 for an empty series).
export function nearestIndex(times, t) {
  if (times.length === 0) return -1;
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid] < t) low = mid + 1;
    else high = mid;
  }
  if (low > 0 && t - times[low - 1] <= times[low] - t) return low - 1;
  return low;
}
