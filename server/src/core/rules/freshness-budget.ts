import { lagAlong, staleConsumers, stress } from '../scenarios/engine';
import { loadText } from '../scenarios/describe';
import { formatDuration } from '../values';
import { defineRule } from './defineRule';

// Why: consumer lag is a business metric. The data at the end of an async chain is as old as the lags
// along it add up to; and a consumer slower than what its queue receives falls behind without end:
// the backlog grows at (inflow - capacity) per second and never drains.
export default defineRule({
  id: 'freshness-budget',
  severity: 'warning',
  category: 'stress',
  title: 'Freshness budget exceeded',
  description:
    'A journey with a freshness objective reads data that passes through consumers of queues and streams. The lag budgets along that chain must add up to no more than the objective, and each consumer must keep up with what its queue receives, at peak and under every declared scenario; a consumer that does not falls behind without bound.',
  help: 'Lower the lag budgets along the chain (faster consumers, fewer hops), relax the objective, or give the consumer capacity above its inflow under the scenario.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    if (!s.active) {
      return;
    }
    const plan = s.baseline.plan;
    plan.journeys.forEach((jr, j) => {
      const journey = g.model.journeys.get(jr.id)!;
      const objective = journey.target.freshnessMs;
      if (objective === undefined) {
        return;
      }
      const lag = lagAlong(g, s.baseline, j);
      if (lag.ms > objective) {
        const chain = lag.hops.map((e) => {
          const dep = g.edges.dep[e]!;
          return `${formatDuration(dep.lagBudgetMs ?? 0)} ${dep.consumes ? `${dep.from} behind ${dep.target.id}` : `${dep.from} → ${dep.target.id}`}`;
        });
        ctx.report({
          uri: journey.uri,
          // Reported only for a journey that writes target.freshness.
          range: journey.targetRanges['freshness'] ?? journey.idRange,
          key: `freshness-budget:${journey.id}`,
          message: `${journey.id} must be fresh within ${formatDuration(objective)}, but the lag budgets along its data add up to ${formatDuration(lag.ms)} (${chain.join(' + ')}). Lower the budgets along the chain or relax the objective.`,
          related: lag.hops.map((e) => {
            const dep = g.edges.dep[e]!;
            return { uri: dep.uri, range: dep.ranges['lagBudget'] ?? dep.range, message: `${dep.from} ${dep.consumes ? 'reads' : 'writes to'} ${dep.target.id}: lag budget ${formatDuration(dep.lagBudgetMs ?? 0)}` };
          }),
          data: { journey: journey.id, objectiveMs: objective, lagMs: lag.ms },
        });
      }
    });
    // Consumers that fall behind, at peak and under declared scenarios.
    const seen = new Set<number>();
    const cases = [{ name: undefined as string | undefined, phases: [{ stale: staleConsumers(g, s.baseline.plan, new Uint8Array(g.components.length), s.baseline.loads) }] }, ...s.declared.map((r) => ({ name: r.case.id, phases: r.phases }))];
    for (const cs of cases) {
      for (const ph of cs.phases) {
        for (const st of ph.stale) {
          if (seen.has(st.edge) || st.capacity === 0) {
            continue;
          }
          seen.add(st.edge);
          const dep = g.edges.dep[st.edge]!;
          const where = cs.name ? `In scenario ${cs.name}, ` : 'At peak, ';
          ctx.report({
            uri: dep.uri,
            range: dep.ranges['target'] ?? dep.range,
            key: `freshness-budget:${dep.from}:${dep.target.id}`,
            message: `${where}${dep.from} receives ${loadText(g, st.consumer, st.inflow)} from ${dep.target.id} but can process ${loadText(g, st.consumer, st.capacity)}: its backlog grows by ${loadText(g, st.consumer, st.inflow - st.capacity)} and never drains, so everything after it goes stale. Give it capacity above its inflow.`,
            data: { consumer: dep.from, queue: dep.target.id, inflow: st.inflow, capacity: st.capacity, scenario: cs.name },
          });
        }
      }
    }
  },
});
