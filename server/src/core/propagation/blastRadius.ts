import { ACCEPTED_RISK, FAILOVER, HARD, REDUNDANT, SYNC, type PropGraph } from './graph';
import { isOutageTarget, isStandby } from './semantics';
import { singleFailureHits, type SinglePointHit } from './failureSets';
import { DEGRADED, DOWN, UP, formatPath, pathOf, simulate, type PathStep } from './simulate';

/** A component a failure reaches, and the path that carries it there. */
export interface Affected {
  id: string;
  path: PathStep[];
  /** e.g. "checkout-api → payments → payments-db (lives in zone eu-west-1a)". */
  pathText: string;
}

/** A standby that went down: lost redundancy, not an outage. */
export interface LostStandby extends Affected {
  /** The primaries it stood by for that are still up, now without a failover target left. */
  uncovered: string[];
}

export interface BlastRadius {
  /** What failed: component ids and domain ids as requested. */
  failed: string[];
  /** Components that serve and are down (standbys are in `standbys`). */
  down: Affected[];
  degraded: Affected[];
  /** Failover targets that serve nothing while their primary is up, and went down (semantics.ts isStandby). */
  standbys: LostStandby[];
  /** Every failover whose primary went down: whether its target took over, and who waits meanwhile. */
  failovers: FailoverOutcome[];
}

export interface FailoverOutcome {
  from: string;
  to: string;
  mode: 'automatic' | 'manual';
  /** As written; undefined when the failover states no RTO. */
  rtoMs?: number;
  /** The target is up: it takes over (callers wait out the RTO). False: it went down too. */
  tookOver: boolean;
  /** Callers of the primary that are not down: they wait for the failover (for up to the RTO). */
  waiting: string[];
}

/**
 * Resolves ids to components or domains and simulates their joint failure. With `paths: false`
 * (hover, code lenses: counts and names only) no path is followed: that is O(affected x path length),
 * the square of a chain, and hover on a 2,000-service chain waited for it.
 */
export function blastRadius(g: PropGraph, ids: string[], options: { paths?: boolean } = {}): BlastRadius | { unknown: string[] } {
  const withPaths = options.paths !== false;
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
  const out: BlastRadius = { failed: ids, down: [], degraded: [], standbys: [], failovers: [] };
  sim.state.forEach((s, c) => {
    if (s === UP) {
      return;
    }
    const path = withPaths ? pathOf(g, sim, c) : [];
    const entry = { id: g.components[c]!.id, path, pathText: withPaths ? formatPath(path) : '' };
    if (s === DOWN && isStandby(g, c)) {
      const uncovered = g.failoverSources[c]!.filter((p) => sim.state[p] !== DOWN && g.failoverTargets[p]!.every((t) => sim.state[t] === DOWN));
      out.standbys.push({ ...entry, uncovered: uncovered.map((p) => g.components[p]!.id) });
    } else if (s === DOWN) {
      out.down.push(entry);
    } else if (s === DEGRADED) {
      out.degraded.push(entry);
    }
  });
  for (const { failover, from, to } of g.failovers) {
    if (sim.state[from] !== DOWN) {
      continue;
    }
    const waiting = new Set<string>();
    for (let k = g.inStart[from]!; k < g.inStart[from + 1]!; k++) {
      const caller = g.edges.from[g.inEdges[k]!]!;
      if (sim.state[caller] !== DOWN) {
        waiting.add(g.components[caller]!.id);
      }
    }
    out.failovers.push({
      from: g.components[from]!.id,
      to: g.components[to]!.id,
      mode: failover.mode,
      ...(failover.rtoMs !== undefined ? { rtoMs: failover.rtoMs } : {}),
      tookOver: sim.state[to] !== DOWN,
      waiting: [...waiting].sort(),
    });
  }
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
  const { flags, to, fallback, routed, viaComponents, viaDomains } = g.edges;
  const { componentFlags } = g;
  while (stack.length > 0) {
    const c = stack.pop()!;
    for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
      if (flags[ei] === (HARD | SYNC)) {
        visit(to[ei]!);
        if (fallback[ei]! >= 0) {
          visit(fallback[ei]!);
        }
      }
      if (routed[ei]) {
        for (const v of viaComponents[ei]!) {
          visit(v);
        }
      }
    }
    if (componentFlags[c]! & FAILOVER) {
      for (const t of g.failoverTargets[c]!) {
        visit(t);
      }
    }
  }
  const domainSeen = new Uint8Array(g.domains.length);
  const components: number[] = [];
  for (let c = 0; c < seen.length; c++) {
    if (!seen[c]) {
      continue;
    }
    components.push(c);
    for (const d of g.compDomains[c]!) {
      domainSeen[d] = 1;
    }
    for (const chain of g.compSpread[c]!) {
      for (const d of chain) {
        domainSeen[d] = 1;
      }
    }
    for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
      if (!routed[ei]) {
        continue;
      }
      for (const d of viaDomains[ei]!) {
        for (let x = d; x >= 0 && !domainSeen[x]; x = g.domainParent[x] ?? -1) {
          domainSeen[x] = 1;
        }
      }
    }
  }
  const domains: number[] = [];
  domainSeen.forEach((s, d) => s && domains.push(d));
  return { components, domains };
}

/**
 * The single points of failure of `g`: what the single-point-of-failure rule reports, and what the
 * benchmarks time. Only tier-1 components can be taken down; only what can reach one can take it down.
 */
/**
 * Most (tier-1 component, candidate) pairs the single-point search takes on. Its cost grows with
 * their product (each candidate's down-set is checked against every tier-1 component): a realistic
 * platform of 10,000 components with 1,000 tier-1 ones is 10 million pairs; a chain of 50,000 tier-1
 * services built to be expensive is 2.5 billion and took 40 s. Above the bound the search is not run
 * and the rule says so (a deterministic bound rather than a clock: the same map always gets the same answer).
 */
export const maxSinglePointPairs = 200_000_000;

export interface SinglePointSearch {
  hits: SinglePointHit[];
  /** Set when the search was not run: the sizes that put it over maxSinglePointPairs. */
  skipped?: { tier1: number; candidates: number };
}

export function singlePoints(g: PropGraph, maxPairs = maxSinglePointPairs): SinglePointSearch {
  const flags = g.componentFlags;
  const tier1: number[] = [];
  for (let c = 0; c < flags.length; c++) {
    if (isOutageTarget(g, c)) {
      tier1.push(c);
    }
  }
  if (tier1.length === 0) {
    return { hits: [] };
  }
  const all = spofCandidates(g, tier1);
  // A component with redundancy of its own (two or more replicas, or spread across two or more
  // domains) is not a single point: its partial failures are what failing its domains tests.
  // Its logical failure (a bad deploy) is what blast radius and `incidentmap simulate` show.
  const candidates = {
    components: all.components.filter((c) => !(flags[c]! & (ACCEPTED_RISK | REDUNDANT))),
    domains: all.domains.filter((d) => !g.domains[d]!.acceptedRisk),
  };
  const count = candidates.components.length + candidates.domains.length;
  if (tier1.length * count > maxPairs) {
    return { hits: [], skipped: { tier1: tier1.length, candidates: count } };
  }
  return { hits: singleFailureHits(g, tier1, candidates) };
}
