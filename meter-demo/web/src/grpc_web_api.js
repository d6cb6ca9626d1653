// The same calls as api.js, over gRPC-Web instead of the JSON API: the
// browser calls meter.v1.MeterService itself, in protobuf, through the HTTP
// server's gRPC-Web gateway (docs/31-grpc-web.md). Each function answers
// exactly what its api.js twin answers (the proto3 JSON form of the same
// messages, the same series), so the page draws the same charts; errors
// are the same ApiErrors.

import { ApiError } from './api.js';
import { toRfc3339 } from './time.js';
import {
  Code, ConnectError, createMeterClient, meter, timestampFromMs, toJson,
} from '../vendor/meter_grpc_web.js';

// Deadlines of the calls (the gateway caps them; live streams end after its
// limit and reconnect).
const CALL_TIMEOUT_MS = 30_000;
const LIVE_RETRY_MS = 1000;

const RESOLUTION = {
  raw: meter.Resolution.RESOLUTION_RAW,
  '15min': meter.Resolution.RESOLUTION_15_MINUTES,
  hourly: meter.Resolution.RESOLUTION_HOURLY,
  daily: meter.Resolution.RESOLUTION_DAILY,
};

let client = null;
function meterClient() {
  client ??= createMeterClient(location.origin);
  return client;
}

// Whole seconds, as the JSON API's query parameters have them.
function timestamp(ms) {
  return timestampFromMs(Date.parse(toRfc3339(ms)));
}

// Connect's code name ("NotFound") as gRPC's ("NOT_FOUND").
function codeName(code) {
  if (code === Code.Canceled) return 'CANCELLED';
  return Code[code].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

// A failed call as api.js reports one; an abort rethrown as an AbortError.
async function call(run, signal) {
  try {
    return await run();
  } catch (error) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const connect = ConnectError.from(error);
    if (connect.cause instanceof TypeError) {
      // fetch() itself failed: no answer at all.
      throw new ApiError('UNREACHABLE', 'Cannot reach the meter server. Is it running?');
    }
    const code = codeName(connect.code);
    throw new ApiError(code, `${code}: ${connect.rawMessage}`);
  }
}

// ReadingBatch messages -> a series (series.js): times in ms, NaN where a
// reading is missing.
function appendBatch(series, batch) {
  for (let i = 0; i < batch.times.length; i++) {
    series.times.push(Number(batch.times[i]) * 1000);
    series.values.push(batch.values[i] ?? NaN);
  }
}

export async function fetchMeters({ signal } = {}) {
  const response = await call(
    () => meterClient().listMeters({}, { signal, timeoutMs: CALL_TIMEOUT_MS }), signal);
  return toJson(meter.ListMetersResponseSchema, response).meters ?? [];
}

// [START fetch_readings]
export async function fetchReadings(meterId, plan, { signal } = {}) {
  const request = {
    meterId,
    start: timestamp(plan.start),
    end: timestamp(plan.end),
    resolution: RESOLUTION[plan.resolution] ?? meter.Resolution.RESOLUTION_RAW,
    maxPoints: plan.maxPoints > 0 ? plan.maxPoints : 0,
  };
  const series = { times: [], values: [] };
  await call(async () => {
    // Batches of up to 8,192 readings, each as soon as it arrives.
    const stream = meterClient().listReadings(request, { signal, timeoutMs: CALL_TIMEOUT_MS });
    for await (const batch of stream) appendBatch(series, batch);
  }, signal);
  return series;
}
// [END fetch_readings]

export async function fetchSummary(meterId, start, end, { signal } = {}) {
  const request = { meterId, start: timestamp(start), end: timestamp(end) };
  const summary = await call(
    () => meterClient().getSummary(request, { signal, timeoutMs: CALL_TIMEOUT_MS }), signal);
  return toJson(meter.SummarySchema, summary);
}

// Live readings of `meterId` over WatchReadings (the server stream behind
// Subscribe; a browser cannot send Subscribe's stream of requests): calls
// onState('live') once the server confirms, onReadings(series) for each
// upload, and onState('connecting') when the stream ends (its deadline, a
// server restart), before it opens a new one. Returns a function that ends
// it.
export function openLive(meterId, { onReadings, onState }) {
  const stop = new AbortController();
  (async () => {
    while (!stop.signal.aborted) {
      try {
        const stream = meterClient().watchReadings(
          { meterId, resolution: meter.Resolution.RESOLUTION_RAW }, { signal: stop.signal });
        for await (const response of stream) {
          const series = { times: [], values: [] };
          appendBatch(series, response.readings ?? { times: [], values: [] });
          if (series.times.length === 0) onState('live');
          else onReadings(series);
        }
      } catch {
        // Reconnects below, as EventSource does.
      }
      if (stop.signal.aborted) return;
      onState('connecting');
      await new Promise((resolve) => { setTimeout(resolve, LIVE_RETRY_MS); });
    }
  })();
  return () => stop.abort();
}
