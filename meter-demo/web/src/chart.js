// The chart: a main line chart with labelled axes, and an overview of the
// meter's whole history under it. Brushing the overview, or wheel and drag on
// the main chart, changes the visible range; the page (main.js) then fetches
// readings for it and hands them back with setData().
//
// D3 comes from vendor/d3.min.js, loaded by index.html before the modules
// (d3's own files are one classic script; see docs/07-web.md).

import { formatDateTime, formatDuration, localTimeZone } from './time.js';
import { gaps, linePoints, nearestIndex, segmentCount } from './series.js';

const d3 = globalThis.d3;

const MARGIN = { top: 14, right: 18, bottom: 44, left: 60 };
const OVERVIEW_MARGIN = { top: 6, right: 18, bottom: 22, left: 60 };
const OVERVIEW_HEIGHT = 72;
// The narrowest range the main chart zooms to.
const MIN_SPAN_MS = 30 * 60_000;

let nextId = 0;

// onViewChange(start, end, { settled }) is called for every step of a
// gesture (settled: false) and once more when it ends (settled: true).
// describedBy: ids of elements on the page that explain the chart's keys.
export function createChart(root, { onViewChange, onResize, describedBy = '' }) {
  const id = `chart-${nextId++}`;
  const state = {
    extent: null, // [start, end] of the meter's readings (ms)
    view: null, // [start, end) on show (ms)
    series: { times: [], values: [] },
    maxStepMs: Infinity,
    overview: { times: [], values: [] },
    overviewMaxStepMs: Infinity,
    utc: false,
    kind: 'raw',
    bucketMs: 0,
    yLabel: 'kWh per reading',
    width: 0,
    height: 0,
    generation: 0,
    focusIndex: -1, // the reading with the tooltip
  };
  let silent = false; // set while the chart moves its own zoom and brush

  // ---- DOM ---------------------------------------------------------------
  // A group, not an image: it takes focus and keys (pan, zoom, and reading
  // values point by point).
  const main = d3.select(root).append('svg')
    .attr('class', 'chart-main')
    .attr('role', 'group')
    .attr('aria-label', 'Meter consumption over time')
    .attr('aria-describedby', `${id}-desc ${describedBy}`.trim())
    .attr('tabindex', 0)
    .attr('xmlns', 'http://www.w3.org/2000/svg');
  const mainTitle = main.append('title');
  const mainDesc = main.append('desc').attr('id', `${id}-desc`);
  main.append('defs').call((defs) => {
    defs.append('clipPath').attr('id', `${id}-clip`).append('rect');
    const gradient = defs.append('linearGradient').attr('id', `${id}-fill`)
      .attr('x1', 0).attr('x2', 0).attr('y1', 0).attr('y2', 1);
    gradient.append('stop').attr('offset', '0%').attr('class', 'fill-top');
    gradient.append('stop').attr('offset', '100%').attr('class', 'fill-bottom');
  });
  const plot = main.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const gridY = plot.append('g').attr('class', 'grid');
  const axisX = plot.append('g').attr('class', 'axis axis-x');
  const axisY = plot.append('g').attr('class', 'axis axis-y');
  const labelX = plot.append('text').attr('class', 'axis-label axis-label-x')
    .attr('text-anchor', 'middle');
  const labelY = plot.append('text').attr('class', 'axis-label')
    .attr('transform', 'rotate(-90)').attr('text-anchor', 'middle').attr('dy', '1em');
  const clipped = plot.append('g').attr('clip-path', `url(#${id}-clip)`);
  const gapBands = clipped.append('g').attr('class', 'gaps');
  const area = clipped.append('path').attr('class', 'area').attr('fill', `url(#${id}-fill)`);
  const line = clipped.append('path').attr('class', 'line');
  const focus = plot.append('g').attr('class', 'focus').style('display', 'none');
  const focusRule = focus.append('line').attr('class', 'focus-rule');
  const focusDot = focus.append('circle').attr('r', 4.5);
  const capture = plot.append('rect').attr('class', 'capture');
  const empty = plot.append('text').attr('class', 'empty').attr('text-anchor', 'middle')
    .text('No readings in this range');

  // The tooltip is for the eye; a screen reader hears a value only when the
  // keyboard moves to it (the live region), not on every mouse move.
  const tooltip = d3.select(root).append('div').attr('class', 'tooltip')
    .attr('aria-hidden', 'true').attr('hidden', true);
  const spoken = d3.select(root).append('div').attr('class', 'visually-hidden')
    .attr('aria-live', 'polite');

  const overview = d3.select(root).append('svg')
    .attr('class', 'chart-overview')
    .attr('aria-label', 'Overview of all readings; drag to choose the range shown above');
  const overviewPlot = overview.append('g')
    .attr('transform', `translate(${OVERVIEW_MARGIN.left},${OVERVIEW_MARGIN.top})`);
  const overviewGaps = overviewPlot.append('g').attr('class', 'gaps');
  const overviewArea = overviewPlot.append('path').attr('class', 'area overview-area');
  const overviewLine = overviewPlot.append('path').attr('class', 'line overview-line');
  const overviewAxis = overviewPlot.append('g').attr('class', 'axis axis-x');
  const brushLayer = overviewPlot.append('g').attr('class', 'brush');

  // ---- scales and behaviours ---------------------------------------------
  let x = d3.scaleTime();
  let xFull = d3.scaleTime();
  let xOverview = d3.scaleTime();
  const y = d3.scaleLinear();
  const yOverview = d3.scaleLinear();

  const zoom = d3.zoom()
    .on('zoom', (event) => {
      if (silent || !state.extent) return;
      const [start, end] = event.transform.rescaleX(xFull).domain().map(Number);
      changeView(start, end, 'zoom', false);
    })
    .on('end', () => {
      if (silent || !state.extent || !state.view) return;
      onViewChange(...state.view, { settled: true });
    });
  capture.call(zoom).on('dblclick.zoom', null);

  const brush = d3.brushX()
    .on('brush end', (event) => {
      if (silent || !state.extent || !event.sourceEvent) return;
      if (!event.selection) { // a click without a drag: keep the view
        placeBrush();
        return;
      }
      const [start, end] = event.selection.map((px) => Number(xOverview.invert(px)));
      const settled = event.type === 'end';
      if (end - start >= MIN_SPAN_MS) changeView(start, end, 'brush', settled);
      else if (settled && state.view) onViewChange(...state.view, { settled });
    });

  function changeView(start, end, source, settled) {
    state.view = [start, end];
    if (source !== 'brush') placeBrush();
    if (source !== 'zoom') placeZoom();
    draw();
    onViewChange(start, end, { settled });
  }

  // Moves the zoom transform to match state.view, without events.
  function placeZoom() {
    if (!state.extent || !state.view || state.width <= 0) return;
    const k = (state.extent[1] - state.extent[0]) / (state.view[1] - state.view[0]);
    const transform = d3.zoomIdentity.scale(k).translate(-xFull(state.view[0]), 0);
    silent = true;
    capture.call(zoom.transform, transform);
    silent = false;
  }

  function placeBrush() {
    if (!state.extent || !state.view || state.width <= 0) return;
    const left = Math.max(0, xOverview(state.view[0]));
    const right = Math.min(state.width, xOverview(state.view[1]));
    silent = true;
    brushLayer.call(brush.move, right > left ? [left, right] : null);
    silent = false;
  }

  // ---- layout --------------------------------------------------------------
  function layout() {
    const outer = root.clientWidth;
    const narrow = outer < 560;
    state.width = Math.max(10, outer - MARGIN.left - MARGIN.right);
    state.height = Math.round(Math.min(440, Math.max(narrow ? 220 : 260, window.innerHeight * 0.42)));
    const h = state.height;
    main.attr('width', outer).attr('height', h + MARGIN.top + MARGIN.bottom)
      .attr('viewBox', `0 0 ${outer} ${h + MARGIN.top + MARGIN.bottom}`);
    main.select(`#${id}-clip rect`).attr('width', state.width).attr('height', h);
    capture.attr('width', state.width).attr('height', h);
    empty.attr('x', state.width / 2).attr('y', h / 2);
    labelY.attr('x', -h / 2).attr('y', -MARGIN.left);
    labelX.attr('x', state.width / 2).attr('y', h + MARGIN.bottom - 6);
    overview.attr('width', outer)
      .attr('height', OVERVIEW_HEIGHT + OVERVIEW_MARGIN.top + OVERVIEW_MARGIN.bottom);
    const extentPx = [[0, 0], [state.width, h]];
    zoom.extent(extentPx).translateExtent(extentPx);
    brush.extent([[0, 0], [state.width, OVERVIEW_HEIGHT]]);
    brushLayer.call(brush);
    brushLayer.selectAll('.selection').attr('aria-label', 'Visible range');
    axisX.attr('transform', `translate(0,${h})`);
    overviewAxis.attr('transform', `translate(0,${OVERVIEW_HEIGHT})`);
    y.range([h, 0]);
    yOverview.range([OVERVIEW_HEIGHT, 0]);
    setScales();
  }

  function setScales() {
    const make = state.utc ? d3.scaleUtc : d3.scaleTime;
    const extent = state.extent ?? [0, 1];
    xFull = make().domain(extent).range([0, state.width]);
    xOverview = make().domain(extent).range([0, state.width]);
    x = make().domain(state.view ?? extent).range([0, state.width]);
    if (state.extent) {
      const maxK = Math.max(1, (extent[1] - extent[0]) / MIN_SPAN_MS);
      zoom.scaleExtent([1, maxK]);
    }
  }

  // ---- drawing ---------------------------------------------------------------
  function visibleMax(series, start, end) {
    let max = 0;
    series.times.forEach((t, i) => {
      const v = series.values[i];
      if (t >= start && t <= end && v > max) max = v;
    });
    return max;
  }

  function draw() {
    if (!state.view) return;
    x.domain(state.view);
    const h = state.height;
    const yMax = visibleMax(state.series, state.view[0], state.view[1]);
    y.domain([0, yMax > 0 ? yMax * 1.08 : 1]).nice();
    const tickCount = Math.max(3, Math.floor(state.width / 90));
    axisX.call(d3.axisBottom(x).ticks(tickCount).tickFormat(timeTicks(state.utc)).tickSizeOuter(0));
    axisY.call(d3.axisLeft(y).ticks(Math.max(3, Math.floor(h / 50))).tickSizeOuter(0));
    gridY.call(d3.axisLeft(y).ticks(Math.max(3, Math.floor(h / 50)))
      .tickSize(-state.width).tickFormat(''))
      .call((g) => g.select('.domain').remove());
    labelY.text(state.yLabel);
    labelX.text(`Time (${state.utc ? 'UTC' : localTimeZone()})`);

    const points = linePoints(state.series, state.maxStepMs);
    const defined = (p) => p.v !== null;
    line.attr('d', d3.line().defined(defined).x((p) => x(p.t)).y((p) => y(p.v))(points));
    area.attr('d', d3.area().defined(defined).x((p) => x(p.t)).y0(h).y1((p) => y(p.v))(points));
    const bands = gaps(state.series, state.maxStepMs);
    gapBands.selectAll('rect').data(bands).join('rect')
      .attr('x', (g) => x(g.from))
      .attr('width', (g) => Math.max(2, x(g.to) - x(g.from)))
      .attr('y', 0).attr('height', h);
    empty.style('display', state.series.times.length ? 'none' : null);

    const definedCount = points.filter(defined).length;
    root.dataset.points = String(state.series.times.length);
    root.dataset.drawnPoints = String(definedCount);
    root.dataset.segments = String(segmentCount(points));
    root.dataset.gaps = String(bands.length);
    root.dataset.viewStart = new Date(state.view[0]).toISOString();
    root.dataset.viewEnd = new Date(state.view[1]).toISOString();
    const missing = state.series.values.filter(Number.isNaN).length;
    mainTitle.text('Meter consumption over time');
    mainDesc.text(`Line chart of ${state.series.times.length} readings in kWh from ` +
      `${formatDateTime(state.view[0], { utc: state.utc })} to ` +
      `${formatDateTime(state.view[1], { utc: state.utc })}` +
      (missing ? `, ${missing} missing` : ''));
    moveFocus(null);
  }

  function drawOverview() {
    if (!state.extent) return;
    const series = state.overview;
    yOverview.domain([0, visibleMax(series, -Infinity, Infinity) || 1]);
    const points = linePoints(series, state.overviewMaxStepMs);
    const defined = (p) => p.v !== null;
    overviewLine.attr('d', d3.line().defined(defined)
      .x((p) => xOverview(p.t)).y((p) => yOverview(p.v))(points));
    overviewArea.attr('d', d3.area().defined(defined)
      .x((p) => xOverview(p.t)).y0(OVERVIEW_HEIGHT).y1((p) => yOverview(p.v))(points));
    overviewGaps.selectAll('rect').data(gaps(series, state.overviewMaxStepMs)).join('rect')
      .attr('x', (g) => xOverview(g.from))
      .attr('width', (g) => Math.max(1, xOverview(g.to) - xOverview(g.from)))
      .attr('y', 0).attr('height', OVERVIEW_HEIGHT);
    overviewAxis.call(d3.axisBottom(xOverview).ticks(Math.max(2, Math.floor(state.width / 120)))
      .tickFormat(timeTicks(state.utc)).tickSizeOuter(0));
  }

  function redrawAll() {
    layout();
    drawOverview();
    draw();
    placeBrush();
    placeZoom();
  }

  // ---- tooltip ----------------------------------------------------------------
  function describePoint(i) {
    const t = state.series.times[i];
    const v = state.series.values[i];
    const value = Number.isNaN(v) ? 'missing reading' : `${formatKwh(v)} kWh`;
    let note = '';
    if (state.kind === 'minmax') {
      note = `lowest or highest reading of about ${formatDuration(state.bucketMs)}`;
    } else if (state.kind === 'sum') {
      note = `sum of the ${formatDuration(state.bucketMs)} ending here`;
    }
    return { time: formatDateTime(t, { utc: state.utc }), value, note, missing: Number.isNaN(v) };
  }

  // The reading under the pointer at `px` (null: none).
  function moveFocus(px) {
    showPoint(px === null ? -1 : nearestIndex(state.series.times, Number(x.invert(px))));
  }

  // Marks reading i (-1: none) and shows its tooltip; `announce` also puts
  // it in the live region, for moves made with the keyboard.
  function showPoint(i, { announce = false } = {}) {
    state.focusIndex = i;
    if (i < 0) {
      focus.style('display', 'none');
      tooltip.attr('hidden', true);
      return;
    }
    const t = state.series.times[i];
    const v = state.series.values[i];
    const cx = x(t);
    focus.style('display', null);
    focusRule.attr('x1', cx).attr('x2', cx).attr('y1', 0).attr('y2', state.height);
    // No dot for a missing reading: on the axis it would read as 0.
    focusDot.attr('cx', cx).attr('cy', Number.isNaN(v) ? 0 : y(v))
      .style('display', Number.isNaN(v) ? 'none' : null);
    const text = describePoint(i);
    tooltip.attr('hidden', null).classed('missing', text.missing)
      .attr('data-time', new Date(t).toISOString());
    tooltip.html('');
    tooltip.append('div').attr('class', 'tooltip-time').text(text.time);
    tooltip.append('div').attr('class', 'tooltip-value').text(text.value);
    if (text.note) tooltip.append('div').attr('class', 'tooltip-note').text(text.note);
    if (announce) spoken.text(`${text.time}: ${text.value}${text.note ? `, ${text.note}` : ''}`);
    const box = tooltip.node().getBoundingClientRect();
    const left = MARGIN.left + cx + 14;
    const flip = left + box.width > root.clientWidth;
    tooltip.style('left', `${flip ? MARGIN.left + cx - 14 - box.width : left}px`)
      .style('top', `${MARGIN.top + 8}px`);
  }

  capture
    .on('pointermove.tooltip', (event) => moveFocus(d3.pointer(event)[0]))
    .on('pointerleave.tooltip', () => moveFocus(null));
  main.on('blur', () => showPoint(-1));

  // The indexes of the first and last reading on show ([0, -1] if none).
  function visibleIndexes() {
    const times = state.series.times;
    return [d3.bisectLeft(times, state.view[0]), d3.bisectRight(times, state.view[1]) - 1];
  }

  // Keys that read values on the focused chart: Shift + arrows step from
  // reading to reading, Home and End go to the first and last on show,
  // Escape hides the tooltip. Returns whether the key was one of them.
  function readingKey(event) {
    const [first, last] = visibleIndexes();
    const current = state.focusIndex;
    const inView = current >= first && current <= last;
    let i = null;
    if (event.key === 'Home') i = first;
    if (event.key === 'End') i = last;
    if (event.shiftKey && event.key === 'ArrowRight') i = inView ? Math.min(last, current + 1) : first;
    if (event.shiftKey && event.key === 'ArrowLeft') i = inView ? Math.max(first, current - 1) : last;
    if (event.key === 'Escape') i = -1;
    if (i === null) return false;
    showPoint(last >= first ? i : -1, { announce: true });
    return true;
  }

  // Keys on the focused chart: arrows pan, + and - zoom; and readingKey().
  main.on('keydown', (event) => {
    if (!state.view || !state.extent) return;
    if (readingKey(event)) {
      event.preventDefault();
      return;
    }
    const [start, end] = state.view;
    const span = end - start;
    let next = null;
    if (event.key === 'ArrowLeft') next = [start - span / 5, end - span / 5];
    if (event.key === 'ArrowRight') next = [start + span / 5, end + span / 5];
    if (event.key === '+' || event.key === '=') next = [start + span / 4, end - span / 4];
    if (event.key === '-') next = [start - span / 2, end + span / 2];
    if (!next) return;
    event.preventDefault();
    changeView(...clampView(next, state.extent), 'keyboard', true);
  });

  new ResizeObserver(() => {
    const before = state.width;
    redrawAll();
    if (before !== 0 && Math.abs(state.width - before) > 1) onResize?.(state.width);
  }).observe(root);
  layout();

  return {
    // The plot's width in pixels: how many points are worth asking for.
    width: () => state.width,
    setExtent(start, end) {
      state.extent = [start, end];
      root.dataset.extentStart = new Date(start).toISOString();
      root.dataset.extentEnd = new Date(end).toISOString();
      setScales();
      drawOverview();
      placeBrush();
      placeZoom();
    },
    setView(start, end) {
      state.view = [start, end];
      draw();
      placeBrush();
      placeZoom();
    },
    setData(series, { maxStepMs, kind, bucketMs, yLabel }) {
      Object.assign(state, { series, maxStepMs, kind, bucketMs, yLabel });
      state.generation += 1;
      draw();
      root.dataset.generation = String(state.generation);
    },
    setOverview(series, maxStepMs) {
      state.overview = series;
      state.overviewMaxStepMs = maxStepMs;
      root.dataset.overviewPoints = String(series.times.length);
      drawOverview();
    },
    setUtc(utc) {
      state.utc = utc;
      redrawAll();
    },
    svg: () => main.node(),
  };
}

