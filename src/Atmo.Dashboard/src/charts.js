// The charts of one device over one window, drawn with uPlot. Each chart's background shows the
// source of every stretch of minutes (live, history, cloud) and, hatched, where no minute is
// stored; lines break at every missing minute (a null row, spanGaps off).

import uPlot from 'uplot';
import { h } from './dom.js';
import { bothTimes } from './format.js';

/** The background of a source, from the style sheet's --source-* colours. */
function sourceColour(source) {
  const style = getComputedStyle(document.documentElement);
  return style.getPropertyValue(`--source-${source}`).trim() || style.getPropertyValue('--source-unknown').trim();
}

export const chartDefinitions = [
  { id: 'pm', title: 'Particulate matter, µg/m³', height: 260, series: [['pm1', 'PM1', '#1d4e89'], ['pm25', 'PM2.5', '#c2185b'], ['pm10', 'PM10', '#7a5200']] },
  { id: 'voc', title: 'VOC, ppm', height: 170, series: [['voc', 'VOC', '#00695c']] },
  { id: 't', title: 'Temperature, °C', height: 170, series: [['t', 'Temperature', '#b71c1c']] },
  { id: 'h', title: 'Humidity, %', height: 170, series: [['h', 'Humidity', '#0d47a1']] },
  { id: 'p', title: 'Pressure, mbar', height: 170, series: [['p', 'Pressure', '#4a148c']] },
];

export class ChartSet {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    this.plots = [];
    // Follows the width only: every chart added makes the container taller, which needs no redraw.
    let width = this.#width();
    new ResizeObserver(() => {
      if (this.#width() === width) return;
      width = this.#width();
      for (const plot of this.plots) plot.setSize({ width, height: plot.height });
    }).observe(container);
  }

  clear() {
    for (const plot of this.plots) plot.destroy();
    this.plots = [];
    this.container.replaceChildren();
  }

  /**
   * Draws every chart, one per task so the page stays responsive, and leaves performance
   * measures `atmo:chart:<id>` (construction to first draw) and `atmo:charts` (all of them).
   * @param {ReturnType<import('./series.js').toColumns>} columns
   */
  async draw(columns, span, signal) {
    this.clear();
    const zoom = { syncing: false };
    performance.mark('atmo:charts:start');
    for (const definition of chartDefinitions) {
      if (signal.aborted) return;
      const figure = h('figure', { class: 'chart', 'data-chart': definition.id },
        h('figcaption', {}, definition.title));
      this.container.append(figure);
      const start = `atmo:chart:${definition.id}:start`;
      const end = `atmo:chart:${definition.id}:drawn`;
      await new Promise(resolve => {
        performance.mark(start);
        const onFirstDraw = () => {
          performance.mark(end);
          performance.measure(`atmo:chart:${definition.id}`, start, end);
          resolve();
        };
        const data = [columns.x, ...definition.series.map(([field]) => columns.columns[field])];
        this.plots.push(new uPlot(this.#options(definition, columns, span, zoom, onFirstDraw), data, figure));
      });
      await nextTask();
    }
    performance.measure('atmo:charts', 'atmo:charts:start', `atmo:chart:${chartDefinitions.at(-1).id}:drawn`);
  }

  #width() {
    return Math.max(280, this.container.clientWidth);
  }

  #options(definition, columns, span, zoom, onFirstDraw) {
    let drawn = false;
    const first = columns.x[0];
    const last = columns.x.at(-1);
    return {
      width: this.#width(),
      height: definition.height,
      scales: {
        // The whole window, also where nothing is stored; a zoom narrows it.
        x: { time: true, range: (u, min, max) => (min == null || (min === first && max === last) ? [span.from, span.to] : [min, max]) },
      },
      series: [
        { label: 'Time', value: (u, value, seriesIndex, index) => cursorText(columns, value, index) },
        ...definition.series.map(([, label, colour]) => ({
          label, stroke: colour, width: 1.5, spanGaps: false, points: { show: false },
          value: (u, value) => (value == null ? '—' : String(value)),
        })),
      ],
      axes: [{ values: timeAxisFormats }, { size: 56 }],
      legend: { live: true },
      cursor: { sync: { key: 'atmo-charts' }, drag: { x: true, y: false } },
      hooks: {
        drawClear: [u => paintSources(u, columns)],
        draw: [() => {
          if (!drawn) { drawn = true; onFirstDraw(); }
        }],
        setScale: [(u, key) => {
          if (key !== 'x' || zoom.syncing) return;
          zoom.syncing = true;
          for (const other of this.plots)
            if (other !== u) other.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
          zoom.syncing = false;
        }],
      },
    };
  }
}

/**
 * Tick labels of the local time axis, 24-hour clock: uPlot's table of [tick spacing, label, then the
 * label where a year, month, day, hour, minute or second begins, and whether those extend the label].
 */
const timeAxisFormats = [
  [86400 * 365, '{YYYY}', null, null, null, null, null, null, 1],
  [86400 * 28, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [86400, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [1, '{HH}:{mm}:{ss}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
];

/** "2026-11-20 14:03 UTC (15:03 Europe/Berlin) · history", or "… · gap" on a missing minute. */
function cursorText(columns, value, index) {
  if (value == null) return '—';
  const source = index == null ? null : columns.sources[index];
  return `${bothTimes(value)} · ${source ?? 'gap: nothing stored'}`;
}

/** Hatches the plot area (no minute stored), then paints each stretch in its source's colour. */
function paintSources(u, columns) {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.fillStyle = gapPattern(ctx);
  ctx.fillRect(left, top, width, height);
  const colours = {};
  for (const stretch of columns.stretches) {
    const x0 = Math.max(left, u.valToPos(stretch.from, 'x', true));
    const x1 = Math.min(left + width, u.valToPos(stretch.to, 'x', true));
    if (x1 <= x0) continue;
    ctx.fillStyle = colours[stretch.source] ??= sourceColour(stretch.source);
    ctx.fillRect(x0, top, x1 - x0, height);
  }
  ctx.restore();
}

let pattern = null;
function gapPattern(ctx) {
  if (pattern) return pattern;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const t = tile.getContext('2d');
  t.fillStyle = '#f7f7f7';
  t.fillRect(0, 0, 8, 8);
  t.strokeStyle = '#b5b5b5';
  t.lineWidth = 1;
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.stroke();
  pattern = ctx.createPattern(tile, 'repeat');
  return pattern;
}

/** Yields to the browser (input, rendering) between charts. */
function nextTask() {
  return new Promise(resolve => setTimeout(resolve, 0));
}
