import { SYNC } from '../propagation/graph';
import { defineRule } from './defineRule';

// Why: retries multiply down a synchronous chain. Three layers that each try three times turn one
// user request into 27 calls on the deepest service, exactly when it is already struggling: the
// retry storm that turns a slowdown into an outage.
export default defineRule({
  id: 'retry-amplification',
  severity: 'warning',
  category: 'propagation',
  title: 'Retry amplification',
  description:
    'Along a chain of synchronous calls, the attempts (retries + 1) of each hop multiply. When the product exceeds settings.retryAmplificationMax (10 by default), a failure at the end of the chain multiplies the load on it when it can least take it.',
  help: 'Retry at one layer only (usually the edge), lower retries in the middle of the chain, add circuit breakers, or use retry budgets.',
  check(ctx) {
    const g = ctx.graph;
    const { count, to, flags, attempts, dep } = g.edges;
    const { outStart } = g;
    const max = ctx.settings.retryAmplificationMax;
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
    // Chains from different callers run into the same hops further down: each hop's texts are made
    // once, on first use, and shared.
    const hopText: (string | undefined)[] = new Array<string | undefined>(count);
    const hopRelated: (string | undefined)[] = new Array<string | undefined>(count);
    // Report each over-limit chain once, at its outermost caller.
    const continued = new Uint8Array(n);
    for (let c = 0; c < n; c++) {
      if (best[c]! > max && next[c]! >= 0) {
        const t = to[next[c]!]!;
        if (best[t]! > max) {
          continued[t] = 1;
        }
      }
    }
    for (let c = 0; c < n; c++) {
      if (best[c]! <= max || continued[c] || next[c]! < 0) {
        continue;
      }
      // Name the shortest prefix of the chain that already exceeds the limit: deep chains stay readable.
      // next[] always points at a component the DFS finished earlier, so the walk cannot loop.
      const chain: string[] = [];
      const related = [];
      let product = 1;
      let cur = c;
      while (next[cur]! >= 0 && product <= max) {
        const ei = next[cur]!;
        const d = dep[ei]!;
        product *= attempts[ei]!;
        let text = hopText[ei];
        if (text === undefined) {
          const id = g.components[cur]!.id;
          text = hopText[ei] = `${id} ×${attempts[ei]!}`;
          hopRelated[ei] = `${id} → ${g.components[to[ei]!]!.id}: ${attempts[ei]!} attempts`;
        }
        chain.push(text);
        related.push({ uri: d.uri, range: d.ranges['retries'] ?? d.ranges['target'] ?? d.range, message: hopRelated[ei]! });
        cur = to[ei]!;
      }
      chain.push(g.components[cur]!.id);
      const first = dep[next[c]!]!;
      ctx.report({
        uri: first.uri,
        range: first.ranges['retries'] ?? first.ranges['target'] ?? first.range,
        key: `retry-amplification:${g.components[c]!.id}`,
        message: `Retry storm waiting to happen: one request to ${g.components[c]!.id} can become ${product} calls on ${chain[chain.length - 1]} (${chain.join(' → ')})${best[c]! > product ? `, and up to ${best[c]} further down` : ''}, above the limit of ${max}. Retry at one layer only, or add circuit breakers.`,
        related,
        data: { amplification: best[c], chain },
      });
    }
  },
});
