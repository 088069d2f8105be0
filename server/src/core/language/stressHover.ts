// The stress analysis in the editor: a component's load at peak and its worst scenario in the hover,
// and "65% at peak" (or "saturates first") in its code lens. Read from the same stress() the rules use,
// through a digest: plain numbers per component that the language server's analysis worker computes
// beside the rules and sends with the model, so a hover or a lens never runs the scenarios on the
// editor's main thread.
import type { PropGraph } from '../propagation/graph';
import { DOWN } from '../propagation/simulate';
import { stress } from '../scenarios/engine';
import { loadText } from '../scenarios/describe';
import { formatNumber, formatPercent } from '../units';

/** What the hover and the lens say about load, per component (index i names ids[i]). Structured-cloneable. */
export interface StressDigest {
  ids: string[];
  /** At peak, nothing failed: the larger of capacity and pool utilisation (NaN: unknown). */
  peak: Float64Array;
  /** Utilisation of capacity, and the load in the capacity's dimension (NaN: no capacity). */
  capacityUse: Float64Array;
  load: Float64Array;
  capacity: Float64Array;
  /** Rate at peak (for components without a capacity). */
  rate: Float64Array;
  /** In-flight work / concurrency at peak (NaN: no concurrency). */
  pool: Float64Array;
  /** The multiple of peak at which it reaches its saturation line (Infinity: never). */
  saturatesAt: Float64Array;
  /** Index of the component that saturates first, -1 when none does. */
  first: number;
  /** Its worst scenario: index into scenarioNames, -1 when none is worse than nothing. */
  worst: Int32Array;
  /** 1 down, 2 saturated, 3 pool saturated, 4 utilisation. */
  worstKind: Uint8Array;
  worstValue: Float64Array;
  /** 1 when the worst moment is before failover completes. */
  worstBeforeFailover: Uint8Array;
  scenarioNames: string[];
}

const WORST_DOWN = 1;
const WORST_SATURATED = 2;
const WORST_POOL = 3;
const WORST_UTILISATION = 4;

const digests = new WeakMap<PropGraph, StressDigest | null>();

/** The digest of stress(g), once per graph; undefined when the map says nothing about load. */
export function stressDigest(g: PropGraph): StressDigest | undefined {
  let d = digests.get(g);
  if (d === undefined) {
    d = computeDigest(g) ?? null;
    digests.set(g, d);
  }
  return d ?? undefined;
}

function computeDigest(g: PropGraph): StressDigest | undefined {
  const s = stress(g);
  if (!s.active) {
    return undefined;
  }
  const n = g.components.length;
  const base = s.baseline;
  const load = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const dim = base.plan.capacityDim[c];
    load[c] = dim === 'power' ? base.loads.power[c]! : dim === 'bandwidth' ? base.loads.bandwidth[c]! : base.loads.rate[c]!;
  }
  const first = base.firstToSaturate[0];
  // The worst scenario for each component: highest utilisation against its line, or down; of equals the first.
  const worst = new Int32Array(n).fill(-1);
  const worstKind = new Uint8Array(n);
  const worstValue = new Float64Array(n);
  const worstBeforeFailover = new Uint8Array(n);
  const score = new Float64Array(n);
  const has = new Uint8Array(n);
  const satAt = new Int32Array(n).fill(-1);
  const results = [...s.declared, ...s.domainLoss];
  results.forEach((r, si) => {
    for (const ph of r.phases) {
      ph.saturated.forEach((x, k) => {
        if (satAt[x.component]! < 0) {
          satAt[x.component] = k;
        }
      });
      const u = ph.loads.utilisation;
      for (let c = 0; c < n; c++) {
        const down = ph.sim.state[c] === DOWN;
        const sat = satAt[c]! >= 0 ? ph.saturated[satAt[c]!]! : undefined;
        const sc = down ? Infinity : sat ? sat.utilisation / sat.limit : u[c]! || 0;
        if ((!has[c] || sc > score[c]!) && (down || sat || !Number.isNaN(u[c]!))) {
          has[c] = 1;
          score[c] = sc;
          worst[c] = si;
          worstKind[c] = down ? WORST_DOWN : sat ? (sat.measure === 'pool' ? WORST_POOL : WORST_SATURATED) : WORST_UTILISATION;
          worstValue[c] = sat ? sat.utilisation : u[c]!;
          worstBeforeFailover[c] = ph.phase === 'failure' ? 1 : 0;
        }
      }
      for (const x of ph.saturated) {
        satAt[x.component] = -1;
      }
    }
  });
  for (let c = 0; c < n; c++) {
    if (!(score[c]! > 0)) {
      worst[c] = -1;
    }
  }
  return {
    ids: g.components.map((c) => c.id),
    peak: base.utilisation,
    capacityUse: base.loads.utilisation,
    load,
    capacity: base.plan.capacity,
    rate: base.loads.rate,
    pool: base.loads.pool,
    saturatesAt: base.saturatesAt,
    first: first !== undefined && Number.isFinite(base.saturatesAt[first]!) ? first : -1,
    worst,
    worstKind,
    worstValue,
    worstBeforeFailover,
    scenarioNames: results.map((r) => (r.case.declared ? `scenario ${r.case.id}` : r.case.name)),
  };
}

