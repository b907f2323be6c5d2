// The dashboard: asks once for the API key, then shows the devices, the charts of one device
// and the gateway's health. Reads only /api/v1/devices, /api/v1/data and /readyz.

import { ApiClient, KeyRefusedError, mapConcurrently } from './api.js';
import { deviceCard } from './cards.js';
import { ChartSet } from './charts.js';
import { h, timeElement } from './dom.js';
import { bothTimes, countText, durationText, localText, utcText } from './format.js';
import { renderHealth, renderHealthError } from './health.js';
import { firstLoad, lastMeasure, longestTask } from './perf.js';
import { loadCsv, loadMinutes, maxRangeDays, windowOf } from './range.js';
import { toColumns } from './series.js';

const $ = id => document.getElementById(id);
const devicesEveryMs = 60_000;
const healthEveryMs = 30_000;
const keyHint = 'Copy it from data/api-key (a developer run; data/simulated/api-key with --simulate) or from /etc/atmo-edge/api-key on an installed gateway.';

const chartsSection = $('charts-section');
const chartStatus = $('chart-status');
const progress = $('chart-progress');
const api = new ApiClient({
  onRateLimited: seconds => {
    $('rate-limit').hidden = seconds === 0;
    $('rate-limit').textContent = `This key reached the gateway's rate limit (HTTP 429): waiting ${seconds} s, as its Retry-After asks, then going on.`;
  },
});
const charts = new ChartSet($('charts'));

let devices = [];
let shown = null;
let chartLoad = null;
let devicesTimer = 0;
let chartsLoadedOnce = false;

// ---- The key -----------------------------------------------------------------------------

function showKeyForm(message) {
  clearInterval(devicesTimer);
  chartLoad?.abort();
  charts.clear();
  shown = null;
  chartsLoadedOnce = false;
  $('key-section').hidden = false;
  $('devices-section').hidden = true;
  chartsSection.hidden = true;
  $('forget-key').hidden = true;
  $('key-error').textContent = message ?? '';
}

$('key-form').addEventListener('submit', async event => {
  event.preventDefault();
  const key = $('key-input').value.trim();
  if (!key) {
    $('key-error').textContent = `Enter the API key. ${keyHint}`;
    return;
  }
  $('key-submit').disabled = true;
  $('key-error').textContent = 'Checking the key…';
  try {
    const list = await api.useKey(key);
    $('key-input').value = '';
    showDashboard(list);
  } catch (error) {
    $('key-error').textContent = error instanceof KeyRefusedError
      ? `${error.message} ${keyHint}`
      : `The key could not be checked: ${describe(error)}`;
  } finally {
    $('key-submit').disabled = false;
  }
});

$('forget-key').addEventListener('click', () => {
  api.forgetKey();
  showKeyForm('The key was removed from this browser.');
});

/** Every failure goes through here: a refused key sends the user back to the key form. */
function report(error, element) {
  if (error?.name === 'AbortError') return;
  if (error instanceof KeyRefusedError) {
    api.forgetKey();
    showKeyForm(`The gateway no longer accepts the stored key (HTTP 401). ${keyHint}`);
    return;
  }
  element.textContent = describe(error);
  element.classList.add('error');
}

function describe(error) {
  return error instanceof TypeError ? 'the gateway cannot be reached (network error)' : error.message;
}

// ---- Devices -----------------------------------------------------------------------------

function showDashboard(initialList) {
  $('key-section').hidden = true;
  $('devices-section').hidden = false;
  chartsSection.hidden = false;
  $('forget-key').hidden = false;
  refreshDevices(initialList);
  clearInterval(devicesTimer);
  devicesTimer = setInterval(() => { if (!document.hidden) refreshDevices(); }, devicesEveryMs);
}

$('devices-refresh').addEventListener('click', () => refreshDevices());

let refreshing = false;
async function refreshDevices(list) {
  if (refreshing) return;
  refreshing = true;
  const status = $('devices-status');
  status.classList.remove('error');
  status.textContent = 'Reading the devices…';
  try {
    list ??= await api.devices();
    // The newest minute of each device: limit=1 without dates, newest first.
    const newest = await mapConcurrently(list.items, 2, device =>
      device.last_minute ? api.data({ mac: device.mac, limit: 1 }).then(page => page.items[0]) : undefined);
    devices = list.items;
    const now = Date.now() / 1000;
    $('device-cards').replaceChildren(...devices.map((device, i) => deviceCard(device, newest[i], now, showChartsOf)));
    status.textContent = devices.length === 0
      ? 'No device yet: the gateway lists a device once it is configured, seen or has stored minutes.'
      : `${devices.length} ${devices.length === 1 ? 'device' : 'devices'}, read at ${localText(now)} (local time).`;
    fillDeviceChoice();
    if (!chartsLoadedOnce && devices.some(d => d.last_minute)) {
      chartsLoadedOnce = true;
      showCharts();
    }
  } catch (error) {
    report(error, status);
  } finally {
    refreshing = false;
  }
}

