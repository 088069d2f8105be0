import { retryProducts } from '../propagation/retries';
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
    const { count, to, attempts, dep } = g.edges;
    const max = ctx.settings.retryAmplificationMax;
    const n = g.components.length;
    const { best, next } = retryProducts(g);
    // Chains from different callers run into the same hops further down: each hop's texts are made
    // once, on first use, and shared.
    const hopText: (string | undefined)[] = new Array<string | undefined>(count);
    const hopRelated: (string | undefined)[] = new Array<string | undefined>(count);
    // Report each over-limit chain once, at its outermost caller: a component whose chain continues
    // a caller's is part of that caller's chain. (A caller's product is its attempts times the
    // component's, so when the component is above the limit the caller is too.)
    const continued = new Uint8Array(n);
    for (let c = 0; c < n; c++) {
      if (next[c]! >= 0) {
        continued[to[next[c]!]!] = 1;
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
          hopRelated[ei] = `${id} → ${g.components[to[ei]!]!.id}: ${attempts[ei]!} attempt${attempts[ei] === 1 ? '' : 's'}`;
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
