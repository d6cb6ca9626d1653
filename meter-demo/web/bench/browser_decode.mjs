// Part of grpc_web_benchmark.sh: in Debian's Chromium, on the dashboard's
// own origin, fetches the month of raw readings N times each way and times
// (a) the whole call as the page makes it (api.js / grpc_web_api.js:
// request, answer, decoding, the series) and (b) the decoding alone of an
// answer already in memory (JSON.parse + parseReadings / protobuf-es's
// fromBinary of each frame). Prints medians; writes the gRPC-Web request
// body for wrk.
//   node browser_decode.mjs BASE_URL BUNDLE.mjs START END REQUEST_OUT

import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const [baseUrl, bundlePath, start, end, requestOut] = process.argv.slice(2);
const ROUNDS = 30;

const { meter, create, toBinary, timestampFromMs } = await import(pathToFileURL(bundlePath));
const request = create(meter.ListReadingsRequestSchema, {
  meterId: 'home',
  start: timestampFromMs(Date.parse(start)),
  end: timestampFromMs(Date.parse(end)),
  resolution: meter.Resolution.RESOLUTION_RAW,
});
const message = toBinary(meter.ListReadingsRequestSchema, request);
const frame = new Uint8Array(5 + message.length);
new DataView(frame.buffer).setUint32(1, message.length);
frame.set(message, 5);
await writeFile(requestOut, frame);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/?meter=home`);
  const figures = await page.evaluate(async ({ rounds, startMs, endMs, body }) => {
    const json = await import('/src/api.js');
    const grpcWeb = await import('/src/grpc_web_api.js');
    const { rawPlan } = await import('/src/resolution.js');
    const { parseReadings } = await import('/src/series.js');
    const bundle = await import('/vendor/meter_grpc_web.js');
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // The median over `rounds` of the mean of `repeat` runs (the browser's
    // clock ticks in 0.1 ms).
    const time = async (run, repeat = 1) => {
      const times = [];
      let result;
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        for (let j = 0; j < repeat; j++) result = await run();
        times.push((performance.now() - t0) / repeat);
      }
      return { ms: median(times), result };
    };
    const plan = rawPlan(startMs, endMs);
    const jsonCall = await time(() => json.fetchReadings('home', plan));
    const grpcCall = await time(() => grpcWeb.fetchReadings('home', plan));

    // Decoding alone, of answers fetched once.
    const query = new URLSearchParams({
      meter: 'home', start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(),
      resolution: 'raw',
    });
    const jsonText = await (await fetch(`/api/v1/readings?${query}`)).text();
    const grpcBytes = new Uint8Array(await (await fetch('/meter.v1.MeterService/ListReadings', {
      method: 'POST', headers: { 'Content-Type': 'application/grpc-web+proto' },
      body: new Uint8Array(body),
    })).arrayBuffer());
    const jsonDecode = await time(async () => parseReadings(JSON.parse(jsonText)), 20);
    const grpcDecode = await time(async () => {
      let readings = 0;
      for (let at = 0; at < grpcBytes.length;) {
        const view = new DataView(grpcBytes.buffer, at);
        const length = view.getUint32(1);
        if ((grpcBytes[at] & 0x80) === 0) {
          const batch = bundle.fromBinary(bundle.meter.ReadingBatchSchema,
            grpcBytes.subarray(at + 5, at + 5 + length));
          readings += batch.times.length;
        }
        at += 5 + length;
      }
      return readings;
    }, 20);
    return {
      readings: jsonCall.result.times.length,
      same: JSON.stringify(jsonCall.result) === JSON.stringify(grpcCall.result),
      jsonCallMs: jsonCall.ms,
      grpcCallMs: grpcCall.ms,
      jsonDecodeMs: jsonDecode.ms,
      grpcDecodeMs: grpcDecode.ms,
    };
  }, { rounds: ROUNDS, startMs: Date.parse(start), endMs: Date.parse(end), body: [...frame] });
  console.log(`browser (Chromium, median of ${ROUNDS}): ${figures.readings} readings, `
    + `the same series both ways: ${figures.same}`);
  console.log(`  whole call (request to series)   JSON ${figures.jsonCallMs.toFixed(2)} ms,`
    + `  gRPC-Web ${figures.grpcCallMs.toFixed(2)} ms`);
  console.log(`  decoding alone                   JSON ${figures.jsonDecodeMs.toFixed(3)} ms,`
    + `  gRPC-Web ${figures.grpcDecodeMs.toFixed(3)} ms`);
} finally {
  await browser.close();
}
