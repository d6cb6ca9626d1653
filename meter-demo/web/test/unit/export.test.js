// Downloads: the object URL outlives the click (Firefox cancels the
// download when it is revoked at once).
import assert from 'node:assert/strict';
import { afterEach, mock, test } from 'node:test';

import { REVOKE_AFTER_MS, download } from '../../src/export.js';

afterEach(() => {
  mock.restoreAll();
  mock.timers.reset();
  delete globalThis.document;
});

test('download clicks a link to the blob and revokes its URL only a second later', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const link = { click: mock.fn(), remove: mock.fn() };
  globalThis.document = { createElement: () => link, body: { append: mock.fn() } };
  mock.method(URL, 'createObjectURL', () => 'blob:export');
  const revoke = mock.method(URL, 'revokeObjectURL', () => {});

  download(new Blob(['time,meterusage\n']), 'home_raw.csv');
  assert.equal(link.href, 'blob:export');
  assert.equal(link.download, 'home_raw.csv');
  assert.equal(link.click.mock.callCount(), 1);
  mock.timers.tick(0);
  assert.equal(revoke.mock.callCount(), 0, 'revoked before the download could start');
  mock.timers.tick(REVOKE_AFTER_MS - 1);
  assert.equal(revoke.mock.callCount(), 0);
  mock.timers.tick(1);
  assert.deepEqual(revoke.mock.calls.map((call) => call.arguments), [['blob:export']]);
});
