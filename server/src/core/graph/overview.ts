// The overview of a large map: the components of each innermost placement domain (a zone, a rack)
// collapsed into one group box, dependencies between groups merged. ELK lays out a few dozen boxes in
// milliseconds where a thousand components take many seconds (docs/PERFORMANCE.md); the view expands
// a group on demand.
import type { GraphComponent, GraphEdge, GraphFailover, GraphFinding, GraphModel, Position, SourceLocation } from './model';
import { placement } from './layout';

export const groupPrefix = 'group:';
export const isGroup = (id: string) => id.startsWith(groupPrefix);

/** Maps with more components than this open on the overview. */
export const overviewThreshold = 300;

/**
 * What the graph panel draws of `g`: a large map's overview with the `expanded` domains open, unless every
 * component was asked for. The extension lays out the opening view (nothing expanded) before the panel's page
 * has loaded; the webview the views the user asks for after that. One definition, so their layouts match.
 */
export function panelView(g: GraphModel, expanded: ReadonlySet<string> = new Set(), showAll = false): GraphModel {
  return g.components.length > overviewThreshold && !showAll ? overview(g, expanded) : g;
}

/**
 * `g` with every placement domain not in `expanded` collapsed into a group box. Components outside any
 * placement domain stay as they are. Findings still anchor (through memberBlocks) to the group or the
 * merged edge that stands for their element.
 */
export function overview(g: GraphModel, expanded: ReadonlySet<string> = new Set()): GraphModel {
  const where = placement(g);
  const domains = new Map(g.domains.map((d) => [d.id, d]));
  const rep = new Map<string, string>();
  const groups = new Map<string, GraphComponent[]>();
  for (const c of g.components) {
    const d = where.get(c.id);
    if (d === undefined || expanded.has(d)) {
      rep.set(c.id, c.id);
    } else {
      rep.set(c.id, groupPrefix + d);
      groups.get(d)?.push(c) ?? groups.set(d, [c]);
    }
  }

  // A domain whose descendants also hold something keeps its container, with its own group inside.
  const holdsMore = new Set<string>();
  for (const d of where.values()) {
    const seen = new Set<string>();
    for (let a = d !== undefined ? domains.get(d)?.parent : undefined; a && !seen.has(a); a = domains.get(a)?.parent) {
      seen.add(a);
      holdsMore.add(a);
    }
  }

  const components: GraphComponent[] = [];
  const emitted = new Set<string>();
  for (const c of g.components) {
    const r = rep.get(c.id)!;
    if (r === c.id) {
      components.push(c);
      continue;
    }
    if (emitted.has(r)) {
      continue;
    }
    emitted.add(r);
    const d = domains.get(r.slice(groupPrefix.length))!;
    const members = groups.get(d.id)!;
    const tiers = members.flatMap((m) => (m.tier ? [m.tier] : []));
    const owners = new Set(members.flatMap((m) => (m.owner ? [m.owner] : [])));
    components.push({
      id: r,
      name: `${d.kind} ${d.name ?? d.id}: ${members.length} components`,
      kind: 'group',
      tier: tiers.length ? (Math.min(...tiers) as 1 | 2 | 3) : undefined,
      owner: owners.size === 1 ? [...owners][0] : owners.size > 1 ? `${owners.size} owners` : undefined,
      // Drawn where the domain's container would be (inside its parent), unless that container stays.
      domains: holdsMore.has(d.id) ? [d.id] : d.parent ? [d.parent] : [],
      spreadAcross: [],
      signals: members.reduce((a, m) => a + m.signals, 0),
      leadingSignals: members.reduce((a, m) => a + m.leadingSignals, 0),
      uri: d.uri,
      range: d.range,
      block: d.block,
      members: members.map((m) => m.id),
      memberBlocks: members.map((m): SourceLocation => ({ uri: m.uri, range: m.block })),
    });
  }

  const strength = (e: GraphEdge) => (e.mode === 'async' ? 0 : e.type === 'soft' ? 1 : 2);
  const merged = new Map<string, GraphEdge>();
  const edges: GraphEdge[] = [];
  for (const e of g.edges) {
    const from = rep.get(e.from)!;
    const to = rep.get(e.to)!;
    if (from === e.from && to === e.to) {
      edges.push(e);
      continue;
    }
    if (from === to) {
      continue; // inside one group
    }
    const key = `${from}\u0000${to}`;
    const m = merged.get(key);
    if (!m) {
      const first: GraphEdge = { ...e, from, to, via: [...e.via], count: 1, memberBlocks: [{ uri: e.uri, range: e.block }] };
      merged.set(key, first);
      edges.push(first);
      continue;
    }
    m.count! += 1;
    m.memberBlocks!.push({ uri: e.uri, range: e.block });
    e.via.forEach((v) => m.via.includes(v) || m.via.push(v));
    if (e.traffic === 'business') {
      m.traffic = 'business';
    }
    if (strength(e) > strength(m)) {
      // The merged line shows the strongest coupling it stands for.
      Object.assign(m, { type: e.type, mode: e.mode, fallback: e.fallback, timeoutMs: e.timeoutMs, retries: e.retries });
    }
  }

  const failovers: GraphFailover[] = [];
  const seenFailover = new Set<string>();
  for (const f of g.failovers) {
    const from = rep.get(f.from)!;
    const to = rep.get(f.to)!;
    const key = `${from}\u0000${to}`;
    if (from !== to && !seenFailover.has(key)) {
      seenFailover.add(key);
      failovers.push({ ...f, from, to });
    }
  }
  return { ...g, components, edges, failovers };
}

