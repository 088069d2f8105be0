import type { Related } from '../findings';
import { singlePoints } from '../propagation/blastRadius';
import { formatPath } from '../propagation/simulate';
import { defineRule } from './defineRule';
import { kindNamed } from '../words';

// Why: most large outages trace back to one thing everybody depended on without knowing it: a shared
// database, one zone, one network path. Failing each component and domain alone and watching which
// tier-1 components go down finds them before an incident does.
export default defineRule({
  id: 'single-point-of-failure',
  severity: 'warning',
  category: 'propagation',
  title: 'Single point of failure',
  description:
    'A failure domain, or a component without redundancy of its own (fewer than two replicas and not spread across two or more domains), whose failure alone takes down a tier-1 component, through hard dependencies, the domains components live in and the network paths calls ride, after failovers and fallbacks have done what they can. A tier-1 component counts as down only when no failover target of it is left.',
  help: 'Spread the element across domains (spreadAcross), add a failover to a target outside its failure domain, make the dependency soft or give it a fallback. If the risk is accepted, say why with acceptedRisk.',
  check(ctx) {
    const g = ctx.graph;
    for (const hit of singlePoints(g)) {
      const names = hit.down.map((t) => g.components[t]!.id);
      const element = hit.kind === 'component' ? g.components[hit.index]! : g.domains[hit.index]!;
      const name = hit.kind === 'component' ? element.id : kindNamed((element as { kind: string }).kind, element.id);
      // A loop and a literal: flatMap with an object spread per step cost a quarter of this rule at
      // 50,000 dependencies (10,700 steps).
      const related: Related[] = [];
      for (const s of hit.path) {
        if (s.at) {
          related.push({ uri: s.at.uri, range: s.at.range, message: `${s.component}: ${s.how}` });
        }
      }
      const more = hit.total - names.length;
      ctx.report({
        uri: element.uri,
        range: element.idRange,
        key: `spof:${hit.kind}:${element.id}`,
        message: `Single point of failure: if ${name} fails, tier-1 ${hit.total > 1 ? `components ${names.slice(0, 4).join(', ')}${hit.total > 4 ? ` and ${hit.total - 4} more` : ''} go` : `${names[0]} goes`} down. Path: ${formatPath(hit.path)}. Spread it across domains, add a failover outside its failure domain, or give the dependency a fallback.`,
        related,
        data: { failed: element.id, down: names, downCount: hit.total, more },
      });
    }
  },
});
