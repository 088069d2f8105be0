// Stress scenarios: what a failure, a surge or a slowdown does to load, saturation, freshness and the
// journeys, phase by phase. Down and degraded come from simulate() (propagation/simulate.ts, the one
// definition of failure); load moves by flowLoads() (scenarios/load.ts). This file puts them together.
import type { Failover, Scenario, Signal, Traffic } from '../model/types';
import { FAILOVER, HARD, SYNC, type PropGraph } from '../propagation/graph';
import { domainLossDown } from '../propagation/failureSets';
import { causeOf, DEGRADED, DOWN, rootOf, simulate, simulateDomainLoss, type Simulation } from '../propagation/simulate';
import { flowLoads, flowPlan, type FlowPlan, type Loads } from './load';

export type JourneyOutcome = 'ok' | 'degraded' | 'stale' | 'overloaded' | 'down';
/** Journey outcomes from best to worst: the diff compares them by this rank too. */
export const outcomeRank: Record<JourneyOutcome, number> = { ok: 0, degraded: 1, stale: 2, overloaded: 3, down: 4 };

/** A scenario resolved to indices: declared in the map, or made up on the command line. */
export interface StressCase {
  id: string;
  name: string;
  failComponents: number[];
  failDomains: number[];
  journeyFactor?: Float64Array;
  trafficFactor?: Partial<Record<Traffic, number>>;
  componentFactor?: Float64Array;
  /** Added latency per component, ms. */
  slow?: Float64Array;
  mustSurvive: boolean;
  /** The declaration, when the map declares it. */
  declared?: Scenario;
}

export interface Saturation {
  component: number;
  utilisation: number;
  /** What it is measured against: capacity (utilisation of the capacity left) or pool (in-flight work / concurrency). */
  measure: 'capacity' | 'pool';
  /** The saturation line: a utilisation signal's crit, else 1. */
  limit: number;
  /** Utilisation before the callers' retries were counted. */
  withoutRetries: number;
}

export interface PhaseResult {
  phase: 'failure' | 'after' | 'during';
  /** When the phase starts, ms after the trigger. */
  startMs: number;
  /** When it ends (the next phase starts); undefined for the last one, NaN when a failover declares no rto. */
  endMs?: number;
  sim: Simulation;
  loads: Loads;
  /** Above their saturation line, worst first. */
  saturated: Saturation[];
  /** Above the warn line of a utilisation signal but not saturated. */
  warning: number[];
  /** Consumers left behind their queue: down, or slower than what it receives. */
  stale: { consumer: number; queue: number; edge: number; inflow: number; capacity: number }[];
  journeys: { journey: number; outcome: JourneyOutcome; because?: number }[];
  /** Signals that fire, leading ones first. */
  signals: { component: number; signal: Signal; level: 'warn' | 'crit' }[];
  /** Owners to page, in the order their components are affected. */
  pagers: string[];
  /** Failovers that took over: primary -> target. */
  failovers: { from: number; to: number; detectionMs: number; rtoMs: number }[];
}

export interface ScenarioResult {
  case: StressCase;
  phases: PhaseResult[];
  /** Per journey, the worst outcome over the phases, and how long it lasts when a failover ends it. */
  journeys: { journey: number; outcome: JourneyOutcome; downForMs?: number; because?: number }[];
  /** Components pushed past their saturation line by retries alone: the metastable case. */
  retryStorms: Saturation[];
  survived: boolean;
}

/** Peak with nothing failed: the base every scenario is compared with. */
export interface Baseline {
  plan: FlowPlan;
  background: Float64Array;
  loads: Loads;
  /** Largest utilisation per component (capacity or pool), NaN when unknown. */
  utilisation: Float64Array;
  /** Demand factor at which each component reaches its saturation line (limit / utilisation), Infinity when it never does. */
  saturatesAt: Float64Array;
  /** Components ordered by saturatesAt, lowest first (only those with a known utilisation). */
  firstToSaturate: number[];
  /** Per journey, the components its load reaches at peak. */
  carriers: Int32Array[];
  /** The same, per component: the journeys whose load reaches c are carriedBy[carriedStart[c] .. carriedStart[c + 1]), ascending. */
  carriedStart: Int32Array;
  carriedBy: Int32Array;
}

