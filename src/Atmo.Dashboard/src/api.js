// Every read of the page goes through here: /api/v1/devices and /api/v1/data with the API key,
// /readyz without. No other path is read.

const keyStorageName = 'atmo-edge.api-key';

/** Longest wait for a 429 we honour before retrying (the gateway's window is one minute). */
const maxRetryAfterSeconds = 60;
const maxRateLimitRetries = 5;

/** The gateway answered 401: the key is missing or not one of its keys. */
export class KeyRefusedError extends Error {
  constructor() {
    super('The gateway refused this API key (HTTP 401).');
    this.name = 'KeyRefusedError';
  }
}

/** Any other error answer; the message is the gateway's own ({"status","message"}). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class ApiClient {
  /** @param {{onRateLimited?: (seconds: number) => void}} hooks seconds = 0 when the wait is over */
  constructor(hooks = {}) {
    this.key = localStorage.getItem(keyStorageName);
    this.onRateLimited = hooks.onRateLimited ?? (() => {});
    /** Requests sent with the key, for the page's performance numbers. */
    this.requests = 0;
  }

  get hasKey() { return !!this.key; }

  /** Tries the key on /api/v1/devices; keeps it only when the gateway accepts it. */
  async useKey(key, signal) {
    const devices = await this.#json('/api/v1/devices', {}, signal, key);
    this.key = key;
    localStorage.setItem(keyStorageName, key);
    return devices;
  }

  forgetKey() {
    this.key = null;
    localStorage.removeItem(keyStorageName);
  }

  /** GET /api/v1/devices: the {"total","items"} part. */
  devices(signal) { return this.#json('/api/v1/devices', {}, signal); }

  /** GET /api/v1/data as JSON: the {"total","items"} part. */
  data(params, signal) { return this.#json('/api/v1/data', params, signal); }

  /** GET /api/v1/data?format=csv: the text as the gateway wrote it. */
  async dataCsv(params, signal) {
    const response = await this.#get('/api/v1/data', { ...params, format: 'csv' }, signal, this.key);
    return response.text();
  }

  /** GET /readyz (no key): 200 ready, 503 not ready; both carry the checks. */
  async readiness(signal) {
    const response = await fetch('/readyz', { signal, cache: 'no-store' });
    if (response.status !== 200 && response.status !== 503)
      throw new ApiError(response.status, await errorMessage(response));
    return response.json();
  }

  async #json(path, params, signal, key = this.key) {
    const response = await this.#get(path, params, signal, key);
    const body = await response.json();
    return body.data;
  }

  async #get(path, params, signal, key) {
    if (!key) throw new KeyRefusedError();
    const query = new URLSearchParams({ api_key: key, ...params });
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      const response = await fetch(`${path}?${query}`, { signal, cache: 'no-store' });
      if (response.status === 429 && attempt < maxRateLimitRetries) {
        const seconds = retryAfterSeconds(response);
        this.onRateLimited(seconds);
        try {
          await delay(seconds * 1000, signal);
        } finally {
          this.onRateLimited(0);
        }
        continue;
      }
      if (response.status === 401) throw new KeyRefusedError();
      if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
      return response;
    }
  }
}

/** Retry-After in whole seconds (the gateway sends seconds to the next wall-clock minute). */
function retryAfterSeconds(response) {
  const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, maxRetryAfterSeconds) : 1;
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (typeof body.message === 'string') return `${body.message} (HTTP ${response.status})`;
  } catch {
    // not the gateway's JSON error: fall through
  }
  return `the gateway answered HTTP ${response.status}`;
}

/** Runs `work` on every item with at most `concurrency` at a time; results in the items' order. */
export async function mapConcurrently(items, concurrency, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason); return; }
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    function onAbort() { clearTimeout(timer); reject(signal.reason); }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
