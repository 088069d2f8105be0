import { stress } from '../scenarios/engine';
import { defineRule } from './defineRule';
import { journeyOutcomeText } from '../scenarios/report';

// Why: a map can say which stresses it must ride out (a zone, Black Friday, the PSP slowing down).
// Once said, every change to the map is checked against them, like a test suite for resilience.
export default defineRule({
  id: 'scenario-not-survived',
  severity: 'error',
  category: 'stress',
  title: 'Scenario not survived',
  description:
    'A scenario marked `mustSurvive: true` leaves a journey down, overloaded (a component it needs above 100% of the capacity it has left) or stale (a consumer it reads through falls behind) once failovers have taken over.',
  help: 'Fix what the message names (capacity, a failover, a fallback), or, if the map should not promise it, remove mustSurvive.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    for (const r of s.declared) {
      if (!r.case.mustSurvive || r.survived) {
        continue;
      }
      const sc = r.case.declared!;
      // The state it settles in: after failover when one took over (then the last of two phases).
      const last = r.phases[r.phases.length - 1]!;
      const broken = last.journeys.filter((o) => o.outcome === 'down' || o.outcome === 'overloaded' || o.outcome === 'stale');
      const texts = broken.map((o) => journeyOutcomeText(g, s.baseline, last, o));
      ctx.report({
        uri: sc.uri,
        range: sc.ranges['mustSurvive'] ?? sc.idRange,
        key: `scenario-not-survived:${sc.id}`,
        message: `Scenario ${sc.id} must be survived, but ${r.phases.length > 1 ? 'even after failover, ' : ''}${texts.join('; ')}. Run \`incidentmap simulate --scenario ${sc.id}\` for the timeline.`,
        related: [...new Set(broken.flatMap((o) => (o.because === undefined ? [] : [o.because])))].map((c) => {
          const comp = g.components[c]!;
          return { uri: comp.uri, range: comp.idRange, message: `${comp.id}` };
        }),
        data: { scenario: sc.id, journeys: broken.map((o) => ({ journey: s.baseline.plan.journeys[o.journey]!.id, outcome: o.outcome })) },
      });
    }
  },
});