export interface Stress {
  active: boolean;
  baseline: Baseline;
  /** Declared scenarios, in map order. */
  declared: ScenarioResult[];
  /** Every single-domain loss of a spread member (the static-stability check), within domainLossBudget. */
  domainLoss: ScenarioResult[];
  /** Domains a spread member lives in whose loss was not evaluated: past domainLossBudget (rule domain-loss-limit). */
  domainLossSkipped: number[];
}

/**
 * Most work the static-stability check takes on: domains lost x components. Each loss is a load pass
 * over the whole map whose result is kept for hover and the rules, so a map that spreads thousands of
 * components across thousands of domains would take minutes and gigabytes. A million is 18 zones of a
 * 10,000-component platform five times over, or 333 racks of 3,000 components.
 */
export const domainLossBudget = 1_000_000;


/** Whether the map says anything about load: without it the stress analysis stays silent. */
export function hasStressData(g: PropGraph): boolean {
  if (g.model.journeys.size > 0 || g.model.scenarios.size > 0) {
    return true;
  }
  return g.components.some((c) => c.capacityQ !== undefined || c.loadQ !== undefined || c.concurrency !== undefined || c.dependsOn.some((d) => d.demand !== undefined));
}

const cache = new WeakMap<PropGraph, Stress>();

/** Everything the stress rules, the hover and the CLI read, computed once per analysis. */
export function stress(g: PropGraph): Stress {
  let s = cache.get(g);
  if (!s) {
    s = computeStress(g);
    cache.set(g, s);
  }
  return s;
}

/** The same, uncached: for the benchmark. */
export function computeStress(g: PropGraph): Stress {
  if (!hasStressData(g)) {
    // Nothing to compute, and nothing is: a map without capacities, journeys or scenarios pays for no
    // load pass on every analysis and every hover. The baseline is made only if someone asks for it.
    let baseline: Baseline | undefined;
    return { active: false, get baseline() { return (baseline ??= computeBaseline(g)); }, declared: [], domainLoss: [], domainLossSkipped: [] };
  }
  const baseline = computeBaseline(g);
  const active = true;
  const declared = [...g.model.scenarios.values()].map((sc) => evaluate(g, baseline, fromDeclared(g, sc)));
  // Every domain a component with capacity spreads across, once. What losing each takes down comes
  // from failureSets.ts, for all of them in one bit-parallel pass (simulateDomainLoss: the same
  // answer as simulate(), held to it by a property test).
  const lose: number[] = [];
  const seen = new Set<number>();
  for (let c = 0; c < g.components.length; c++) {
    if (Number.isNaN(baseline.plan.capacity[c]!)) {
      continue;
    }
    for (const chain of g.compSpread[c]!) {
      const d = chain[0]!;
      if (g.compSpread[c]!.length >= 2 && !seen.has(d)) {
        seen.add(d);
        lose.push(d);
      }
    }
  }
  const fits = Math.floor(domainLossBudget / Math.max(1, g.components.length));
  const domainLossSkipped = lose.length > fits ? lose.splice(fits) : [];
  const downs = domainLossDown(g, lose);
  const domainLoss = lose.map((d, k) => {
    const dom = g.domains[d]!;
    // Static stability asks about the steady state once the domain is gone: the phase after failover.
    return evaluate(g, baseline, { id: `lose-${dom.id}`, name: `lose ${dom.kind} ${dom.id}`, failComponents: [], failDomains: [d], mustSurvive: false }, { afterOnly: true, sim: simulateDomainLoss(g, d, downs[k]!) });
  });
  return { active, baseline, declared, domainLoss, domainLossSkipped };
}

