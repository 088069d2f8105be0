import type { Related } from '../findings';
import { maxSinglePointPairs, singlePoints } from '../propagation/blastRadius';
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
    'A failure domain, or a component without redundancy of its own (fewer than two replicas and not spread across two or more domains), whose failure alone takes down a tier-1 component, through hard dependencies, the domains components live in and the network paths calls ride, after failovers and fallbacks have done what they can. A tier-1 component counts as down only when no failover target of it is left. A tier-1 component without redundancy and without a failover is its own single point of failure, reported on its declaration. A standby (a failover target nothing calls) going down is lost redundancy, not an outage: it is not counted.',
  help: 'Spread the element across domains (spreadAcross), add a failover to a target outside its failure domain, make the dependency soft or give it a fallback. If the risk is accepted, say why with acceptedRisk.',
  check(ctx) {
    const g = ctx.graph;
    const search = singlePoints(g);
    if (search.skipped) {
      const { tier1, candidates } = search.skipped;
      const first = g.components.find((c) => c.tier === 1)!;
      ctx.report({
        uri: first.uri,
        range: first.idRange,
        key: 'spof:skipped',
        message: `Single points of failure were not searched: ${tier1.toLocaleString('en-US')} tier-1 components times ${candidates.toLocaleString('en-US')} components and domains they depend on is over ${maxSinglePointPairs.toLocaleString('en-US')} pairs, more than one analysis takes on. Mark fewer components tier 1 (those whose outage is an incident), or split the map with include: and check the parts.`,
      });
      return;
    }
    for (const hit of search.hits) {
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
      // Issue 23, item 1: a lone tier-1 component takes itself down. Said first, and the others after it.
      const self = hit.self;
      const others = names.filter((x) => x !== element.id);
      const otherCount = hit.total - (self ? 1 : 0);
      const list = (count: number) => `${others.slice(0, 4).join(', ')}${count > 4 ? ` and ${count - 4} more` : ''}`;
      const message = self
        ? `Single point of failure: ${element.id} is tier 1 and runs as one instance (one replica, not spread across domains) with no failover, so if it fails, it is down${otherCount > 0 ? `, and with it tier-1 ${list(otherCount)}` : ''}. Give it replicas: 2 or more, spread it across domains, or add a failover. If that is accepted, say why with acceptedRisk.`
        : `Single point of failure: if ${name} fails, tier-1 ${hit.total > 1 ? `components ${list(hit.total)} go` : `${names[0]} goes`} down. Path: ${formatPath(hit.path)}. Spread it across domains, add a failover outside its failure domain, or give the dependency a fallback.`;
      ctx.report({
        uri: element.uri,
        range: element.idRange,
        key: `spof:${hit.kind}:${element.id}`,
        message,
        related,
        data: { failed: element.id, down: names, downCount: hit.total, more },
      });
    }
  },
});