const indexOf = new WeakMap<StressDigest, Map<string, number>>();

function at(d: StressDigest, id: string): number | undefined {
  let m = indexOf.get(d);
  if (!m) {
    m = new Map(d.ids.map((x, i) => [x, i]));
    indexOf.set(d, m);
  }
  return m.get(id);
}

/**
 * Markdown lines for the hover of component `id`; none when the map says nothing about its load.
 * `digest` is the analysis worker's (it may be one save older than g); without it, g's own.
 */
export function stressHoverLines(g: PropGraph, id: string, digest: StressDigest | null | undefined = stressDigest(g)): string[] {
  const c = g.index.get(id);
  const i = digest ? at(digest, id) : undefined;
  if (c === undefined || !digest || i === undefined) {
    return [];
  }
  const u = digest.capacityUse[i]!;
  const pool = digest.pool[i]!;
  const lines: string[] = [];
  const comp = g.components[c]!;
  if (!Number.isNaN(u)) {
    const sat = digest.saturatesAt[i]!;
    lines.push(
      `**Load at peak:** ${loadText(g, c, digest.load[i]!)} of ${loadText(g, c, digest.capacity[i]!)} (${formatPercent(u)})` +
        (Number.isFinite(sat) ? ` · reaches its saturation line at ${formatNumber(sat)}× peak${digest.first === i ? ', first in this map' : ''}` : ''),
    );
  } else if (digest.rate[i]! > 0) {
    lines.push(`**Load at peak:** ${loadText(g, c, digest.rate[i]!)} (no capacity declared)`);
  }
  if (!Number.isNaN(pool)) {
    lines.push(`**Concurrency at peak:** ${formatPercent(pool)} of ${comp.concurrency} in use`);
  }
  const w = digest.worst[i]!;
  if (w >= 0) {
    const kind = digest.worstKind[i]!;
    const v = digest.worstValue[i]!;
    const text = kind === WORST_DOWN ? 'down' : kind === WORST_UTILISATION ? formatPercent(v) : `${formatPercent(v)}${kind === WORST_POOL ? ' of its concurrency' : ''}, saturated`;
    lines.push(`**Worst scenario:** ${digest.scenarioNames[w]}: ${text}${digest.worstBeforeFailover[i] ? ' until failover completes' : ''}`);
  }
  return lines;
}

/** The part of the code lens about load: "65% at peak", "saturates first (1.5× peak)". */
export function stressLensSuffix(g: PropGraph, id: string, digest: StressDigest | null | undefined = stressDigest(g)): string {
  const i = digest ? at(digest, id) : undefined;
  if (!digest || i === undefined || !g.index.has(id)) {
    return '';
  }
  const u = digest.peak[i]!;
  if (Number.isNaN(u)) {
    return '';
  }
  const sat = digest.saturatesAt[i]!;
  return digest.first === i ? ` · ${formatPercent(u)} at peak, saturates first (at ${formatNumber(sat)}× peak)` : ` · ${formatPercent(u)} at peak`;
}
