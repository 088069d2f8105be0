import { detectionMsOf, journeyGraph, preFailoverGraph, stress } from '../scenarios/engine';
import { simulate, DOWN } from '../propagation/simulate';
import { formatDuration } from '../values';
import type { PropGraph } from '../propagation/graph';
import { defineRule } from './defineRule';

// Why: a journey behind a failover is down for at least the time to notice the failure plus the time
// the failover takes (DNS and client TTLs, promotion, warm-up). If that sum is longer than the
// journey's recovery objective, the objective cannot be met however well the drill goes.
export default defineRule({
  id: 'journey-rto-unachievable',
  severity: 'warning',
  category: 'stress',
  title: 'Journey RTO unachievable',
  description:
    'When a component a journey cannot do without fails over, the journey is down from the failure until the failover completes: detection (failover `detection`, by default 1m for automatic and 5m for manual failovers) plus the failover\'s `rto`. A journey whose `target.rto` is shorter than that sum cannot meet it.',
  help: 'Detect faster (tighter health checks, alerts on leading signals), make the failover automatic or faster, or set the journey\'s RTO to what the failover can deliver.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    if (!s.active) {
      return;
    }
    const plan = s.baseline.plan;
    const pre = preFailoverGraph(g);
    plan.journeys.forEach((jr, j) => {
      const journey = g.model.journeys.get(jr.id)!;
      const rto = journey.target.rtoMs;
      if (rto === undefined) {
        return;
      }
      // A quick way past the primaries the journey cannot reach; the simulation below decides for the rest.
      const reach = reachOf(g, jr.entry);
      for (const f of g.failovers) {
        const fo = f.failover;
        if (fo.rtoMs === undefined || !reach[f.from]) {
          continue;
        }
        const detection = detectionMsOf(fo);
        const outage = detection + fo.rtoMs;
        if (outage <= rto) {
          continue;
        }
        // Only if losing the primary, before anyone takes over, takes the journey down.
        const sim = simulate(journeyGraph(pre, plan, j), [f.from], []);
        if (sim.state[jr.entry] !== DOWN) {
          continue;
        }
        ctx.report({
          uri: fo.uri,
          range: fo.ranges['rto'] ?? fo.range,
          key: `journey-rto-unachievable:${journey.id}:${fo.from.id}:${fo.to.id}`,
          message: `If ${fo.from.id} fails, ${journey.id} is down until ${fo.to.id} takes over: ${formatDuration(detection)} to detect${fo.detectionMs === undefined ? ` (the default for ${fo.mode === 'automatic' ? 'an automatic' : 'a manual'} failover)` : ''} + ${formatDuration(fo.rtoMs)} to fail over = ${formatDuration(outage)}, longer than the journey's RTO of ${formatDuration(rto)}. Detect faster, fail over faster, or set the RTO the failover can meet.`,
          related: [{ uri: journey.uri, range: journey.targetRanges['rto'] ?? journey.idRange, message: `${journey.id}: RTO ${formatDuration(rto)}` }],
          data: { journey: journey.id, from: fo.from.id, to: fo.to.id, detectionMs: detection, rtoMs: fo.rtoMs, journeyRtoMs: rto },
        });
      }
    });
  },
});

/**
 * Components whose failure can take a journey entering at `entry` down: every component its calls
 * reach, and the network paths those calls ride (a failed one fails the call). A superset of what
 * simulate() can take down from there (it ignores whether a call is hard, synchronous, kept up by a
 * fallback or used by this journey). Not the journey's load: a journey without a demand carries
 * none, and no load is put on a network path a call rides, so the load said "not reached" for both.
 */
function reachOf(g: PropGraph, entry: number): Uint8Array {
  const seen = new Uint8Array(g.components.length);
  const queue = [entry];
  seen[entry] = 1;
  const visit = (c: number): void => {
    if (!seen[c]) {
      seen[c] = 1;
      queue.push(c);
    }
  };
  // for-of reads what is pushed while it runs: a breadth-first walk.
  for (const c of queue) {
    for (let e = g.outStart[c]!; e < g.outStart[c + 1]!; e++) {
      visit(g.edges.to[e]!);
      for (const v of g.edges.viaComponents[e]!) {
        visit(v);
      }
    }
  }
  return seen;
}