/**
 * A large map's opening view as the panel sends it first, before the whole map (docs/PERFORMANCE.md, first
 * paint): `panelView(g)` (the overview, nothing expanded) with each group's and merged line's member blocks
 * cut to those that hold a finding, and the findings without their related locations and data. The member
 * blocks are there only to anchor findings (anchorOf takes, of the ranges that hold a finding's start, the
 * first element): dropping the ranges that hold none anchors every finding to the same element, so the
 * picture is the same; the picture reads neither `related` nor `data`. Undefined when the map opens on
 * itself (up to overviewThreshold components): then there is nothing smaller to send first.
 * About a third of the whole map's JSON at 1,000 components (0.9 of 2.8 MB, most of it the findings' text).
 */
export function openingView(g: GraphModel, findings: GraphFinding[]): { graph: GraphModel; findings: GraphFinding[] } | undefined {
  const view = panelView(g);
  if (view === g) {
    return undefined;
  }
  // Every finding's start, per file, sorted: a block holds a finding when one starts inside it.
  const at = (p: Position) => p.line * 8_388_608 + Math.min(p.character, 8_388_607);
  const starts = new Map<string, number[]>();
  for (const f of findings) {
    starts.get(f.uri)?.push(at(f.range.start)) ?? starts.set(f.uri, [at(f.range.start)]);
  }
  starts.forEach((xs) => xs.sort((a, b) => a - b));
  const holds = (b: SourceLocation) => {
    const xs = starts.get(b.uri);
    if (!xs) {
      return false;
    }
    const lo = at(b.range.start);
    // The first start at or after the block's start: inside when it is at or before its end.
    let i = 0;
    let j = xs.length;
    while (i < j) {
      const mid = (i + j) >>> 1;
      if (xs[mid]! < lo) {
        i = mid + 1;
      } else {
        j = mid;
      }
    }
    return i < xs.length && xs[i]! <= at(b.range.end);
  };
  const cut = <T extends { memberBlocks?: SourceLocation[] }>(x: T): T => (x.memberBlocks ? { ...x, memberBlocks: x.memberBlocks.filter(holds) } : x);
  return {
    graph: { ...view, components: view.components.map(cut), edges: view.edges.map(cut) },
    findings: findings.map(({ related: _related, data: _data, ...f }) => f),
  };
}
