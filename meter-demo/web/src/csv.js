// Export of readings as CSV, in the format users bring (header
// `time,meterusage`, UTC times as YYYY-MM-DD HH:MM:SS, NaN for a missing
// reading), so that an export can be uploaded again as it is. Give it the
// readings themselves (resolution.js rawPlan), never sums or min/max points:
// uploaded again, those would overwrite the readings at their times.

function csvTime(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function toCsv(series) {
  const lines = ['time,meterusage'];
  series.times.forEach((t, i) => {
    const value = series.values[i];
    lines.push(`${csvTime(t)},${Number.isNaN(value) ? 'NaN' : String(value)}`);
  });
  return `${lines.join('\n')}\n`;
}

// "home_2019-03-01T0000Z_2019-03-02T0000Z_raw.csv": the meter, the range in
// UTC and what the points are, so two exports never get the same name.
export function exportFileName(meter, start, end, what, extension) {
  const stamp = (ms) => new Date(ms).toISOString().slice(0, 16).replace(':', '') + 'Z';
  const safe = (text) => String(text).replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${safe(meter)}_${stamp(start)}_${stamp(end)}_${safe(what)}.${extension}`;
}
