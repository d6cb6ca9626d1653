// The dashboard in a real browser (Debian's Chromium, driven by
// playwright-core) against the real meter servers on loopback, with known
// data: meter `known` holds one day of 15-minute readings
// (test/testdata/known_day.csv: 12:00 UTC is 42.42 kWh, 06:00 and 06:15 are
// missing), `home` the gRPC server's year of sample data, `big` 1,000,000
// minute readings. Each test saves a screenshot; the performance figures of
// docs/07-web.md are printed as "perf:" lines (measured, not asserted).
//
// Environment (set by run_e2e.sh): GRPC_SERVER, HTTP_SERVER, SAMPLE_CSV,
// METER_CLIENT, TESTDATA; optional CHROMIUM, TEST_TMPDIR, TEST_UNDECLARED_OUTPUTS_DIR.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  chartData, launchChromium, openPage as openPageOf, outputs, settled,
} from './browser.js';
import { Server, output, run, uploadCsv } from './servers.js';

const env = process.env;
const KNOWN_DAY = '?meter=known&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z';
const NOON = Date.parse('2019-03-01T12:00:00Z');
const perf = {};

let workDir;
let grpcServer;
let httpServer;
let baseUrl;
let browser;

function startHttpServer(port = 0) {
  return Server.start('HTTP server', env.HTTP_SERVER, [
    '--host=127.0.0.1', `--port=${port}`, `--grpc_target=${grpcServer.address}`,
    '--live_heartbeat_ms=1000',
  ]);
}

before(async () => {
  workDir = await mkdtemp(path.join(env.TEST_TMPDIR ?? tmpdir(), 'web-e2e-'));
  const bigCsv = path.join(workDir, 'big.csv');
  // The sample year goes into `home` (the server's default without --data).
  const [grpc] = await Promise.all([
    Server.start('gRPC server', env.GRPC_SERVER, [
      '--host=127.0.0.1', '--port=0', `--db=${path.join(workDir, 'meter.db')}`,
    ]),
    run(env.SAMPLE_CSV, ['--count=1000000', '--interval_s=60', `--out=${bigCsv}`]),
  ]);
  grpcServer = grpc;
  httpServer = await startHttpServer();
  baseUrl = httpServer.address;
  const knownCsv = await readFile(path.join(env.TESTDATA, 'known_day.csv'));
  await uploadCsv(baseUrl, 'known', knownCsv);
  await uploadCsv(baseUrl, 'live', knownCsv);
  await uploadCsv(baseUrl, 'big', await readFile(bigCsv));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await httpServer?.stop();
  await grpcServer?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  await writeFile(path.join(outputs, 'perf.json'), `${JSON.stringify(perf, null, 2)}\n`);
});

// A fresh page (browser.js) of the HTTP server.
function openPage(t, query = '', viewport = undefined) {
  return openPageOf(browser, baseUrl, t, query, viewport);
}

// The x position (page pixels) of time `ms` on the main chart.
async function xOf(page, ms) {
  const box = await page.locator('#chart .capture').boundingBox();
  const data = await chartData(page);
  const start = Date.parse(data.viewStart);
  const end = Date.parse(data.viewEnd);
  return { x: box.x + (box.width * (ms - start)) / (end - start), y: box.y + box.height / 2 };
}

// ms -> "2019-03-01T12:00:00Z", as the page writes times into the address.
const rfc3339 = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

// The width in pixels of the main chart's plot.
async function plotWidth(page) {
  return Number(await page.locator('#chart .chart-main .capture').getAttribute('width'));
}

// The start of `meter`'s overview request: its first reading less one interval.
async function overviewStart(meterId) {
  const { meters } = await (await fetch(`${baseUrl}/api/v1/meters`)).json();
  const meter = meters.find((m) => m.id === meterId);
  const first = Date.parse(meter.firstTime);
  const interval = (Date.parse(meter.lastTime) - first) / (Number(meter.readingCount) - 1);
  return rfc3339(first - Math.max(1000, interval));
}

