import { SYNC } from '../propagation/graph';
import { formatDuration } from '../values';
import { defineRule } from './defineRule';
import { possessive } from '../words';

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
    const { count, to, flags, attempts, timeoutMs, dep } = g.edges;
    const n = g.components.length;
    // worst[c]: the longest timeout × attempts among c's synchronous calls; via[c]: the edge with it.
    // A missing timeout is NaN, which no comparison passes.
    const worst = new Float64Array(n);
    const via = new Int32Array(n).fill(-1);
    for (let c = 0; c < n; c++) {
      for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
        const w = timeoutMs[ei]! * attempts[ei]!;
        if (flags[ei]! & SYNC && w > worst[c]!) {
          worst[c] = w;
          via[c] = ei;
        }
      }
    }
    // What a callee contributes to the message, made once per callee: its callers share it. A
    // template literal makes a string cell per piece, and 12,419 findings of 25 pieces each were a
    // third of all the rules' garbage at 50,000 dependencies.
    const tail: (string | undefined)[] = new Array<string | undefined>(n);
    const innerText: (string | undefined)[] = new Array<string | undefined>(n);
    for (let ei = 0; ei < count; ei++) {
      const t = timeoutMs[ei]!;
      const callee = to[ei]!;
      const w = worst[callee]!;
      if (!(flags[ei]! & SYNC) || !(t < w) || via[callee]! < 0) {
        continue;
      }
      const d = dep[ei]!;
      const inner = via[callee]!;
      const innerDep = dep[inner]!;
      const caller = g.components[g.edges.from[ei]!]!.id;
      const mid = g.components[callee]!.id;
      let end = tail[callee];
      if (end === undefined) {
        const deep = g.components[to[inner]!]!.id;
        const innerTimeout = formatDuration(timeoutMs[inner]!);
        const worstText = formatDuration(w);
        end = tail[callee] = ` for ${mid}, but ${mid} may wait ${worstText} for ${deep} (${innerTimeout} × ${attempts[inner]!} attempts). Raise this timeout above ${worstText} or shorten ${possessive(mid)}.`;
        innerText[callee] = `${mid} → ${deep}: ${innerTimeout} × ${attempts[inner]!}`;
      }
      ctx.report({
        uri: d.uri,
        range: d.ranges['timeout'] ?? d.range,
        key: `timeout-inversion:${caller}:${mid}`,
        message: `Timeout inversion: ${caller} waits ${formatDuration(t)}${end}`,
        related: [{ uri: innerDep.uri, range: innerDep.ranges['timeout'] ?? innerDep.range, message: innerText[callee]! }],
        data: { caller, callee: mid, timeoutMs: t, calleeWorstMs: w },
      });
    }
  },
});
