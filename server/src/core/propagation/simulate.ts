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
  /**
   * Why each component is down or degraded, as objects: built on first read from the compact form
   * (causeOf reads one without building them all). A zone loss takes thousands of components down, and
   * the stress analysis keeps 25 simulations: an object per component was a fifth of its time in GC.
   */
  readonly cause: (Cause | undefined)[];
  /** The compact causes: kind per component (CAUSE_*), and its two operands (edge, domain or component). */
  readonly causeKind: Uint8Array;
  readonly causeA: Int32Array;
  readonly causeB: Int32Array;
  /** 1 where the component itself is lost (failed, in a failed domain, or every domain of its spread failed), not only cut off by a dependency. */
  lost: Uint8Array;
  /** Failed domains, descendants included. */
  failedDomains: Uint8Array;
  /** The components that list a failed domain among their domains or in their spread, ascending: the only ones a domain failure touches directly. */
  domainMembers: number[];
  /** Failed components and domains as given. */
  failed: { components: number[]; domains: number[] };
}

// The compact form of a Cause: kind, then operands A and B.
const CAUSE_FAILED = 1;
const CAUSE_DOMAIN = 2; // A: the domain
const CAUSE_SPREAD_ALL = 3;
const CAUSE_SPREAD_PART = 4;
const CAUSE_DEPENDENCY = 5; // A: the edge, B: the reason's index in `reasons`
const CAUSE_VIA_DOMAIN = 6; // A: the edge, B: the domain
const CAUSE_VIA_COMPONENT = 7; // A: the edge, B: the component
const reasons = ['hard', 'soft', 'async', 'fallback', 'failover', 'degraded'] as const;
const reasonCode: Record<(typeof reasons)[number], number> = { hard: 0, soft: 1, async: 2, fallback: 3, failover: 4, degraded: 5 };

