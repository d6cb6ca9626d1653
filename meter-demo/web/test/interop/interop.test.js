// gRPC-Web clients other than the page's own, against the real servers on
// loopback: Connect's Node transport (@connectrpc/connect-node) and the
// official grpc-web runtime (npm `grpc-web`, driven without its native code
// generator: its MethodDescriptors are built from the descriptors that
// protoc-gen-es generated), in both of its wire formats. Each must read
// what the JSON API reads, and get gRPC's status codes.
//
// Environment (set by run_interop.sh): GRPC_SERVER, HTTP_SERVER, BUNDLE (the
// built vendor/meter_grpc_web.js), TESTDATA.

import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { createGrpcWebTransport } from '@connectrpc/connect-node';
import grpcWeb from 'grpc-web';
import XMLHttpRequest from 'xhr2';

import { Server, uploadCsv } from '../e2e/servers.js';

// The grpc-web runtime makes its requests with the global XMLHttpRequest,
// which Node lacks.
globalThis.XMLHttpRequest = XMLHttpRequest;

const env = process.env;
const DAY_START = '2019-03-01T00:00:00Z';
const DAY_END = '2019-03-02T00:00:00Z';

let workDir;
let grpcServer;
let httpServer;
let baseUrl;
let bundle;

before(async () => {
  workDir = await mkdtemp(path.join(env.TEST_TMPDIR ?? tmpdir(), 'interop-'));
  grpcServer = await Server.start('gRPC server', env.GRPC_SERVER, [
    '--host=127.0.0.1', '--port=0', `--db=${path.join(workDir, 'meter.db')}`, '--log_calls',
  ]);
  httpServer = await Server.start('HTTP server', env.HTTP_SERVER, [
    '--host=127.0.0.1', '--port=0', `--grpc_target=${grpcServer.address}`,
  ]);
  baseUrl = httpServer.address;
  await uploadCsv(baseUrl, 'known', await readFile(path.join(env.TESTDATA, 'known_day.csv')));
  // As .mjs: in Bazel's output tree no package.json says the .js file is an
  // ES module, so Node would read it as CommonJS.
  const copy = path.join(workDir, 'meter_grpc_web.mjs');
  await copyFile(env.BUNDLE, copy);
  bundle = await import(pathToFileURL(copy));
});

after(async () => {
  await httpServer?.stop();
  await grpcServer?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

// The known day's raw readings from the JSON API, as "seconds,kWh" (NaN
// where missing).
async function jsonDay() {
  const query = new URLSearchParams({
    meter: 'known', start: DAY_START, end: DAY_END, resolution: 'raw',
  });
  const { readings = [] } = await (await fetch(`${baseUrl}/api/v1/readings?${query}`)).json();
  return readings.map((r) => `${Date.parse(r.time) / 1000},${r.value ?? NaN}`);
}

function dayRequest() {
  const { meter, create, timestampFromMs } = bundle;
  return create(meter.ListReadingsRequestSchema, {
    meterId: 'known',
    start: timestampFromMs(Date.parse(DAY_START)),
    end: timestampFromMs(Date.parse(DAY_END)),
    resolution: meter.Resolution.RESOLUTION_RAW,
  });
}

function rows(batches) {
  return batches.flatMap((batch) => batch.times.map((t, i) => `${t},${batch.values[i]}`));
}

describe('Connect for Node over gRPC-Web', () => {
  const client = () => bundle.createMeterClient(undefined,
    createGrpcWebTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }));

  test('reads what the JSON API reads', async () => {
    const { meters } = await client().listMeters({}, { timeoutMs: 5000 });
    assert.ok(meters.some((m) => m.id === 'known' && m.readingCount === 96n));
    const batches = [];
    for await (const batch of client().listReadings(dayRequest(), { timeoutMs: 5000 })) {
      batches.push(batch);
    }
    assert.deepEqual(rows(batches), await jsonDay());
  });

  test('gets gRPC status codes and messages', async () => {
    const { Code, ConnectError } = bundle;
    const request = { ...dayRequest(), meterId: 'nope' };
    await assert.rejects(client().getSummary(request, { timeoutMs: 5000 }), (error) => {
      const connect = ConnectError.from(error);
      assert.equal(connect.code, Code.NotFound);
      assert.equal(connect.rawMessage, "meter 'nope' not found");
      return true;
    });
  });

  test('an aborted stream is cancelled on the gRPC server', async () => {
    const { meter } = bundle;
    const stop = new AbortController();
    const watch = client().watchReadings(
      { meterId: 'known', resolution: meter.Resolution.RESOLUTION_RAW }, { signal: stop.signal });
    const confirmation = await watch[Symbol.asyncIterator]().next();
    assert.equal(confirmation.value.meterId, 'known');
    stop.abort();
    await grpcServer.waitForLine(/WatchReadings.* code=CANCELLED/);
  });
});

describe('the official grpc-web runtime', () => {
  // What protoc-gen-grpc-web would generate, from protoc-gen-es's
  // descriptors: a MethodDescriptor per method, with protobuf-es doing the
  // (de)serialization.
  function descriptors() {
    const { meter, toBinary, fromBinary } = bundle;
    const byName = {};
    for (const method of meter.MeterService.methods) {
      byName[method.localName] = new grpcWeb.MethodDescriptor(
        `/${meter.MeterService.typeName}/${method.name}`,
        method.methodKind === 'server_streaming'
          ? grpcWeb.MethodType.SERVER_STREAMING : grpcWeb.MethodType.UNARY,
        Object, Object,
        (message) => toBinary(method.input, message),
        (bytes) => fromBinary(method.output, bytes));
    }
    return byName;
  }

  for (const format of ['text', 'binary']) {
    test(`reads what the JSON API reads (${format})`, async () => {
      const methods = descriptors();
      const client = new grpcWeb.GrpcWebClientBase({ format });
      const url = (method) => baseUrl + method.getName();
      const deadline = { deadline: String(Date.now() + 5000) };
      const batches = await new Promise((resolve, reject) => {
        const received = [];
        const stream = client.serverStreaming(
          url(methods.listReadings), dayRequest(), deadline, methods.listReadings);
        stream.on('data', (batch) => received.push(batch));
        stream.on('error', reject);
        stream.on('end', () => resolve(received));
      });
      assert.deepEqual(rows(batches), await jsonDay());

      const { meter, create } = bundle;
      const missing = create(meter.GetSummaryRequestSchema, { ...dayRequest(), meterId: 'nope' });
      const error = await client.thenableCall(
        url(methods.getSummary), missing, deadline, methods.getSummary).catch((e) => e);
      assert.equal(error.code, grpcWeb.StatusCode.NOT_FOUND);
      assert.equal(error.message, "meter 'nope' not found");
    });
  }
});
