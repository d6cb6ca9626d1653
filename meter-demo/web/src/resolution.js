// Which readings to ask the server for, so that a year of minute readings
// draws as fast as a day: the page asks for a bounded number of points, about
// two per pixel of chart width, whatever the visible range.

import { MINUTE, HOUR, DAY, toRfc3339 } from './time.js';

// What the resolution control offers. `auto` shows the readings themselves
// while they fit the chart, and otherwise the lowest and highest reading per
// pixel (the server's max_points), so peaks and gaps stay visible. The
// others are the server's sums per interval, as a bill shows them.
export const RESOLUTIONS = {
  auto: { label: 'Auto', param: 'raw', intervalMs: 0 },
  '15min': { label: '15-minute sums', param: '15min', intervalMs: 15 * MINUTE },
  hourly: { label: 'Hourly sums', param: 'hourly', intervalMs: HOUR },
  daily: { label: 'Daily sums', param: 'daily', intervalMs: DAY },
};

// The server accepts max_points from 2 to 1,000,000; a chart needs far fewer.
export const MIN_POINTS = 100;
export const MAX_POINTS = 4000;

// Two points (a lowest and a highest reading) per pixel column, as an even
// number within [MIN_POINTS, MAX_POINTS].
export function pointBudget(widthPx) {
  const points = 2 * Math.round(Number.isFinite(widthPx) ? widthPx : 0);
  return Math.min(MAX_POINTS, Math.max(MIN_POINTS, points));
}

// [START plan_request]
// The request for the visible range [start, end) (ms) on a chart `widthPx`
// wide, for a meter whose readings come every `readingIntervalMs`:
//   { start, end, resolution, maxPoints, kind, bucketMs }
// kind is 'raw' (every reading), 'minmax' (lowest and highest per bucket)
// or 'sum' (sums per interval); bucketMs is the time one point stands for.
export function planRequest({ start, end, widthPx, resolution = 'auto', readingIntervalMs }) {
  const choice = Object.hasOwn(RESOLUTIONS, resolution) ? RESOLUTIONS[resolution] : RESOLUTIONS.auto;
  const maxPoints = pointBudget(widthPx);
  const span = end - start;
  if (choice.intervalMs === 0) {
    const expected = readingIntervalMs > 0 ? span / readingIntervalMs : Infinity;
    const raw = expected <= maxPoints;
    return {
      start, end, resolution: 'raw', maxPoints,
      kind: raw ? 'raw' : 'minmax',
      bucketMs: raw ? readingIntervalMs : span / (maxPoints / 2),
    };
  }
  // Sums are reported at the end of their interval, and the server's range
  // holds the readings that end inside it (start < time <= end), so the
  // interval that ends at `end` is whole: the same readings the summary
  // adds up.
  const intervals = span / choice.intervalMs;
  const fits = intervals <= maxPoints;
  return {
    start, end, resolution: choice.param, maxPoints,
    kind: 'sum',
    bucketMs: fits ? choice.intervalMs : span / (maxPoints / 2),
  };
}
// [END plan_request]

// Every reading of the range (start < time <= end), as stored: what the CSV export asks for, so
// that its file can be uploaded again. No max_points: the server then sends
// them all, up to its limit per answer (1,000,000 readings).
export function rawPlan(start, end) {
  return { start, end, resolution: 'raw', maxPoints: 0, kind: 'raw', bucketMs: 0 };
}

// The query string of GET /api/v1/readings for a plan (without max_points
// when the plan has none).
export function readingsQuery(meter, plan) {
  const query = new URLSearchParams({
    meter, start: toRfc3339(plan.start), end: toRfc3339(plan.end), resolution: plan.resolution,
  });
  if (plan.maxPoints > 0) query.set('max_points', String(plan.maxPoints));
  return query.toString();
}

// The readings' typical interval from a meter's count and first and last
// times (GET /api/v1/meters); 0 if it cannot tell.
export function readingInterval(meter) {
  const count = Number(meter?.readingCount ?? 0);
  const first = Date.parse(meter?.firstTime ?? '');
  const last = Date.parse(meter?.lastTime ?? '');
  if (!(count > 1) || !(last > first)) return 0;
  return (last - first) / (count - 1);
}