export function computeBaseline(g: PropGraph): Baseline {
  const plan = flowPlan(g);
  const n = g.components.length;
  const sim = simulate(g, [], []);
  const background = new Float64Array(n);
  const loads = flowLoads(g, plan, { sim, failoverActive: true, fill: background });
  const utilisation = new Float64Array(n).fill(NaN);
  const saturatesAt = new Float64Array(n).fill(Infinity);
  const known: number[] = [];
  for (let c = 0; c < n; c++) {
    const u = worst(loads.utilisation[c]!, loads.pool[c]!);
    utilisation[c] = u;
    if (!Number.isNaN(u)) {
      known.push(c);
      saturatesAt[c] = u > 0 ? plan.limit[c]! / u : Infinity;
    }
  }
  known.sort((a, b) => saturatesAt[a]! - saturatesAt[b]! || a - b);
  const carriers = plan.journeys.map((_, j) => {
    const list: number[] = [];
    for (let c = 0; c < n; c++) {
      if (loads.byJourney[j * n + c]! > 0) {
        list.push(c);
      }
    }
    return Int32Array.from(list);
  });
  const carriedStart = new Int32Array(n + 1);
  for (const list of carriers) {
    for (const c of list) {
      carriedStart[c + 1]!++;
    }
  }
  for (let c = 0; c < n; c++) {
    carriedStart[c + 1]! += carriedStart[c]!;
  }
  const carriedBy = new Int32Array(carriedStart[n]!);
  const fillAt = carriedStart.slice(0, n);
  carriers.forEach((list, j) => {
    for (const c of list) {
      carriedBy[fillAt[c]!++] = j;
    }
  });
  return { plan, background, loads, utilisation, saturatesAt, firstToSaturate: known, carriers, carriedStart, carriedBy };
}

function worst(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
}

export function fromDeclared(g: PropGraph, sc: Scenario): StressCase {
  const plan = flowPlan(g);
  const out: StressCase = { id: sc.id, name: sc.name ?? sc.id, failComponents: [], failDomains: [], mustSurvive: sc.mustSurvive, declared: sc };
  for (const r of sc.fail) {
    const c = g.index.get(r.id);
    const d = g.domainIndex.get(r.id);
    if (c !== undefined) {
      out.failComponents.push(c);
    } else if (d !== undefined) {
      out.failDomains.push(d);
    }
  }
  for (const l of sc.load) {
    if (l.journey) {
      const j = plan.journeys.findIndex((x) => x.id === l.journey!.id);
      if (j >= 0) {
        out.journeyFactor ??= new Float64Array(plan.journeys.length).fill(1);
        out.journeyFactor[j]! *= l.factor;
      }
    } else if (l.traffic) {
      out.trafficFactor ??= {};
      out.trafficFactor[l.traffic] = (out.trafficFactor[l.traffic] ?? 1) * l.factor;
    } else if (l.component) {
      const c = g.index.get(l.component.id);
      if (c !== undefined) {
        out.componentFactor ??= new Float64Array(g.components.length).fill(1);
        out.componentFactor[c]! *= l.factor;
      }
    }
  }
  for (const w of sc.slow) {
    const c = g.index.get(w.component.id);
    if (c !== undefined) {
      out.slow ??= new Float64Array(g.components.length);
      out.slow[c]! += w.latencyMs;
    }
  }
  return out;
}

/** A graph whose failovers have not happened yet: during detection and failover, nobody has taken over. Made once per graph. */
export function preFailoverGraph(g: PropGraph): PropGraph {
  let pre = preFailover.get(g);
  if (!pre) {
    const empty: number[][] = new Array<number[]>(g.components.length).fill([]);
    pre = { ...g, failoverTargets: empty, failoverSources: empty, componentFlags: g.componentFlags.map((f) => f & ~FAILOVER) };
    preFailover.set(g, pre);
  }
  return pre;
}
const preFailover = new WeakMap<PropGraph, PropGraph>();

/** Time from the failure until failover starts: as declared, else 1m for an automatic and 5m for a manual failover. */
export function detectionMsOf(fo: Failover): number {
  return fo.detectionMs ?? (fo.mode === 'automatic' ? 60_000 : 300_000);
}