function fillDeviceChoice() {
  const select = $('chart-device');
  const selected = select.value || devices.find(d => d.last_minute)?.mac;
  select.replaceChildren(...devices.map(d =>
    h('option', { value: d.mac, selected: d.mac === selected }, d.name ? `${d.name} (${d.mac})` : d.mac)));
}

function showChartsOf(mac) {
  $('chart-device').value = mac;
  chartsSection.scrollIntoView({ behavior: 'smooth', block: 'start' });
  showCharts();
}

// ---- Charts ------------------------------------------------------------------------------

const today = new Date().toISOString().slice(0, 10);
$('range-to').value = today;
$('range-to').max = today;
$('range-from').value = new Date(Date.now() - 7 * 86400_000).toISOString().slice(0, 10);
$('range-from').max = today;
for (const input of [$('range-from'), $('range-to')])
  input.addEventListener('change', () => { $('chart-form').elements.window.value = 'range'; });

$('chart-form').addEventListener('submit', event => {
  event.preventDefault();
  showCharts();
});
$('chart-cancel').addEventListener('click', () => chartLoad?.abort());

async function showCharts() {
  chartLoad?.abort();
  const controller = new AbortController();
  chartLoad = controller;
  const { signal } = controller;
  const form = $('chart-form').elements;
  const mac = form.device.value;
  const device = devices.find(d => d.mac === mac);
  chartStatus.classList.remove('error');
  let span;
  try {
    span = windowOf(form.window.value, Date.now(), form.from.value, form.to.value);
  } catch (error) {
    chartStatus.textContent = `${error.message} (UTC days, at most ${maxRangeDays}.)`;
    chartStatus.classList.add('error');
    return;
  }

  chartsSection.dataset.state = 'loading';
  $('chart-cancel').hidden = false;
  $('csv-download').disabled = true;
  progress.hidden = false;
  progress.value = 0;
  const requestsBefore = api.requests;
  performance.mark('atmo:range:start');
  try {
    const items = await loadMinutes(api, mac, span, device?.first_minute, {
      signal,
      onProgress: (done, total) => {
        progress.max = Math.max(total, 1);
        progress.value = done;
        chartStatus.textContent = `Loading ${device?.name ?? mac}: ${done} of ${total} UTC days…`;
      },
    });
    performance.mark('atmo:range:loaded');
    performance.measure('atmo:range-fetch', 'atmo:range:start', 'atmo:range:loaded');
    const columns = toColumns(items, span);
    await charts.draw(columns, span, signal);
    if (signal.aborted) return;
    performance.mark('atmo:range:drawn');
    shown = { mac, span, columns, requests: api.requests - requestsBefore };
    chartStatus.textContent = summary(device, mac, span, columns);
    renderStretches(columns);
    Object.assign(chartsSection.dataset, {
      state: 'ready', mac, from: String(span.from), to: String(span.to),
      points: String(columns.stored), gaps: String(columns.gaps.length),
    });
    $('csv-download').disabled = false;
    showPerformance();
  } catch (error) {
    if (signal.aborted) {
      chartsSection.dataset.state = 'idle';
      chartStatus.textContent = 'Loading cancelled.';
      return;
    }
    chartsSection.dataset.state = 'error';
    report(error, chartStatus);
  } finally {
    if (chartLoad === controller) {
      $('chart-cancel').hidden = true;
      progress.hidden = true;
    }
  }
}

function summary(device, mac, span, columns) {
  const bySource = { live: 0, history: 0, cloud: 0 };
  for (const s of columns.stretches) bySource[s.source] = (bySource[s.source] ?? 0) + s.minutes;
  const longest = columns.gaps.reduce((max, g) => Math.max(max, g.to - g.from), 0);
  return `${device?.name ?? mac}, from ${utcText(span.from)} until ${utcText(span.to)}: ` +
    `${countText(columns.stored)} minutes stored (live ${countText(bySource.live)}, history ${countText(bySource.history)}, cloud ${countText(bySource.cloud)}); ` +
    (columns.gaps.length === 0 ? 'no gap between them.' : `${countText(columns.gaps.length)} ${columns.gaps.length === 1 ? 'gap' : 'gaps'} between them, the longest ${durationText(longest)}.`);
}

