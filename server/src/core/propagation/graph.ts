import type { Component, Dependency, Domain, Failover, Model } from '../model/types';

/** Bits of `PropGraph.componentFlags`. */
export const TIER1 = 1;
export const ACCEPTED_RISK = 2;
/** Two or more replicas, or spread across two or more domains. */
export const REDUNDANT = 4;
/** Has failover targets: the walks test this byte before loading the component's list. */
export const FAILOVER = 8;
/** A failover target nothing calls, routes through or falls back to: it serves nothing while its primary is up (semantics.ts isStandby). */
export const STANDBY = 16;

/** Bits of `Edges.flags`. */
export const HARD = 1;
export const SYNC = 2;

/**
 * The dependencies as columns, indexed by edge number. A dozen typed arrays instead of one object
 * per edge: at 50,000 edges the objects and their garbage collection were most of the graph's build,
 * and the rules' walks read a few bytes per edge instead of an object each.
 */
export interface Edges {
  count: number;
  from: Int32Array;
  to: Int32Array;
  /** HARD | SYNC. */
  flags: Uint8Array;
  /** Component that serves the fallback, -1 for none, -2 for a fallback that needs no component. */
  fallback: Int32Array;
  /** retries + 1. */
  attempts: Int32Array;
  /** NaN when the dependency sets no timeout. */
  timeoutMs: Float64Array;
  /** 1 when the via list names a component or domain of the model: the walks test this byte before loading the lists. */
  routed: Uint8Array;
  /** 1 when the dependency sets inheritsDegradation: its caller is degraded whenever the target is. */
  inherits: Uint8Array;
  dep: Dependency[];
  /** Per edge, the components / domains its via list names; most share one empty list. */
  viaComponents: number[][];
  viaDomains: number[][];
}

/**
 * The model as integer-indexed arrays: every simulation and every rule walks this, never the Maps.
 * Built once per analysis; nothing writes to it afterwards.
 */
export interface PropGraph {
  model: Model;
  components: Component[];
  index: Map<string, number>;
  domains: Domain[];
  domainIndex: Map<string, number>;
  domainParent: Int32Array;
  domainChildren: number[][];
  /** Per component: every domain it lives in, ancestors included (failing any takes it down). */
  compDomains: number[][];
  /** Per component: spreadAcross entries, each with its ancestors (failing all takes it down). */
  compSpread: number[][][];
  /** Per component: TIER1 | ACCEPTED_RISK | REDUNDANT | FAILOVER | STANDBY, read once here rather than from 10,000 objects per walk. */
  componentFlags: Uint8Array;
  /** The dependencies whose target is a component of the model. */
  edges: Edges;
  /** A component's outgoing edges are numbered consecutively: those of c are outStart[c] up to outStart[c + 1]. */
  outStart: Int32Array;
  /** Incoming edges of c: inEdges[inStart[c]] up to inEdges[inStart[c + 1]]. */
  inStart: Int32Array;
  inEdges: Int32Array;
  /** Edges whose via list names a component / a domain. */
  viaByComponent: number[][];
  viaByDomain: number[][];
  /** Edges whose fallback is served by a component: when it falls, the caller loses its fallback. */
  fallbackBy: number[][];
  failoverTargets: number[][];
  failoverSources: number[][];
  failovers: { failover: Failover; from: number; to: number }[];
}

// Shared empty lists: most dependencies name no network path and most components spread across nothing.
// Not frozen (a frozen array is another elements kind, which would slow the hot loops that read these);
// nothing writes to the graph's arrays after the build.
const none: number[] = [];
const none2: number[][] = [];

/** Appends to lists[i], giving it its own array on the first append (until then it is `none`). */
function append(lists: number[][], i: number, value: number): void {
  const list = lists[i]!;
  if (list === none) {
    lists[i] = [value];
  } else {
    list.push(value);
  }
}