/** Why component c is down or degraded in sim (undefined when it is up). */
export function causeOf(g: PropGraph, sim: Simulation, c: number): Cause | undefined {
  const a = sim.causeA[c]!;
  const b = sim.causeB[c]!;
  switch (sim.causeKind[c]) {
    case CAUSE_FAILED:
      return { kind: 'failed' };
    case CAUSE_DOMAIN:
      return { kind: 'domain', domain: a };
    case CAUSE_SPREAD_ALL:
      return { kind: 'spread', domains: g.compSpread[c]!.map((ch) => ch[0]!), all: true };
    case CAUSE_SPREAD_PART:
      return { kind: 'spread', domains: g.compSpread[c]!.filter((chain) => chain.some((d) => sim.failedDomains[d])).map((ch) => ch[0]!), all: false };
    case CAUSE_DEPENDENCY:
      return { kind: 'dependency', edge: a, reason: reasons[b]! };
    case CAUSE_VIA_DOMAIN:
      return { kind: 'via', edge: a, domain: b };
    case CAUSE_VIA_COMPONENT:
      return { kind: 'via', edge: a, component: b };
    default:
      return undefined;
  }
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

/** The failed domains with their descendants. */
function expandDomains(g: PropGraph, failedDomainsIn: number[]): Uint8Array {
  const failedDomains = new Uint8Array(g.domains.length);
  const dstack = [...failedDomainsIn];
  while (dstack.length > 0) {
    const d = dstack.pop()!;
    if (failedDomains[d]) {
      continue;
    }
    failedDomains[d] = 1;
    dstack.push(...(g.domainChildren[d] ?? []));
  }
  return failedDomains;
}

/** How a member of a failed domain is lost itself: CAUSE_DOMAIN (operand: the domain), CAUSE_SPREAD_ALL, or 0 when it is not. */
let hitDomain = 0;
function memberLoss(g: PropGraph, failedDomains: Uint8Array, c: number): number {
  const hit = g.compDomains[c]!.find((d) => failedDomains[d]);
  if (hit !== undefined) {
    hitDomain = hit;
    return CAUSE_DOMAIN;
  }
  const spread = g.compSpread[c]!;
  return spread.length > 0 && spread.every((chain) => chain.some((d) => failedDomains[d])) ? CAUSE_SPREAD_ALL : 0;
}

/** Compact causes, written by the steps below. */
interface Causes {
  kind: Uint8Array;
  a: Int32Array;
  b: Int32Array;
}

/**
 * Whether a failed domain or a lost component on dependency ei's network path breaks the call: its
 * compact cause kind (operand A is the edge, B is left in viaOperand), or 0.
 */
let viaOperand = 0;
function viaBroken(g: PropGraph, isDown: (c: number) => boolean, failedDomains: Uint8Array, ei: number): number {
  const { edges } = g;
  for (const d of edges.viaDomains[ei]!) {
    if (failedDomains[d]) {
      viaOperand = d;
      return CAUSE_VIA_DOMAIN;
    }
  }
  for (const v of edges.viaComponents[ei]!) {
    if (lostToCallers(g, isDown, v)) {
      viaOperand = v;
      return CAUSE_VIA_COMPONENT;
    }
  }
  return 0;
}

/**
 * Degradation, from the final down set (the one definition, for simulate() and simulateDomainLoss()):
 * the direct callers over soft, async, fallback and failed-over dependencies, and members that lost
 * part of their spread; from there only over dependencies that say inheritsDegradation.
 */
function degradeFrom(g: PropGraph, state: Uint8Array, causes: Causes, members: number[], failedDomains: Uint8Array): void {
  const n = g.components.length;
  const { edges, inStart, inEdges } = g;
  const isDown = (c: number) => state[c] === DOWN;
  const isMember = new Uint8Array(members.length > 0 ? n : 0);
  for (const c of members) {
    isMember[c] = 1;
  }
  const dq: number[] = [];
  const degrade = (c: number, kind: number, a: number, b: number) => {
    if (state[c] === UP) {
      state[c] = DEGRADED;
      causes.kind[c] = kind;
      causes.a[c] = a;
      causes.b[c] = b;
      dq.push(c);
    }
  };
  for (let u = 0; u < n; u++) {
    if (state[u] !== UP) {
      continue;
    }
    if (isMember[u] && g.compSpread[u]!.some((chain) => chain.some((d) => failedDomains[d]))) {
      degrade(u, CAUSE_SPREAD_PART, 0, 0);
      continue;
    }
    for (let ei = g.outStart[u]!; ei < g.outStart[u + 1]!; ei++) {
      const to = edges.to[ei]!;
      if (state[to] === DOWN) {
        degrade(u, CAUSE_DEPENDENCY, ei, reasonCode[degradedByDownTarget(edges, ei, !lostToCallers(g, isDown, to))]);
        break;
      }
      if (!edges.routed[ei]) {
        continue; // no network path named: nothing on it to fail
      }
      const via = viaBroken(g, isDown, failedDomains, ei);
      if (via) {
        degrade(u, via, ei, viaOperand);
        break;
      }
      const failedOverVia = edges.viaComponents[ei]!.find((v) => state[v] === DOWN);
      if (failedOverVia !== undefined) {
        degrade(u, CAUSE_VIA_COMPONENT, ei, failedOverVia);
        break;
      }
    }
  }
  while (dq.length > 0) {
    const v = dq.pop()!;
    for (let k = inStart[v]!; k < inStart[v + 1]!; k++) {
      const ei = inEdges[k]!;
      if (inheritsDegradation(edges, ei)) {
        degrade(edges.from[ei]!, CAUSE_DEPENDENCY, ei, reasonCode.degraded);
      }
    }
  }
}

function simulation(g: PropGraph, state: Uint8Array, lost: Uint8Array, causes: Causes | (() => Causes), failedDomains: Uint8Array, members: number[], failedComponents: number[], failedDomainsIn: number[]): Simulation {
  let known = typeof causes === 'function' ? undefined : causes;
  const compact = () => (known ??= (causes as () => Causes)());
  let objects: (Cause | undefined)[] | undefined;
  const sim: Simulation = {
    state,
    get cause() {
      return (objects ??= Array.from({ length: g.components.length }, (_, c) => causeOf(g, sim, c)));
    },
    get causeKind() {
      return compact().kind;
    },
    get causeA() {
      return compact().a;
    },
    get causeB() {
      return compact().b;
    },
    lost,
    failedDomains,
    domainMembers: members,
    failed: { components: failedComponents, domains: failedDomainsIn },
  };
  return sim;
}

/**
 * What goes down and what degrades when the given components and domains fail.
 *
 * The rules are semantics.ts's. Down is a least fixpoint and only grows: a component goes down when a
 * dependency that carries failure is broken (its target is lost to its callers, or a network path it
 * rides failed) and no fallback is left. Failover coverage is re-checked when a failover target itself
 * goes down, so a failover into the same failed domain does not save its primary. Degradation is
 * computed afterwards from the final down set (degradeFrom).
 */
export function simulate(g: PropGraph, failedComponents: number[], failedDomainsIn: number[]): Simulation {
  const n = g.components.length;
  const state = new Uint8Array(n);
  const lost = new Uint8Array(n);
  const causes: Causes = { kind: new Uint8Array(n), a: new Int32Array(n), b: new Int32Array(n) };
  const failedDomains = expandDomains(g, failedDomainsIn);
  const queue: number[] = [];
  const queued = new Uint8Array(n);
  const enqueue = (c: number) => {
    if (!queued[c] && state[c] !== DOWN) {
      queued[c] = 1;
      queue.push(c);
    }
  };

  const { edges, inStart, inEdges } = g;
  const callers = (c: number) => {
    for (let k = inStart[c]!; k < inStart[c + 1]!; k++) {
      enqueue(edges.from[inEdges[k]!]!);
    }
    for (const e of g.viaByComponent[c]!) {
      enqueue(edges.from[e]!);
    }
  };
  const markDown = (c: number, kind: number, a: number, b: number) => {
    state[c] = DOWN;
    causes.kind[c] = kind;
    causes.a[c] = a;
    causes.b[c] = b;
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
      markDown(c, CAUSE_FAILED, 0, 0);
    }
  }
  // Only the members of a failed domain can be hit by it: the rest keep no failed domain in their lists.
  const members = failedDomainsIn.length > 0 ? membersOf(g, failedDomains) : [];
  if (failedDomainsIn.length > 0) {
    for (const c of members) {
      if (state[c] === DOWN) {
        continue;
      }
      const how = memberLoss(g, failedDomains, c);
      if (how) {
        lost[c] = 1;
        markDown(c, how, how === CAUSE_DOMAIN ? hitDomain : 0, 0);
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
      const via = targetLost || !edges.routed[ei] ? 0 : viaBroken(g, isDown, failedDomains, ei);
      if (!targetLost && !via) {
        continue;
      }
      const fallback = edges.fallback[ei]!;
      const fallbackHolds = fallback >= 0 && state[fallback] !== DOWN;
      if (fallbackHolds) {
        continue;
      }
      if (via) {
        markDown(u, via, ei, viaOperand);
      } else {
        markDown(u, CAUSE_DEPENDENCY, ei, reasonCode.hard);
      }
      break;
    }
  }

  degradeFrom(g, state, causes, members, failedDomains);
  return simulation(g, state, lost, causes, failedDomains, members, failedComponents, failedDomainsIn);
}

/**
 * simulate(g, [], [domain]) when what goes down is already known: `down` (1 per component), as the
 * bit-parallel failureSets.ts computes it for every domain at once (domainLossDown). The lost
 * components and the degradation come from the same steps as simulate()'s; the causes of what is down
 * are worked out by simulate() itself, only when someone reads them. A property test holds the two
 * equal on random maps (test/unit/failureSets.test.ts).
 */
export function simulateDomainLoss(g: PropGraph, domain: number, down: Uint8Array): Simulation {
  const n = g.components.length;
  const state = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    state[c] = down[c] ? DOWN : UP;
  }
  const lost = new Uint8Array(n);
  const failedDomainsIn = [domain];
  const failedDomains = expandDomains(g, failedDomainsIn);
  const members = membersOf(g, failedDomains);
  for (const c of members) {
    if (memberLoss(g, failedDomains, c)) {
      lost[c] = 1;
    }
  }
  // Degradation writes the causes of what it degrades; those of what is down need the fixpoint's order.
  degradeFrom(g, state, { kind: new Uint8Array(n), a: new Int32Array(n), b: new Int32Array(n) }, members, failedDomains);
  const causes = () => {
    const full = simulate(g, [], failedDomainsIn);
    return { kind: full.causeKind, a: full.causeA, b: full.causeB };
  };
  return simulation(g, state, lost, causes, failedDomains, members, [], failedDomainsIn);
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

/**
 * Most hops a path follows, here (pathOf, rootOf) and in the failure sets' paths (failureSets.ts,
 * single-point-of-failure findings): a path is an explanation, and all paths together must stay
 * linear-ish in the map. A path that ends within this many hops (at most maxPathHops + 1 components)
 * is whole; a longer one names its first maxPathHops hops, then the component they reach, cut:
 * "c32 → … (more than 32 hops)".
 */
export const maxPathHops = 32;

/** Follows causes from `c` back to the failed component or domain (at most maxPathHops hops). */
export function pathOf(g: PropGraph, sim: Simulation, c: number): PathStep[] {
  const steps: PathStep[] = [];
  const seen = new Set<number>();
  let cur = c;
  while (!seen.has(cur)) {
    seen.add(cur);
    const comp = g.components[cur]!;
    const why = causeOf(g, sim, cur);
    // The steps that end a path end it even after maxPathHops hops: they are not hops.
    if (!why || why.kind === 'failed') {
      steps.push(failsStep(comp));
      break;
    }
    if (why.kind === 'domain') {
      steps.push(livesInStep(comp, g.domains[why.domain]!));
      break;
    }
    if (why.kind === 'spread') {
      steps.push(spreadStep(comp, why.domains.map((d) => g.domains[d]!.id).join(', '), why.all));
      break;
    }
    if (why.kind === 'via' && why.domain !== undefined) {
      steps.push(failedPathStep(g, why.edge, why.domain));
      break;
    }
    if (steps.length === maxPathHops) {
      steps.push(elidedStep(comp.id)); // maxPathHops hops followed and the path goes on: say so
      break;
    }
    if (why.kind === 'via') {
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
  return steps;
}

/**
 * The component at the end of pathOf(g, sim, c): where the failure that reached c started (or where a
 * path too long to follow is cut). The same walk, without building the steps.
 */
export function rootOf(g: PropGraph, sim: Simulation, c: number): number {
  const seen = new Set<number>();
  let cur = c;
  let last = c;
  while (!seen.has(cur) && seen.size < maxPathHops) {
    seen.add(cur);
    last = cur;
    const kind = sim.causeKind[cur]!;
    if (kind === CAUSE_DEPENDENCY) {
      cur = g.edges.to[sim.causeA[cur]!]!;
    } else if (kind === CAUSE_VIA_COMPONENT) {
      cur = sim.causeB[cur]!;
    } else {
      return cur; // failed, lost with a domain or its spread, a failed network path, or up
    }
  }
  return seen.has(cur) ? last : cur;
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
        return s.how === 'fails' ? s.component : s.how === elidedHow ? `${s.component} → … (more than ${maxPathHops} hops)` : `${s.component} (${s.how})`;
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
