// How load flows: journeys' demand enters at their entry components and flows down the dependencies
// they use, multiplied by each dependency's calls; consumers take what their queue receives; a down
// component's load moves to its live failover target, a lost target's to its fallback; a cache sends
// its misses to the store behind it, and everything when it fails. Which components are down comes
// from propagation/simulate.ts (the one definition of failure): this file only moves load.
import type { Traffic } from '../model/types';
import { DOWN, type Simulation } from '../propagation/simulate';
import { FAILOVER, SYNC, type PropGraph } from '../propagation/graph';
import type { Dimension } from '../units';

/**
 * The flow graph of a PropGraph, built once: a topological order of the components along the
 * directions load travels (calls, consumption, fallbacks, failovers). An edge that closes a cycle is a
 * back edge: load is not sent around a cycle (hard-dependency-cycle reports those).
 */
export interface FlowPlan {
  order: Int32Array;
  /** Position of each component in `order`. */
  rank: Int32Array;
  /** Per queue q, the consuming dependency edges (the reader is their source) are consumerEdges[consumerStart[q] .. consumerStart[q + 1]), ascending. */
  consumerStart: Int32Array;
  consumerEdges: Int32Array;
  /** Base-unit capacity per component, NaN when none is declared. */
  capacity: Float64Array;
  capacityDim: (Dimension | undefined)[];
  /** The saturation line, as a utilisation: a utilisation signal's crit, else 1. */
  limit: Float64Array;
  /** The warn line of a utilisation signal, NaN when none. */
  warnAt: Float64Array;
  /** Journey index per journey id; journey entry component and base demand (per second). */
  journeys: { id: string; entry: number; demand: number }[];
  /** Per edge: bitset words of journeys allowed; undefined: all journeys (an unrestricted edge). */
  edgeJourneys: (Uint8Array | undefined)[];
  /** Per edge: 1 when the edge is restricted to some journeys. */
  restricted: Uint8Array;
  anyRestricted: boolean;
  /** Declared peak load per component in base units when it is a rate (load, or capacity x (1 - headroom)); NaN otherwise. */
  declaredRate: Float64Array;
  /** Per edge, read once here rather than from 50,000 objects per pass: calls, consumes, traffic (0 business, 1 telemetry, 2 control), hit ratio (NaN: none). */
  calls: Float64Array;
  consumes: Uint8Array;
  traffic: Uint8Array;
  hitRatio: Float64Array;
  /** The dependencies that declare a fixed demand (few): edge, amount in base units, dimension (0 rate, 1 bandwidth, 2 power). */
  demandEdge: Int32Array;
  demandValue: Float64Array;
  demandDim: Uint8Array;
  /** Per component: declared concurrency (NaN: none) and own latency in seconds (0: none). */
  concurrency: Float64Array;
  latencySec: Float64Array;
}

const trafficCode: Record<Traffic, number> = { business: 0, telemetry: 1, control: 2 };
const dimensionCode: Record<Dimension, number> = { rate: 0, bandwidth: 1, power: 2 };

const plans = new WeakMap<PropGraph, FlowPlan>();

export function flowPlan(g: PropGraph): FlowPlan {
  let p = plans.get(g);
  if (!p) {
    p = buildPlan(g);
    plans.set(g, p);
  }
  return p;
}

