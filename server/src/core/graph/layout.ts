// The graph's geometry, input and output: an ELK JSON graph built from a GraphModel, and the positioned
// scene read back from ELK's answer. Running ELK is the caller's job (the CLI in-process, the webview in
// a worker) so that this file stays pure and both paint exactly the same layout.
import type { GraphComponent, GraphDomain, GraphModel } from './model';
import { kindNamed } from '../words';

/** The subset of ELK's JSON graph format that we produce and read back. */
export interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkNode[];
  edges?: ElkEdge[];
  layoutOptions?: Record<string, string>;
}

export interface ElkPoint {
  x: number;
  y: number;
}

export interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  sections?: { startPoint: ElkPoint; endPoint: ElkPoint; bendPoints?: ElkPoint[] }[];
}

/** Domain kinds that place a component somewhere: drawn as nested containers. */
export const placementKinds: ReadonlySet<string> = new Set(['provider', 'region', 'datacenter', 'zone', 'cluster', 'rack']);

export const nodeIdOf = (component: string) => `c:${component}`;
export const containerIdOf = (domain: string) => `d:${domain}`;
export const edgeIdOf = (index: number) => `e:${index}`;
export const failoverIdOf = (index: number) => `f:${index}`;

/** Above this many components the layout trades some polish for time (see docs/PERFORMANCE.md). */
export const largeGraph = 300;

export const metrics = {
  /** Every text of the picture is this size (badges included): the zoom floor is computed from it. */
  fontSize: 12,
  /** Average advance of the UI font at 12px, for characters outside the table below. */
  charWidth: 6.9,
  lineHeight: 16,
  nodePadX: 12,
  nodePadY: 8,
  minNodeWidth: 120,
  maxNodeWidth: 280,
  containerPadTop: 32,
  containerPad: 12,
  badge: 20,
  /** A domain chip on a node's third line: padding each side and the gap between chips. */
  chipPad: 5,
  chipGap: 4,
} as const;

// Advances of Liberation Sans / Arial (the standalone pictures' font) in 1/1000 em, for ASCII 32-126.
// Labels are measured without a DOM so the CLI and the webview cut and size them alike.
const advances = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/**
 * Width of `s` in pixels at the picture's font size; bold text is about 7% wider. A margin of 6% covers
 * fonts a little wider than Arial (the webview also measures and cuts what still overflows).
 */
export function textWidth(s: string, bold = false): number {
  let units = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    units += c >= 32 && c <= 126 ? advances[c - 32]! : (metrics.charWidth * 1000) / metrics.fontSize;
  }
  return (units / 1000) * metrics.fontSize * (bold ? 1.07 : 1) * 1.06;
}

/** Cuts a label to fit `width` pixels, with an ellipsis; the full text stays in the tooltip. */
export function fitText(s: string, width: number, bold = false): string {
  if (textWidth(s, bold) <= width + 0.01) {
    return s;
  }
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (textWidth(`${s.slice(0, mid)}…`, bold) <= width + 0.01) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return `${s.slice(0, Math.max(1, lo))}…`;
}

/** A chip of a cross-cutting domain on a node: its id, and whether the node is spread across it. */
export interface Chip {
  id: string;
  spread: boolean;
}

export const chipWidth = (id: string) => textWidth(id) + 2 * metrics.chipPad;

/** A domain's label: "datacenter hall-2", "rack-r1" (not "rack rack-r1"), or its kind and name. */
export const domainLabel = (d: Pick<GraphDomain, 'id' | 'kind' | 'name'>) => (d.name ? `${d.kind} ${d.name}` : kindNamed(d.kind, d.id));

/** Domain id → kind: built once per graph, read for every box. */
export const domainKinds = (g: GraphModel): ReadonlyMap<string, string> => new Map(g.domains.map((d) => [d.id, d.kind]));

