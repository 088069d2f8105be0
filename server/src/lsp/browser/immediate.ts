// setImmediate for the web worker: the shared server code yields to pending input with it (context.ts,
// workspace.ts), as Node runs an immediate after the I/O it has polled. A MessageChannel message is the
// browser's equivalent (a task, not clamped like nested setTimeout(0)). Imported first by browser/main.ts.
const g = globalThis as unknown as { setImmediate?: (fn: (...a: unknown[]) => void, ...args: unknown[]) => unknown };
if (typeof g.setImmediate !== 'function') {
  const queue: (() => void)[] = [];
  // Typed by hand: the server's project has Node's types, whose MessagePort has no onmessage.
  const channel = new MessageChannel() as unknown as { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
  channel.port1.onmessage = () => queue.shift()?.();
  g.setImmediate = (fn, ...args) => {
    queue.push(() => fn(...args));
    channel.port2.postMessage(0);
    return queue.length;
  };
}
export {};