/** The journey's own view of the graph: dependencies it does not use carry nothing, restricted ones it uses are as declared. */
export function journeyGraph(g: PropGraph, plan: FlowPlan, j: number): PropGraph {
  const flags = g.edges.flags.slice();
  for (let e = 0; e < g.edges.count; e++) {
    const allowed = plan.edgeJourneys[e];
    if (allowed) {
      const dep = g.edges.dep[e]!;
      flags[e] = allowed[j] ? (dep.type === 'hard' ? HARD : 0) | (dep.mode === 'sync' ? SYNC : 0) : 0;
    }
  }
  return { ...g, edges: { ...g.edges, flags } };
}

/**
 * simulate(g, failComponents, failDomains); when one domain fails alone (a zone or region loss takes
 * thousands of components down on a large map), its down set from the bit-parallel fixpoint instead.
 */
function simulateCase(g: PropGraph, sc: StressCase): Simulation {
  if (sc.failComponents.length === 0 && sc.failDomains.length === 1) {
    return simulateDomainLoss(g, sc.failDomains[0]!, domainLossDown(g, sc.failDomains)[0]!);
  }
  return simulate(g, sc.failComponents, sc.failDomains);
}

export function evaluate(g: PropGraph, base: Baseline, sc: StressCase, options: { afterOnly?: boolean; /** What simulate(g, failComponents, failDomains) gives, when already known. */ sim?: Simulation } = {}): ScenarioResult {
  const plan = base.plan;
  const sim = options.sim ?? simulateCase(g, sc);
  const phases: PhaseResult[] = [];
  const failed = sc.failComponents.length + sc.failDomains.length > 0;
  let takeover: PhaseResult['failovers'] = [];
  if (failed) {
    // Failovers that take over: the primary is down, the target is up.
    for (const f of g.failovers) {
      if (sim.state[f.from] === DOWN && sim.state[f.to] !== DOWN && !takeover.some((t) => t.from === f.from)) {
        const fo = f.failover;
        takeover.push({ from: f.from, to: f.to, detectionMs: detectionMsOf(fo), rtoMs: fo.rtoMs ?? NaN });
      }
    }
  }
  if (takeover.length > 0 && !options.afterOnly) {
    const pre = preFailoverGraph(g);
    const simPre = simulateCase(pre, sc);
    const end = Math.max(...takeover.map((t) => t.detectionMs + t.rtoMs));
    phases.push(phase(g, pre, base, sc, simPre, 'failure', 0, end, false));
    phases.push(phase(g, g, base, sc, sim, 'after', end, undefined, true));
    phases[1]!.failovers = takeover;
  } else {
    phases.push(phase(g, g, base, sc, sim, failed ? 'after' : 'during', 0, undefined, true));
    phases[0]!.failovers = takeover;
    takeover = [];
  }
  const J = plan.journeys.length;
  const journeys: ScenarioResult['journeys'] = [];
  for (let j = 0; j < J; j++) {
    let worst: PhaseResult['journeys'][number] | undefined;
    for (const ph of phases) {
      const o = ph.journeys[j]!;
      if (outcomeRank[o.outcome] > outcomeRank[worst?.outcome ?? 'ok']) {
        worst = o;
      }
    }
    const last = phases[phases.length - 1]!.journeys[j]!;
    const downForMs = phases.length > 1 && outcomeRank[last.outcome] < outcomeRank.overloaded && outcomeRank[phases[0]!.journeys[j]!.outcome] >= outcomeRank.overloaded ? phases[0]!.endMs : undefined;
    // The cause as the worst phase names it, read from it (it may be worked out only when read).
    const from = worst;
    journeys.push({
      journey: j,
      outcome: from?.outcome ?? 'ok',
      downForMs,
      get because() {
        return from?.because;
      },
    });
  }
  const retryStorms: Saturation[] = [];
  const stormSeen = new Set<number>();
  for (const ph of phases) {
    for (const s of ph.saturated) {
      if (s.measure === 'capacity' && s.withoutRetries <= s.limit && s.utilisation > s.limit && !stormSeen.has(s.component)) {
        stormSeen.add(s.component);
        retryStorms.push(s);
      }
    }
  }
  const lastPhase = phases[phases.length - 1]!;
  const survived = lastPhase.journeys.every((o) => outcomeRank[o.outcome] < outcomeRank.stale);
  return { case: sc, phases, journeys, retryStorms, survived };
}

