// The meter dashboard: holds the view (meter, range, resolution, time zone,
// live), keeps it in the address, fetches what the view needs from the HTTP
// API and hands it to the chart and the summary.

import { ApiError } from './api.js';
import { clampView, createChart } from './chart.js';
import { toCsv, exportFileName } from './csv.js';
import { download, pngBlob, svgText } from './export.js';
import { RESOLUTIONS, planRequest, rawPlan, readingInterval } from './resolution.js';
import { emptySeries, typicalStep } from './series.js';
import {
  DAY, formatDate, formatDateTime, formatDuration, fromInputValue, localTimeZone, toInputValue,
} from './time.js';
import {
  TRANSPORTS, fetchMeters, fetchReadings, fetchSummary, openLive, useTransport,
} from './transport.js';
import { readView, writeView } from './view_state.js';

const d3 = globalThis.d3;
const $ = (selector) => document.querySelector(selector);
const DEFAULT_METER = 'home';
const DEFAULT_SPAN_MS = 30 * DAY;

// What the address asked for that the page cannot show, told to the user.
const addressProblems = [];
const view = {
  meter: null, start: NaN, end: NaN, ...readView(location.search, addressProblems),
};
let meters = [];
let extent = null; // [start, end] of the meter's readings, ms
let interval = 0; // the meter's typical time between readings, ms
let shown = { series: emptySeries(), plan: null };
let viewChangedAt = performance.now();
let firstChartDrawn = false;
let closeLive = null;

const chart = createChart($('#chart'), {
  describedBy: 'chart-hint',
  onViewChange(start, end, { settled }) {
    setView(start, end, { settled });
  },
  onResize() {
    load();
    loadOverview();
  },
});

// ---- the view and the address -------------------------------------------------
// [START save_view]
// The address is written when a gesture ends, or once the view has stayed
// the same for a moment, never on every pointer move: Safari throws after
// 100 replaceState calls in 30 s and Chrome drops calls. A failed write is
// only a stale address; it must never stop the chart from loading.
const SAVE_VIEW_DELAY_MS = 250;
let saveViewTimer = 0;

function saveView() {
  clearTimeout(saveViewTimer);
  try {
    history.replaceState(null, '', writeView(view) + location.hash);
  } catch {
    // The next change of the view writes the address again.
  }
}

function saveViewSoon() {
  clearTimeout(saveViewTimer);
  saveViewTimer = setTimeout(saveView, SAVE_VIEW_DELAY_MS);
}

// settled: false while a zoom or brush is still moving.
function setView(start, end, { settled = true } = {}) {
  if (start !== view.start || end !== view.end) {
    view.start = start;
    view.end = end;
    viewChangedAt = performance.now();
    load();
    showRangeInputs();
  }
  if (settled) saveView();
  else saveViewSoon();
}
// [END save_view]

function showRangeInputs() {
  $('#start').value = toInputValue(view.start, { utc: view.utc });
  $('#end').value = toInputValue(view.end, { utc: view.utc });
  $('#range-title').textContent =
    `${formatDate(view.start, { utc: view.utc })} – ${formatDate(view.end, { utc: view.utc })}`;
}

// ---- loading ----------------------------------------------------------------------
// [START load_latest]
// At most one load runs at a time; views that change meanwhile (a wheel zoom
// sends many) are merged into one more load of the latest view when it ends.
let loading = null;
let wanted = 0;

function load() {
  wanted += 1;
  if (!loading) loading = runLoads();
  return loading;
}

async function runLoads() {
  setBusy(true);
  let done = 0;
  while (done !== wanted) {
    done = wanted;
    await loadOnce(() => done !== wanted);
  }
  setBusy(false);
  loading = null;
}
// [END load_latest]

async function loadOnce(isStale) {
  if (!extent || !Number.isFinite(view.start)) return;
  const started = viewChangedAt;
  const plan = planRequest({
    start: view.start, end: view.end, widthPx: chart.width(),
    resolution: view.resolution, readingIntervalMs: interval,
  });
  try {
    const fetchStart = performance.now();
    const [series, summary] = await Promise.all([
      fetchReadings(view.meter, plan),
      fetchSummary(view.meter, plan.start, plan.end),
    ]);
    if (isStale()) return;
    const fetchEnd = performance.now();
    show(series, plan);
    showSummary(summary);
    hideError();
    const drawEnd = performance.now();
    if (!firstChartDrawn) {
      firstChartDrawn = true;
      performance.mark('meter:first-chart');
    }
    performance.measure('meter:view-update', {
      start: started, end: drawEnd,
      detail: {
        fetchMs: fetchEnd - fetchStart, drawMs: drawEnd - fetchEnd,
        points: series.times.length, kind: plan.kind,
      },
    });
  } catch (error) {
    if (!isStale()) showError(error, load);
  }
}

