// Waiting on the page without trusting it to answer: the graph panel waits for the page's 'painted' before
// it posts a large map's whole map (panel.ts), and a page that never says it (a script error, a webview
// VS Code discarded) must not hold that map, and the request behind it, for ever.

/** The timer functions the wait uses (the global ones; a test passes its own: no real clock in tests). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Resolves when `promise` settles, when `ms` have passed, or when `signal` aborts, whichever comes first,
 * with what happened. It never rejects: a rejected `promise` counts as settled.
 */
export function waitAtMost(promise: Promise<unknown>, ms: number, signal?: AbortSignal, timers: Timers = realTimers): Promise<'settled' | 'timeout' | 'aborted'> {
  if (signal?.aborted) {
    return Promise.resolve('aborted');
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (how: 'settled' | 'timeout' | 'aborted') => {
      if (!done) {
        done = true;
        timers.clearTimeout(handle);
        signal?.removeEventListener('abort', onAbort);
        resolve(how);
      }
    };
    const onAbort = () => finish('aborted');
    const handle = timers.setTimeout(() => finish('timeout'), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => finish('settled'),
      () => finish('settled'),
    );
  });
}
