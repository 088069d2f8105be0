import type { Component, Dependency, Domain, Failover, Model } from '../model/types';

/**
 * The model as integer-indexed arrays: every simulation and every rule walks this, never the Maps,
 * so an all-components analysis stays linear in memory traffic. Built once per analysis.
 */
export interface Edge {
  from: number;
  to: number;
  dep: Dependency;
  hard: boolean;
  sync: boolean;
  /** Component that serves the fallback, -1 for none, -2 for a fallback that needs no component. */
  fallback: number;
  viaComponents: number[];
  viaDomains: number[];
  attempts: number;
}

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
  edges: Edge[];
  out: number[][];
  in: number[][];
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
  const index = new Map(components.map((c, i) => [c.id, i]));
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
  domains.forEach((_, i) => {
    const p = domainParent[i] ?? -1;
    if (p >= 0 && ancestors[p]?.includes(i) === false) {
      domainChildren[p]?.push(i);
    }
  });
  const chainOf = (id: string): number[] => {
    const d = domainIndex.get(id);
    return d === undefined ? [] : (ancestors[d] ?? []);
  };
  // Thousands of components live in the same few domains: equal lists share one array (read-only,
  // like every array of the graph), which halves the build's allocations on a large map.
  const shared = new Map<string, number[]>();
  const compDomains = components.map((c) => {
    const key = c.domains.map((r) => r.id).join('\u0000');
    let list = shared.get(key);
    if (!list) {
      list = [...new Set(c.domains.flatMap((r) => chainOf(r.id)))];
      shared.set(key, list);
    }
    return list;
  });
  const compSpread = components.map((c) => (c.spreadAcross.length === 0 ? none2 : c.spreadAcross.map((r) => chainOf(r.id)).filter((ch) => ch.length > 0)));

  const edges: Edge[] = [];
  const out: number[][] = components.map(() => []);
  const inn: number[][] = components.map(() => []);
  // Few components carry a network path or serve a fallback: those lists start shared and empty.
  const viaByComponent: number[][] = components.map(() => none);
  const viaByDomain: number[][] = domains.map(() => none);
  const fallbackBy: number[][] = components.map(() => none);
  components.forEach((c, from) => {
    for (const dep of c.dependsOn) {
      const to = index.get(dep.target.id);
      if (to === undefined) {
        continue;
      }
      const fb = dep.fallback;
      const fallback = !fb ? -1 : fb.target ? (index.get(fb.target.id) ?? -2) : -2;
      const e: Edge = {
        from, to, dep, fallback,
        hard: dep.type === 'hard',
        sync: dep.mode === 'sync',
        viaComponents: dep.via.length === 0 ? none : dep.via.map((r) => index.get(r.id)).filter((x): x is number => x !== undefined),
        viaDomains: dep.via.length === 0 ? none : dep.via.map((r) => domainIndex.get(r.id)).filter((x): x is number => x !== undefined),
        attempts: dep.retries + 1,
      };
      const ei = edges.push(e) - 1;
      out[from]!.push(ei);
      inn[to]!.push(ei);
      for (const v of e.viaComponents) {
        append(viaByComponent, v, ei);
      }
      for (const v of e.viaDomains) {
        append(viaByDomain, v, ei);
      }
      if (e.fallback >= 0) {
        append(fallbackBy, e.fallback, ei);
      }
    }
  });
  const failoverTargets: number[][] = components.map(() => none);
  const failoverSources: number[][] = components.map(() => none);
  const failovers: PropGraph['failovers'] = [];
  for (const f of model.failovers) {
    const from = index.get(f.from.id);
    const to = index.get(f.to.id);
    if (from === undefined || to === undefined || from === to) {
      continue;
    }
    append(failoverTargets, from, to);
    append(failoverSources, to, from);
    failovers.push({ failover: f, from, to });
  }
  return {
    model, components, index, domains, domainIndex, domainParent, domainChildren, compDomains, compSpread,
    edges, out, in: inn, viaByComponent, viaByDomain, fallbackBy, failoverTargets, failoverSources, failovers,
  };
}
