import { SYNC } from '../propagation/graph';
import { worstWaits } from '../propagation/retries';
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
    "A caller's timeout is no longer than the worst case of the callee it waits for: the sum of timeout × attempts over the callee's synchronous dependencies when it calls them one after another (calls: sequential, the default), the longest one when it calls them at once (calls: parallel). Equal counts as inverted: the caller gives up just as the callee's last attempt would have answered.",
  help: "Give the caller a timeout longer than the callee's worst case, or shorten the callee's timeouts and retries. If the callee makes its calls at once, say calls: parallel on it.",
  check(ctx) {
    const g = ctx.graph;
    const { count, to, flags, attempts, timeoutMs, dep } = g.edges;
    const n = g.components.length;
    const { worst, via, parts } = worstWaits(g);
    // What a callee contributes to the message, made once per callee: its callers share it. A
    // template literal makes a string cell per piece, and 12,419 findings of 25 pieces each were a
    // third of all the rules' garbage at 50,000 dependencies.
    const tail: (string | undefined)[] = new Array<string | undefined>(n);
    const innerText: (string | undefined)[] = new Array<string | undefined>(n);
    const whatText: (string | undefined)[] = new Array<string | undefined>(n);
    const fixText: (string | undefined)[] = new Array<string | undefined>(n);
    for (let ei = 0; ei < count; ei++) {
      const t = timeoutMs[ei]!;
      const callee = to[ei]!;
      const w = worst[callee]!;
      if (!(flags[ei]! & SYNC) || !(t <= w) || via[callee]! < 0) {
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
        const several = parts[callee]! > 1 && g.components[callee]!.calls !== 'parallel';
        const tries = `${innerTimeout} × ${attempts[inner]!} attempt${attempts[inner] === 1 ? '' : 's'}`;
        const what = several ? `for its ${parts[callee]} calls one after another (the longest: ${deep}, ${tries})` : `for ${deep} (${tries})`;
        const raise = several ? ` or, if it makes them at once, say calls: parallel on ${mid}` : '';
        whatText[callee] = what;
        fixText[callee] = `Raise this timeout above ${worstText} or shorten ${possessive(mid)}${raise}.`;
        end = tail[callee] = ` for ${mid}, but ${mid} may wait ${worstText} ${what}. ${fixText[callee]}`;
        innerText[callee] = `${mid} → ${deep}: ${innerTimeout} × ${attempts[inner]!}`;
      }
      ctx.report({
        uri: d.uri,
        range: d.ranges['timeout'] ?? d.range,
        key: `timeout-inversion:${caller}:${mid}`,
        // Equal is inverted too: the caller gives up at the moment the callee's last try would answer.
        message:
          t === w
            ? `Timeout inversion: ${caller} waits ${formatDuration(t)} for ${mid}, no longer than ${mid} itself may wait ${whatText[callee]!}: ${caller} gives up just as the answer would come. ${fixText[callee]!}`
            : `Timeout inversion: ${caller} waits ${formatDuration(t)}${end}`,
        related: [{ uri: innerDep.uri, range: innerDep.ranges['timeout'] ?? innerDep.range, message: innerText[callee]! }],
        data: { caller, callee: mid, timeoutMs: t, calleeWorstMs: w },
      });
    }
  },
});
