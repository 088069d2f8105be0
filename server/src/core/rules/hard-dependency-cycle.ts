import { CsrBuilder, sccMembers, stronglyConnected, type Csr } from '../propagation/scc';
import { carriesFailure } from '../propagation/semantics';
import { defineRule } from './defineRule';

// Why: components that need each other (hard synchronous calls) fail together: a failure anywhere in
// the loop takes all of it down, and none of them recovers on its own while the others are down. The
// loop is usually invisible until the day it all goes down at once. (Whether they can start in any
// order depends on their clients: lazily connecting ones start fine. That is not the risk.)
export default defineRule({
  id: 'hard-dependency-cycle',
  severity: 'error',
  category: 'propagation',
  title: 'Cycle of hard dependencies',
  description:
    'Components that need each other in a loop of hard synchronous calls without a fallback: a failure anywhere in the loop takes all of it down, and they cannot recover one at a time, because each needs the others up to serve. A soft or async dependency, or a fallback, anywhere in the loop breaks it.',
  help: 'Break the loop: make one of its dependencies soft or async, or give it a fallback, so one component can serve (and recover) without the others.',
  check(ctx) {
    const g = ctx.graph;
    const { to, dep } = g.edges;
    const builder = new CsrBuilder(g.components.length);
    for (let c = 0; c < g.components.length; c++) {
      for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
        if (carriesFailure(g.edges, ei)) {
          builder.add(to[ei]!);
        }
      }
      builder.next();
    }
    const hard = builder.build();
    // Only the few components on a cycle need their edges as lists.
    const hardOut = (c: number) => {
      const out: number[] = [];
      for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
        if (carriesFailure(g.edges, ei)) {
          out.push(ei);
        }
      }
      return out;
    };
    const sccs = stronglyConnected(g.components.length, hard);
    for (let k = 0; k < sccs.count; k++) {
      if (sccs.start[k + 1]! - sccs.start[k]! < 2 && !selfLoop(hard, sccs.members[sccs.start[k]!]!)) {
        continue;
      }
      const scc = sccMembers(sccs, k);
      // Walk one concrete loop from the smallest id, for the message.
      const start = scc.reduce((a, b) => (g.components[a]!.id < g.components[b]!.id ? a : b));
      const loop = cycleThrough(start, (c) => hardOut(c).map((ei) => to[ei]!));
      const names = loop.map((c) => g.components[c]!.id);
      const closing = dep[hardOut(loop[loop.length - 1]!).find((ei) => to[ei] === start)!]!;
      const related = loop.flatMap((c, i) => {
        const next = loop[(i + 1) % loop.length]!;
        const ei = hardOut(c).find((x) => to[x] === next);
        const d = ei === undefined ? undefined : dep[ei]!;
        return d ? [{ uri: d.uri, range: d.ranges['target'] ?? d.range, message: `${g.components[c]!.id} → ${g.components[next]!.id}` }] : [];
      });
      ctx.report({
        uri: closing.uri,
        range: closing.ranges['target'] ?? closing.range,
        key: `hard-dependency-cycle:${[...names].sort().join(',')}`,
        message: `Hard dependency cycle: ${[...names, names[0]].join(' → ')}. These need each other: if any of them fails, all of them go down, and none can recover while the others are down. Make one of these dependencies soft or async, or give it a fallback, so one can serve without the others.`,
        related,
        data: { cycle: names },
      });
    }
  },
});

function selfLoop(adj: Csr, v: number): boolean {
  for (let k = adj.offsets[v]!; k < adj.offsets[v + 1]!; k++) {
    if (adj.targets[k] === v) {
      return true;
    }
  }
  return false;
}

/**
 * The shortest loop from `start` back to it, by breadth-first search over `next`. `start` lies on a
 * cycle (a strongly connected set of two or more, or a self-loop), so the search always returns to
 * it; and whatever it reaches that can lead back to `start` is in `start`'s set, so the loop stays
 * inside the set without a membership test. (The bound on the queue only turns a broken promise into
 * an internal-error finding instead of a hang.)
 */
function cycleThrough(start: number, next: (c: number) => number[]): number[] {
  const prev = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const c = queue[head]!;
    for (const t of next(c)) {
      if (t === start) {
        const loop = [c];
        while (loop[0] !== start) {
          loop.unshift(prev.get(loop[0]!)!);
        }
        return loop;
      }
      if (!prev.has(t)) {
        prev.set(t, c);
        queue.push(t);
      }
    }
  }
  throw new Error(`no loop back to component ${start}`);
}