function phase(g: PropGraph, pg: PropGraph, base: Baseline, sc: StressCase, sim: Simulation, name: PhaseResult['phase'], startMs: number, endMs: number | undefined, failoverActive: boolean): PhaseResult {
  const plan = base.plan;
  const n = g.components.length;
  const J = plan.journeys.length;
  // Each journey's own view, when some dependencies serve only some journeys.
  const restrictedAny = plan.anyRestricted;
  const jsims: Simulation[] = [];
  if (restrictedAny) {
    for (let j = 0; j < J; j++) {
      jsims.push(simulate(journeyGraph(pg, plan, j), sc.failComponents, sc.failDomains));
    }
  }
  const params = {
    sim,
    states: restrictedAny ? [...jsims.map((x) => x.state), sim.state] : undefined,
    failoverActive,
    journeyFactor: sc.journeyFactor,
    trafficFactor: sc.trafficFactor,
    componentFactor: sc.componentFactor,
    addedLatencyMs: sc.slow,
    background: base.background,
    merged: true,
  };
  // Pass 1: demand as offered. Then callers retry the attempts that fail on overloaded components
  // (and every attempt that times out on a slow one), which adds load, which fails more attempts:
  // repeated until no load moves by more than 0.2% (at most 16 passes; the retry factor is bounded by
  // the attempts, so the loads converge).
  const first = flowLoads(g, plan, params);
  let loads = first;
  const slowAny = sc.slow !== undefined && sc.slow.some((x) => x > 0);
  for (let pass = 0; pass < 16; pass++) {
    const failing = new Float64Array(n);
    let any = slowAny;
    for (let c = 0; c < n; c++) {
      const u = loads.utilisation[c]!;
      if (u > 1) {
        failing[c] = Number.isFinite(u) ? 1 - 1 / u : 1;
        any = true;
      }
    }
    if (!any) {
      break;
    }
    const next = flowLoads(g, plan, { ...params, failing });
    let moved = false;
    for (let c = 0; c < n && !moved; c++) {
      const a = loads.rate[c]!;
      const b = next.rate[c]!;
      moved = Math.abs(b - a) > 2e-3 * Math.max(1, a);
    }
    loads = next;
    if (!moved) {
      break;
    }
  }
  const saturated: Saturation[] = [];
  const warning: number[] = [];
  for (let c = 0; c < n; c++) {
    const limit = plan.limit[c]!;
    const u = loads.utilisation[c]!;
    const pool = loads.pool[c]!;
    if (u > limit) {
      saturated.push({ component: c, utilisation: u, measure: 'capacity', limit, withoutRetries: first.utilisation[c]! });
    } else if (pool > 1) {
      saturated.push({ component: c, utilisation: pool, measure: 'pool', limit: 1, withoutRetries: first.pool[c]! });
    } else if (u > plan.warnAt[c]!) {
      warning.push(c);
    }
  }
  saturated.sort((a, b) => b.utilisation / b.limit - a.utilisation / a.limit || a.component - b.component);
  const stale = staleConsumers(g, plan, sim.state, loads);
  const staleSet = new Uint8Array(n);
  for (const st of stale) {
    staleSet[st.consumer] = 1;
  }
  // Everything downstream of a stale consumer is behind too.
  for (let i = 0; i < n; i++) {
    const c = plan.order[i]!;
    if (!staleSet[c]) {
      continue;
    }
    for (let e = g.outStart[c]!; e < g.outStart[c + 1]!; e++) {
      if (g.edges.dep[e]!.mode === 'async' && !g.edges.dep[e]!.consumes) {
        const q = g.edges.to[e]!;
        for (let k = plan.consumerStart[q]!; k < plan.consumerStart[q + 1]!; k++) {
          const ce = plan.consumerEdges[k]!;
          staleSet[g.edges.from[ce]!] = 1;
        }
      }
    }
  }
  // Journeys. Per component first (what it would do to any journey it carries), then per journey
  // over the components its load reaches, in index order (of equals, the first names the cause).
  const pressure = new Float64Array(n);
  const overloaded = new Uint8Array(n);
  for (const s of saturated) {
    pressure[s.component] = s.utilisation / s.limit;
    overloaded[s.component] = s.utilisation > 1 || s.measure === 'pool' ? 1 : 0;
  }
  const outcomes: JourneyOutcome[] = new Array<JourneyOutcome>(J).fill('ok');
  const because: (number | undefined)[] = new Array<number | undefined>(J);
  // A journey whose entry is down names the failure at the end of the entry's path (rootOf), when read:
  // the causes of a zone loss's down set are worked out by a full simulate() (simulateDomainLoss).
  const rootOfEntry = new Uint8Array(J);
  const settled = new Uint8Array(J);
  const fresh = new Uint8Array(J);
  for (let j = 0; j < J; j++) {
    const jr = plan.journeys[j]!;
    const jsim = restrictedAny ? jsims[j]! : sim;
    fresh[j] = g.model.journeys.get(jr.id)?.target.freshnessMs !== undefined ? 1 : 0;
    if (jsim.state[jr.entry] === DOWN) {
      // Name the failure at the end of the path, not the entry that it reached.
      outcomes[j] = 'down';
      rootOfEntry[j] = 1;
      settled[j] = 1;
    }
  }
  // A component matters to a journey only when it is stale, saturated, or not up in that journey's view.
  let notUp = sim.state;
  if (restrictedAny) {
    notUp = sim.state.slice();
    for (const js of jsims) {
      for (let c = 0; c < n; c++) {
        notUp[c]! |= js.state[c]!;
      }
    }
  }
  // The worst outcome, and of equals the most saturated component, names the cause.
  const set = (j: number, o: JourneyOutcome, c: number) => {
    const was = because[j];
    if (outcomeRank[o] > outcomeRank[outcomes[j]!] || (o === outcomes[j] && was !== undefined && pressure[c]! > pressure[was]!)) {
      outcomes[j] = o;
      because[j] = c;
    }
  };
  for (let c = 0; c < n; c++) {
    if (!staleSet[c] && !(pressure[c]! > 0) && notUp[c] === 0) {
      continue;
    }
    for (let k = base.carriedStart[c]!; k < base.carriedStart[c + 1]!; k++) {
      const j = base.carriedBy[k]!;
      if (settled[j]) {
        continue;
      }
      const jsim = restrictedAny ? jsims[j]! : sim;
      if (staleSet[c]) {
        // A consumer past its capacity does not fail requests: it falls behind.
        set(j, fresh[j] ? 'stale' : 'degraded', c);
      } else if (pressure[c]! > 0) {
        set(j, overloaded[c] ? 'overloaded' : 'degraded', c);
      }
      if ((jsim.state[c] === DEGRADED || jsim.state[c] === DOWN) && concerns(g, plan, jsim, c, j)) {
        set(j, 'degraded', c);
      }
    }
  }
  const journeys: PhaseResult['journeys'] = outcomes.map((outcome, j) => {
    if (!rootOfEntry[j]) {
      return { journey: j, outcome, because: because[j] };
    }
    const jsim = restrictedAny ? jsims[j]! : sim;
    const entry = plan.journeys[j]!.entry;
    let root: number | undefined;
    return {
      journey: j,
      outcome,
      get because() {
        return (root ??= rootOf(pg, jsim, entry));
      },
    };
  });
  // Signals and pagers: worked out when first read (the 18 zone losses of a large map are read for
  // their saturation and journeys; their signals only when someone prints them).
  let told: { signals: PhaseResult['signals']; pagers: string[] } | undefined;
  const tell = () => (told ??= signalsAndPagers(g, plan, sim, saturated, warning, staleSet, journeys));
  return {
    phase: name, startMs, endMs, sim, loads, saturated, warning, stale, journeys, failovers: [],
    get signals() {
      return tell().signals;
    },
    get pagers() {
      return tell().pagers;
    },
  };
}

