import type { Component, Domain } from '../model/types';
import type { PropGraph } from './graph';
import { kindNamed } from '../words';
import { carriesFailure, degradedByDownTarget, inheritsDegradation, lostToCallers } from './semantics';

export const UP = 0;
export const DEGRADED = 1;
export const DOWN = 2;

/** Why a component is down or degraded: one step back towards the failure that caused it. */
export type Cause =
  | { kind: 'failed' }
  | { kind: 'domain'; domain: number }
  | { kind: 'spread'; domains: number[]; all: boolean }
  | { kind: 'dependency'; edge: number; reason: 'hard' | 'soft' | 'async' | 'fallback' | 'failover' | 'degraded' }
  | { kind: 'via'; edge: number; component?: number; domain?: number };

export interface Simulation {
  state: Uint8Array;
  cause: (Cause | undefined)[];
  /** 1 where the component itself is lost (failed, in a failed domain, or every domain of its spread failed), not only cut off by a dependency. */
  lost: Uint8Array;
  /** Failed domains, descendants included. */
  failedDomains: Uint8Array;
  /** The components that list a failed domain among their domains or in their spread, ascending: the only ones a domain failure touches directly. */
  domainMembers: number[];
  /** Failed components and domains as given. */
  failed: { components: number[]; domains: number[] };
}

const membersByDomain = new WeakMap<PropGraph, number[][]>();

/**
 * The components a set of failed domains can reach, ascending: those that list one of them among their
 * domains or in a chain of their spread. Per graph, an index from each domain to those components.
 */
