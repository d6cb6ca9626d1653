// The view in the address: what a shared link or a reload brings back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readView, writeView } from '../../src/view_state.js';

test('a view survives the round trip through the address', () => {
  const view = {
    meter: 'home', start: Date.UTC(2019, 2, 1), end: Date.UTC(2019, 2, 2),
    resolution: 'hourly', utc: true, live: true,
  };
  const search = writeView(view);
  assert.equal(search,
    '?meter=home&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z&resolution=hourly&tz=utc&live=1');
  assert.deepEqual(readView(search), view);
});

test('defaults are left out of the address', () => {
  assert.equal(writeView({ meter: 'home', resolution: 'auto', utc: false, live: false }), '?meter=home');
});

test('malformed parts are ignored, not errors', () => {
  assert.deepEqual(readView('?meter=no%20spaces&start=yesterday&end=2019-03-02T00:00:00Z&resolution=weekly'),
    { resolution: 'auto', utc: false, live: false });
  // A range that ends before it starts is dropped too.
  assert.deepEqual(readView('?start=2019-03-02T00:00:00Z&end=2019-03-01T00:00:00Z'),
    { resolution: 'auto', utc: false, live: false });
});