export function buildGraph(model: Model): PropGraph {
  const components = [...model.components.values()];
  const domains = [...model.domains.values()];
  const domainIndex = new Map(domains.map((d, i) => [d.id, i]));
  const domainParent = new Int32Array(domains.length).fill(-1);
  const domainChildren: number[][] = domains.map(() => []);
  domains.forEach((d, i) => {
    const p = d.parent ? domainIndex.get(d.parent.id) : undefined;
    if (p !== undefined && p !== i) {
      domainParent[i] = p;
    }
  });
  // A parent cycle (reported by the domain-cycle rule) must not hang the ancestor walk.
  const ancestors = domains.map((_, i) => {
    const chain: number[] = [];
    const seen = new Set<number>();
    for (let d = i; d >= 0 && !seen.has(d); d = domainParent[d] ?? -1) {
      seen.add(d);
      chain.push(d);
    }
    return chain;
  });
  // Every child, cycle links included: a domain fails with everything whose chain of parents reaches
  // it, as a component's own domain list (its ancestors, chainOf) says. Walks over children keep a
  // visited set (simulate.ts expandDomains, failureSets.ts domainsUnder).
  domains.forEach((_, i) => {
    const p = domainParent[i] ?? -1;
    if (p >= 0) {
      domainChildren[p]?.push(i);
    }
  });
  const chainOf = (id: string): number[] => {
    const d = domainIndex.get(id);
    return d === undefined ? [] : (ancestors[d] ?? []);
  };
  // One pass over the components (each is a cache miss on a large map). Thousands of components live
  // in the same few domains: equal lists share one array (read-only, like every array of the graph).
  const n = components.length;
  const index = new Map<string, number>();
  const shared = new Map<string, number[]>();
  const compDomains: number[][] = new Array<number[]>(n);
  const compSpread: number[][][] = new Array<number[][]>(n).fill(none2);
  const componentFlags = new Uint8Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = components[i]!;
    index.set(c.id, i);
    m += c.dependsOn.length;
    const key = c.domains.length === 1 ? c.domains[0]!.id : c.domains.map((r) => r.id).join('\u0000');
    let list = shared.get(key);
    if (!list) {
      list = [...new Set(c.domains.flatMap((r) => chainOf(r.id)))];
      shared.set(key, list);
    }
    compDomains[i] = list;
    if (c.spreadAcross.length > 0) {
      compSpread[i] = c.spreadAcross.map((r) => chainOf(r.id)).filter((ch) => ch.length > 0);
    }
    componentFlags[i] = (c.tier === 1 ? TIER1 : 0) | (c.acceptedRisk ? ACCEPTED_RISK : 0) | ((c.replicas ?? 1) >= 2 || c.spreadAcross.length >= 2 ? REDUNDANT : 0);
  }

  // Edges are numbered in the order of their source, so the outgoing adjacency is just offsets,
  // and the incoming one a counting sort.
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const flags = new Uint8Array(m);
  const fallback = new Int32Array(m);
  const attempts = new Int32Array(m);
  const timeoutMs = new Float64Array(m);
  const routed = new Uint8Array(m);
  const inherits = new Uint8Array(m);
  const dep: Dependency[] = new Array<Dependency>(m);
  const viaComponents: number[][] = new Array<number[]>(m).fill(none);
  const viaDomains: number[][] = new Array<number[]>(m).fill(none);
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  // Few components carry a network path or serve a fallback: those lists start shared and empty.
  const viaByComponent: number[][] = new Array<number[]>(n).fill(none);
  const viaByDomain: number[][] = new Array<number[]>(domains.length).fill(none);
  const fallbackBy: number[][] = new Array<number[]>(n).fill(none);
  const sharedVia = new Map<string, { components: number[]; domains: number[] }>();
  let ei = 0;
  for (let c = 0; c < n; c++) {
    outStart[c] = ei;
    for (const d of components[c]!.dependsOn) {
      const t = index.get(d.target.id);
      if (t === undefined) {
        continue;
      }
      from[ei] = c;
      to[ei] = t;
      dep[ei] = d;
      // A hard dependency that only some journeys use breaks those journeys, not the whole caller:
      // for the component it counts as soft (the caller degrades); each journey's own view
      // (scenarios/engine.ts, journeyGraph) counts it as hard for the journeys it lists.
      flags[ei] = (d.type === 'hard' && d.journeys.length === 0 ? HARD : 0) | (d.mode === 'sync' ? SYNC : 0);
      const fb = d.fallback;
      const served = !fb ? -1 : fb.target ? (index.get(fb.target.id) ?? -2) : -2;
      fallback[ei] = served;
      attempts[ei] = d.retries + 1;
      timeoutMs[ei] = d.timeoutMs ?? NaN;
      inherits[ei] = d.inheritsDegradation ? 1 : 0;
      if (d.via.length > 0) {
        // Calls name the same few network paths: equal via lists share their two resolved lists.
        const viaKey = d.via.length === 1 ? d.via[0]!.id : d.via.map((r) => r.id).join('\u0000');
        let lists = sharedVia.get(viaKey);
        if (!lists) {
          lists = {
            components: d.via.map((r) => index.get(r.id)).filter((x): x is number => x !== undefined),
            domains: d.via.map((r) => domainIndex.get(r.id)).filter((x): x is number => x !== undefined),
          };
          sharedVia.set(viaKey, lists);
        }
        viaComponents[ei] = lists.components;
        viaDomains[ei] = lists.domains;
        routed[ei] = lists.components.length + lists.domains.length > 0 ? 1 : 0;
        for (const v of lists.components) {
          append(viaByComponent, v, ei);
        }
        for (const v of lists.domains) {
          append(viaByDomain, v, ei);
        }
      }
      if (served >= 0) {
        append(fallbackBy, served, ei);
      }
      inStart[t + 1]!++;
      ei++;
    }
  }
  outStart[n] = ei;
  for (let c = 0; c < n; c++) {
    inStart[c + 1]! += inStart[c]!;
  }
  const inEdges = new Int32Array(ei);
  const fill = inStart.slice(0, n);
  for (let e = 0; e < ei; e++) {
    inEdges[fill[to[e]!]!++] = e;
  }
  const edges: Edges = {
    count: ei,
    from: from.subarray(0, ei),
    to: to.subarray(0, ei),
    flags: flags.subarray(0, ei),
    fallback: fallback.subarray(0, ei),
    attempts: attempts.subarray(0, ei),
    timeoutMs: timeoutMs.subarray(0, ei),
    routed: routed.subarray(0, ei),
    inherits: inherits.subarray(0, ei),
    dep: ei === m ? dep : dep.slice(0, ei),
    viaComponents: ei === m ? viaComponents : viaComponents.slice(0, ei),
    viaDomains: ei === m ? viaDomains : viaDomains.slice(0, ei),
  };
  const failoverTargets: number[][] = new Array<number[]>(n).fill(none);
  const failoverSources: number[][] = new Array<number[]>(n).fill(none);
  const failovers: PropGraph['failovers'] = [];
  for (const f of model.failovers) {
    const primary = index.get(f.from.id);
    const target = index.get(f.to.id);
    if (primary === undefined || target === undefined || primary === target) {
      continue;
    }
    append(failoverTargets, primary, target);
    componentFlags[primary]! |= FAILOVER;
    append(failoverSources, target, primary);
    failovers.push({ failover: f, from: primary, to: target });
  }
  for (const { to: t } of failovers) {
    if (inStart[t + 1] === inStart[t] && viaByComponent[t]!.length === 0 && fallbackBy[t]!.length === 0) {
      componentFlags[t]! |= STANDBY;
    }
  }
  return {
    model, components, index, domains, domainIndex, domainParent, domainChildren, compDomains, compSpread, componentFlags,
    edges, outStart, inStart, inEdges, viaByComponent, viaByDomain, fallbackBy, failoverTargets, failoverSources, failovers,
  };
}