function membersOf(g: PropGraph, failedDomains: Uint8Array): number[] {
  let byDomain = membersByDomain.get(g);
  if (!byDomain) {
    const lists: number[][] = Array.from({ length: g.domains.length }, () => []);
    for (let c = 0; c < g.components.length; c++) {
      for (const d of g.compDomains[c]!) {
        lists[d]!.push(c);
      }
      for (const chain of g.compSpread[c]!) {
        for (const d of chain) {
          lists[d]!.push(c);
        }
      }
    }
    byDomain = lists;
    membersByDomain.set(g, byDomain);
  }
  const seen = new Uint8Array(g.components.length);
  const out: number[] = [];
  for (let d = 0; d < failedDomains.length; d++) {
    if (failedDomains[d]) {
      for (const c of byDomain[d]!) {
        if (!seen[c]) {
          seen[c] = 1;
          out.push(c);
        }
      }
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * What goes down and what degrades when the given components and domains fail.
 *
 * The rules are semantics.ts's. Down is a least fixpoint and only grows: a component goes down when a
 * dependency that carries failure is broken (its target is lost to its callers, or a network path it
 * rides failed) and no fallback is left. Failover coverage is re-checked when a failover target itself
 * goes down, so a failover into the same failed domain does not save its primary. Degradation is
 * computed afterwards from the final down set: the direct callers over soft, async, fallback and
 * failed-over dependencies, and partial spread loss; from there only over dependencies that say
 * inheritsDegradation.
 */
export function simulate(g: PropGraph, failedComponents: number[], failedDomainsIn: number[]): Simulation {
  const n = g.components.length;
  const state = new Uint8Array(n);
  const lost = new Uint8Array(n);
  const cause: (Cause | undefined)[] = new Array(n);
  const failedDomains = new Uint8Array(g.domains.length);
  const queue: number[] = [];
  const queued = new Uint8Array(n);
  const enqueue = (c: number) => {
    if (!queued[c] && state[c] !== DOWN) {
      queued[c] = 1;
      queue.push(c);
    }
  };

  // Domains fail with their descendants.
  const dstack = [...failedDomainsIn];
  while (dstack.length > 0) {
    const d = dstack.pop()!;
    if (failedDomains[d]) {
      continue;
    }
    failedDomains[d] = 1;
    dstack.push(...(g.domainChildren[d] ?? []));
  }

  const { edges, inStart, inEdges } = g;
  const callers = (c: number) => {
    for (let k = inStart[c]!; k < inStart[c + 1]!; k++) {
      enqueue(edges.from[inEdges[k]!]!);
    }
    for (const e of g.viaByComponent[c]!) {
      enqueue(edges.from[e]!);
    }
  };
  const markDown = (c: number, why: Cause) => {
    state[c] = DOWN;
    cause[c] = why;
    callers(c);
    for (const e of g.fallbackBy[c]!) {
      enqueue(edges.from[e]!);
    }
    // c was someone's failover target: that primary may have lost its cover.
    for (const s of g.failoverSources[c]!) {
      if (state[s] === DOWN) {
        callers(s);
      }
    }
  };

  for (const c of failedComponents) {
    if (state[c] !== DOWN) {
      lost[c] = 1;
      markDown(c, { kind: 'failed' });
    }
  }
  // Only the members of a failed domain can be hit by it: the rest keep no failed domain in their lists.
  const members = failedDomainsIn.length > 0 ? membersOf(g, failedDomains) : [];
  if (failedDomainsIn.length > 0) {
    for (const c of members) {
      if (state[c] === DOWN) {
        continue;
      }
      const hit = g.compDomains[c]!.find((d) => failedDomains[d]);
      if (hit !== undefined) {
        lost[c] = 1;
        markDown(c, { kind: 'domain', domain: hit });
        continue;
      }
      const spread = g.compSpread[c]!;
      if (spread.length > 0 && spread.every((chain) => chain.some((d) => failedDomains[d]))) {
        lost[c] = 1;
        markDown(c, { kind: 'spread', domains: spread.map((ch) => ch[0]!), all: true });
      }
    }
    for (let d = 0; d < g.domains.length; d++) {
      if (failedDomains[d]) {
        for (const e of g.viaByDomain[d]!) {
          enqueue(edges.from[e]!);
        }
      }
    }
  }

  const isDown = (c: number) => state[c] === DOWN;
  const covered = (c: number) => !lostToCallers(g, isDown, c);
  const viaBroken = (ei: number): Cause | undefined => {
    for (const d of edges.viaDomains[ei]!) {
      if (failedDomains[d]) {
        return { kind: 'via', edge: ei, domain: d };
      }
    }
    for (const v of edges.viaComponents[ei]!) {
      if (state[v] === DOWN && !covered(v)) {
        return { kind: 'via', edge: ei, component: v };
      }
    }
    return undefined;
  };

  while (queue.length > 0) {
    const u = queue.pop()!;
    queued[u] = 0;
    if (state[u] === DOWN) {
      continue;
    }
    for (let ei = g.outStart[u]!; ei < g.outStart[u + 1]!; ei++) {
      if (!carriesFailure(edges, ei)) {
        continue;
      }
      const to = edges.to[ei]!;
      const targetLost = lostToCallers(g, isDown, to);
      const via = targetLost ? undefined : viaBroken(ei);
      if (!targetLost && !via) {
        continue;
      }
      const fallback = edges.fallback[ei]!;
      const fallbackHolds = fallback >= 0 && state[fallback] !== DOWN;
      if (fallbackHolds) {
        continue;
      }
      markDown(u, via ?? { kind: 'dependency', edge: ei, reason: 'hard' });
      break;
    }
  }

  // Degradation, from the final down set.
  const isMember = new Uint8Array(members.length > 0 ? n : 0);
  for (const c of members) {
    isMember[c] = 1;
  }
  const dq: number[] = [];
  const degrade = (c: number, why: Cause) => {
    if (state[c] === UP) {
      state[c] = DEGRADED;
      cause[c] = why;
      dq.push(c);
    }
  };
  for (let u = 0; u < n; u++) {
    if (state[u] !== UP) {
      continue;
    }
    if (isMember[u]) {
      const spread = g.compSpread[u]!;
      const gone = spread.filter((chain) => chain.some((d) => failedDomains[d]));
      if (gone.length > 0) {
        degrade(u, { kind: 'spread', domains: gone.map((ch) => ch[0]!), all: false });
        continue;
      }
    }
    for (let ei = g.outStart[u]!; ei < g.outStart[u + 1]!; ei++) {
      const to = edges.to[ei]!;
      if (state[to] === DOWN) {
        degrade(u, { kind: 'dependency', edge: ei, reason: degradedByDownTarget(edges, ei, covered(to)) });
        break;
      }
      const via = viaBroken(ei);
      if (via) {
        degrade(u, via);
        break;
      }
      const failedOverVia = edges.viaComponents[ei]!.find((v) => state[v] === DOWN);
      if (failedOverVia !== undefined) {
        degrade(u, { kind: 'via', edge: ei, component: failedOverVia });
        break;
      }
    }
  }
  while (dq.length > 0) {
    const v = dq.pop()!;
    for (let k = inStart[v]!; k < inStart[v + 1]!; k++) {
      const ei = inEdges[k]!;
      if (inheritsDegradation(edges, ei)) {
        degrade(edges.from[ei]!, { kind: 'dependency', edge: ei, reason: 'degraded' });
      }
    }
  }
  return { state, cause, lost, failedDomains, domainMembers: members, failed: { components: failedComponents, domains: failedDomainsIn } };
}

/** One hop of a propagation path, from the affected component back to the failure. */
export interface PathStep {
  component: string;
  /** How this hop reached the next one, e.g. "hard dependency", "rides network path". */
  how: string;
  /** The dependency or domain reference that carried it, for related locations. */
  at?: { uri: string; range: import('../findings').Range };
}

// The steps of a path, made here for pathOf() and for the failure sets (failureSets.ts), so a path in
// a hover and the same path in a single-point-of-failure finding read alike.

/** Where a path too long to follow is cut: "u → …". */
export const elidedHow = 'and on, through more hops';

/** The step that ends a path cut short at component `id` (no location: nothing more to point at). */
export function elidedStep(id: string): PathStep {
  return { component: id, how: elidedHow };
}

/** The failed component itself. */
export function failsStep(comp: Component): PathStep {
  return { component: comp.id, how: 'fails', at: { uri: comp.uri, range: comp.idRange } };
}

/** A component taken down by a domain it lives in. */
export function livesInStep(comp: Component, d: Domain): PathStep {
  return { component: comp.id, how: `lives in ${kindNamed(d.kind, d.id)}`, at: { uri: comp.uri, range: comp.ranges['domains'] ?? comp.idRange } };
}

/** A component that lost all (or some) of the domains it spreads across. */
export function spreadStep(comp: Component, names: string, all: boolean): PathStep {
  return { component: comp.id, how: all ? `loses every domain it spreads across (${names})` : `loses part of its spread (${names})`, at: { uri: comp.uri, range: comp.ranges['spreadAcross'] ?? comp.idRange } };
}

/** A hop over dependency ei, from its caller, told as `how`, pointing at the dependency's target or via list. */
export function dependencyStep(g: PropGraph, ei: number, how: string, field: 'target' | 'via'): PathStep {
  const dep = g.edges.dep[ei]!;
  return { component: g.components[g.edges.from[ei]!]!.id, how, at: { uri: dep.uri, range: dep.ranges[field] ?? dep.range } };
}

/** A hop that carries failure: the hard call itself (`direct`), or a component on its network path. */
export function hopStep(g: PropGraph, ei: number, direct: boolean): PathStep {
  return direct ? dependencyStep(g, ei, 'hard dependency on', 'target') : dependencyStep(g, ei, 'calls over', 'via');
}

/** The last hop when the call's network path is a domain that fails. */
export function failedPathStep(g: PropGraph, ei: number, d: number): PathStep {
  const dom = g.domains[d]!;
  return dependencyStep(g, ei, `calls ${g.components[g.edges.to[ei]!]!.id} over ${kindNamed(dom.kind, dom.id)}, which fails`, 'via');
}

/** Most steps pathOf follows: a path is an explanation, and all paths together must stay linear-ish in the map. */
export const maxPathSteps = 32;

/** Follows causes from `c` back to the failed component or domain (at most maxPathSteps hops). */
export function pathOf(g: PropGraph, sim: Simulation, c: number): PathStep[] {
  const steps: PathStep[] = [];
  const seen = new Set<number>();
  let ended = false;
  let cur = c;
  while (!seen.has(cur) && steps.length < maxPathSteps) {
    seen.add(cur);
    const comp = g.components[cur]!;
    const why = sim.cause[cur];
    if (!why || why.kind === 'failed') {
      steps.push(failsStep(comp));
      ended = true;
      break;
    }
    if (why.kind === 'domain') {
      steps.push(livesInStep(comp, g.domains[why.domain]!));
      ended = true;
      break;
    }
    if (why.kind === 'spread') {
      steps.push(spreadStep(comp, why.domains.map((d) => g.domains[d]!.id).join(', '), why.all));
      ended = true;
      break;
    }
    if (why.kind === 'via') {
      if (why.domain !== undefined) {
        steps.push(failedPathStep(g, why.edge, why.domain));
        ended = true;
        break;
      }
      steps.push(hopStep(g, why.edge, false));
      cur = why.component!;
      continue;
    }
    const how = {
      hard: 'hard dependency on',
      soft: 'soft dependency on',
      async: 'async dependency on',
      fallback: 'falls back from',
      failover: 'fails over from',
      degraded: 'inherits degradation from',
    }[why.reason];
    steps.push(dependencyStep(g, why.edge, how, 'target'));
    cur = g.edges.to[why.edge]!;
  }
  if (!ended && !seen.has(cur)) {
    steps.push(elidedStep(g.components[cur]!.id)); // cut at maxPathSteps: say the path goes on
  }
  return steps;
}

/** Hops a path's text names: the first ones and the last ones, with a count of those between. */
export const maxPathTextSteps = 12;

/**
 * "checkout-api → payments → payments-db (lives in zone eu-west-1a)"; non-hard hops are labelled. A
 * long path names its first and last hops and counts the rest, so a message stays a line long
 * however long the chain (a whole path per finding grows with the square of the map).
 */
export function formatPath(steps: PathStep[]): string {
  if (steps.length > maxPathTextSteps + (steps[steps.length - 1]?.how === elidedHow ? 1 : 0)) {
    const head = Math.ceil(maxPathTextSteps / 2);
    const tail = maxPathTextSteps - head;
    const text = formatSteps(steps, 0, head);
    const between = steps.length - head - tail;
    return `${text} … (${between} more hop${between === 1 ? '' : 's'}) … ${formatSteps(steps, steps.length - tail, steps.length)}`;
  }
  return formatSteps(steps, 0, steps.length);
}

function formatSteps(all: PathStep[], from: number, to: number): string {
  return all
    .slice(from, to)
    .map((s, k) => {
      const i = from + k;
      const steps = all;
      if (i === steps.length - 1) {
        return s.how === 'fails' ? s.component : s.how === elidedHow ? `${s.component} → … (more than ${maxPathSteps} hops)` : `${s.component} (${s.how})`;
      }
      if (s.how === 'hard dependency on') {
        return `${s.component} →`;
      }
      if (s.how === 'calls over') {
        return `${s.component} → (via)`;
      }
      return `${s.component} → (${s.how.replace(/ (on|from|over)$/, '').replace(' dependency', '')})`;
    })
    .join(' ');
}