function buildPlan(g: PropGraph): FlowPlan {
  const n = g.components.length;
  const { edges } = g;
  const consumed: number[] = [];
  // Successors along the load's direction, for the order only.
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < edges.count; e++) {
    const u = edges.from[e]!;
    const t = edges.to[e]!;
    const dep = edges.dep[e]!;
    if (dep.consumes) {
      consumed.push(e);
      succ[t]!.push(u);
    } else {
      succ[u]!.push(t);
    }
    const fb = edges.fallback[e]!;
    if (fb >= 0) {
      succ[u]!.push(fb);
    }
  }
  for (const f of g.failovers) {
    succ[f.from]!.push(f.to);
  }
  const consumerStart = new Int32Array(n + 1);
  for (const e of consumed) {
    consumerStart[edges.to[e]! + 1]!++;
  }
  for (let c = 0; c < n; c++) {
    consumerStart[c + 1]! += consumerStart[c]!;
  }
  const consumerEdges = new Int32Array(consumed.length);
  const at = consumerStart.slice(0, n);
  for (const e of consumed) {
    consumerEdges[at[edges.to[e]!]!++] = e;
  }
  // Reverse post-order of an iterative DFS: a topological order wherever there is no cycle.
  const post: number[] = [];
  const state = new Uint8Array(n);
  const stack: number[] = [];
  const next: number[] = [];
  for (let r = 0; r < n; r++) {
    if (state[r]) {
      continue;
    }
    stack.push(r);
    next.push(0);
    state[r] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const c = stack[top]!;
      const i = next[top]!;
      const s = succ[c]!;
      if (i < s.length) {
        next[top] = i + 1;
        const v = s[i]!;
        if (!state[v]) {
          state[v] = 1;
          stack.push(v);
          next.push(0);
        }
        continue;
      }
      stack.pop();
      next.pop();
      post.push(c);
    }
  }
  const order = new Int32Array(n);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = post[n - 1 - i]!;
    order[i] = c;
    rank[c] = i;
  }
  const capacity = new Float64Array(n).fill(NaN);
  const capacityDim: (Dimension | undefined)[] = new Array(n);
  const limit = new Float64Array(n).fill(1);
  const warnAt = new Float64Array(n).fill(NaN);
  for (let c = 0; c < n; c++) {
    const comp = g.components[c]!;
    if (comp.capacityQ) {
      capacity[c] = comp.capacityQ.value;
      capacityDim[c] = comp.capacityQ.dimension;
    }
    const sig = comp.signals.find((s) => s.measures === 'utilisation' && s.direction === 'above' && s.crit !== undefined);
    if (sig) {
      const scale = sig.unit === '%' || sig.unit === 'percent' || (sig.crit ?? 0) > 1.5 ? 0.01 : 1;
      limit[c] = sig.crit! * scale;
      if (sig.warn !== undefined) {
        warnAt[c] = sig.warn * scale;
      }
    }
  }
  const journeys = [...g.model.journeys.values()].flatMap((j) => {
    const entry = g.index.get(j.entry.id);
    return entry === undefined ? [] : [{ id: j.id, entry, demand: j.demand?.dimension === 'rate' ? j.demand.value : 0 }];
  });
  const jIndex = new Map(journeys.map((j, i) => [j.id, i]));
  const edgeJourneys: (Uint8Array | undefined)[] = new Array(edges.count);
  const restricted = new Uint8Array(edges.count);
  for (let e = 0; e < edges.count; e++) {
    const list = edges.dep[e]!.journeys;
    if (list.length > 0) {
      const set = new Uint8Array(journeys.length);
      for (const r of list) {
        const j = jIndex.get(r.id);
        if (j !== undefined) {
          set[j] = 1;
        }
      }
      edgeJourneys[e] = set;
      restricted[e] = 1;
    }
  }
  const declaredRate = new Float64Array(n).fill(NaN);
  for (let c = 0; c < n; c++) {
    const d = declaredLoad(g, c);
    if (d && d.dimension === 'rate') {
      declaredRate[c] = d.value;
    }
  }
  const withDemand: number[] = [];
  const calls = new Float64Array(edges.count);
  const consumes = new Uint8Array(edges.count);
  const traffic = new Uint8Array(edges.count);
  const hitRatio = new Float64Array(edges.count).fill(NaN);
  for (let e = 0; e < edges.count; e++) {
    const dep = edges.dep[e]!;
    calls[e] = dep.calls;
    consumes[e] = dep.consumes ? 1 : 0;
    traffic[e] = trafficCode[dep.traffic];
    if (dep.hitRatio !== undefined) {
      hitRatio[e] = dep.hitRatio;
    }
    if (dep.demand) {
      withDemand.push(e);
    }
  }
  const demandEdge = Int32Array.from(withDemand);
  const demandValue = Float64Array.from(withDemand, (e) => edges.dep[e]!.demand!.value);
  const demandDim = Uint8Array.from(withDemand, (e) => dimensionCode[edges.dep[e]!.demand!.dimension]);
  const concurrency = new Float64Array(n).fill(NaN);
  const latencySec = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const comp = g.components[c]!;
    if (comp.concurrency !== undefined) {
      concurrency[c] = comp.concurrency;
    }
    latencySec[c] = (comp.latencyMs ?? 0) / 1000;
  }
  return { order, rank, consumerStart, consumerEdges, capacity, capacityDim, limit, warnAt, journeys, edgeJourneys, restricted, anyRestricted: restricted.includes(1), declaredRate, calls, consumes, traffic, hitRatio, demandEdge, demandValue, demandDim, concurrency, latencySec };
}