/**
 * The lines a component's box shows: its name, then kind · tier · owner, then the cross-cutting
 * domains it lives in or is spread across (power feeds, cooling loops, network paths) as chips.
 */
export function nodeLines(c: GraphComponent, kinds: ReadonlyMap<string, string>): { title: string; subtitle: string; tags: string; chips: Chip[] } {
  const cross = (d: string) => !placementKinds.has(kinds.get(d) ?? '') && kinds.has(d);
  const chips = [...c.domains.filter(cross).map((id) => ({ id, spread: false })), ...c.spreadAcross.filter(cross).map((id) => ({ id, spread: true }))];
  return {
    title: c.name ?? c.id,
    subtitle: [c.kind, c.tier ? `tier ${c.tier}` : undefined, c.owner].filter(Boolean).join(' · '),
    tags: chips.map((ch) => (ch.spread ? `${ch.id} (spread)` : ch.id)).join(', '),
    chips,
  };
}

/**
 * The nearest ancestor of a domain that is drawn as a container, skipping grouping domains (a team,
 * a network path). Guarded: a parent cycle is the core's finding, not a reason to hang.
 */
export function placementParent(domains: ReadonlyMap<string, GraphDomain>, id: string): string | undefined {
  const seen = new Set<string>();
  for (let p = domains.get(id)?.parent; p !== undefined && !seen.has(p); p = domains.get(p)?.parent) {
    if (placementKinds.has(domains.get(p)?.kind ?? '')) {
      return p;
    }
    seen.add(p);
  }
  return undefined;
}

/**
 * Where each component is drawn: in the deepest placement domain it names when those form one chain
 * (zone inside region), else in their lowest common ancestor (a component spread across three zones sits
 * in their region). Returns component id → domain id, or undefined for the top level.
 */
export function placement(g: GraphModel): Map<string, string | undefined> {
  const domains = new Map(g.domains.map((d) => [d.id, d]));
  const chainOf = (id: string): string[] => {
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let d = domains.get(id); d && !seen.has(d.id); d = d.parent ? domains.get(d.parent) : undefined) {
      seen.add(d.id);
      if (placementKinds.has(d.kind)) {
        chain.unshift(d.id);
      }
    }
    return chain; // outermost first
  };
  const out = new Map<string, string | undefined>();
  for (const c of g.components) {
    const chains = [...c.domains, ...c.spreadAcross]
      .filter((d) => placementKinds.has(domains.get(d)?.kind ?? ''))
      .map(chainOf)
      .filter((ch) => ch.length > 0);
    if (chains.length === 0) {
      out.set(c.id, undefined);
      continue;
    }
    // The longest chain wins when every other chain is a prefix of it; otherwise the common prefix.
    const longest = chains.reduce((a, b) => (b.length > a.length ? b : a));
    let common = longest.length;
    for (const ch of chains) {
      let i = 0;
      while (i < ch.length && i < common && ch[i] === longest[i]) {
        i++;
      }
      common = ch.length === i ? common : Math.min(common, i);
    }
    out.set(c.id, common > 0 ? longest[common - 1] : undefined);
  }
  return out;
}

export function nodeSize(c: GraphComponent, kinds: ReadonlyMap<string, string>): { width: number; height: number } {
  const l = nodeLines(c, kinds);
  const chips = l.chips.reduce((w, ch) => w + chipWidth(ch.id), 0) + Math.max(0, l.chips.length - 1) * metrics.chipGap;
  const widest = Math.max(textWidth(l.title, true) + metrics.badge, textWidth(l.subtitle), chips);
  const lines = l.chips.length ? 3 : 2;
  return {
    width: Math.ceil(Math.min(metrics.maxNodeWidth, Math.max(metrics.minNodeWidth, widest + 2 * metrics.nodePadX))),
    height: lines * metrics.lineHeight + 2 * metrics.nodePadY + (l.chips.length ? 2 : 0),
  };
}

