// Gateway health from GET /readyz: every check with its status and detail, failing ones first.

import { h } from './dom.js';

const order = { fail: 0, warn: 1, unknown: 2, ok: 3 };

/** @param {{status: string, checks: Record<string, {status: string, detail: string}>}} readiness */
export function renderHealth(readiness, summary, container) {
  const checks = Object.entries(readiness.checks ?? {})
    .sort(([, a], [, b]) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
  const failing = checks.filter(([, c]) => c.status === 'fail').map(([name]) => name);
  summary.textContent = readiness.status === 'ready'
    ? 'Gateway: ready'
    : `Gateway: not ready (${failing.join(', ') || 'see Gateway health'})`;
  summary.dataset.status = readiness.status;
  container.replaceChildren(h('table', { class: 'checks' },
    h('caption', {}, readiness.status === 'ready' ? 'Ready: every check passes.' : 'Not ready: the failing checks say what to do.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Check'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Detail'))),
    h('tbody', {}, checks.map(([name, check]) =>
      h('tr', { 'data-check': name, 'data-status': check.status },
        h('th', { scope: 'row' }, name),
        h('td', {}, h('span', { class: `status ${check.status}` }, check.status)),
        h('td', {}, check.detail ?? '')))),
  ));
}

export function renderHealthError(message, summary, container) {
  summary.textContent = 'Gateway: health unknown';
  summary.dataset.status = 'unknown';
  container.replaceChildren(h('p', { class: 'error', role: 'alert' }, `/readyz could not be read: ${message}`));
}
