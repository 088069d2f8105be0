import { carriesFailure } from '../propagation/semantics';
import { defineRule } from './defineRule';

// Why: a failover to the primary itself, or to a component that needs the primary, cannot take over:
// when the primary fails, the target is the primary, or goes down with it. Written in a hurry (a copy
// and paste of `from` into `to`), it reads as a safety net in review and is none (issue 23, item 4).
export default defineRule({
  id: 'failover-cannot-take-over',
  severity: 'error',
  category: 'propagation',
  title: 'Failover that cannot take over',
  description:
    'A failover whose target is its primary (`from: x, to: x`), or a component that depends on the primary through hard synchronous calls: when the primary fails, the target is gone too, and the primary is still a single point of failure.',
  help: 'Point `to` at a separate component that does not need the primary (a replica or standby in another domain), or remove the failover.',
  check(ctx) {
    const g = ctx.graph;
    const { model } = ctx;
    for (const failover of model.failovers) {
      const range = failover.ranges['to'] ?? failover.range;
      if (failover.from.id === failover.to.id) {
        ctx.report({
          uri: failover.uri,
          range,
          key: `failover-cannot-take-over:${failover.from.id}:${failover.to.id}`,
          message: `Failover ${failover.from.id} → ${failover.to.id} fails over to itself: when ${failover.from.id} fails, nothing takes over. Point \`to\` at a replica or standby in another failure domain, or remove this failover.`,
          data: { from: failover.from.id, to: failover.to.id, path: [failover.from.id] },
        });
        continue;
      }
      const from = g.index.get(failover.from.id);
      const to = g.index.get(failover.to.id);
      if (from === undefined || to === undefined) {
        continue; // unknown-reference reports it
      }
      const path = needs(g, to, from);
      if (path) {
        const chain = path.map((c) => g.components[c]!.id).join(' → ');
        ctx.report({
          uri: failover.uri,
          range,
          key: `failover-cannot-take-over:${failover.from.id}:${failover.to.id}`,
          message: `Failover ${failover.from.id} → ${failover.to.id} cannot take over: ${failover.to.id} needs ${failover.from.id} (${chain}), so it goes down with it. Fail over to a component that does not depend on ${failover.from.id}, or make that dependency soft or async.`,
          data: { from: failover.from.id, to: failover.to.id, path: path.map((c) => g.components[c]!.id) },
        });
      }
    }
  },
});

/** The shortest chain of failure-carrying calls (semantics.ts) from `start` to `goal`, or undefined. */
function needs(g: import('../propagation/graph').PropGraph, start: number, goal: number): number[] | undefined {
  const parent = new Int32Array(g.components.length).fill(-1);
  parent[start] = start;
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q]!;
    if (u === goal) {
      const chain: number[] = [];
      for (let v = goal; v !== start; v = parent[v]!) {
        chain.push(v);
      }
      chain.push(start);
      return chain.reverse();
    }
    for (let ei = g.outStart[u]!; ei < g.outStart[u + 1]!; ei++) {
      const v = g.edges.to[ei]!;
      if (carriesFailure(g.edges, ei) && g.edges.fallback[ei]! < 0 && parent[v] === -1) {
        parent[v] = u;
        queue.push(v);
      }
    }
  }
  return undefined;
}
