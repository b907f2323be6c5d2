// Turns the API's minutes into chart columns. A missing minute becomes a row of nulls, so a line
// is never drawn across it; stretches of one source never cross a gap either.

/** The API item fields the charts show, in column order. */
export const fields = ['pm1', 'pm25', 'pm10', 'voc', 't', 'h', 'p'];

/**
 * @param {Array<object>} items API items, oldest first, each with `source` (include=source)
 * @param {{from: number, to: number}} span the shown time window, Unix seconds, [from, to)
 * @returns {{x: number[], columns: Record<string, (number|null)[]>, sources: (string|null)[],
 *   stored: number, gaps: {from: number, to: number}[], stretches: {source: string, from: number, to: number, minutes: number}[]}}
 */
export function toColumns(items, span) {
  const x = [];
  const columns = Object.fromEntries(fields.map(f => [f, []]));
  const sources = [];
  const gaps = [];
  const stretches = [];
  let previous = null;
  for (const item of items) {
    const time = Date.parse(item.time) / 1000;
    if (time < span.from || time >= span.to) continue;
    if (previous !== null && time - previous > 60) {
      // One null row right after the last stored minute breaks every line until the next one.
      x.push(previous + 60);
      for (const f of fields) columns[f].push(null);
      sources.push(null);
      gaps.push({ from: previous + 60, to: time });
    }
    x.push(time);
    for (const f of fields) columns[f].push(item[f] ?? null);
    const source = item.source ?? 'unknown';
    sources.push(source);
    const last = stretches.at(-1);
    if (last && last.source === source && last.to === time) {
      last.to = time + 60;
      last.minutes++;
    } else {
      stretches.push({ source, from: time, to: time + 60, minutes: 1 });
    }
    previous = time;
  }
  return { x, columns, sources, stored: x.length - gaps.length, gaps, stretches };
}
