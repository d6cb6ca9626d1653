// The dashboard over gRPC-Web (?transport=grpc-web) in Debian's Chromium,
// against the real meter servers on loopback: the browser calls
// meter.v1.MeterService through the HTTP server's gateway. The charts must
// equal the JSON API's, live readings must arrive over WatchReadings, a
// stream the page ends must be cancelled on the gRPC server (its
// --log_calls lines say so), and failures must show the error banner.
//
// Environment (set by run_e2e.sh): GRPC_SERVER, HTTP_SERVER, TESTDATA;
// optional CHROMIUM, TEST_TMPDIR, TEST_UNDECLARED_OUTPUTS_DIR.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chartData, launchChromium, openPage as openPageOf, settled } from './browser.js';
import { Server, uploadCsv } from './servers.js';

const env = process.env;
const KNOWN_DAY = '?meter=known&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z';
const HOME_MONTH = '?meter=home&start=2019-06-01T00:00:00Z&end=2019-07-01T00:00:00Z';

let workDir;
let grpcServer;
let httpServer;
let baseUrl;
let browser;

function startGrpcServer(port = 0) {
  return Server.start('gRPC server', env.GRPC_SERVER, [
    '--host=127.0.0.1', `--port=${port}`, `--db=${path.join(workDir, 'meter.db')}`,
    '--log_calls',
  ]);
}

function startHttpServer(port = 0) {
  return Server.start('HTTP server', env.HTTP_SERVER, [
    '--host=127.0.0.1', `--port=${port}`, `--grpc_target=${grpcServer.address}`,
  ]);
}

before(async () => {
  workDir = await mkdtemp(path.join(env.TEST_TMPDIR ?? tmpdir(), 'grpc-web-e2e-'));
  grpcServer = await startGrpcServer();
  httpServer = await startHttpServer();
  baseUrl = httpServer.address;
  const knownCsv = await readFile(path.join(env.TESTDATA, 'known_day.csv'));
  await uploadCsv(baseUrl, 'known', knownCsv);
  await uploadCsv(baseUrl, 'live', knownCsv);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await httpServer?.stop();
  await grpcServer?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function openPage(t, query) {
  return openPageOf(browser, baseUrl, t, query);
}

// What the page drew: the line's SVG path, the chart's counts and the
// summary tiles.
async function drawing(page) {
  const { generation, ...data } = await chartData(page);
  const line = await page.locator('#chart .chart-main path.line').getAttribute('d');
  const overview = await page.locator('#chart .overview-line').getAttribute('d');
  const summary = await page.locator('.summary').textContent();
  return { data, line, overview, summary: summary.replace(/\s+/g, ' ') };
}

// The paths of the requests the page makes from now on.
function requestPaths(page) {
  const paths = [];
  page.on('request', (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

describe('meter dashboard over gRPC-Web', () => {
  for (const [name, view] of [['the known day', KNOWN_DAY], ['a month of the sample', HOME_MONTH]]) {
    test(`draws ${name} exactly as over the JSON API`, async (t) => {
      const jsonPage = await openPage(t, view);
      const overJson = await drawing(jsonPage);

      const page = await openPage(t, null);
      const paths = requestPaths(page);
      await page.goto(`${baseUrl}/${view}&transport=grpc-web`);
      await settled(page, 0);
      assert.deepEqual(await drawing(page), overJson);
      assert.ok(paths.includes('/meter.v1.MeterService/ListReadings'), paths.join(' '));
      assert.ok(paths.includes('/meter.v1.MeterService/GetSummary'), paths.join(' '));
      assert.ok(!paths.some((p) => p.startsWith('/api/')), paths.join(' '));
    });
  }

  test('the API switch changes the transport, keeps the view and the drawing', async (t) => {
    const page = await openPage(t, KNOWN_DAY);
    const overJson = await drawing(page);
    const paths = requestPaths(page);
    const generation = Number((await chartData(page)).generation);
    await page.selectOption('#transport', 'grpc-web');
    await settled(page, generation);
    assert.match(page.url(), /transport=grpc-web/);
    assert.deepEqual(await drawing(page), overJson);
    assert.ok(paths.includes('/meter.v1.MeterService/ListMeters'), paths.join(' '));
  });

  test('live readings arrive over WatchReadings, and turning live off cancels the call '
    + 'on the gRPC server', async (t) => {
    const page = await openPage(t,
      '?meter=live&start=2019-03-01T12:00:00Z&end=2019-03-02T06:00:00Z&tz=utc&live=1'
      + '&transport=grpc-web');
    await page.waitForSelector('#live[data-state="live"]');
    const before = await chartData(page);
    assert.equal(before.points, '48'); // 12:15 .. 24:00
    await uploadCsv(baseUrl, 'live', 'time,meterusage\n2019-03-02 00:15:00,77.7\n');
    const data = await settled(page, Number(before.generation));
    assert.equal(data.points, '49');
    await page.waitForFunction(() => document.querySelector('#sum-max').textContent === '77.7 kWh');

    await page.click('#live');
    // The browser aborts its fetch; the gateway sees the connection close
    // and cancels the call it made.
    await grpcServer.waitForLine(/WatchReadings.* code=CANCELLED/);
  });

  // Opens the known day over gRPC-Web, stops a server, and checks that the
  // next load shows `message` in the error banner, and that Retry recovers
  // once `restart` has brought the server back.
  async function bannerThenRetry(t, stop, restart, message) {
    const page = await openPage(t, `${KNOWN_DAY}&transport=grpc-web`);
    const banner = page.locator('#error');
    await stop();
    await page.getByRole('button', { name: 'Day' }).click();
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.textContent(), message);
    await restart();
    const generation = Number((await chartData(page)).generation);
    await page.getByRole('button', { name: 'Retry' }).click();
    await settled(page, generation);
    await banner.waitFor({ state: 'hidden' });
  }

  test('with the gRPC server down, the banner says so, and Retry recovers', async (t) => {
    const port = grpcServer.port;
    await bannerThenRetry(t, () => grpcServer.kill(),
      async () => { grpcServer = await startGrpcServer(port); },
      /UNAVAILABLE: the gRPC server is not reachable; please try again/);
  });

  test('with the HTTP server down, the banner says the server cannot be reached',
    async (t) => {
      const port = httpServer.port;
      await bannerThenRetry(t, () => httpServer.kill(),
        async () => { httpServer = await startHttpServer(port); },
        /Cannot reach the meter server/);
    });
});
