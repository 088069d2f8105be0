import type { PropGraph } from './graph';
import { DEGRADED, DOWN, UP, formatPath, pathOf, simulate, type PathStep } from './simulate';

/** A component a failure reaches, and the path that carries it there. */
export interface Affected {
  id: string;
  path: PathStep[];
  /** e.g. "checkout-api → payments → payments-db (lives in zone eu-west-1a)". */
  pathText: string;
}

export interface BlastRadius {
  /** What failed: component ids and domain ids as requested. */
  failed: string[];
  down: Affected[];
  degraded: Affected[];
}

/** Resolves ids to components or domains and simulates their joint failure. */
export function blastRadius(g: PropGraph, ids: string[]): BlastRadius | { unknown: string[] } {
  const comps: number[] = [];
  const doms: number[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const c = g.index.get(id);
    const d = g.domainIndex.get(id);
    if (c !== undefined) {
      comps.push(c);
    } else if (d !== undefined) {
      doms.push(d);
    } else {
      unknown.push(id);
    }
  }
  if (unknown.length > 0) {
    return { unknown };
  }
  const sim = simulate(g, comps, doms);
  const out: BlastRadius = { failed: ids, down: [], degraded: [] };
  sim.state.forEach((s, c) => {
    if (s === UP) {
      return;
    }
    const path = pathOf(g, sim, c);
    const entry = { id: g.components[c]!.id, path, pathText: formatPath(path) };
    if (s === DOWN) {
      out.down.push(entry);
    } else if (s === DEGRADED) {
      out.degraded.push(entry);
    }
  });
  return out;
}


/**
 * Components and domains whose failure could reach a tier-1 component: everything tier-1 components
 * depend on through hard synchronous calls, via references, fallbacks and failover targets, and the
 * domains all of those live in. Other elements cannot be single points of failure, so the rule
 * simulates only these.
 */
export function spofCandidates(g: PropGraph, tier1: number[]): { components: number[]; domains: number[] } {
  const seen = new Uint8Array(g.components.length);
  const stack = [...tier1];
  tier1.forEach((t) => (seen[t] = 1));
  const visit = (c: number) => {
    if (!seen[c]) {
      seen[c] = 1;
      stack.push(c);
    }
  };
  while (stack.length > 0) {
    const c = stack.pop()!;
    for (const ei of g.out[c]!) {
      const e = g.edges[ei]!;
      if (e.hard && e.sync) {
        visit(e.to);
        if (e.fallback >= 0) {
          visit(e.fallback);
        }
      }
      e.viaComponents.forEach(visit);
    }
    g.failoverTargets[c]!.forEach(visit);
  }
  const domainSeen = new Uint8Array(g.domains.length);
  const components: number[] = [];
  seen.forEach((s, c) => {
    if (!s) {
      return;
    }
    components.push(c);
    g.compDomains[c]!.forEach((d) => (domainSeen[d] = 1));
    g.compSpread[c]!.forEach((chain) => chain.forEach((d) => (domainSeen[d] = 1)));
    for (const ei of g.out[c]!) {
      g.edges[ei]!.viaDomains.forEach((d) => {
        for (let x = d; x >= 0 && !domainSeen[x]; x = g.domainParent[x] ?? -1) {
          domainSeen[x] = 1;
        }
      });
    }
  });
  const domains: number[] = [];
  domainSeen.forEach((s, d) => s && domains.push(d));
  return { components, domains };
}