function yLabel(plan) {
  if (plan.kind === 'sum') {
    return `kWh per ${{ '15min': '15 min', hourly: 'hour', daily: 'day' }[plan.resolution]}`;
  }
  return interval > 0 ? `kWh per ${formatDuration(interval)}` : 'kWh per reading';
}

function maxStep(plan, series) {
  const step = Math.max(typicalStep(series.times), plan.kind === 'raw' ? interval : 0);
  if (plan.kind === 'minmax' || plan.bucketMs > step) return 2 * plan.bucketMs + 1.5 * interval;
  return 1.5 * (step || interval || Infinity);
}

function show(series, plan) {
  shown = { series, plan };
  chart.setData(series, {
    maxStepMs: maxStep(plan, series), kind: plan.kind, bucketMs: plan.bucketMs,
    yLabel: yLabel(plan),
  });
  const count = series.times.length.toLocaleString('en-GB');
  const what = {
    raw: `every reading${interval ? ` (one per ${formatDuration(interval)})` : ''}`,
    minmax: `lowest and highest reading of every ${formatDuration(plan.bucketMs)}`,
    sum: `${RESOLUTIONS[view.resolution].label.toLowerCase()}` +
      (plan.bucketMs > RESOLUTIONS[view.resolution].intervalMs
        ? `, lowest and highest of every ${formatDuration(plan.bucketMs)}` : ''),
  }[plan.kind];
  $('#chart-status').textContent =
    `${count} points: ${what}. Times in ${view.utc ? 'UTC' : localTimeZone()}.`;
  $('#chart').dataset.kind = plan.kind;
  $('#chart').dataset.bucketMs = String(Math.round(plan.bucketMs));
}

function showSummary(summary) {
  // The number large, its unit small: "112,144 kWh" fits a phone's tile.
  const kwh = (value, digits = 2) => {
    if (value === undefined) return ['–'];
    const unit = document.createElement('span');
    unit.className = 'unit';
    unit.textContent = ' kWh';
    return [value.toLocaleString('en-GB', { maximumFractionDigits: digits }), unit];
  };
  const at = (time) => (time ? `at ${formatDateTime(Date.parse(time), { utc: view.utc })}` : '');
  const readings = Number(summary.readingCount ?? 0);
  $('#sum-total').replaceChildren(...kwh(summary.totalKwh ?? 0, summary.totalKwh >= 1000 ? 0 : 2));
  // The exact number behind the rounded one, for tests and scripts.
  $('#sum-total').dataset.kwh = String(summary.totalKwh ?? 0);
  $('#sum-mean').replaceChildren(...kwh(summary.meanKwh));
  $('#sum-min').replaceChildren(...kwh(summary.minKwh));
  $('#sum-min-time').textContent = at(summary.minTime);
  $('#sum-max').replaceChildren(...kwh(summary.maxKwh));
  $('#sum-max-time').textContent = at(summary.maxTime);
  $('#sum-missing').textContent = Number(summary.missingCount ?? 0).toLocaleString('en-GB');
  $('#sum-readings').textContent = `of ${readings.toLocaleString('en-GB')} readings`;
  lastSummary = summary;
}
let lastSummary = null;

function setBusy(busy) {
  $('#loading').hidden = !busy;
  $('#chart').setAttribute('aria-busy', String(busy));
  document.body.dataset.state = busy ? 'loading' : ($('#error').hidden ? 'ready' : 'error');
}

// ---- errors -------------------------------------------------------------------------
let retryAction = null;

function showError(error, retry) {
  const message = error instanceof ApiError ? error.message : `Unexpected error: ${error.message}`;
  $('#error-message').textContent = message;
  $('#error').hidden = false;
  retryAction = retry;
  document.body.dataset.state = 'error';
}

function hideError() {
  $('#error').hidden = true;
  retryAction = null;
}

// After an export's Retry succeeds, outside of a load.
function hideErrorAfterRetry() {
  hideError();
  if (!loading) document.body.dataset.state = 'ready';
}

$('#retry').addEventListener('click', () => retryAction?.());

// The parts of the address the page could not use, until dismissed.
function showNotice(problems) {
  $('#notice-message').textContent = problems.join(' ');
  $('#notice').hidden = problems.length === 0;
}

