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
    const max = ctx.settings.retryAmplificationMax;
    const n = g.components.length;
    // best[c]: largest product of attempts on a sync path starting at c; next[c]: the edge taking it.
    // Iterative DFS; an edge back into the current path is ignored (cycles are their own rule).
    const best = new Float64Array(n).fill(1);
    const next = new Int32Array(n).fill(-1);
    const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
    for (let root = 0; root < n; root++) {
      if (state[root]) {
        continue;
      }
      const stack: [number, number][] = [[root, 0]];
      state[root] = 1;
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const [c, i] = top;
        const outs = g.out[c]!;
        if (i < outs.length) {
          top[1]++;
          const e = g.edges[outs[i]!]!;
          if (e.sync && state[e.to] === 0) {
            state[e.to] = 1;
            stack.push([e.to, 0]);
          }
          continue;
        }
        for (const ei of outs) {
          const e = g.edges[ei]!;
          if (!e.sync || state[e.to] !== 2) {
            continue;
          }
          const p = e.attempts * best[e.to]!;
          if (p > best[c]!) {
            best[c] = p;
            next[c] = ei;
          }
        }
        state[c] = 2;
        stack.pop();
      }
    }
    // Report each over-limit chain once, at its outermost caller.
    const continued = new Uint8Array(n);
    for (let c = 0; c < n; c++) {
      if (best[c]! > max && next[c]! >= 0) {
        const e = g.edges[next[c]!]!;
        if (best[e.to]! > max) {
          continued[e.to] = 1;
        }
      }
    }
    for (let c = 0; c < n; c++) {
      if (best[c]! <= max || continued[c] || next[c]! < 0) {
        continue;
      }
      // Name the shortest prefix of the chain that already exceeds the limit: deep chains stay readable.
      const chain: string[] = [];
      const related = [];
      const seen = new Set<number>();
      let product = 1;
      let cur = c;
      while (next[cur]! >= 0 && !seen.has(cur) && product <= max) {
        seen.add(cur);
        const e = g.edges[next[cur]!]!;
        product *= e.attempts;
        chain.push(`${g.components[cur]!.id} ×${e.attempts}`);
        related.push({ uri: e.dep.uri, range: e.dep.ranges['retries'] ?? e.dep.ranges['target'] ?? e.dep.range, message: `${g.components[cur]!.id} → ${g.components[e.to]!.id}: ${e.attempts} attempts` });
        cur = e.to;
      }
      chain.push(g.components[cur]!.id);
      const first = g.edges[next[c]!]!;
      ctx.report({
        uri: first.dep.uri,
        range: first.dep.ranges['retries'] ?? first.dep.ranges['target'] ?? first.dep.range,
        key: `retry-amplification:${g.components[c]!.id}`,
        message: `Retry storm waiting to happen: one request to ${g.components[c]!.id} can become ${product} calls on ${chain[chain.length - 1]} (${chain.join(' → ')})${best[c]! > product ? `, and up to ${best[c]} further down` : ''}, above the limit of ${max}. Retry at one layer only, or add circuit breakers.`,
        related,
        data: { amplification: best[c], chain },
      });
    }
  },
});
