import { detectionMsOf, journeyGraph, preFailoverGraph, stress } from '../scenarios/engine';
import { simulate, DOWN } from '../propagation/simulate';
import { formatDuration } from '../values';
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
    const n = g.components.length;
    const pre = preFailoverGraph(g);
    plan.journeys.forEach((jr, j) => {
      const journey = g.model.journeys.get(jr.id)!;
      const rto = journey.target.rtoMs;
      if (rto === undefined) {
        return;
      }
      for (const f of g.failovers) {
        const fo = f.failover;
        if (fo.rtoMs === undefined || s.baseline.loads.byJourney[j * n + f.from]! <= 0) {
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