/** What a scenario changes about demand and calls. */
export interface LoadParams {
  /** From simulate(): who is down. */
  sim: Simulation;
  /** Whether failover targets have taken over (false during detection and failover). */
  failoverActive: boolean;
  /** Demand factor per journey index (default 1). */
  journeyFactor?: Float64Array;
  trafficFactor?: Partial<Record<Traffic, number>>;
  /** Factor on the load arriving at each component (default 1). */
  componentFactor?: Float64Array;
  /**
   * Per component: the share of attempts that fail (an overloaded component refuses 1 - 1/utilisation
   * of what it is offered); callers retry those. A call that times out on a slow target always fails.
   */
  failing?: Float64Array;
  /** Per component: added latency in ms (a slow scenario). */
  addedLatencyMs?: Float64Array;
  /**
   * Load entering at each component from callers the map does not model (see backgroundOf). When
   * `fill` is set instead, the pass works it out: the declared load that the flow so far leaves
   * unexplained (the baseline run, nothing failed).
   */
  background?: Float64Array;
  fill?: Float64Array;
  /** Per journey (then background), the state that journey sees; default `sim.state` for all. */
  states?: Uint8Array[];
  /** Carry all journeys in one row (byJourney then has a single row) where that gives the same loads. */
  merged?: boolean;
}

export interface Loads {
  /** Rate load per component, in base units (per second), all journeys and background together. */
  rate: Float64Array;
  /** Per journey (index as in FlowPlan.journeys, then one for background): rate at each component, [j * n + c]. A single row when merged. */
  byJourney: Float64Array;
  bandwidth: Float64Array;
  power: Float64Array;
  /** Capacity left: capacity x the share of its spread still up; 0 when down; NaN when none declared. */
  capacity: Float64Array;
  /** Load / capacity in the capacity's dimension; NaN when unknown. */
  utilisation: Float64Array;
  /** In-flight requests / concurrency, for components that declare concurrency; NaN when unknown. */
  pool: Float64Array;
}

/** The load a component declares: `load`, or capacity x (1 - headroom). */
export function declaredLoad(g: PropGraph, c: number): { value: number; dimension: Dimension; from: 'load' | 'headroom' } | undefined {
  const comp = g.components[c]!;
  if (comp.loadQ) {
    return { value: comp.loadQ.value, dimension: comp.loadQ.dimension, from: 'load' };
  }
  if (comp.capacityQ && comp.headroom !== undefined) {
    return { value: comp.capacityQ.value * (1 - comp.headroom / 100), dimension: comp.capacityQ.dimension, from: 'headroom' };
  }
  return undefined;
}

/** Whether a call over e times out when its target answers `added` ms later than usual. */
export function timesOutOn(g: PropGraph, e: number, added: number): boolean {
  const timeout = g.edges.timeoutMs[e]!;
  return !Number.isNaN(timeout) && (g.components[g.edges.to[e]!]!.latencyMs ?? 0) + added >= timeout;
}

/**
 * Attempts per request on edge e when a share f of attempts fails: 1 + f + f^2 + ... for as many
 * attempts as the dependency makes (all of them, f = 1, when the target times out), bounded by a retry
 * budget (at most 1 + budget), or by a circuit breaker (it opens: no retries).
 */
export function retryFactor(g: PropGraph, e: number, f = 1): number {
  const dep = g.edges.dep[e]!;
  const attempts = g.edges.attempts[e]!;
  if (dep.circuitBreaker) {
    return 1;
  }
  let m = f >= 1 ? attempts : (1 - f ** attempts) / (1 - f);
  if (dep.retryBudget !== undefined) {
    m = Math.min(m, 1 + dep.retryBudget);
  }
  return m;
}