/** The stretches and gaps as tables: the same facts as the chart backgrounds, in words. */
function renderStretches(columns) {
  const rowsShown = 100;
  const table = (caption, headers, rows) => h('table', {},
    h('caption', {}, rows.length > rowsShown ? `${caption} (the first ${rowsShown} of ${countText(rows.length)})` : caption),
    h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.slice(0, rowsShown).map(cells => h('tr', {}, cells.map(cell => h('td', {}, cell))))));
  const when = seconds => timeElement(seconds, bothTimes(seconds));
  $('stretches').replaceChildren(
    table('Stretches of one source', ['Source', 'From', 'Until', 'Minutes'],
      columns.stretches.map(s => [s.source, when(s.from), when(s.to), countText(s.minutes)])),
    table('Gaps between stored minutes', ['From', 'Until', 'Length'],
      columns.gaps.map(g => [when(g.from), when(g.to), durationText(g.to - g.from)])));
}

$('csv-download').addEventListener('click', async () => {
  if (!shown) return;
  const { mac, span } = shown;
  const button = $('csv-download');
  button.disabled = true;
  try {
    const csv = await loadCsv(api, mac, span);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const stamp = seconds => new Date(seconds * 1000).toISOString().slice(0, 16).replace(/[-:]/g, '');
    const link = h('a', { href: url, download: `atmo-edge_${mac.replaceAll(':', '')}_${stamp(span.from)}Z_${stamp(span.to)}Z.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    report(error, chartStatus);
  } finally {
    button.disabled = false;
  }
});

// ---- Health ------------------------------------------------------------------------------

async function refreshHealth() {
  try {
    renderHealth(await api.readiness(), $('health-summary'), $('health-checks'));
  } catch (error) {
    renderHealthError(describe(error), $('health-summary'), $('health-checks'));
  }
}

// ---- Performance -------------------------------------------------------------------------

/** The page's own numbers; window.atmoDashboard.performance() returns the same. */
function measurements() {
  const load = firstLoad();
  const pm = shown?.columns;
  return {
    firstLoadFiles: load.files,
    firstLoadTransferredBytes: load.transferredBytes,
    firstLoadDecodedBytes: load.decodedBytes,
    chartPoints: pm ? pm.stored : null,
    pmChartDrawMs: lastMeasure('atmo:chart:pm'),
    allChartsDrawMs: lastMeasure('atmo:charts'),
    rangeFetchMs: lastMeasure('atmo:range-fetch'),
    rangeRequests: shown?.requests ?? null,
    longestTaskWhileFetchingMs: longestTask('atmo:range:start', 'atmo:range:loaded'),
    longestTaskWhileDrawingMs: longestTask('atmo:charts:start', 'atmo:range:drawn'),
  };
}

function showPerformance() {
  const m = measurements();
  const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = value => (value == null ? '—' : `${value.toFixed(1)} ms`);
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  $('perf').replaceChildren(...[
    row('First load', `${m.firstLoadFiles} files, ${kb(m.firstLoadTransferredBytes)} transferred (${kb(m.firstLoadDecodedBytes)} uncompressed)`),
    row('Last range fetched', m.rangeFetchMs == null ? '—' : `${ms(m.rangeFetchMs)}, ${m.rangeRequests} requests`),
    row('Particulate chart drawn', m.chartPoints == null ? '—' : `${countText(m.chartPoints)} points × 3 series in ${ms(m.pmChartDrawMs)}`),
    row('All charts drawn', ms(m.allChartsDrawMs)),
    row('Longest task while loading', `${ms(m.longestTaskWhileFetchingMs)} fetching, ${ms(m.longestTaskWhileDrawingMs)} drawing (0 = none over 50 ms)`),
  ].flat());
}

window.atmoDashboard = Object.freeze({ performance: measurements, charts: () => charts.plots });

// ---- Start -------------------------------------------------------------------------------

refreshHealth();
setInterval(() => { if (!document.hidden) refreshHealth(); }, healthEveryMs);
if (api.hasKey) showDashboard();
else showKeyForm();
addEventListener('load', () => setTimeout(showPerformance, 0));