// Drags on the overview from time `from` to time `to` (ms) in `steps` moves.
async function brushOverview(page, from, to, steps) {
  await page.locator('#chart .brush .overlay').scrollIntoViewIfNeeded();
  const overlay = await page.locator('#chart .brush .overlay').boundingBox();
  const extent = await page.locator('#chart').evaluate(
    (chart) => [Date.parse(chart.dataset.extentStart), Date.parse(chart.dataset.extentEnd)]);
  const xAt = (ms) => overlay.x + (overlay.width * (ms - extent[0])) / (extent[1] - extent[0]);
  const y = overlay.y + overlay.height / 2;
  await page.mouse.move(xAt(from), y);
  await page.mouse.down();
  await page.mouse.move(xAt(to), y, { steps });
  await page.mouse.up();
  return { pixel: (extent[1] - extent[0]) / overlay.width };
}

// Clicks Export CSV; returns the file's name and its rows as "ms,kWh".
async function exportCsv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = await readFile(await download.path(), 'utf8');
  const [header, ...lines] = csv.trim().split('\n');
  assert.equal(header, 'time,meterusage');
  const rows = lines.map((line) => {
    const [time, value] = line.split(',');
    return `${Date.parse(`${time.replace(' ', 'T')}Z`)},${Number(value)}`;
  });
  return { name: download.suggestedFilename(), csv, rows };
}

// The stored readings of `meter` from start to end (start < time <= end) from the API, as "ms,kWh".
async function rawReadings(meter, start, end) {
  const query = new URLSearchParams({ meter, start, end, resolution: 'raw' });
  const { readings = [] } = await (await fetch(`${baseUrl}/api/v1/readings?${query}`)).json();
  return readings.map((r) => `${Date.parse(r.time)},${r.value ?? NaN}`);
}

// The vertices and pieces of the drawn line (its SVG path).
async function lineShape(page) {
  const d = await page.locator('#chart .chart-main path.line').getAttribute('d');
  return { vertices: (d.match(/[ML]/g) ?? []).length, pieces: (d.match(/M/g) ?? []).length };
}

