import type { DomainKind } from '../model/types';
import type { PropGraph } from '../propagation/graph';
import { defineRule } from './defineRule';
import { kindNamed } from '../words';

// Why: a replica in the same zone, rack or power feed as its primary is a failover on paper only. The
// event that takes out the primary takes out the replica with it; this is found in drills or in the
// incident itself, and the incident is the expensive way.
// How large a failure each kind of domain is. The cross-cutting kinds (a network path, power feed or
// cooling loop runs across racks, zones and regions) rank below everything: sharing one defeats any
// failover. A failover meant to escape one of them escapes what is at most a rack.
const size: Record<DomainKind, number> = {
  'network-path': 0,
  'power-feed': 0,
  'cooling-loop': 0,
  rack: 1,
  cluster: 2,
  datacenter: 3,
  zone: 4,
  region: 5,
  provider: 6,
};

/** Shared domains of these kinds defeat a failover meant to escape `escapes`. */
export function defeats(shared: DomainKind, escapes: DomainKind): boolean {
  return size[shared] <= (size[escapes] === 0 ? size.rack : size[escapes]);
}

export default defineRule({
  id: 'failover-same-domain',
  severity: 'error',
  category: 'propagation',
  title: 'Failover inside the failure domain it should escape',
  description:
    'The failover target shares a failure domain with its primary: a zone, rack, region or provider at or below the level the failover is meant to escape (its `escapes`, zone by default), or any shared network path, power feed or cooling loop. When that domain fails, primary and target fail together.',
  help: 'Move the failover target to another domain of that kind (another zone, region, provider, network path or power feed), or correct `escapes` if the failover is only meant to survive a smaller failure.',
  check(ctx) {
    const g = ctx.graph;
    for (const entry of g.failovers) {
      const { failover, from, to } = entry;
      const names = sharedDomains(g, entry);
      if (names.length === 0) {
        continue;
      }
      const primary = g.components[from]!;
      const target = g.components[to]!;
      ctx.report({
        uri: failover.uri,
        range: failover.ranges['to'] ?? failover.range,
        key: `failover-same-domain:${primary.id}:${target.id}`,
        message: `Failover ${primary.id} → ${target.id} shares ${names.join(', ')} with its primary: if ${names.length > 1 ? 'one of them' : 'it'} fails, both fail and the failover cannot help. Move ${target.id} out of ${names.length > 1 ? 'those domains' : 'it'}.`,
        related: [
          { uri: primary.uri, range: primary.ranges['domains'] ?? primary.idRange, message: `${primary.id} lives here` },
          { uri: target.uri, range: target.ranges['domains'] ?? target.ranges['spreadAcross'] ?? target.idRange, message: `${target.id} lives here` },
        ],
        data: { from: primary.id, to: target.id, shared: names },
      });
    }
  },
});

/**
 * The domains (as "kind id") a failover's target shares with its primary at or below the level it
 * should escape: empty when the failover really escapes. Used by this rule and `incidentmap diff`.
 */
export function sharedDomains(g: PropGraph, { failover, from, to }: PropGraph['failovers'][number]): string[] {
  const fromDomains = new Set([...g.compDomains[from]!, ...spreadShared(g.compSpread[from]!)]);
  const toAll = [...g.compDomains[to]!, ...spreadShared(g.compSpread[to]!)];
  const shared = toAll.filter((d) => fromDomains.has(d) && defeats(g.domains[d]!.kind, failover.escapes));
  return [...new Set(shared)].map((d) => kindNamed(g.domains[d]!.kind, g.domains[d]!.id));
}

/** A target spread across domains shares one only if every spread entry is inside it. */
function spreadShared(spread: number[][]): number[] {
  if (spread.length === 0) {
    return [];
  }
  const [first, ...rest] = spread;
  return first!.filter((d) => rest.every((chain) => chain.includes(d)));
}