// Axis labels in 24-hour time, in the viewer's zone or in UTC: "13:00",
// "Fri 1", "1 Mar", "March", "2019" (D3's default uses "01 PM").
function timeTicks(utc) {
  const format = utc ? d3.utcFormat : d3.timeFormat;
  const [minute, day, week, month, year] = utc
    ? [d3.utcMinute, d3.utcDay, d3.utcWeek, d3.utcMonth, d3.utcYear]
    : [d3.timeMinute, d3.timeDay, d3.timeWeek, d3.timeMonth, d3.timeYear];
  const formats = {
    second: format(':%S'), minute: format('%H:%M'), day: format('%a %-d'),
    week: format('%-d %b'), month: format('%B'), year: format('%Y'),
  };
  return (date) => {
    if (minute(date) < date) return formats.second(date);
    if (day(date) < date) return formats.minute(date);
    if (month(date) < date) return (week(date) < date ? formats.day : formats.week)(date);
    return (year(date) < date ? formats.month : formats.year)(date);
  };
}

// [start, end] moved inside `extent` keeping its length where it can.
export function clampView([start, end], extent) {
  const span = Math.max(MIN_SPAN_MS, Math.min(end - start, extent[1] - extent[0]));
  let s = Math.max(extent[0], Math.min(start, extent[1] - span));
  return [s, s + span];
}

export function formatKwh(value) {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 6 });
}