describe('meter dashboard', () => {
  test('draws every reading of the known day and shows missing ones as a gap', async (t) => {
    const page = await openPage(t, `${KNOWN_DAY}&tz=utc`);
    const data = await chartData(page);
    // The day holds the readings that end in it, 00:15 .. 24:00: 96, two of
    // them missing.
    assert.equal(data.points, '96');
    assert.equal(data.kind, 'raw');
    assert.deepEqual(await lineShape(page), { vertices: 94, pieces: 2 });
    // The gap is shaded from the reading before (05:45) to the one after (06:30).
    const band = page.locator('#chart .chart-main .gaps rect');
    assert.equal(await band.count(), 1);
    const box = await band.boundingBox();
    const from = await xOf(page, Date.parse('2019-03-01T05:45:00Z'));
    const to = await xOf(page, Date.parse('2019-03-01T06:30:00Z'));
    assert.ok(Math.abs(box.x - from.x) < 1.5 && Math.abs(box.x + box.width - to.x) < 1.5);
    // Never a zero: no vertex of the line lies on the x axis.
    const d = await page.locator('#chart .chart-main path.line').getAttribute('d');
    const ys = [...d.matchAll(/[ML][^,]+,([-\d.e]+)/g)].map((m) => Number(m[1]));
    const axisY = Number((await page.locator('#chart .chart-main .capture').getAttribute('height')));
    assert.equal(ys.length, 94);
    assert.ok(Math.max(...ys) < axisY - 50, `lowest vertex at ${Math.max(...ys)}, axis at ${axisY}`);
    assert.equal(await page.locator('#sum-missing').textContent(), '2');
    assert.equal(await page.locator('#sum-readings').textContent(), 'of 96 readings');

    // CSV export: the readings of the range, in the users' format, NaN kept.
    const exported = await exportCsv(page);
    assert.equal(exported.rows.length, 96);
    assert.ok(exported.csv.includes('\n2019-03-01 06:00:00,NaN\n'));
    assert.ok(exported.csv.includes('\n2019-03-01 12:00:00,42.42\n'));
    assert.deepEqual(exported.rows,
      await rawReadings('known', '2019-03-01T00:00:00Z', '2019-03-02T00:00:00Z'));
    assert.equal(exported.name, 'known_2019-03-01T0000Z_2019-03-02T0000Z_raw.csv');

    // The chart as SVG (standalone, styles inlined) and as PNG.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svgText = await readFile(await svg.path(), 'utf8');
    assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svgText, /class="line"[^>]*style="[^"]*stroke:\s*rgb\(37, 99, 235\)/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const pngBytes = await readFile(await png.path());
    assert.equal(pngBytes.subarray(1, 4).toString('latin1'), 'PNG');

    // A PNG the browser cannot make is an error in the banner (not an
    // unhandled rejection), and Retry makes it once the browser can.
    await page.evaluate(() => {
      window.realToBlob = HTMLCanvasElement.prototype.toBlob;
      HTMLCanvasElement.prototype.toBlob = (callback) => callback(null);
    });
    await page.click('#export-png');
    const banner = page.locator('#error');
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.textContent(), /could not draw the chart as a PNG image/);
    await page.evaluate(() => { HTMLCanvasElement.prototype.toBlob = window.realToBlob; });
    const [retried] = await Promise.all([
      page.waitForEvent('download'), page.getByRole('button', { name: 'Retry' }).click()]);
    assert.equal((await readFile(await retried.path())).subarray(1, 4).toString('latin1'), 'PNG');
    await banner.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  });

  test('Export CSV holds the stored readings of the range, whatever the chart shows, '
    + 'and uploads again unchanged', async (t) => {
    const start = '2019-05-01T00:00:00Z';
    const end = '2019-05-08T00:00:00Z';
    const stored = await rawReadings('home', start, end);
    assert.equal(stored.length, 7 * 96);
    // Hourly sums on show: 168 points, but the file has the 672 readings.
    const page = await openPage(t, `?meter=home&start=${start}&end=${end}&resolution=hourly`);
    let data = await chartData(page);
    assert.equal(data.kind, 'sum');
    let exported = await exportCsv(page);
    assert.deepEqual(exported.rows, stored);
    assert.equal(exported.name, 'home_2019-05-01T0000Z_2019-05-08T0000Z_raw.csv');
    // The lowest and highest reading per pixel on show: the file has them all.
    await page.selectOption('#resolution', 'auto');
    await page.getByRole('button', { name: 'Month' }).click();
    data = await settled(page, Number(data.generation));
    assert.equal(data.kind, 'minmax');
    exported = await exportCsv(page);
    const month = await rawReadings('home', rfc3339(Date.parse(data.viewStart)),
      rfc3339(Date.parse(data.viewEnd)));
    assert.ok(month.length > Number(data.points), `${month.length} readings, ${data.points} points`);
    assert.deepEqual(exported.rows, month);
    // Uploaded as it is, the file gives back the same readings.
    await uploadCsv(baseUrl, 'roundtrip', exported.csv);
    assert.deepEqual(await rawReadings('roundtrip', rfc3339(Date.parse(data.viewStart)),
      rfc3339(Date.parse(data.viewEnd))), month);
  });

  test('the tooltip at 12:00 UTC shows 42.42 kWh, in local time and in UTC', async (t) => {
    const page = await openPage(t, KNOWN_DAY);
    const tooltip = page.locator('#chart .tooltip');
    let point = await xOf(page, NOON);
    await page.mouse.move(point.x, point.y);
    await tooltip.waitFor({ state: 'visible' });
    assert.equal(await tooltip.locator('.tooltip-time').textContent(), 'Fri 1 Mar 2019, 13:00 CET');
    assert.equal(await tooltip.locator('.tooltip-value').textContent(), '42.42 kWh');
    const xLabel = page.locator('#chart .chart-main .axis-label-x');
    assert.equal(await xLabel.textContent(), 'Time (Europe/Berlin)');

    await page.getByRole('radio', { name: 'UTC' }).check();
    await page.waitForURL(/tz=utc/);
    assert.equal(await xLabel.textContent(), 'Time (UTC)');
    point = await xOf(page, NOON);
    await page.mouse.move(point.x, point.y);
    await page.waitForFunction(() => document.querySelector('#chart .tooltip-time')
      ?.textContent === 'Fri 1 Mar 2019, 12:00 UTC');
    assert.equal(await tooltip.locator('.tooltip-value').textContent(), '42.42 kWh');
    // Hovering the gap says so instead of showing a value.
    point = await xOf(page, Date.parse('2019-03-01T06:00:00Z'));
    await page.mouse.move(point.x, point.y);
    await page.waitForFunction(() => document.querySelector('#chart .tooltip-value')
      ?.textContent === 'missing reading');
  });

  test('the keyboard reads values: Home, End and Shift + arrows move the tooltip', async (t) => {
    const page = await openPage(t, `${KNOWN_DAY}&tz=utc`);
    const chart = page.getByRole('group', { name: 'Meter consumption over time' });
    const tooltip = page.locator('#chart .tooltip');
    const spoken = page.locator('#chart [aria-live]');
    assert.equal(await tooltip.getAttribute('role'), null, 'mouse moves are not announced');
    await chart.focus();
    await page.keyboard.press('Home');
    await tooltip.waitFor({ state: 'visible' });
    assert.equal(await tooltip.locator('.tooltip-time').textContent(), 'Fri 1 Mar 2019, 00:15 UTC');
    assert.equal(await tooltip.locator('.tooltip-value').textContent(), '18 kWh');
    // 12:00 is the 48th reading: 47 steps on from 00:15.
    for (let i = 0; i < 47; i++) await page.keyboard.press('Shift+ArrowRight');
    assert.equal(await tooltip.locator('.tooltip-time').textContent(), 'Fri 1 Mar 2019, 12:00 UTC');
    assert.equal(await tooltip.locator('.tooltip-value').textContent(), '42.42 kWh');
    assert.equal(await spoken.textContent(), 'Fri 1 Mar 2019, 12:00 UTC: 42.42 kWh');
    await page.keyboard.press('End');
    assert.equal(await tooltip.locator('.tooltip-time').textContent(), 'Sat 2 Mar 2019, 00:00 UTC');
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'hidden' });
    // Without Shift, the arrows still pan.
    const before = await chartData(page);
    await page.keyboard.press('ArrowRight');
    const moved = await settled(page, Number(before.generation));
    assert.ok(Date.parse(moved.viewStart) > Date.parse(before.viewStart));
  });

  test('brushing the overview zooms in and fetches a finer resolution', async (t) => {
    const page = await openPage(t, null);
    const requests = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/readings')) requests.push(new URL(request.url()));
    });
    await page.goto(`${baseUrl}/`);
    const before = await settled(page, 0);
    perf.firstChartMs = await page.evaluate(
      () => performance.getEntriesByName('meter:first-chart')[0].startTime);
    console.log(`perf: first chart drawn ${perf.firstChartMs.toFixed(0)} ms after navigation `
      + '(sample data: a year of 15-minute readings, last 30 days on show)');
    assert.equal(before.kind, 'minmax');

    // Drag over 1 to 3 June on the overview (it spans the whole year).
    requests.length = 0;
    const { pixel } = await brushOverview(page,
      Date.parse('2019-06-01T00:00:00Z'), Date.parse('2019-06-03T00:00:00Z'), 5);
    const zoomed = await page.waitForFunction((g) => {
      const chart = document.querySelector('#chart');
      return document.body.dataset.state === 'ready' && Number(chart.dataset.generation) > g
        && chart.dataset.kind === 'raw' && { ...chart.dataset };
    }, Number(before.generation)).then((handle) => handle.jsonValue());

    const day = 24 * 3600_000;
    assert.ok(Math.abs(Date.parse(zoomed.viewStart) - Date.parse('2019-06-01T00:00:00Z')) < 2 * pixel);
    assert.ok(Math.abs(Date.parse(zoomed.viewEnd) - Date.parse('2019-06-03T00:00:00Z')) < 2 * pixel);
    assert.ok(Number(zoomed.bucketMs) < Number(before.bucketMs));
    assert.equal(Number(zoomed.bucketMs), 15 * 60_000);
    assert.ok(Math.abs(Number(zoomed.points) - 2 * 96) <= 2, zoomed.points);
    // The last request asked for this range with a bounded number of points:
    // enough for detail, at most two per pixel, and no more came back.
    const last = requests.at(-1);
    assert.equal(last.searchParams.get('start'), rfc3339(Date.parse(zoomed.viewStart)));
    const maxPoints = Number(last.searchParams.get('max_points'));
    const width = await plotWidth(page);
    assert.ok(maxPoints >= 1000 && maxPoints <= 2 * width, `max_points ${maxPoints}, ${width} px`);
    assert.ok(Number(zoomed.points) <= maxPoints, `${zoomed.points} points`);
    // The address holds the new view.
    const url = new URL(page.url());
    assert.ok(Math.abs(Date.parse(url.searchParams.get('start')) - Date.parse(zoomed.viewStart)) < 1000);
    assert.ok(Date.parse(zoomed.viewEnd) - Date.parse(zoomed.viewStart) < 2.1 * day);
  });

  test('the address is written when a gesture ends, and a failing write never stops loading',
    async (t) => {
      const page = await openPage(t, null);
      // history.replaceState as Safari's after 100 calls in 30 s (it throws)
      // while `fail` is set, counting the calls.
      await page.addInitScript(() => {
        const replaceState = history.replaceState.bind(history);
        window.replaceStateLog = { calls: 0, fail: true };
        history.replaceState = (...args) => {
          window.replaceStateLog.calls += 1;
          if (window.replaceStateLog.fail) {
            throw new DOMException('replaceState() more than 100 times in 30 s', 'SecurityError');
          }
          return replaceState(...args);
        };
      });
      const addressStart = () => page.evaluate(
        () => new URLSearchParams(location.search).get('start'));
      await page.goto(`${baseUrl}/${KNOWN_DAY}&tz=utc`);
      let data = await settled(page, 0); // loads although every write throws
      assert.ok(await page.evaluate(() => window.replaceStateLog.calls) >= 1);

      // A wheel zoom while writes throw still loads the new view.
      const box = await page.locator('#chart .capture').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      data = await settled(page, Number(data.generation));
      assert.equal(await addressStart(), '2019-03-01T00:00:00Z');

      // A brush of 20 pointer moves: the address is written once it ends,
      // not on every move.
      await page.evaluate(() => { window.replaceStateLog = { calls: 0, fail: false }; });
      await brushOverview(page, Date.parse('2019-03-01T06:00:00Z'),
        Date.parse('2019-03-01T18:00:00Z'), 20);
      data = await settled(page, Number(data.generation));
      await page.waitForFunction((start) => new URLSearchParams(location.search)
        .get('start') === start, rfc3339(Date.parse(data.viewStart)));
      const calls = await page.evaluate(() => window.replaceStateLog.calls);
      assert.ok(calls >= 1 && calls <= 3, `${calls} replaceState calls for 20 moves`);

      // A wheel zoom: the address follows once the wheel stops.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      data = await settled(page, Number(data.generation));
      await page.waitForFunction((start) => new URLSearchParams(location.search)
        .get('start') === start, rfc3339(Date.parse(data.viewStart)));
    });

  test('switching meters drops the overview of the meter before', async (t) => {
    const bigOverviewStart = await overviewStart('big');
    const isBigOverview = (request) => {
      const url = new URL(request.url());
      return url.pathname === '/api/v1/readings' && url.searchParams.get('meter') === 'big'
        && url.searchParams.get('start') === bigOverviewStart;
    };
    const page = await openPage(t, null);
    // Meter big's overview answers only after the page has moved on.
    let held = null;
    await page.route('**/api/v1/readings?*', (route) => {
      if (isBigOverview(route.request())) held = route;
      else route.continue();
    });
    await page.goto(`${baseUrl}/${KNOWN_DAY}`);
    const known = await settled(page, 0);
    const overviewPoints = (n) => page.waitForFunction(
      (points) => document.querySelector('#chart').dataset.overviewPoints === points, n);
    await overviewPoints('96'); // 00:15 .. 24:00

    const aborted = page.waitForEvent('requestfailed', isBigOverview);
    const asked = page.waitForRequest(isBigOverview);
    await page.selectOption('#meter', 'big');
    await asked;
    await page.selectOption('#meter', 'known');
    await aborted; // the page gave up on it
    await held?.continue().catch(() => {}); // (already cancelled)
    const data = await settled(page, Number(known.generation));
    assert.equal(data.extentStart, known.extentStart);
    await overviewPoints('96');
  });

  test('resizing the window reloads the chart and the overview for the new width', async (t) => {
    const bigOverviewStart = await overviewStart('big');
    const page = await openPage(t, '?meter=big');
    const before = await chartData(page);
    const widthBefore = await plotWidth(page);
    const overview = page.waitForRequest((request) => {
      const url = new URL(request.url());
      return url.pathname === '/api/v1/readings' && url.searchParams.get('start') === bigOverviewStart
        && Number(url.searchParams.get('max_points')) < 2 * widthBefore;
    });
    await page.setViewportSize({ width: 800, height: 860 });
    const request = new URL((await overview).url());
    const data = await settled(page, Number(before.generation));
    const width = await plotWidth(page);
    assert.ok(width < widthBefore - 100, `${widthBefore} px -> ${width} px`);
    assert.ok(Number(request.searchParams.get('max_points')) <= 2 * width);
    assert.ok(Number(data.points) <= 2 * width, `${data.points} points on ${width} px`);
    await page.waitForFunction((n) => Number(document.querySelector('#chart').dataset.overviewPoints)
      <= n && document.querySelector('#chart').dataset.overviewPoints !== '0', 2 * width);
  });

  test('wheel zoom on 1,000,000 readings refines each step, and Reset zoom shows all', async (t) => {
    const page = await openPage(t, '?meter=big');
    const requests = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/readings')) requests.push(new URL(request.url()));
    });
    const width = await plotWidth(page);
    let data = await chartData(page);
    const center = await page.locator('#chart .capture').boundingBox();
    await page.mouse.move(center.x + center.width / 2, center.y + center.height / 2);
    const steps = [];
    for (let i = 0; i < 6; i++) {
      const previous = data;
      await page.evaluate(() => performance.clearMeasures('meter:view-update'));
      await page.mouse.wheel(0, -400);
      data = await settled(page, Number(previous.generation));
      const span = Date.parse(data.viewEnd) - Date.parse(data.viewStart);
      assert.ok(span < Date.parse(previous.viewEnd) - Date.parse(previous.viewStart));
      assert.ok(Number(data.bucketMs) <= Number(previous.bucketMs));
      // The view's request: at most two points per pixel, and no more came back.
      const request = requests.findLast((url) => url.searchParams.get('start')
        === rfc3339(Date.parse(data.viewStart)));
      const maxPoints = Number(request.searchParams.get('max_points'));
      assert.ok(maxPoints >= 1000 && maxPoints <= 2 * width, `max_points ${maxPoints}, ${width} px`);
      assert.ok(Number(data.points) <= maxPoints, `${data.points} points, max_points ${maxPoints}`);
      const [measure] = await page.evaluate(() => performance.getEntriesByName('meter:view-update')
        .map((m) => ({ duration: m.duration, ...m.detail })).slice(-1));
      steps.push(measure);
      console.log(`perf: zoom step ${i + 1} on 1,000,000 readings: ${measure.duration.toFixed(0)} ms `
        + `(fetch ${measure.fetchMs.toFixed(0)} ms, draw ${measure.drawMs.toFixed(0)} ms, `
        + `${measure.points} points, ${measure.kind})`);
    }
    perf.zoomSteps = steps;
    assert.equal(data.kind, 'raw', 'the last steps show every reading');

    await page.evaluate(() => performance.clearMeasures('meter:view-update'));
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    data = await settled(page, Number(data.generation));
    const [all] = await page.evaluate(() => performance.getEntriesByName('meter:view-update')
      .map((m) => ({ duration: m.duration, ...m.detail })));
    perf.resetZoom = all;
    console.log(`perf: Reset zoom to all 1,000,000 readings: ${all.duration.toFixed(0)} ms `
      + `(fetch ${all.fetchMs.toFixed(0)} ms, draw ${all.drawMs.toFixed(0)} ms, ${all.points} points)`);
    assert.equal(data.viewStart, data.extentStart);
    assert.equal(data.viewEnd, data.extentEnd);
    assert.equal(data.kind, 'minmax');
  });

  test('stopping the API shows the error banner, and Retry recovers', async (t) => {
    const page = await openPage(t, KNOWN_DAY);
    const banner = page.locator('#error');
    assert.equal(await banner.isHidden(), true);
    // The HTTP server goes away as in a crash (SIGKILL): a clean stop would
    // wait for the browser's idle keep-alive connections to time out.
    const port = httpServer.port;
    await httpServer.kill();
    await page.getByRole('button', { name: 'Day' }).click();
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.textContent(), /Cannot reach the meter server/);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'error');
    await page.screenshot({ path: path.join(outputs, 'error_banner.png') });

    httpServer = await startHttpServer(port);
    const generation = Number((await chartData(page)).generation);
    await page.getByRole('button', { name: 'Retry' }).click();
    await settled(page, generation);
    await banner.waitFor({ state: 'hidden' });
  });

  test('a reading uploaded during the test appears in live mode', async (t) => {
    const page = await openPage(t,
      '?meter=live&start=2019-03-01T12:00:00Z&end=2019-03-02T06:00:00Z&tz=utc&live=1');
    await page.waitForSelector('#live[data-state="live"]');
    const before = await chartData(page);
    assert.equal(before.points, '48'); // 12:15 .. 24:00
    await uploadCsv(baseUrl, 'live', 'time,meterusage\n2019-03-02 00:15:00,77.7\n');
    const data = await settled(page, Number(before.generation));
    assert.equal(data.points, '49');
    await page.waitForFunction(() => document.querySelector('#sum-max').textContent === '77.7 kWh');
    const point = await xOf(page, Date.parse('2019-03-02T00:15:00Z'));
    await page.mouse.move(point.x, point.y);
    await page.waitForFunction(() => document.querySelector('#chart .tooltip-value')
      ?.textContent === '77.7 kWh');
  });

  test("a day's total is one number: the web app's, the HTTP summary's, the daily sum's "
    + "and meter_client's", async (t) => {
    const page = await openPage(t, `${KNOWN_DAY}&tz=utc`);
    const web = Number(await page.locator('#sum-total').getAttribute('data-kwh'));
    const day = { meter: 'known', start: '2019-03-01T00:00:00Z', end: '2019-03-02T00:00:00Z' };
    const summary = await (await fetch(
      `${baseUrl}/api/v1/summary?${new URLSearchParams(day)}`)).json();
    // Daily sums over several days: the sum at the day's end (24:00) is the day.
    const { readings } = await (await fetch(`${baseUrl}/api/v1/readings?${new URLSearchParams({
      meter: 'known', start: '2019-02-28T00:00:00Z', end: '2019-03-04T00:00:00Z',
      resolution: 'daily',
    })}`)).json();
    const daily = readings.find((r) => r.time === '2019-03-02T00:00:00Z').value;
    const cli = await output(env.METER_CLIENT, [
      `--target=${grpcServer.address}`, '--meter=known', 'summary', day.start, day.end,
    ]);
    const cliTotal = Number(/^total: +([\d.]+) kWh$/m.exec(cli)[1]);
    assert.ok(web > 0);
    assert.equal(summary.totalKwh, web);
    assert.equal(daily, web);
    // meter_client prints 6 significant digits.
    assert.equal(cliTotal, Number(web.toPrecision(6)));
    assert.equal(summary.readingCount, '96');
  });

  test('an address it cannot use is told, not silently replaced', async (t) => {
    const page = await openPage(t, '?meter=garage&start=yesterday&end=2019-03-02T00:00:00Z');
    const notice = page.locator('#notice');
    await notice.waitFor({ state: 'visible' });
    const text = await notice.textContent();
    assert.match(text, /The start 'yesterday' is not a time/);
    assert.match(text, /There is no meter 'garage': showing 'home'\./);
    assert.equal(await page.inputValue('#meter'), 'home');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'hidden' });
    // A good address shows no notice.
    const good = await openPage(t, KNOWN_DAY);
    assert.equal(await good.locator('#notice').isHidden(), true);
  });

  test('fits a phone: nothing wider than the screen, the chart as wide as it can be', async (t) => {
    const page = await openPage(t, KNOWN_DAY, { width: 390, height: 844 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    const chart = await page.locator('#chart .chart-main').boundingBox();
    assert.ok(chart.width > 330 && chart.x + chart.width <= 390, JSON.stringify(chart));
    assert.deepEqual(await lineShape(page), { vertices: 94, pieces: 2 });
  });

  test('a reload keeps the view: range, resolution and time zone', async (t) => {
    const page = await openPage(t, '?meter=home');
    await page.getByRole('radio', { name: 'UTC' }).check();
    await page.fill('#start', '2019-05-01T00:00');
    await page.fill('#end', '2019-05-08T00:00');
    let generation = Number((await chartData(page)).generation);
    await page.getByRole('button', { name: 'Show' }).click();
    await settled(page, generation);
    generation = Number((await chartData(page)).generation);
    await page.selectOption('#resolution', 'hourly');
    const shown = await settled(page, generation);
    assert.equal(shown.kind, 'sum');
    assert.equal(shown.points, String(7 * 24));
    const url = page.url();
    assert.match(url, /start=2019-05-01T00:00:00Z&end=2019-05-08T00:00:00Z&resolution=hourly&tz=utc/);
    const summary = await page.locator('#sum-total').textContent();

    await page.reload();
    const reloaded = await settled(page, 0);
    assert.equal(page.url(), url);
    assert.equal(reloaded.viewStart, '2019-05-01T00:00:00.000Z');
    assert.equal(reloaded.viewEnd, '2019-05-08T00:00:00.000Z');
    assert.equal(reloaded.points, shown.points);
    assert.equal(await page.inputValue('#resolution'), 'hourly');
    assert.equal(await page.inputValue('#start'), '2019-05-01T00:00');
    assert.equal(await page.isChecked('input[name="tz"][value="utc"]'), true);
    assert.equal(await page.locator('#sum-total').textContent(), summary);
  });
});