/** Signals that fire, leading ones first, and owners to page, in the order their components are affected. */
function signalsAndPagers(g: PropGraph, plan: FlowPlan, sim: Simulation, saturated: Saturation[], warning: number[], staleSet: Uint8Array, journeys: PhaseResult['journeys']): { signals: PhaseResult['signals']; pagers: string[] } {
  const n = g.components.length;
  const satSet = new Set(saturated.map((s) => s.component));
  const facts = signalFacts(g);
  const leadingFirst: PhaseResult['signals'] = [];
  const others: PhaseResult['signals'] = [];
  const fire = (x: PhaseResult['signals'][number]) => (x.signal.leading ? leadingFirst : others).push(x);
  const pagers: string[] = [];
  const paged = new Set<string>();
  const page = (owner: string | undefined) => {
    if (owner && !paged.has(owner)) {
      paged.add(owner);
      pagers.push(owner);
    }
  };
  const affected: number[] = [];
  const isAffected = new Uint8Array(n);
  const affect = (c: number) => {
    if (!isAffected[c]) {
      isAffected[c] = 1;
      affected.push(c);
    }
  };
  for (const s of saturated) {
    affect(s.component);
  }
  for (let c = 0; c < n; c++) {
    if (sim.state[c] === DOWN || staleSet[c]) {
      affect(c);
    }
  }
  for (const c of affected) {
    const sat = satSet.has(c);
    const down = sim.state[c] === DOWN;
    const crit = facts.crit[c]!;
    for (let k = 0; k < crit.length; k++) {
      const x = crit[k]!;
      // At most once per signal: saturated (utilisation, or leading of no stated measure), behind (lag), or down.
      if ((sat && x.onSaturated) || (staleSet[c] && x.onStale) || (down && x.onDown)) {
        fire(x.entry);
      }
    }
    if (facts.tierPages[c] || sat) {
      page(g.components[c]!.owner);
    }
  }
  for (const c of warning) {
    for (const x of facts.warn[c]!) {
      fire(x);
    }
  }
  for (const o of journeys) {
    if (o.outcome !== 'ok') {
      page(g.model.journeys.get(plan.journeys[o.journey]!.id)?.owner);
    }
  }
  return { signals: leadingFirst.concat(others), pagers };
}

