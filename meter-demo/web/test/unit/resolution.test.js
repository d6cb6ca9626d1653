// Which readings the page asks for: a bounded number of points, whatever the
// visible range, and the readings themselves when they fit.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  MAX_POINTS, MIN_POINTS, planRequest, pointBudget, rawPlan, readingInterval, readingsQuery,
} from '../../src/resolution.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const start = Date.UTC(2019, 0, 1);

test('pointBudget is two points per pixel, even and bounded', () => {
  assert.equal(pointBudget(1000), 2000);
  assert.equal(pointBudget(640.4), 1280);
  assert.equal(pointBudget(10), MIN_POINTS);
  assert.equal(pointBudget(100_000), MAX_POINTS);
  assert.equal(pointBudget(NaN), MIN_POINTS);
});

test('auto shows every reading while they fit', () => {
  const plan = planRequest({ start, end: start + DAY, widthPx: 1000, readingIntervalMs: 15 * MINUTE });
  assert.deepEqual(plan, {
    start, end: start + DAY, resolution: 'raw', maxPoints: 2000, kind: 'raw', bucketMs: 15 * MINUTE,
  });
});

test('auto asks for lowest and highest per pixel when they do not fit', () => {
  // A year of minute readings on a 1000 px chart: 525,600 readings, 2000 points.
  const plan = planRequest({ start, end: start + 365 * DAY, widthPx: 1000, readingIntervalMs: MINUTE });
  assert.equal(plan.kind, 'minmax');
  assert.equal(plan.maxPoints, 2000);
  assert.equal(plan.resolution, 'raw');
  assert.equal(plan.bucketMs, (365 * DAY) / 1000);
});

test('zooming in gives a finer resolution, down to the readings', () => {
  const widthPx = 1000;
  const buckets = [365, 30, 7, 1].map((days) => planRequest({
    start, end: start + days * DAY, widthPx, readingIntervalMs: MINUTE,
  }));
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(buckets[i].bucketMs < buckets[i - 1].bucketMs);
    assert.equal(buckets[i].maxPoints, 2000);
  }
  assert.equal(buckets.at(-1).kind, 'raw'); // 1440 readings fit in 2000 points
});

test('sums ask for the visible range itself: the server holds the readings that end in it', () => {
  const plan = planRequest({
    start, end: start + 3 * DAY, widthPx: 800, resolution: 'daily', readingIntervalMs: 15 * MINUTE,
  });
  assert.equal(plan.start, start);
  assert.equal(plan.end, start + 3 * DAY);
  assert.equal(plan.resolution, 'daily');
  assert.equal(plan.kind, 'sum');
  assert.equal(plan.bucketMs, DAY);
});

test('an unknown resolution is auto; an unknown interval never claims raw', () => {
  const plan = planRequest({ start, end: start + DAY, widthPx: 500, resolution: 'weekly' });
  assert.equal(plan.resolution, 'raw');
  assert.equal(plan.kind, 'minmax');
});

test('readingsQuery is what GET /api/v1/readings takes', () => {
  const plan = planRequest({ start, end: start + DAY, widthPx: 500, readingIntervalMs: 15 * MINUTE });
  assert.equal(readingsQuery('home', plan),
    'meter=home&start=2019-01-01T00%3A00%3A00Z&end=2019-01-02T00%3A00%3A00Z&resolution=raw&max_points=1000');
});

test('rawPlan asks for every reading: raw, without max_points (for the CSV export)', () => {
  // Whatever the chart shows (here hourly sums, minmax over a year), the
  // export asks for the readings themselves.
  const query = new URLSearchParams(readingsQuery('home', rawPlan(start + 500, start + DAY + 500)));
  assert.deepEqual([...query.keys()], ['meter', 'start', 'end', 'resolution']);
  assert.equal(query.get('resolution'), 'raw');
  assert.equal(query.get('start'), '2019-01-01T00:00:00Z');
  assert.equal(query.get('end'), '2019-01-02T00:00:00Z');
});

test('readingInterval from GET /api/v1/meters', () => {
  assert.equal(readingInterval({
    readingCount: '35040', firstTime: '2019-01-01T00:15:00Z', lastTime: '2020-01-01T00:00:00Z',
  }), 15 * MINUTE);
  assert.equal(readingInterval({ id: 'empty' }), 0);
  assert.equal(readingInterval({ readingCount: '1', firstTime: '2019-01-01T00:15:00Z',
    lastTime: '2019-01-01T00:15:00Z' }), 0);
});
