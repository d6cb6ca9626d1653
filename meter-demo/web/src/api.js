// The meter HTTP API (see docs/06-meter-demo.md), as the page calls it. Every
// failure becomes an ApiError whose message a person can act on.

import { readingsQuery } from './resolution.js';
import { parseReadings } from './series.js';
import { toRfc3339 } from './time.js';

export class ApiError extends Error {
  // code: the gRPC status name the API answered with, or UNREACHABLE when
  // there was no answer at all; status: the HTTP status (0 for none).
  constructor(code, message, status = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

// GET `path` -> its JSON. Aborting (a newer view replaced this one) rejects
// with the AbortError as it is, so that callers can ignore it.
export async function getJson(path, { signal, fetchImpl = fetch } = {}) {
  let response;
  try {
    response = await fetchImpl(path, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError('UNREACHABLE', 'Cannot reach the meter server. Is it running?');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
  }
  if (!response.ok) {
    const code = body?.code ?? `HTTP ${response.status}`;
    const message = body?.message ?? response.statusText ?? 'request failed';
    throw new ApiError(code, `${code}: ${message}`, response.status);
  }
  if (body === null) {
    throw new ApiError('INTERNAL', `The server's answer to ${path} is not JSON`, response.status);
  }
  return body;
}

export async function fetchMeters(options) {
  const body = await getJson('/api/v1/meters', options);
  return Array.isArray(body.meters) ? body.meters : [];
}

// The readings of a plan (resolution.js) as a series (series.js).
export async function fetchReadings(meter, plan, options) {
  return parseReadings(await getJson(`/api/v1/readings?${readingsQuery(meter, plan)}`, options));
}

export async function fetchSummary(meter, start, end, options) {
  const query = new URLSearchParams({ meter, start: toRfc3339(start), end: toRfc3339(end) });
  return getJson(`/api/v1/summary?${query}`, options);
}

// Live readings of `meter` (GET /api/v1/live, Server-Sent Events): calls
// onReadings(series) for each upload and onState('live' | 'connecting')
// when the stream (re)connects or drops; EventSource reconnects by itself.
// Returns a function that closes the stream.
export function openLive(meter, { onReadings, onState }) {
  const source = new EventSource(`/api/v1/live?${new URLSearchParams({ meter })}`);
  source.addEventListener('subscribed', () => onState('live'));
  source.addEventListener('message', (event) => {
    try {
      onReadings(parseReadings(JSON.parse(event.data)));
    } catch {
      // A malformed event carries nothing to show; the next one may.
    }
  });
  source.addEventListener('error', () => onState('connecting'));
  return () => source.close();
}
