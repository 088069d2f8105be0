// The graph panel's bounded wait for the page's 'painted' (client/src/graph/wait.ts), on a hand-made clock.
import * as assert from 'node:assert/strict';
import { waitAtMost, type Timers } from '../../client/src/graph/wait';

/** A clock that moves only when the test says so. */
function fakeClock() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void due.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...due]) {
      if (t.at <= now) {
        due.delete(id);
        t.fn();
      }
    }
  };
  return { timers, advance, pending: () => due.size };
}

/** Lets settled promises run their callbacks. */
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('the graph panel waits for the page at most so long', () => {
  it('ends when the page paints, before the limit, and leaves no timer behind', async () => {
    const clock = fakeClock();
    let painted!: () => void;
    const wait = waitAtMost(new Promise<void>((r) => (painted = r)), 15_000, undefined, clock.timers);
    clock.advance(14_999);
    painted();
    assert.equal(await wait, 'settled');
    assert.equal(clock.pending(), 0, 'the timer was cleared');
  });

  it('gives up at the limit, not a millisecond before, when the page never says it painted', async () => {
    const clock = fakeClock();
    const wait = waitAtMost(new Promise<void>(() => undefined), 15_000, undefined, clock.timers);
    let how: string | undefined;
    void wait.then((h) => (how = h));
    clock.advance(14_999);
    await flush();
    assert.equal(how, undefined, 'still waiting at 14,999 ms');
    clock.advance(1);
    await flush();
    assert.equal(how, 'timeout');
  });

  it('ends at once when the refresh is aborted (a newer map), and when it was aborted already', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const wait = waitAtMost(new Promise<void>(() => undefined), 15_000, controller.signal, clock.timers);
    controller.abort();
    assert.equal(await wait, 'aborted');
    assert.equal(clock.pending(), 0);
    assert.equal(await waitAtMost(new Promise<void>(() => undefined), 15_000, controller.signal, clock.timers), 'aborted');
    assert.equal(clock.pending(), 0, 'no timer started for an aborted refresh');
  });

  it('counts a page promise that rejects as settled, and never rejects itself', async () => {
    const clock = fakeClock();
    assert.equal(await waitAtMost(Promise.reject(new Error('page gone')), 15_000, undefined, clock.timers), 'settled');
  });

  it('answers once, leaves no timer and no abort listener behind, whichever ends it', async () => {
    for (const how of ['settled', 'timeout', 'aborted'] as const) {
      const clock = fakeClock();
      const controller = new AbortController();
      const listeners = { added: 0, removed: 0 };
      const signal = controller.signal;
      const add = signal.addEventListener.bind(signal);
      const remove = signal.removeEventListener.bind(signal);
      signal.addEventListener = ((...a: Parameters<typeof add>) => (listeners.added++, add(...a))) as typeof add;
      signal.removeEventListener = ((...a: Parameters<typeof remove>) => (listeners.removed++, remove(...a))) as typeof remove;
      let painted!: () => void;
      const answers: string[] = [];
      const wait = waitAtMost(new Promise<void>((r) => (painted = r)), 10, signal, clock.timers);
      void wait.then((h) => answers.push(h));
      if (how === 'settled') {
        painted();
      } else if (how === 'timeout') {
        clock.advance(10);
      } else {
        controller.abort();
      }
      assert.equal(await wait, how);
      // Whatever else happens afterwards changes nothing.
      painted();
      clock.advance(100);
      controller.abort();
      await flush();
      assert.deepEqual(answers, [how], `${how}: one answer`);
      assert.equal(clock.pending(), 0, `${how}: the timer was cleared`);
      assert.deepEqual(listeners, { added: 1, removed: 1 }, `${how}: the abort listener was removed`);
    }
  });
});
