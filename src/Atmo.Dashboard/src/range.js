// Which minutes a view shows, and how they are asked for: one UTC day per request.
//
// `date=YYYY-MM-DD&limit=1440` returns the whole day under every rule the gateway has had or
// will have for `limit` with dates (a day holds at most 1440 minutes of a device), so no request
// ever meets the 7-day rule or the 1440 cap. The loop still pages by `offset` until it holds the
// answer's `total`, so it never relies on a page size.

import { mapConcurrently } from './api.js';

const daySeconds = 86400;

/** Days a chosen range may span: 31 days are 31 requests, about half of one minute's default budget. */
export const maxRangeDays = 31;

/**
 * The window a view shows, [from, to) in Unix seconds.
 * @param {'24h'|'7d'|'range'} choice
 * @param {number} nowMs
 * @param {string} [fromDay] YYYY-MM-DD, for 'range'
 * @param {string} [toDay] YYYY-MM-DD (included), for 'range'
 */
export function windowOf(choice, nowMs, fromDay, toDay) {
  if (choice === '24h' || choice === '7d') {
    const to = (Math.floor(nowMs / 60000) + 1) * 60; // the running minute included
    return { from: to - (choice === '24h' ? 1 : 7) * daySeconds, to };
  }
  const from = dayStart(fromDay);
  const last = dayStart(toDay);
  if (Number.isNaN(from) || Number.isNaN(last)) throw new RangeError('Choose both UTC days of the range.');
  if (last < from) throw new RangeError('The range ends before it starts.');
  const days = (last - from) / daySeconds + 1;
  if (days > maxRangeDays) throw new RangeError(`Choose at most ${maxRangeDays} days.`);
  return { from, to: last + daySeconds };
}

/** The UTC days (YYYY-MM-DD) overlapping [from, to), oldest first. */
export function utcDays(from, to) {
  const days = [];
  for (let t = Math.floor(from / daySeconds) * daySeconds; t < to; t += daySeconds)
    days.push(new Date(t * 1000).toISOString().slice(0, 10));
  return days;
}

export function dayStart(day) {
  return /^\d{4}-\d{2}-\d{2}$/.test(day ?? '') ? Date.parse(`${day}T00:00:00Z`) / 1000 : NaN;
}

/**
 * Every stored minute of a device in [from, to), oldest first, with its source.
 * @param {import('./api.js').ApiClient} api
 * @param {string|undefined} firstMinute the device's first stored minute (ISO), to skip empty days
 */
export async function loadMinutes(api, mac, span, firstMinute, { signal, onProgress }) {
  const earliest = firstMinute ? Math.max(span.from, Date.parse(firstMinute) / 1000) : span.from;
  const days = earliest < span.to ? utcDays(earliest, span.to) : [];
  let done = 0;
  onProgress(0, days.length);
  // Two requests in flight: the answers overlap with parsing, and the rate limit is not rushed.
  const perDay = await mapConcurrently(days, 2, async day => {
    const items = await loadDay(api, { mac, date: day, order: 'asc', include: 'source' }, signal);
    onProgress(++done, days.length);
    return items;
  });
  return perDay.flat();
}

async function loadDay(api, query, signal) {
  const items = [];
  for (let total = Infinity; items.length < total;) {
    const page = await api.data({ ...query, limit: 1440, offset: items.length }, signal);
    total = page.total;
    if (page.items.length === 0) break; // minutes deleted meanwhile (retention): keep what we have
    for (const item of page.items) items.push(item);
  }
  return items;
}

/**
 * The API's CSV (`format=csv`, newest first, the default separator) for [from, to): one request per
 * UTC day, newest day first, the header once; rows outside the window (the ends of a rolling
 * window's first and last day) are left out.
 */
export async function loadCsv(api, mac, span, signal) {
  const days = utcDays(span.from, span.to).reverse();
  const answers = await mapConcurrently(days, 2, day => api.dataCsv({ mac, date: day, limit: 1440 }, signal));
  const lines = [];
  for (const answer of answers) {
    const [header, ...rows] = answer.split('\n');
    if (lines.length === 0) lines.push(header);
    for (const row of rows) {
      if (row === '') continue;
      const time = csvTime(row);
      if (time >= span.from && time < span.to) lines.push(row);
    }
  }
  return lines.join('\n') + '\n';
}

/** "2023/11/14 23:53;…" → Unix seconds. */
function csvTime(line) {
  return Date.UTC(+line.slice(0, 4), +line.slice(5, 7) - 1, +line.slice(8, 10), +line.slice(11, 13), +line.slice(14, 16)) / 1000;
}
