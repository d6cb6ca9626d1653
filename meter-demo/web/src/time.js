// Times as the page shows and reads them. The API speaks RFC 3339 in UTC;
// people read their own time zone, or UTC when they ask for it. Times inside
// the page are milliseconds since the epoch (what Date and D3 use).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// "2019-03-01T12:00:00Z" -> ms; NaN if it is not an RFC 3339 time.
export function parseTime(text) {
  if (typeof text !== 'string' ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text)) {
    return NaN;
  }
  return Date.parse(text);
}

// ms -> "2019-03-01T12:00:00Z", whole seconds, as the API's parameters want.
export function toRfc3339(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// The viewer's time zone, e.g. "Europe/Berlin".
export function localTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formatters = new Map();
function formatter(utc, options) {
  const key = `${utc}:${JSON.stringify(options)}`;
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.DateTimeFormat('en-GB', {
      ...options, timeZone: utc ? 'UTC' : undefined, hourCycle: 'h23',
    }));
  }
  return formatters.get(key);
}

function parts(ms, utc, options) {
  const result = {};
  for (const part of formatter(utc, options).formatToParts(new Date(ms))) {
    result[part.type] = part.value;
  }
  return result;
}

// The exact date and time, with the zone: "Fri 1 Mar 2019, 13:00 CET".
// Seconds appear only when the time has them.
export function formatDateTime(ms, { utc = false } = {}) {
  const withSeconds = ms % MINUTE !== 0;
  const p = parts(ms, utc, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined,
    timeZoneName: 'short',
  });
  const time = `${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${time} ${p.timeZoneName}`;
}

// A short date for ranges: "1 Mar 2019".
export function formatDate(ms, { utc = false } = {}) {
  const p = parts(ms, utc, { day: 'numeric', month: 'short', year: 'numeric' });
  return `${p.day} ${p.month} ${p.year}`;
}

// ms -> the value of an <input type="datetime-local">: "2019-03-01T13:00".
export function toInputValue(ms, { utc = false } = {}) {
  const p = parts(ms, utc, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

// The value of an <input type="datetime-local"> -> ms, read in the viewer's
// zone or in UTC; NaN if empty or malformed.
export function fromInputValue(text, { utc = false } = {}) {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(text ?? '');
  if (!match) return NaN;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  return utc ? Date.UTC(year, month - 1, day, hour, minute, second)
             : new Date(year, month - 1, day, hour, minute, second).getTime();
}

// A length of time for people: "15 min", "4 h 45 min", "2 days".
export function formatDuration(ms) {
  if (!(ms > 0)) return '0 s';
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const minutes = Math.round(ms / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const days = Math.round(ms / HOUR) / 24;
  const text = Number.isInteger(days) ? String(days) : days.toFixed(1);
  return `${text} ${days === 1 ? 'day' : 'days'}`;
}

export { MINUTE, HOUR, DAY };
