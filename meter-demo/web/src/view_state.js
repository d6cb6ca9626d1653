// The view in the page's address, so that a view can be shared and survives
// a reload: ?meter=home&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z
// &resolution=auto&tz=utc&live=1. Anything missing or malformed is left out
// (the page then uses its defaults), never an error.

import { RESOLUTIONS } from './resolution.js';
import { parseTime, toRfc3339 } from './time.js';

const METER_ID = /^[A-Za-z0-9._-]{1,64}$/;

// -> { meter?, start?, end?, resolution, utc, live }
export function readView(search) {
  const query = new URLSearchParams(search);
  const view = {
    resolution: RESOLUTIONS[query.get('resolution')] ? query.get('resolution') : 'auto',
    utc: query.get('tz') === 'utc',
    live: query.get('live') === '1',
  };
  const meter = query.get('meter');
  if (meter && METER_ID.test(meter)) view.meter = meter;
  const start = parseTime(query.get('start'));
  const end = parseTime(query.get('end'));
  if (Number.isFinite(start) && Number.isFinite(end) && start < end) {
    view.start = start;
    view.end = end;
  }
  return view;
}

// The inverse of readView(); defaults are left out to keep links short.
export function writeView({ meter, start, end, resolution, utc, live }) {
  const query = new URLSearchParams();
  if (meter) query.set('meter', meter);
  if (Number.isFinite(start) && Number.isFinite(end)) {
    query.set('start', toRfc3339(start));
    query.set('end', toRfc3339(end));
  }
  if (resolution && resolution !== 'auto') query.set('resolution', resolution);
  if (utc) query.set('tz', 'utc');
  if (live) query.set('live', '1');
  // URLSearchParams writes ':' as %3A; times read better as they are.
  return `?${query.toString().replaceAll('%3A', ':')}`;
}