type SignalEntry = PhaseResult['signals'][number];
interface SignalFacts {
  /** Per component, its signals as crit entries, with the states in which each fires. */
  crit: { entry: SignalEntry; onSaturated: boolean; onStale: boolean; onDown: boolean }[][];
  /** Per component, its utilisation signals as warn entries. */
  warn: SignalEntry[][];
  /** Tier 1 and 2 components page their owner whenever they are affected. */
  tierPages: Uint8Array;
}
const signalFactsOf = new WeakMap<PropGraph, SignalFacts>();

/** Which signal fires in which state, read once per graph rather than from every component in every phase. The entries are shared: frozen. */
function signalFacts(g: PropGraph): SignalFacts {
  let f = signalFactsOf.get(g);
  if (!f) {
    const none: never[] = [];
    const n = g.components.length;
    f = { crit: new Array(n), warn: new Array(n), tierPages: new Uint8Array(n) };
    for (let c = 0; c < n; c++) {
      const comp = g.components[c]!;
      f.tierPages[c] = comp.tier === 1 || comp.tier === 2 ? 1 : 0;
      f.crit[c] = comp.signals.length === 0 ? none : comp.signals.map((signal) => ({
        entry: Object.freeze({ component: c, signal, level: 'crit' as const }),
        onSaturated: signal.measures === 'utilisation' || (signal.measures === undefined && signal.leading),
        onStale: signal.measures === 'lag',
        onDown: !signal.leading && signal.measures !== 'utilisation',
      }));
      const warn = comp.signals.filter((signal) => signal.measures === 'utilisation');
      f.warn[c] = warn.length === 0 ? none : warn.map((signal) => Object.freeze({ component: c, signal, level: 'warn' as const }));
    }
    signalFactsOf.set(g, f);
  }
  return f;
}

/**
 * Consumers that fall behind: their queue is up and receiving, and they are down or slower than what
 * it receives. At peak (the baseline, nothing down) and in every phase: one definition.
 */
