// Readings from the API and how missing ones become gaps, never zeros.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  emptySeries, gaps, linePoints, nearestIndex, parseReadings, segmentCount, typicalStep,
} from '../../src/series.js';

const Q = 15 * 60_000;
const t0 = Date.UTC(2019, 2, 1, 0, 15);
const series = (values, times = values.map((_, i) => t0 + i * Q)) => ({ times, values });

test('parseReadings: a missing reading has no value and becomes NaN, not 0', () => {
  const parsed = parseReadings({ readings: [
    { time: '2019-03-01T00:15:00Z', value: 55.09 },
    { time: '2019-03-01T00:30:00Z' },
    { time: '2019-03-01T00:45:00Z', value: 0 },
  ] });
  assert.deepEqual(parsed.times, [t0, t0 + Q, t0 + 2 * Q]);
  assert.equal(parsed.values[0], 55.09);
  assert.ok(Number.isNaN(parsed.values[1]));
  assert.equal(parsed.values[2], 0); // a real zero stays a zero
});

test('parseReadings: an empty list is {} in proto3 JSON', () => {
  assert.deepEqual(parseReadings({}), emptySeries());
  assert.deepEqual(emptySeries(), { times: [], values: [] });
});

test('linePoints breaks the line at missing readings', () => {
  const points = linePoints(series([1, NaN, NaN, 4, 5]), 1.5 * Q);
  assert.deepEqual(points.map((p) => p.v), [1, null, null, 4, 5]);
  assert.equal(segmentCount(points), 2);
});

test('linePoints breaks the line across a hole in time', () => {
  const times = [t0, t0 + Q, t0 + 10 * Q, t0 + 11 * Q];
  const points = linePoints(series([1, 2, 3, 4], times), 1.5 * Q);
  assert.equal(points.length, 5);
  assert.equal(points[2].v, null);
  assert.equal(segmentCount(points), 2);
  // Without a limit, the hole is bridged.
  assert.equal(segmentCount(linePoints(series([1, 2, 3, 4], times))), 1);
});

test('gaps run from the last reading before to the first after, with counts', () => {
  const s = series([1, NaN, NaN, 4, 5, NaN]);
  assert.deepEqual(gaps(s, 1.5 * Q), [
    { from: t0, to: t0 + 3 * Q, missing: 2 },
    { from: t0 + 4 * Q, to: t0 + 5 * Q, missing: 1 },
  ]);
  const holes = series([1, 2, 3], [t0, t0 + 5 * Q, t0 + 6 * Q]);
  assert.deepEqual(gaps(holes, 1.5 * Q), [{ from: t0, to: t0 + 5 * Q, missing: 0 }]);
  assert.deepEqual(gaps(series([1, 2, 3]), 1.5 * Q), []);
});

test('typicalStep is the median step', () => {
  assert.equal(typicalStep([t0, t0 + Q, t0 + 2 * Q, t0 + 10 * Q]), Q);
  assert.equal(typicalStep([t0]), 0);
});

test('nearestIndex', () => {
  const times = [t0, t0 + Q, t0 + 2 * Q];
  assert.equal(nearestIndex(times, t0 - Q), 0);
  assert.equal(nearestIndex(times, t0 + 0.4 * Q), 0);
  assert.equal(nearestIndex(times, t0 + 0.6 * Q), 1);
  assert.equal(nearestIndex(times, t0 + 9 * Q), 2);
  assert.equal(nearestIndex([], t0), -1);
});
