// The page measures itself with the browser's own performance entries; the numbers appear under
// "Page performance" and in window.atmoDashboard.performance() (read by the browser tests).

const longTasks = [];
if (PerformanceObserver.supportedEntryTypes?.includes('longtask'))
  new PerformanceObserver(list => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });

/** Bytes of the first load: the page and its /ui/ files, as transferred (compressed) and decoded. */
export function firstLoad() {
  const navigation = performance.getEntriesByType('navigation')[0];
  const files = [navigation, ...performance.getEntriesByType('resource')
    .filter(entry => new URL(entry.name).pathname.startsWith('/ui/'))];
  return {
    files: files.length,
    transferredBytes: files.reduce((sum, e) => sum + e.transferSize, 0),
    decodedBytes: files.reduce((sum, e) => sum + e.decodedBodySize, 0),
  };
}

/** The longest main-thread task (≥ 50 ms, else 0) between two marks. */
export function longestTask(startMark, endMark) {
  const start = performance.getEntriesByName(startMark).at(-1)?.startTime ?? 0;
  const end = performance.getEntriesByName(endMark).at(-1)?.startTime ?? performance.now();
  return longTasks
    .filter(task => task.startTime + task.duration >= start && task.startTime <= end)
    .reduce((longest, task) => Math.max(longest, task.duration), 0);
}

export function lastMeasure(name) {
  return performance.getEntriesByName(name, 'measure').at(-1)?.duration ?? null;
}
