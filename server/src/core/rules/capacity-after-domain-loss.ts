import { stress } from '../scenarios/engine';
import { limitText, loadText, possessive } from '../scenarios/describe';
import { formatPercent } from '../units';
import { defineRule } from './defineRule';

// Why: a component spread across zones is only as redundant as the capacity its survivors have.
// Losing one zone of three leaves two thirds of the capacity to carry all of the peak (AWS's static
// stability, Azure's zones / (zones - 1) x peak); autoscaling does not arrive in the first minutes,
// and may be asked of the zone that is failing.
export default defineRule({
  id: 'capacity-after-domain-loss',
  severity: 'warning',
  category: 'stress',
  title: 'Capacity after losing a domain',
  description:
    'When one domain a component spreads across fails, its replicas in the other domains carry the whole peak load (each domain is assumed to hold an equal share of the capacity). If that puts them above their saturation line (the crit of a utilisation signal, else 100%), losing the domain becomes an overload instead of a non-event.',
  help: 'Provision capacity for peak with one domain lost (total capacity ≥ peak ÷ saturation line × domains ÷ (domains − 1)), spread across more domains, or lower the load that reaches it.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    if (!s.active) {
      return;
    }
    // Per component, the worst domain loss.
    const worst = new Map<number, { u: number; load: number; cap: number; limit: number; domain: number; count: number }>();
    for (const r of s.domainLoss) {
      const d = r.case.failDomains[0]!;
      const ph = r.phases[r.phases.length - 1]!;
      for (const sat of ph.saturated) {
        const c = sat.component;
        if (sat.measure !== 'capacity' || !g.compSpread[c]!.some((chain) => chain.includes(d))) {
          continue;
        }
        const prior = worst.get(c);
        const entry = { u: sat.utilisation, load: loadOf(ph.loads, s.baseline.plan.capacityDim[c], c), cap: ph.loads.capacity[c]!, limit: sat.limit, domain: d, count: (prior?.count ?? 0) + 1 };
        if (!prior || sat.utilisation > prior.u) {
          worst.set(c, entry);
        } else {
          prior.count++;
        }
      }
    }
    for (const [c, w] of worst) {
      const comp = g.components[c]!;
      const dom = g.domains[w.domain]!;
      const k = g.compSpread[c]!.length;
      const needed = (w.load / w.limit) * (k / (k - 1));
      const others = w.count > 1 ? ` Losing any of ${w.count} of its domains does the same.` : '';
      ctx.report({
        uri: comp.uri,
        range: comp.ranges['capacity'] ?? comp.idRange,
        key: `capacity-after-domain-loss:${comp.id}`,
        message: `If ${dom.kind} ${dom.id} fails, ${possessive(comp.id)} ${k - 1 === 1 ? 'other domain carries' : `other ${k - 1} domains carry`} ${loadText(g, c, w.load)} on ${loadText(g, c, w.cap)}: ${formatPercent(w.u)}, above ${limitText(g, c, w.limit)}.${others} To ride out the loss of one domain it needs about ${loadText(g, c, needed)} in total (${loadText(g, c, needed / k)} per domain): add capacity, or spread across more domains.`,
        related: [
          { uri: comp.uri, range: comp.ranges['spreadAcross'] ?? comp.idRange, message: `spread across ${k} domains` },
          { uri: dom.uri, range: dom.idRange, message: `${dom.kind} ${dom.id}` },
        ],
        data: { component: comp.id, domain: dom.id, utilisation: w.u, load: w.load, capacityLeft: w.cap, limit: w.limit, capacityNeeded: needed },
      });
    }
  },
});

function loadOf(loads: { rate: Float64Array; bandwidth: Float64Array; power: Float64Array }, dim: string | undefined, c: number): number {
  return dim === 'bandwidth' ? loads.bandwidth[c]! : dim === 'power' ? loads.power[c]! : loads.rate[c]!;
}