/** ELK options: layered, domains as containers laid out with their contents, coordinates in root space. */
export function layoutOptions(componentCount: number, overview = false): Record<string, string> {
  const base: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.json.shapeCoords': 'ROOT',
    'elk.json.edgeCoords': 'ROOT',
    'elk.spacing.nodeNode': '24',
    'elk.layered.spacing.nodeNodeBetweenLayers': '40',
    'elk.spacing.edgeNode': '16',
    'elk.padding': '[top=12,left=12,bottom=12,right=12]',
  };
  if (overview) {
    // A few boxes with many merged lines between them: routing, not placement, is the cost (bench/layout.js).
    Object.assign(base, { 'elk.layered.thoroughness': '1', 'elk.edgeRouting': 'POLYLINE' });
  } else if (componentCount > largeGraph) {
    // Measured in bench/: these cut a 1,000-node layout by about 4x at a modest cost in crossings.
    Object.assign(base, {
      'elk.layered.thoroughness': '1',
      'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
      'elk.edgeRouting': 'POLYLINE',
    });
  } else {
    base['elk.edgeRouting'] = 'ORTHOGONAL';
  }
  return base;
}

/** The ELK input for a map: components as nodes inside their placement domains, dependencies and failovers as edges. */
export function elkGraph(g: GraphModel): ElkNode {
  const where = placement(g);
  const domains = new Map(g.domains.map((d) => [d.id, d]));
  const containers = new Map<string, ElkNode>();
  const root: ElkNode = { id: 'root', layoutOptions: layoutOptions(g.components.length, g.components.some((c) => c.members)), children: [], edges: [] };

  // Only domains that hold something become containers, with their placement ancestors.
  const containerFor = (id: string | undefined, guard = 0): ElkNode => {
    if (id === undefined || guard > 64) {
      return root;
    }
    const existing = containers.get(id);
    if (existing) {
      return existing;
    }
    const parent = placementParent(domains, id);
    const node: ElkNode = {
      id: containerIdOf(id),
      children: [],
      layoutOptions: { 'elk.padding': `[top=${metrics.containerPadTop},left=${metrics.containerPad},bottom=${metrics.containerPad},right=${metrics.containerPad}]` },
    };
    containers.set(id, node);
    containerFor(parent, guard + 1).children!.push(node);
    return node;
  };

  const kinds = domainKinds(g);
  for (const c of g.components) {
    containerFor(where.get(c.id)).children!.push({ id: nodeIdOf(c.id), ...nodeSize(c, kinds) });
  }
  for (const [id, node] of containers) {
    const d = domains.get(id);
    const label = textWidth(d ? domainLabel(d) : id, true) + 2 * metrics.containerPad + metrics.badge;
    node.layoutOptions!['elk.nodeSize.minimum'] = `(${Math.round(label)}, ${metrics.containerPadTop + metrics.containerPad})`;
    node.layoutOptions!['elk.nodeSize.constraints'] = 'MINIMUM_SIZE';
  }
  const shared = sharedRoutes(g);
  lines(g).forEach(({ id, from, to }) => shared.has(id) || root.edges!.push({ id, sources: [nodeIdOf(from)], targets: [nodeIdOf(to)] }));
  return root;
}

/** Every line of the graph, dependencies first, as elkGraph and sharedRoutes both walk them. */
function lines(g: GraphModel): { id: string; from: string; to: string }[] {
  return [...g.edges.map((e, i) => ({ id: edgeIdOf(i), from: e.from, to: e.to })), ...g.failovers.map((f, i) => ({ id: failoverIdOf(i), from: f.from, to: f.to }))];
}

/** A line drawn along another's route: `rank` (1, 2, ...) sets it beside that route, `reversed` when it runs the other way. */
export interface SharedRoute {
  via: string;
  reversed: boolean;
  rank: number;
}

