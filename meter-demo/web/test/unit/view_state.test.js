// The view in the address: what a shared link or a reload brings back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readView, writeView } from '../../src/view_state.js';

test('a view survives the round trip through the address', () => {
  const view = {
    meter: 'home', start: Date.UTC(2019, 2, 1), end: Date.UTC(2019, 2, 2),
    resolution: 'hourly', utc: true, live: true, transport: 'grpc-web',
  };
  const search = writeView(view);
  assert.equal(search,
    '?meter=home&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z&resolution=hourly&tz=utc&live=1'
    + '&transport=grpc-web');
  assert.deepEqual(readView(search), view);
});

test('defaults are left out of the address', () => {
  assert.equal(writeView({
    meter: 'home', resolution: 'auto', utc: false, live: false, transport: 'json',
  }), '?meter=home');
});

test('malformed parts are left out, and each is told in a sentence', () => {
  const problems = [];
  assert.deepEqual(
    readView('?meter=no%20spaces&start=yesterday&end=2019-03-02T00:00:00Z&resolution=weekly',
      problems),
    { resolution: 'auto', utc: false, live: false, transport: 'json' });
  assert.deepEqual(problems, [
    "The resolution 'weekly' is not one of auto, 15min, hourly, daily: showing auto.",
    "'no spaces' is not a meter id (1 to 64 characters from A-Z a-z 0-9 . _ -).",
    "The start 'yesterday' is not a time (such as 2019-03-01T00:00:00Z): showing the default range.",
  ]);
  // A range that ends before it starts is dropped too, and so is half a range.
  const more = [];
  assert.deepEqual(readView('?start=2019-03-02T00:00:00Z&end=2019-03-01T00:00:00Z', more),
    { resolution: 'auto', utc: false, live: false, transport: 'json' });
  readView('?end=2019-03-01T00:00:00Z&tz=mars&metre=home', more);
  assert.deepEqual(more, [
    "The start '2019-03-02T00:00:00Z' is not before the end '2019-03-01T00:00:00Z': "
      + 'showing the default range.',
    "The time zone 'mars' is not utc or local: showing local time.",
    'The address has a start or an end but not both: showing the default range.',
    "'metre' is not part of a view (meter, start, end, resolution, tz, live, transport): ignored.",
  ]);
});

test('the transport is json or grpc-web', () => {
  const problems = [];
  assert.equal(readView('?transport=grpc-web', problems).transport, 'grpc-web');
  assert.equal(readView('?transport=soap', problems).transport, 'json');
  assert.deepEqual(problems, ["The transport 'soap' is not json or grpc-web: using json."]);
});

test('only real resolutions, and live is 1 or 0', () => {
  const problems = [];
  assert.equal(readView('?resolution=toString&live=yes', problems).resolution, 'auto');
  assert.deepEqual(problems, [
    "live='yes' is not 1 or 0: not live.",
    "The resolution 'toString' is not one of auto, 15min, hourly, daily: showing auto.",
  ]);
});

test('a good address has no problems', () => {
  const problems = [];
  readView('?meter=home&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z&resolution=daily'
    + '&tz=utc&live=1', problems);
  assert.deepEqual(problems, []);
});
