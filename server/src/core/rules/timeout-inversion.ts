import { formatDuration } from '../values';
import { defineRule } from './defineRule';

// Why: when a caller gives up before its callee has finished retrying, the callee's work is wasted,
// the caller retries on top, and the load multiplies. Timeouts must shrink down a call chain.
export default defineRule({
  id: 'timeout-inversion',
  severity: 'warning',
  category: 'propagation',
  title: 'Timeout inversion',
  description:
    "A caller's timeout is shorter than the worst case of the callee it waits for: the longest timeout × attempts among the callee's own synchronous dependencies. The caller gives up while the callee is still working and retrying.",
  help: "Give the caller a timeout longer than the callee's worst case, or shorten the callee's timeouts and retries.",
  check(ctx) {
    const g = ctx.graph;
    const worst = g.components.map((_, c) => {
      let w = 0;
      let via = -1;
      for (const ei of g.out[c]!) {
        const e = g.edges[ei]!;
        if (e.sync && e.dep.timeoutMs !== undefined && e.dep.timeoutMs * e.attempts > w) {
          w = e.dep.timeoutMs * e.attempts;
          via = ei;
        }
      }
      return { w, via };
    });
    for (const e of g.edges) {
      const t = e.dep.timeoutMs;
      const callee = worst[e.to]!;
      if (!e.sync || t === undefined || callee.via < 0 || t >= callee.w) {
        continue;
      }
      const inner = g.edges[callee.via]!;
      const caller = g.components[e.from]!.id;
      const mid = g.components[e.to]!.id;
      const deep = g.components[inner.to]!.id;
      ctx.report({
        uri: e.dep.uri,
        range: e.dep.ranges['timeout'] ?? e.dep.range,
        key: `timeout-inversion:${caller}:${mid}`,
        message: `Timeout inversion: ${caller} waits ${formatDuration(t)} for ${mid}, but ${mid} may wait ${formatDuration(callee.w)} for ${deep} (${formatDuration(inner.dep.timeoutMs!)} × ${inner.attempts} attempts). Raise this timeout above ${formatDuration(callee.w)} or shorten ${mid}'s.`,
        related: [{ uri: inner.dep.uri, range: inner.dep.ranges['timeout'] ?? inner.dep.range, message: `${mid} → ${deep}: ${formatDuration(inner.dep.timeoutMs!)} × ${inner.attempts}` }],
        data: { caller, callee: mid, timeoutMs: t, calleeWorstMs: callee.w },
      });
    }
  },
});
