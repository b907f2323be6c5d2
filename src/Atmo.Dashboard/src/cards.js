// One card per device, from GET /api/v1/devices and each device's newest minute (GET /api/v1/data
// with limit=1, newest first).

import { pm25Category } from './aqi.js';
import { h, timeElement } from './dom.js';
import { agoText, countText, isoSeconds, localText, utcText, valueText } from './format.js';

/** Units as the Atmotube Cloud API defines them. */
const values = [
  ['pm1', 'PM1', 'µg/m³'], ['pm25', 'PM2.5', 'µg/m³'], ['pm10', 'PM10', 'µg/m³'],
  ['voc', 'VOC', 'ppm'], ['t', 'Temperature', '°C'], ['h', 'Humidity', '%'], ['p', 'Pressure', 'mbar'],
];

/**
 * @param {object} device an item of /api/v1/devices
 * @param {object|undefined} newest the device's newest /api/v1/data item
 * @param {(mac: string) => void} onShowCharts
 */
export function deviceCard(device, newest, nowSeconds, onShowCharts) {
  const title = device.name ?? device.mac;
  const category = pm25Category(newest?.pm25);
  const headingId = `device-${device.mac.replaceAll(':', '')}`;
  return h('li', { class: 'card', 'data-mac': device.mac, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, title),
    device.name ? h('p', { class: 'muted mac' }, device.mac) : null,
    h('p', {
      class: 'aqi',
      'data-category': category?.name ?? 'none',
      style: category ? { background: category.colour, color: category.text } : null,
    },
    newest?.pm25 == null
      ? 'PM2.5 not measured in the newest minute'
      : `PM2.5 ${newest.pm25} µg/m³ · ${category.name}`),
    h('dl', { class: 'facts' },
      fact('Last seen', 'last_seen', timeFact(device.last_seen, nowSeconds)),
      fact('Battery', 'battery', device.battery == null ? '—' : `${device.battery} %`),
      fact('Signal (RSSI)', 'rssi', device.rssi == null ? '—' : `${device.rssi} dBm`),
      fact('Last history download', 'last_history_sync', timeFact(device.last_history_sync, nowSeconds)),
      fact('Newest minute', 'newest', timeFact(newest?.time, nowSeconds)),
      values.map(([field, label, unit]) => fact(label, field, valueText(newest?.[field], unit))),
      fact('Minutes stored', 'records', h('span', {},
        `live ${countText(device.records.live)} · history ${countText(device.records.history)} · cloud ${countText(device.records.cloud)}`)),
    ),
    h('button', { type: 'button', class: 'secondary', onclick: () => onShowCharts(device.mac) }, `Charts of ${title}`));
}

function fact(label, field, value) {
  return [h('dt', {}, label), h('dd', { 'data-field': field }, value)];
}

/** "4 min ago, 2026-11-20 15:03" (local time; the UTC time as the tooltip). */
function timeFact(iso, nowSeconds) {
  const seconds = isoSeconds(iso);
  if (seconds == null) return '—';
  const element = timeElement(seconds, `${agoText(seconds, nowSeconds)}, ${localText(seconds)}`);
  element.title = utcText(seconds);
  return element;
}
