import { SYNC, type PropGraph } from './graph';

/**
 * Per component, the largest product of attempts (retries + 1) along a chain of synchronous calls
 * starting at it (`best`), and the edge that starts that chain (`next`, -1 for none): what one request
 * can become further down. The retry-amplification rule reports it; `incidentmap diff` compares it.
 */
export function retryProducts(g: PropGraph): { best: Float64Array; next: Int32Array } {
  const { to, flags, attempts } = g.edges;
  const { outStart } = g;
  const n = g.components.length;
  // best[c]: largest product of attempts on a sync path starting at c; next[c]: the edge taking it.
  // Iterative DFS; an edge back into the current path is ignored (cycles are their own rule).
  const best = new Float64Array(n).fill(1);
  const next = new Int32Array(n).fill(-1);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  // The DFS stack: a component, and the next of its edges to try.
  const stackNode = new Int32Array(n);
  const stackEdge = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (state[root]) {
      continue;
    }
    let depth = 0;
    stackNode[0] = root;
    stackEdge[0] = outStart[root]!;
    state[root] = 1;
    while (depth >= 0) {
      const c = stackNode[depth]!;
      const ei = stackEdge[depth]!;
      if (ei < outStart[c + 1]!) {
        stackEdge[depth] = ei + 1;
        const t = to[ei]!;
        if (flags[ei]! & SYNC && state[t] === 0) {
          state[t] = 1;
          depth++;
          stackNode[depth] = t;
          stackEdge[depth] = outStart[t]!;
        }
        continue;
      }
      for (let e = outStart[c]!; e < ei; e++) {
        const t = to[e]!;
        if (!(flags[e]! & SYNC) || state[t] !== 2) {
          continue;
        }
        const p = attempts[e]! * best[t]!;
        if (p > best[c]!) {
          best[c] = p;
          next[c] = e;
        }
      }
      state[c] = 2;
      depth--;
    }
  }
  return { best, next };
}

/**
 * Per component, the worst case it may wait on its synchronous calls: the sum of timeout × attempts
 * when it calls them one after another (the default), the longest when in parallel (0 when none sets a timeout), and the longest edge (-1 for none). The
 * timeout-inversion rule compares callers' timeouts with it; `incidentmap diff` compares it.
 */
export function worstWaits(g: PropGraph): { worst: Float64Array; via: Int32Array; parts: Int32Array } {
  const { flags, attempts, timeoutMs } = g.edges;
  const n = g.components.length;
  // worst[c]: the longest a request to c may wait for its synchronous calls: their sum (sequential)
  // or the longest (parallel); via[c]: the longest of them; parts[c]: how many there are. Calls
  // without a timeout add nothing known; a missing timeout is NaN, which no comparison passes.
  const worst = new Float64Array(n);
  const via = new Int32Array(n).fill(-1);
  const parts = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const sequential = g.components[c]!.calls !== 'parallel';
    let longest = 0;
    for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
      const w = timeoutMs[ei]! * attempts[ei]!;
      if (!(flags[ei]! & SYNC) || !(w > 0)) {
        continue;
      }
      parts[c]!++;
      if (w > longest) {
        longest = w;
        via[c] = ei;
      }
      worst[c] = sequential ? worst[c]! + w : Math.max(worst[c]!, w);
    }
  }
  return { worst, via, parts };
}
