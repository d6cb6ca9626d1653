// The view in the page's address, so that a view can be shared and survives
// a reload: ?meter=home&start=2019-03-01T00:00:00Z&end=2019-03-02T00:00:00Z
// &resolution=auto&tz=utc&live=1&transport=grpc-web. Anything missing is left out (the page then
// uses its defaults); anything malformed is left out too, and readView() says
// what, so that the page can tell the user instead of falling back silently.

import { RESOLUTIONS } from './resolution.js';
import { parseTime, toRfc3339 } from './time.js';

const METER_ID = /^[A-Za-z0-9._-]{1,64}$/;

const KNOWN = ['meter', 'start', 'end', 'resolution', 'tz', 'live', 'transport'];
const TRANSPORTS = ['json', 'grpc-web'];

// `text` quoted for a message, cut after 40 characters.
function quoted(text) {
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}

// -> { meter?, start?, end?, resolution, utc, live, transport }, and in
// `problems` (if
// given) one sentence for each part of the address that was not used.
export function readView(search, problems = []) {
  const query = new URLSearchParams(search);
  const resolution = query.get('resolution');
  // Own keys only: ?resolution=toString is not a resolution.
  const known = resolution !== null && Object.hasOwn(RESOLUTIONS, resolution);
  const view = {
    resolution: known ? resolution : 'auto',
    utc: query.get('tz') === 'utc',
    live: query.get('live') === '1',
    transport: 'json',
  };
  const transport = query.get('transport');
  if (transport !== null) {
    if (TRANSPORTS.includes(transport)) {
      view.transport = transport;
    } else {
      problems.push(`The transport ${quoted(transport)} is not json or grpc-web: using json.`);
    }
  }
  const live = query.get('live');
  if (live !== null && live !== '1' && live !== '0') {
    problems.push(`live=${quoted(live)} is not 1 or 0: not live.`);
  }
  if (resolution !== null && !known) {
    problems.push(`The resolution ${quoted(resolution)} is not one of `
      + `${Object.keys(RESOLUTIONS).join(', ')}: showing auto.`);
  }
  const tz = query.get('tz');
  if (tz !== null && tz !== 'utc' && tz !== 'local') {
    problems.push(`The time zone ${quoted(tz)} is not utc or local: showing local time.`);
  }
  const meter = query.get('meter');
  if (meter !== null) {
    if (METER_ID.test(meter)) {
      view.meter = meter;
    } else {
      problems.push(`${quoted(meter)} is not a meter id (1 to 64 characters from `
        + 'A-Z a-z 0-9 . _ -).');
    }
  }
  const [startText, endText] = [query.get('start'), query.get('end')];
  const start = parseTime(startText);
  const end = parseTime(endText);
  if (startText !== null || endText !== null) {
    const bad = [['start', startText, start], ['end', endText, end]]
      .filter(([, text, time]) => text !== null && !Number.isFinite(time));
    if (bad.length > 0) {
      problems.push(bad.map(([name, text]) => `The ${name} ${quoted(text)} is not a time `
        + '(such as 2019-03-01T00:00:00Z)').join('; ') + ': showing the default range.');
    } else if (startText === null || endText === null) {
      problems.push('The address has a start or an end but not both: showing the default range.');
    } else if (start >= end) {
      problems.push(`The start ${quoted(startText)} is not before the end `
        + `${quoted(endText)}: showing the default range.`);
    } else {
      view.start = start;
      view.end = end;
    }
  }
  for (const name of new Set(query.keys())) {
    if (!KNOWN.includes(name)) {
      problems.push(`${quoted(name)} is not part of a view (${KNOWN.join(', ')}): ignored.`);
    }
  }
  return view;
}

// The inverse of readView(); defaults are left out to keep links short.
export function writeView({
  meter, start, end, resolution, utc, live, transport,
}) {
  const query = new URLSearchParams();
  if (meter) query.set('meter', meter);
  if (Number.isFinite(start) && Number.isFinite(end)) {
    query.set('start', toRfc3339(start));
    query.set('end', toRfc3339(end));
  }
  if (resolution && resolution !== 'auto') query.set('resolution', resolution);
  if (utc) query.set('tz', 'utc');
  if (live) query.set('live', '1');
  if (transport && transport !== 'json') query.set('transport', transport);
  // URLSearchParams writes ':' as %3A; times read better as they are.
  return `?${query.toString().replaceAll('%3A', ':')}`;
}