$('#dismiss').addEventListener('click', () => {
  addressProblems.length = 0;
  showNotice(addressProblems);
});

// ---- meters and the data extent ---------------------------------------------------
async function loadMeters() {
  setBusy(true);
  try {
    meters = await fetchMeters();
    hideError();
  } catch (error) {
    setBusy(false);
    showError(error, loadMeters);
    return;
  }
  const select = $('#meter');
  select.replaceChildren(...meters.map((meter) => new Option(meter.id, meter.id)));
  const known = (id) => meters.some((meter) => meter.id === id);
  if (!known(view.meter)) {
    const asked = view.meter;
    view.meter = known(DEFAULT_METER) ? DEFAULT_METER : meters[0]?.id;
    if (asked && view.meter) {
      addressProblems.push(`There is no meter '${asked}': showing '${view.meter}'.`);
    }
  }
  showNotice(addressProblems);
  select.value = view.meter ?? '';
  if (!view.meter) {
    setBusy(false);
    showError(new ApiError('NOT_FOUND', 'The server has no meters yet: upload a CSV file.'), loadMeters);
    return;
  }
  await selectMeter(view.meter, { keepView: true });
  setBusy(false);
}

function meterExtent(meter) {
  interval = readingInterval(meter);
  const first = Date.parse(meter.firstTime ?? '');
  const last = Date.parse(meter.lastTime ?? '');
  if (!Number.isFinite(first)) return null;
  const pad = Math.max(1000, interval);
  return [first - pad, last + pad];
}

async function selectMeter(id, { keepView = false } = {}) {
  view.meter = id;
  const meter = meters.find((m) => m.id === id);
  extent = meterExtent(meter) ?? [Date.now() - DAY, Date.now()];
  chart.setExtent(...extent);
  if (!keepView || !Number.isFinite(view.start)) {
    const end = extent[1];
    const day = view.utc ? d3.utcDay : d3.timeDay;
    const start = Math.max(extent[0], day.floor(new Date(end - DEFAULT_SPAN_MS)).getTime());
    view.start = start;
    view.end = end;
  }
  chart.setView(view.start, view.end);
  chart.setOverview(emptySeries(), Infinity); // not the previous meter's
  const loaded = Promise.all([load(), loadOverview()]);
  showRangeInputs();
  saveView();
  if (view.live) startLive();
  await loaded;
}

// The overview of the meter's whole history. A newer call (another meter, a
// live upload, a resize) aborts the one before, whose answer is then dropped.
let overviewRequest = null;

async function loadOverview() {
  overviewRequest?.abort();
  if (!extent) return;
  const request = new AbortController();
  overviewRequest = request;
  const plan = planRequest({
    start: extent[0], end: extent[1], widthPx: chart.width(), readingIntervalMs: interval,
  });
  try {
    const series = await fetchReadings(view.meter, plan, { signal: request.signal });
    if (request.signal.aborted) return;
    chart.setOverview(series, maxStep(plan, series));
  } catch {
    // The main chart reports errors; an overview without data is still usable.
  }
}

// ---- live mode ------------------------------------------------------------------------
function startLive() {
  closeLive?.();
  const button = $('#live');
  button.setAttribute('aria-pressed', 'true');
  button.dataset.state = 'connecting';
  $('#live-label').textContent = 'Connecting…';
  closeLive = openLive(view.meter, {
    onState(state) {
      button.dataset.state = state;
      $('#live-label').textContent = state === 'live' ? 'Live' : 'Connecting…';
    },
    onReadings(readings) {
      if (readings.times.length === 0) return;
      const newest = readings.times[readings.times.length - 1];
      const following = view.end >= extent[1] - Math.max(1000, interval);
      if (newest + Math.max(1000, interval) > extent[1]) {
        extent = [Math.min(extent[0], readings.times[0]), newest + Math.max(1000, interval)];
        chart.setExtent(...extent);
      }
      // While the view shows the latest readings, it follows new ones.
      if (following && newest >= view.end) {
        const span = view.end - view.start;
        chart.setView(extent[1] - span, extent[1]);
        setView(extent[1] - span, extent[1], { settled: false });
      } else {
        load();
      }
      loadOverview();
    },
  });
}

function stopLive() {
  closeLive?.();
  closeLive = null;
  const button = $('#live');
  button.setAttribute('aria-pressed', 'false');
  delete button.dataset.state;
  $('#live-label').textContent = 'Live';
}

$('#live').addEventListener('click', () => {
  view.live = !view.live;
  if (view.live) startLive();
  else stopLive();
  saveView();
});

