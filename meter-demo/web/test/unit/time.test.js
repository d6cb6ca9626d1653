// Time parsing and formatting. Run with TZ=Europe/Berlin (the Bazel target
// and `npm test` set it), so that "local" is a zone with daylight saving.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  formatDate, formatDateTime, formatDuration, fromInputValue, localTimeZone, parseTime,
  toInputValue, toRfc3339,
} from '../../src/time.js';

const noon = Date.UTC(2019, 2, 1, 12, 0); // 2019-03-01T12:00:00Z, CET (UTC+1)
const summer = Date.UTC(2019, 6, 1, 12, 0); // CEST (UTC+2)

test('runs in the Europe/Berlin zone', () => {
  assert.equal(localTimeZone(), 'Europe/Berlin');
});

test('parseTime reads RFC 3339 and rejects anything else', () => {
  assert.equal(parseTime('2019-03-01T12:00:00Z'), noon);
  assert.equal(parseTime('2019-03-01T13:00:00+01:00'), noon);
  for (const bad of ['2019-03-01', 'yesterday', '', null, '2019-03-01 12:00:00']) {
    assert.ok(Number.isNaN(parseTime(bad)), String(bad));
  }
});

test('toRfc3339 writes whole seconds in UTC', () => {
  assert.equal(toRfc3339(noon), '2019-03-01T12:00:00Z');
  assert.equal(toRfc3339(noon + 999), '2019-03-01T12:00:00Z');
});

test('formatDateTime shows the viewer\'s zone, or UTC when asked', () => {
  assert.equal(formatDateTime(noon), 'Fri 1 Mar 2019, 13:00 CET');
  assert.equal(formatDateTime(noon, { utc: true }), 'Fri 1 Mar 2019, 12:00 UTC');
  assert.equal(formatDateTime(summer), 'Mon 1 Jul 2019, 14:00 CEST');
  assert.equal(formatDateTime(noon + 30_000, { utc: true }), 'Fri 1 Mar 2019, 12:00:30 UTC');
  assert.equal(formatDateTime(Date.UTC(2019, 0, 1, 0, 0), { utc: true }), 'Tue 1 Jan 2019, 00:00 UTC');
});

test('formatDate is the day in the chosen zone', () => {
  const lateUtc = Date.UTC(2019, 2, 1, 23, 30);
  assert.equal(formatDate(lateUtc, { utc: true }), '1 Mar 2019');
  assert.equal(formatDate(lateUtc), '2 Mar 2019');
});

test('datetime-local input values round-trip in both zones', () => {
  assert.equal(toInputValue(noon), '2019-03-01T13:00');
  assert.equal(toInputValue(noon, { utc: true }), '2019-03-01T12:00');
  assert.equal(fromInputValue('2019-03-01T13:00'), noon);
  assert.equal(fromInputValue('2019-03-01T12:00', { utc: true }), noon);
  assert.equal(fromInputValue('2019-03-01T12:00:30', { utc: true }), noon + 30_000);
  assert.ok(Number.isNaN(fromInputValue('')));
  assert.ok(Number.isNaN(fromInputValue('1 March')));
});

test('formatDuration', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(45_000), '45 s');
  assert.equal(formatDuration(15 * 60_000), '15 min');
  assert.equal(formatDuration(60 * 60_000), '1 h');
  assert.equal(formatDuration((4 * 60 + 45) * 60_000), '4 h 45 min');
  assert.equal(formatDuration(24 * 3600_000), '1 day');
  assert.equal(formatDuration(36 * 3600_000), '1.5 days');
});