/** Moves every journey's demand through the graph under one state of the world. */
export function flowLoads(g: PropGraph, plan: FlowPlan, p: LoadParams): Loads {
  const background = p.background;
  const n = g.components.length;
  // One row per journey, then one for the background. Where no dependency is journey-only and every
  // journey sees the same state, load is linear and shares every path: one row carries it all (the
  // scenarios' fast path; the baseline keeps a row per journey, to know which components each uses).
  const merged = p.merged === true && !p.states && !plan.anyRestricted;
  const J = merged ? 0 : plan.journeys.length;
  const W = J + 1;
  const { edges, outStart } = g;
  const state = p.sim.state;
  // Every array of the result in one allocation: a pass makes seven, and an allocation of a large
  // typed array costs more than filling it (a phase keeps its loads; the retry passes between do not).
  const block = new Float64Array((W + 6) * n);
  const inJ = block.subarray(0, W * n);
  const tf = new Float64Array([p.trafficFactor?.business ?? 1, p.trafficFactor?.telemetry ?? 1, p.trafficFactor?.control ?? 1]);
  const bandwidth = block.subarray(W * n, (W + 1) * n);
  const power = block.subarray((W + 1) * n, (W + 2) * n);
  for (let j = 0; j < plan.journeys.length; j++) {
    const jr = plan.journeys[j]!;
    inJ[(merged ? 0 : j) * n + jr.entry]! += jr.demand * (p.journeyFactor ? p.journeyFactor[j]! : 1);
  }
  // Fixed demands of dependencies: a rate joins the background flow at the target; bandwidth and power stay there.
  for (let k = 0; k < plan.demandEdge.length; k++) {
    const e = plan.demandEdge[k]!;
    if (state[edges.from[e]!] === DOWN) {
      continue;
    }
    const t = edges.to[e]!;
    const amount = plan.demandValue[k]! * tf[plan.traffic[e]!]!;
    const dim = plan.demandDim[k]!;
    if (dim === 0) {
      inJ[J * n + t]! += amount;
    } else if (dim === 1) {
      bandwidth[t]! += amount;
    } else {
      power[t]! += amount;
    }
  }
  // Journeys may see the world differently: a dependency only some journeys use takes its caller
  // down for those journeys alone (states[j]); everything else uses the scenario's state.
  const S = p.states;
  const liveFailover = (st: Uint8Array, c: number): number => {
    if (!p.failoverActive || (g.componentFlags[c]! & FAILOVER) === 0) {
      return -1;
    }
    for (const t of g.failoverTargets[c]!) {
      if (st[t] !== DOWN) {
        return t;
      }
    }
    return -1;
  };
  const rate = block.subarray((W + 2) * n, (W + 3) * n);
  const send = (from: number, to: number, j: number, amount: number) => {
    // Load sent back up the order closes a cycle: it is not counted twice.
    if (amount > 0 && plan.rank[to]! > plan.rank[from]!) {
      inJ[j * n + to]! += amount;
    }
  };
  for (let i = 0; i < n; i++) {
    const c = plan.order[i]!;
    if (background) {
      inJ[J * n + c]! += background[c]!;
    } else if (p.fill) {
      const declared = plan.declaredRate[c]!;
      if (!Number.isNaN(declared)) {
        let sofar = 0;
        for (let j = 0; j < W; j++) {
          sofar += inJ[j * n + c]!;
        }
        const residual = Math.max(0, declared - sofar);
        p.fill[c] = residual;
        inJ[J * n + c]! += residual;
      }
    }
    if (state[c] === DOWN) {
      // Bandwidth and power move to a live failover target, or are lost.
      const t = liveFailover(state, c);
      if (t >= 0 && plan.rank[t]! > plan.rank[c]!) {
        bandwidth[t]! += bandwidth[c]!;
        power[t]! += power[c]!;
      }
      bandwidth[c] = 0;
      power[c] = 0;
    }
    const cf = p.componentFactor ? p.componentFactor[c]! : 1;
    let total = 0;
    for (let j = 0; j < W; j++) {
      const st = S ? S[j]! : state;
      if (st[c] === DOWN) {
        // A down component serves nothing: its load moves to a live failover target, or is lost.
        const t = liveFailover(st, c);
        if (t >= 0) {
          send(c, t, j, inJ[j * n + c]!);
        }
        inJ[j * n + c] = 0;
        continue;
      }
      const v = inJ[j * n + c]! * cf;
      inJ[j * n + c] = v;
      total += v;
    }
    rate[c] = total;
    if (total === 0) {
      continue;
    }
    for (let e = outStart[c]!; e < outStart[c + 1]!; e++) {
      if (plan.consumes[e]) {
        continue;
      }
      const t = edges.to[e]!;
      const allowed = plan.edgeJourneys[e];
      let mult = plan.calls[e]! * tf[plan.traffic[e]!]!;
      if (p.failing) {
        const slow = p.addedLatencyMs ? p.addedLatencyMs[t]! : 0;
        const f = slow > 0 && timesOutOn(g, e, slow) ? 1 : p.failing[t]!;
        if (f > 0) {
          mult *= retryFactor(g, e, f);
        }
      }
      const fb = edges.fallback[e]!;
      const hit = plan.hitRatio[e]!;
      for (let j = 0; j < W; j++) {
        if (allowed && (j === J || !allowed[j])) {
          continue;
        }
        const amount = inJ[j * n + c]! * mult;
        if (amount === 0) {
          continue;
        }
        send(c, t, j, amount);
        if (fb >= 0) {
          const st = S ? S[j]! : state;
          if (st[fb] !== DOWN) {
            // A cache's misses go to the store behind it; all of them, and any fallback's load, when the target is lost.
            const tLost = st[t] === DOWN && liveFailover(st, t) < 0;
            if (!Number.isNaN(hit)) {
              send(c, fb, j, tLost ? amount : amount * (1 - hit));
            } else if (tLost) {
              send(c, fb, j, amount);
            }
          }
        }
      }
    }
    for (let k = plan.consumerStart[c]!; k < plan.consumerStart[c + 1]!; k++) {
      const e = plan.consumerEdges[k]!;
      const u = edges.from[e]!;
      const allowed = plan.edgeJourneys[e];
      const calls = plan.calls[e]!;
      for (let j = 0; j < W; j++) {
        if (allowed && (j === J || !allowed[j])) {
          continue;
        }
        send(c, u, j, inJ[j * n + c]! * calls);
      }
    }
  }
  // Capacity left and utilisation.
  const capacity = block.subarray((W + 3) * n, (W + 4) * n).fill(NaN);
  const utilisation = block.subarray((W + 4) * n, (W + 5) * n).fill(NaN);
  const pool = block.subarray((W + 5) * n, (W + 6) * n).fill(NaN);
  // Share of its spread still up: 1 except for the members of a failed domain.
  const share = new Float64Array(n).fill(1);
  const failedDomains = p.sim.failedDomains;
  for (const c of p.sim.domainMembers) {
    const spread = g.compSpread[c]!;
    if (spread.length > 0) {
      let up = 0;
      for (const chain of spread) {
        if (!chain.some((d) => failedDomains[d])) {
          up++;
        }
      }
      share[c] = up / spread.length;
    }
  }
  for (let c = 0; c < n; c++) {
    const cap = plan.capacity[c]!;
    if (!Number.isNaN(cap)) {
      // Its own capacity is gone only when it failed itself (or with its domains); a component down
      // because of a dependency still has its capacity, for the journeys that do not need that dependency.
      const gone = p.sim.lost[c] === 1;
      const left = gone ? 0 : cap * share[c]!;
      capacity[c] = left;
      if (!gone && (state[c] !== DOWN || rate[c]! > 0)) {
        const dim = plan.capacityDim[c];
        const load = dim === 'rate' ? rate[c]! : dim === 'bandwidth' ? bandwidth[c]! : power[c]!;
        utilisation[c] = left > 0 ? load / left : load > 0 ? Infinity : 0;
      }
    }
    const conc = plan.concurrency[c]!;
    if (!Number.isNaN(conc) && rate[c]! > 0) {
      // Little's law: in flight = rate x time in system. Time = own latency + what slow targets add.
      let seconds = plan.latencySec[c]!;
      if (p.addedLatencyMs) {
        for (let e = outStart[c]!; e < outStart[c + 1]!; e++) {
          const t = edges.to[e]!;
          const added = p.addedLatencyMs[t]!;
          if (added > 0 && edges.flags[e]! & SYNC) {
            seconds += (edges.dep[e]!.calls * extraWaitMs(g, e, added, true)) / 1000;
          }
        }
      }
      pool[c] = (rate[c]! * seconds) / conc;
    }
  }
  return { rate, byJourney: inJ, bandwidth, power, capacity, utilisation, pool };
}

/**
 * What a call over edge e waits beyond the target's usual latency when the target answers `added` ms
 * later: the added time, or when that passes the caller's timeout, the timeout on every attempt.
 */
export function extraWaitMs(g: PropGraph, e: number, added: number, retrying: boolean): number {
  const usual = g.components[g.edges.to[e]!]!.latencyMs ?? 0;
  const timeout = g.edges.timeoutMs[e]!;
  if (timesOutOn(g, e, added)) {
    const attempts = retrying ? retryFactor(g, e) : 1;
    return Math.max(0, attempts * timeout - usual);
  }
  return added;
}