// ---- controls -----------------------------------------------------------------------
$('#meter').addEventListener('change', (event) => {
  selectMeter(event.target.value);
});

$('#range-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const start = fromInputValue($('#start').value, { utc: view.utc });
  const end = fromInputValue($('#end').value, { utc: view.utc });
  const endInput = $('#end');
  if (!(start < end)) {
    endInput.setCustomValidity('The end must be after the start.');
    endInput.reportValidity();
    return;
  }
  endInput.setCustomValidity('');
  chart.setView(start, end);
  setView(start, end);
});
$('#end').addEventListener('input', () => $('#end').setCustomValidity(''));

for (const button of document.querySelectorAll('.presets [data-days]')) {
  button.addEventListener('click', () => {
    if (!extent) return;
    const [start, end] = clampView([extent[1] - Number(button.dataset.days) * DAY, extent[1]], extent);
    chart.setView(start, end);
    setView(start, end);
  });
}

$('#reset').addEventListener('click', () => {
  if (!extent) return;
  chart.setView(...extent);
  setView(...extent);
});

const resolutionSelect = $('#resolution');
resolutionSelect.replaceChildren(
  ...Object.entries(RESOLUTIONS).map(([key, { label }]) => new Option(label, key)));
resolutionSelect.value = view.resolution;
resolutionSelect.addEventListener('change', () => {
  view.resolution = resolutionSelect.value;
  saveView();
  load();
});

$('#tz-local').textContent = `Local (${localTimeZone()})`;
for (const radio of document.querySelectorAll('input[name="tz"]')) {
  radio.checked = (radio.value === 'utc') === view.utc;
  radio.addEventListener('change', () => {
    view.utc = radio.value === 'utc' && radio.checked;
    chart.setUtc(view.utc);
    showRangeInputs();
    saveView();
    if (shown.plan) show(shown.series, shown.plan);
    if (lastSummary) showSummary(lastSummary);
  });
}

// ---- export -----------------------------------------------------------------------------
function exportName(extension) {
  const what = shown.plan?.kind === 'minmax' ? 'minmax' : (shown.plan?.resolution ?? 'raw');
  return exportFileName(view.meter, view.start, view.end, what, extension);
}

function chartTitle() {
  return `Meter ${view.meter}: ${formatDateTime(view.start, { utc: view.utc })} – ` +
    `${formatDateTime(view.end, { utc: view.utc })}`;
}

// [START export_csv]
// The CSV holds the readings of the visible range as they are stored, not
// the points on show (lowest and highest per pixel, or sums), so that the
// file can be uploaded again and changes nothing.
async function exportCsv() {
  const { meter, start, end } = view;
  const button = $('#export-csv');
  button.disabled = true;
  try {
    const readings = await fetchReadings(meter, rawPlan(start, end));
    download(new Blob([toCsv(readings)], { type: 'text/csv' }),
      exportFileName(meter, start, end, 'raw', 'csv'));
    if (retryAction === exportCsv) hideErrorAfterRetry();
  } catch (error) {
    showError(error.code === 'OUT_OF_RANGE'
      ? new ApiError(error.code, 'The visible range holds more readings than the server ' +
        'sends at once (1,000,000): zoom in and export it in parts.', error.status)
      : error, exportCsv);
  } finally {
    button.disabled = false;
  }
}
// [END export_csv]

$('#export-csv').addEventListener('click', exportCsv);
$('#export-svg').addEventListener('click', () => {
  download(new Blob([svgText(chart.svg(), chartTitle())], { type: 'image/svg+xml' }),
    exportName('svg'));
});
async function exportPng() {
  try {
    const svg = chart.svg();
    const png = await pngBlob(svgText(svg, chartTitle()), Number(svg.getAttribute('width')),
      Number(svg.getAttribute('height')) + 28);
    download(png, exportName('png'));
    if (retryAction === exportPng) hideErrorAfterRetry();
  } catch (error) {
    showError(error, exportPng);
  }
}
$('#export-png').addEventListener('click', exportPng);

// [START transport_switch]
const transportSelect = $('#transport');
transportSelect.replaceChildren(
  ...Object.entries(TRANSPORTS).map(([key, label]) => new Option(label, key)));
transportSelect.value = view.transport;
transportSelect.addEventListener('change', async () => {
  view.transport = transportSelect.value;
  saveView();
  await useTransport(view.transport);
  if (view.live) startLive();
  loadMeters();
});
// [END transport_switch]

chart.setUtc(view.utc);
useTransport(view.transport).then(loadMeters, (error) => showError(error, loadMeters));