/**
 * ELK routes one line per pair of boxes; the other lines between the same two boxes (the opposite
 * direction, a failover beside a dependency) are drawn beside its route. The overview of a large map
 * connects nearly every group with every other both ways: 101 lines between 9 boxes cost ELK about
 * 300 ms, the 36 pairs about 100 ms (docs/PERFORMANCE.md), and parallel lines read better than ELK's
 * detours for reversed edges. Deterministic in the model, so the scene finds the same stand-ins.
 */
export function sharedRoutes(g: GraphModel): Map<string, SharedRoute> {
  const first = new Map<string, { id: string; from: string; count: number }>();
  const shared = new Map<string, SharedRoute>();
  for (const { id, from, to } of lines(g)) {
    if (from === to) {
      continue; // a self-loop gets its own route
    }
    const key = from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`;
    const f = first.get(key);
    if (!f) {
      first.set(key, { id, from, count: 1 });
    } else {
      shared.set(id, { via: f.id, reversed: from !== f.from, rank: f.count++ });
    }
  }
  return shared;
}

/** Two models with the same topology and box sizes can share a layout: an edit to a signal or an owner does not move anything. */
export function topologyKey(elk: ElkNode): string {
  const parts: string[] = [];
  const walk = (n: ElkNode) => {
    parts.push(`${n.id}:${n.width ?? ''}x${n.height ?? ''}[`);
    n.children?.forEach(walk);
    parts.push(']');
  };
  walk(elk);
  elk.edges?.forEach((e) => parts.push(`${e.id}=${e.sources[0]}>${e.targets[0]}`));
  return parts.join('|');
}

/**
 * A layout that needs no ELK: the last resort when ELK misses its deadline or fails. Components go in
 * rows by dependency depth, containers are not drawn. Fast and legible enough to work from.
 */
export function fallbackLayout(elk: ElkNode): ElkNode {
  const leaves: ElkNode[] = [];
  const collect = (n: ElkNode) => (n.children && n.children.length > 0 && n.width === undefined ? n.children.forEach(collect) : leaves.push(n));
  elk.children?.forEach(collect);
  const depth = new Map<string, number>(leaves.map((n) => [n.id, 0]));
  const edges = elk.edges ?? [];
  // Longest-path layering with a bounded number of passes, so cycles cannot loop.
  for (let pass = 0; pass < Math.min(leaves.length, 50); pass++) {
    let changed = false;
    for (const e of edges) {
      const a = depth.get(e.sources[0]!);
      const b = depth.get(e.targets[0]!);
      if (a !== undefined && b !== undefined && b < a + 1 && e.sources[0] !== e.targets[0]) {
        depth.set(e.targets[0]!, a + 1);
        changed = true;
      }
    }
    if (!changed) {
      break;
    }
  }
  const rows = new Map<number, ElkNode[]>();
  for (const n of leaves) {
    const d = depth.get(n.id)!;
    rows.get(d)?.push(n) ?? rows.set(d, [n]);
  }
  const placed = new Map<string, ElkNode>();
  let y = 12;
  let width = 0;
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    let x = 12;
    let h = 0;
    for (const n of rows.get(r)!) {
      placed.set(n.id, { id: n.id, x, y, width: n.width, height: n.height });
      x += (n.width ?? 0) + 24;
      h = Math.max(h, n.height ?? 0);
    }
    width = Math.max(width, x);
    y += h + 40;
  }
  const centre = (id: string, bottom: boolean): ElkPoint => {
    const n = placed.get(id)!;
    return { x: n.x! + n.width! / 2, y: n.y! + (bottom ? n.height! : 0) };
  };
  return {
    id: 'root',
    width,
    height: y,
    children: [...placed.values()],
    edges: edges
      .filter((e) => placed.has(e.sources[0]!) && placed.has(e.targets[0]!))
      .map((e) => ({ ...e, sections: [{ startPoint: centre(e.sources[0]!, true), endPoint: centre(e.targets[0]!, false) }] })),
  };
}
