// Text for times, durations and numbers. Times are Unix seconds; the page shows UTC (as the API
// stores it) and the browser's local time side by side.

const pad = n => String(n).padStart(2, '0');

/** "2026-11-20 14:03 UTC" */
export function utcText(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2026-11-20 15:03" in the browser's time zone */
export function localText(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';

/** "2026-11-20 14:03 UTC (15:03 Europe/Berlin)"; the local part names the day only when it differs. */
export function bothTimes(seconds) {
  const local = localText(seconds);
  const utc = utcText(seconds);
  const sameDay = local.slice(0, 10) === utc.slice(0, 10);
  return `${utc} (${sameDay ? local.slice(11) : local} ${localZone})`;
}

/** "3 h 0 min", "2 days 4 h", "45 min" */
export function durationText(seconds) {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/** "just now", "4 min ago", "3 h ago", "2 days ago" */
export function agoText(seconds, nowSeconds) {
  const age = Math.max(0, nowSeconds - seconds);
  if (age < 60) return 'just now';
  if (age < 3600) return `${Math.floor(age / 60)} min ago`;
  if (age < 172800) return `${Math.floor(age / 3600)} h ago`;
  return `${Math.floor(age / 86400)} days ago`;
}

export function isoSeconds(iso) {
  return iso ? Date.parse(iso) / 1000 : null;
}

/** Numbers as the API sent them, with thousands separators for counts. */
export function countText(n) {
  return n.toLocaleString('en-US');
}

/** A measured value, or an em dash when it was not measured. */
export function valueText(value, unit) {
  return value == null ? '—' : `${value} ${unit}`;
}