export function staleConsumers(g: PropGraph, plan: FlowPlan, state: Uint8Array, loads: Loads): PhaseResult['stale'] {
  const stale: PhaseResult['stale'] = [];
  for (let q = 0; q < g.components.length; q++) {
    if (state[q] === DOWN) {
      continue;
    }
    for (let k = plan.consumerStart[q]!; k < plan.consumerStart[q + 1]!; k++) {
      const e = plan.consumerEdges[k]!;
      const u = g.edges.from[e]!;
      const inflow = loads.rate[q]! * plan.calls[e]!;
      const cap = loads.capacity[u]!;
      if (inflow > 0 && (state[u] === DOWN || (!Number.isNaN(cap) && plan.capacityDim[u] === 'rate' && cap < inflow))) {
        stale.push({ consumer: u, queue: q, edge: e, inflow, capacity: state[u] === DOWN ? 0 : cap });
      }
    }
  }
  return stale;
}

/**
 * Whether c's degradation concerns journey j: not when the chain of causes runs over a dependency
 * that only other journeys use (search being down degrades web, but not for the journey that buys).
 */
function concerns(g: PropGraph, plan: FlowPlan, sim: Simulation, c: number, j: number): boolean {
  if (!plan.anyRestricted) {
    return true;
  }
  let cur = c;
  for (let hops = 0; hops < 1000; hops++) {
    const why = causeOf(g, sim, cur);
    if (!why || (why.kind !== 'dependency' && why.kind !== 'via')) {
      return true;
    }
    const allowed = plan.edgeJourneys[why.edge];
    if (allowed && !allowed[j]) {
      return false;
    }
    if (why.kind === 'via') {
      if (why.component === undefined) {
        return true;
      }
      cur = why.component;
    } else {
      cur = g.edges.to[why.edge]!;
    }
  }
  return true;
}

/** The longest lag budget along the consumers a journey's data passes through, and the hops. */
export function lagAlong(g: PropGraph, base: Baseline, j: number): { ms: number; hops: number[] } {
  const plan = base.plan;
  const n = g.components.length;
  const best = new Float64Array(n).fill(-1);
  const via = new Int32Array(n).fill(-1);
  const entry = plan.journeys[j]!.entry;
  best[entry] = 0;
  for (let i = plan.rank[entry]!; i < n; i++) {
    const c = plan.order[i]!;
    if (best[c]! < 0) {
      continue;
    }
    for (let e = g.outStart[c]!; e < g.outStart[c + 1]!; e++) {
      const dep = g.edges.dep[e]!;
      const t = g.edges.to[e]!;
      // An async write with a lag budget (a batch load) adds its delay; a call passes the age on.
      const v = best[c]! + (dep.mode === 'async' ? (dep.lagBudgetMs ?? 0) : 0);
      if (!dep.consumes && plan.rank[t]! > i && v > best[t]!) {
        best[t] = v;
        via[t] = dep.mode === 'async' && dep.lagBudgetMs ? e : via[c]!;
      }
    }
    for (let k = plan.consumerStart[c]!; k < plan.consumerStart[c + 1]!; k++) {
      const e = plan.consumerEdges[k]!;
      const u = g.edges.from[e]!;
      const v = best[c]! + (g.edges.dep[e]!.lagBudgetMs ?? 0);
      if (plan.rank[u]! > i && v > best[u]!) {
        best[u] = v;
        via[u] = e;
      }
    }
  }
  let end = -1;
  for (let c = 0; c < n; c++) {
    if (best[c]! > 0 && (end < 0 || best[c]! > best[end]!)) {
      end = c;
    }
  }
  if (end < 0) {
    return { ms: 0, hops: [] };
  }
  // Walk back the consume edges that made the maximum.
  const hops: number[] = [];
  let c = end;
  const guard = new Set<number>();
  while (via[c]! >= 0 && !guard.has(c)) {
    guard.add(c);
    const e = via[c]!;
    hops.unshift(e);
    // Back to where the data came from: the queue a consumer read, or the writer of an async write.
    c = g.edges.dep[e]!.consumes ? g.edges.to[e]! : g.edges.from[e]!;
  }
  return { ms: best[end]!, hops };
}
