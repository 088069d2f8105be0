import type { Related } from '../findings';
import { DOWN, formatPath, pathOf, simulate } from '../propagation/simulate';
import { spofCandidates } from '../propagation/blastRadius';
import { defineRule } from './defineRule';

// Why: most large outages trace back to one thing everybody depended on without knowing it: a shared
// database, one zone, one network path. Failing each component and domain alone and watching which
// tier-1 components go down finds them before an incident does.
export default defineRule({
  id: 'single-point-of-failure',
  severity: 'warning',
  category: 'propagation',
  title: 'Single point of failure',
  description:
    'A component or failure domain whose failure alone takes down a tier-1 component, through hard dependencies, the domains components live in, and the network paths calls ride, after failovers and fallbacks have done what they can.',
  help: 'Spread the element across domains (spreadAcross), add a failover to a target outside its failure domain, make the dependency soft or give it a fallback. If the risk is accepted, say why with acceptedRisk.',
  check(ctx) {
    const g = ctx.graph;
    const tier1 = g.components.flatMap((c, i) => (c.tier === 1 ? [i] : []));
    if (tier1.length === 0) {
      return;
    }
    const { components, domains } = spofCandidates(g, tier1);
    const reportFor = (failedComponents: number[], failedDomains: number[], uri: string, range: import('../findings').Range, name: string, key: string) => {
      const sim = simulate(g, failedComponents, failedDomains);
      const hit = tier1.filter((t) => sim.state[t] === DOWN && !failedComponents.includes(t));
      if (hit.length === 0) {
        return;
      }
      const first = hit[0]!;
      const steps = pathOf(g, sim, first);
      const related: Related[] = steps.flatMap((s) => (s.at ? [{ ...s.at, message: `${s.component}: ${s.how}` }] : []));
      const names = hit.map((t) => g.components[t]!.id);
      ctx.report({
        uri,
        range,
        key,
        message: `Single point of failure: if ${name} fails, tier-1 ${names.length > 1 ? `components ${list(names)} go` : `${names[0]} goes`} down. Path: ${formatPath(steps)}. Spread it across domains, add a failover outside its failure domain, or give the dependency a fallback.`,
        related,
        data: { failed: name, down: names },
      });
    };
    for (const c of components) {
      const comp = g.components[c]!;
      if (!comp.acceptedRisk) {
        reportFor([c], [], comp.uri, comp.idRange, comp.id, `spof:component:${comp.id}`);
      }
    }
    for (const d of domains) {
      const dom = g.domains[d]!;
      if (!dom.acceptedRisk) {
        reportFor([], [d], dom.uri, dom.idRange, `${dom.kind} ${dom.id}`, `spof:domain:${dom.id}`);
      }
    }
  },
});

function list(names: string[]): string {
  return names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}
