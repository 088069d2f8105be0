// How failure propagates, defined once (docs/language.md, "How failure propagates").
//
// simulate.ts applies these rules to one failure scenario; failureSets.ts evaluates the "down" part for
// every single failure at once, bit-parallel, and test/unit/failureSets.test.ts holds it to simulate()
// and to these definitions on random maps. A change of meaning starts here.
import { FAILOVER, HARD, STANDBY, SYNC, TIER1, type Edges, type PropGraph } from './graph';

/**
 * Whether dependency `ei` can take its caller down: hard, synchronous, and without a fallback that
 * needs no component (a fallback served by a component holds only while that component is up).
 */
export function carriesFailure(edges: Edges, ei: number): boolean {
  return edges.flags[ei] === (HARD | SYNC) && edges.fallback[ei] !== -2;
}

/** A component as its callers see it: lost when it is down and every failover target of it is down too. */
export function lostToCallers(g: PropGraph, isDown: (c: number) => boolean, c: number): boolean {
  if (!isDown(c)) {
    return false;
  }
  if ((g.componentFlags[c]! & FAILOVER) === 0) {
    return true;
  }
  return g.failoverTargets[c]!.every(isDown);
}

/**
 * A standby: the target of a failover that nothing calls, reaches through or falls back to. While its
 * primary is up it serves nothing, so losing it is lost redundancy (the primary is without a failover),
 * never an outage of its own (issue 23, item 10).
 */
export function isStandby(g: PropGraph, c: number): boolean {
  return (g.componentFlags[c]! & STANDBY) !== 0;
}

/**
 * Whose loss is an outage the single-point-of-failure rule reports: tier-1 components that serve
 * traffic (not standbys). A lone tier-1 component counts its own failure (issue 23, item 1): the
 * failed component is among what its failure takes down, unless a failover target takes over.
 */
export function isOutageTarget(g: PropGraph, c: number): boolean {
  return (g.componentFlags[c]! & (TIER1 | STANDBY)) === TIER1;
}

/**
 * Why caller `u` is degraded by its dependency `ei` whose target is down (given `u` stayed up):
 * the target failed over (callers wait out the RTO), the call is soft, async, or has a fallback.
 */
export function degradedByDownTarget(edges: Edges, ei: number, targetCovered: boolean): 'failover' | 'soft' | 'async' | 'fallback' {
  const flags = edges.flags[ei]!;
  return targetCovered ? 'failover' : !(flags & HARD) ? 'soft' : !(flags & SYNC) ? 'async' : 'fallback';
}

/**
 * How far degradation travels (issue 23, item 2): the direct callers of what is down or lost capacity
 * are degraded; a caller of a degraded component is degraded only when its dependency says
 * `inheritsDegradation: true` (it needs what the target lost). Without that, degradation stops.
 */
export function inheritsDegradation(edges: Edges, ei: number): boolean {
  return edges.inherits[ei] === 1;
}
