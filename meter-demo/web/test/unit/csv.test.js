// CSV export: the users' own format, so an export can be uploaded again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exportFileName, toCsv } from '../../src/csv.js';

const t0 = Date.UTC(2019, 0, 1, 0, 15);

test('toCsv writes time,meterusage rows in UTC with NaN for missing', () => {
  const csv = toCsv({ times: [t0, t0 + 900_000, t0 + 1_800_000], values: [55.09, NaN, 0.1 + 0.2] });
  assert.equal(csv, [
    'time,meterusage',
    '2019-01-01 00:15:00,55.09',
    '2019-01-01 00:30:00,NaN',
    '2019-01-01 00:45:00,0.30000000000000004',
    '',
  ].join('\n'));
});

test('toCsv writes each value so that reading it back gives the same number', () => {
  const values = [0, 1e-7, 123456.789, 0.1 + 0.2, 2 ** 53 + 2, 55.090000000000004];
  const csv = toCsv({ times: values.map((_, i) => t0 + i * 900_000), values });
  const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
  assert.deepEqual(rows.map(([, value]) => Number(value)), values);
  assert.deepEqual(rows.map(([time]) => Date.parse(`${time.replace(' ', 'T')}Z`)),
    values.map((_, i) => t0 + i * 900_000));
});

test('toCsv of nothing is the header alone', () => {
  assert.equal(toCsv({ times: [], values: [] }), 'time,meterusage\n');
});

test('exportFileName names the meter, the range and what the points are', () => {
  assert.equal(exportFileName('home', Date.UTC(2019, 2, 1), Date.UTC(2019, 2, 2), 'raw', 'csv'),
    'home_2019-03-01T0000Z_2019-03-02T0000Z_raw.csv');
  assert.equal(exportFileName('a/b c', 0, 60_000, 'min max', 'png'),
    'a-b-c_1970-01-01T0000Z_1970-01-01T0001Z_min-max.png');
});
