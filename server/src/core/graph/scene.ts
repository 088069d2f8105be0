// A laid-out map ready to paint: boxes, containers and routed edges with their findings and, during a
// simulation, their state. Both painters (the SVG string for docs and the webview's DOM) read this.
import { worseSeverity } from '../findings';
import { anchorOf, type GraphFinding, type GraphModel, type Severity, type SourceLocation } from './model';
import { chipWidth, containerIdOf, domainKinds, domainLabel, edgeIdOf, failoverIdOf, metrics, nodeIdOf, nodeLines, placementKinds, sharedRoutes, textWidth, type Chip, type ElkNode, type ElkPoint } from './layout';

export type EdgeKind = 'hard' | 'soft' | 'async' | 'failover';
/** What a simulation says of an element: it was failed on purpose, it went down, or it degraded. */
export type SimState = 'failed' | 'down' | 'degraded';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SceneNode extends Box {
  id: string;
  title: string;
  subtitle: string;
  /** The chips as one line of text (tooltips, the details pane). */
  tags: string;
  /** Cross-cutting domains (power feeds, cooling loops, network paths) this component lives in or is spread across. */
  chips: Chip[];
  kind: string;
  tier?: number;
  owner?: string;
  runbook?: string;
  severity?: Severity;
  /** Indices into Scene.findings. */
  findings: number[];
  state?: SimState;
  /** Failed or down, but a failover target that is still up takes over: the ids of those targets. */
  savedBy?: string[];
  /** The saviour: a failover target that is up and takes over from these failed components. */
  saves?: string[];
  /** Load against capacity (1 = full), drawn as heat; at or above 1 the component is saturated. */
  utilisation?: number;
  /** Its telemetry is stale: what the picture says of it may be out of date. */
  stale?: boolean;
  at: SourceLocation;
}

export interface SceneContainer extends Box {
  id: string;
  label: string;
  kind: string;
  depth: number;
  severity?: Severity;
  findings: number[];
  state?: 'failed';
  at: SourceLocation;
}

/**
 * A failure domain that cuts across the placement containers (a power feed, a cooling loop, a network
 * path): drawn as a chip in the band above the picture, and as a chip on each member's box.
 */
export interface SceneCrossDomain extends Box {
  id: string;
  label: string;
  kind: string;
  /** Components that live in it (or are spread across it), and dependencies that ride it (`e:N`). */
  members: string[];
  rides: string[];
  severity?: Severity;
  findings: number[];
  state?: 'failed';
  at: SourceLocation;
}

export interface SceneEdge {
  /** `e:N` for the N-th dependency of the model, `f:N` for the N-th failover. */
  id: string;
  kind: EdgeKind;
  traffic: 'business' | 'telemetry' | 'control';
  from: string;
  to: string;
  points: ElkPoint[];
  /** A short label: the network paths it rides, or the failover mode. */
  label?: string;
  tooltip: string;
  severity?: Severity;
  findings: number[];
  /** On the propagation path of a simulated failure. */
  onPath?: boolean;
  /** A failover that takes over: its source failed and its target is up. */
  saving?: boolean;
  at: SourceLocation;
}

export interface Scene {
  width: number;
  height: number;
  /** The height of the band of shared domains (0 without one); the picture starts below it unless the band is drawn apart. */
  band: number;
  containers: SceneContainer[];
  /** The band of cross-cutting domains along the top; empty when the map has none in use. */
  crossDomains: SceneCrossDomain[];
  nodes: SceneNode[];
  edges: SceneEdge[];
  findings: GraphFinding[];
  /** Findings that belong to no drawn element (file-level, or an unresolved reference). */
  unanchored: number[];
}

/** The outcome of a simulation as a view needs it (the SimulateRequest result, or the core's BlastRadius). */
export interface SceneSimulation {
  failed: string[];
  down: { id: string; path: { component: string }[] }[];
  degraded: { id: string; path: { component: string }[] }[];
  /** Standbys that went down (propagation/blastRadius.ts): lost redundancy, drawn as down; they save nobody. */
  standbys?: { id: string; path: { component: string }[] }[];
}

/**
 * What a stress scenario adds to a picture besides what is down: load and freshness per component.
 * The scenario engine fills it; a hand-made one draws the same.
 */
export interface SceneOverlay {
  /** Component id → load against capacity, 0..n (1 = full; above 1 = saturated, drawn as heat). */
  utilisation?: Record<string, number>;
  /** Components whose telemetry is stale in this step. */
  stale?: string[];
  /** Component id → the failover targets that take over for it, when the engine knows better than the map's failovers. */
  savedBy?: Record<string, string[]>;
}

/** One step of a declared scenario: the failure, during the failover, after. */
export interface ScenarioPhase extends SceneOverlay {
  /** `failure`, `during failover`, `after`, or the scenario's own name for the step. */
  name: string;
  /** One sentence for the details pane: what happens in this step. */
  description?: string;
  /** What has failed and what it took down in this step. */
  simulation: SceneSimulation;
}

/** A declared scenario, as the graph steps through it. */
export interface SceneScenario {
  id: string;
  title: string;
  phases: ScenarioPhase[];
}

/** A simulated failure's title, the same in the editor's details pane and the CLI's pictures: "if loop-1 fails". */
export const failureTitle = (ids: string[]): string => `if ${ids.join(' and ')} fail${ids.length === 1 ? 's' : ''}`;

/** A scenario step's title, the same in the editor and the HTML page: "Black Friday: during (1 of 1)". */
export const phaseTitle = (sc: SceneScenario, phase: number): string => `${sc.title}: ${sc.phases[phase]!.name} (${phase + 1} of ${sc.phases.length})`;

/** Said under the affected lists when nothing beyond the failed elements goes down or degrades (affectedSections' `quiet`). */
export const quietNote = 'Nothing else goes down or degrades.';

/** One list of what a failure or a scenario's step affects: "Down (4)" and its ids. */
export interface AffectedSection {
  title: string;
  ids: string[];
}

/**
 * What a failure or a scenario's step affects, as the details pane (webview details.ts) and the HTML page's
 * scenario panel (page.ts) list it, in this order: failed, down, takes over, degraded, standbys lost,
 * saturated, stale. Empty lists are left out. `quiet` says nothing else goes down or degrades.
 */
export function affectedSections(scene: Scene, s: SceneSimulation): { sections: AffectedSection[]; quiet: boolean } {
  const all: [string, string[]][] = [
    ['Failed', s.failed],
    ['Down', s.down.map((d) => d.id)],
    ['Takes over', scene.nodes.filter((n) => n.saves?.length).map((n) => n.id)],
    ['Degraded', s.degraded.map((d) => d.id)],
    ['Standbys down, redundancy lost', (s.standbys ?? []).map((d) => d.id)],
    ['Saturated', scene.nodes.filter((n) => (n.utilisation ?? 0) >= 1).map((n) => n.id)],
    ['Stale', scene.nodes.filter((n) => n.stale).map((n) => n.id)],
  ];
  return {
    sections: all.filter(([, ids]) => ids.length > 0).map(([title, ids]) => ({ title, ids })),
    quiet: s.down.length === 0 && s.degraded.length === 0,
  };
}

/** Room for the band of cross-cutting domains: a row of chips this tall, with this much space around. */
export const crossBand = { row: 24, chip: 20, gap: 6, pad: 10, glyph: 14 } as const;

/** The title at the start of the band of shared domains. */
export const bandTitle = 'Shared domains';
/** The pill a failed shared domain carries in its chip ("failed", in words: never colour alone). */
export const failedPill = { text: 'failed', pad: 6, gap: 4 } as const;

/**
 * The width of a shared domain's chip: glyph, label, the "failed" pill when it failed, and room for its
 * finding badge when it has findings (room kept for a badge on every chip wrapped the strip of a narrow pane
 * to a third row).
 */
export function crossChipWidth(label: string, failed: boolean, badged: boolean): number {
  const pill = failed ? textWidth(failedPill.text, true) + 2 * failedPill.pad + failedPill.gap : 0;
  return Math.ceil(7 + crossBand.glyph + 2 + chipWidth(label) + pill + (badged ? metrics.badge : 0) + 6);
}

/**
 * Places the chips of the band in rows no wider than `width` (a chip wider than a row gets a row of its
 * own; the title keeps the first row to itself when the first chip fits only a whole row): the first row
 * after the band's title, the next ones from the left edge, under it, as text wraps
 * (indenting them all by the title cost a row of a narrow pane, where the picture has least room). Returns
 * the band's height. The webview calls it again when its pane changes width: the band wraps to the pane,
 * not to the picture.
 */
export function placeBand(chips: SceneCrossDomain[], width: number): number {
  if (chips.length === 0) {
    return 0;
  }
  const start = crossBand.pad + textWidth(bandTitle, true) + crossBand.gap * 2;
  let x = start;
  let row = 0;
  for (const c of chips) {
    const rowStart = row === 0 ? start : crossBand.pad;
    const fits = x + c.width <= width - crossBand.pad;
    // A chip that does not fit after the title but fits a whole row goes under the title (cut at the pane's
    // edge otherwise, its "failed" pill with it); one wider than a whole row stays where it is.
    const underTitle = row === 0 && x === start && crossBand.pad + c.width <= width - crossBand.pad;
    if (!fits && (x > rowStart || underTitle)) {
      row++;
      x = crossBand.pad;
    }
    c.x = x;
    c.y = crossBand.pad + row * crossBand.row;
    x += c.width + crossBand.gap;
  }
  return crossBand.pad + (row + 1) * crossBand.row;
}

export interface SceneOptions {
  /** Wrap the band of shared domains at this width (default: the picture's width, at least 480). */
  bandWidth?: number;
  /**
   * The band is drawn apart from the picture (the webview keeps it fixed at the top of the pane, so the
   * shared domains stay in view however the picture is moved): the picture is not moved down for it.
   */
  bandApart?: boolean;
}

export function buildScene(g: GraphModel, laidOut: ElkNode, findings: GraphFinding[], simulation?: SceneSimulation, overlay: SceneOverlay = {}, options: SceneOptions = {}): Scene {
  const boxes = new Map<string, Box & { depth: number }>();
  const walk = (n: ElkNode, depth: number) => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0, depth });
      walk(c, depth + 1);
    }
  };
  walk(laidOut, 0);
  const routes = new Map((laidOut.edges ?? []).map((e) => [e.id, e]));

  const failed = new Set(simulation?.failed ?? []);
  const stale = new Set(overlay.stale ?? []);
  const down = new Set([...(simulation?.down ?? []), ...(simulation?.standbys ?? [])].map((d) => d.id));
  const degraded = new Set(simulation?.degraded.map((d) => d.id) ?? []);
  // In the overview a group stands for its members (overview.ts).
  const shownAs = new Map<string, string>();
  g.components.forEach((c) => c.members?.forEach((m) => shownAs.set(m, c.id)));
  const shown = (id: string) => shownAs.get(id) ?? id;
  const order: SimState[] = ['failed', 'down', 'degraded'];
  const stateOf = (id: string): SimState | undefined => (failed.has(id) ? 'failed' : down.has(id) ? 'down' : degraded.has(id) ? 'degraded' : undefined);
  const groupState = (ids: string[]) => order.find((s) => ids.some((m) => stateOf(m) === s));
  // Consecutive components on any propagation path: the edges between them light up.
  const pathPairs = new Set<string>();
  for (const a of [...(simulation?.down ?? []), ...(simulation?.degraded ?? [])]) {
    for (let i = 0; i + 1 < a.path.length; i++) {
      pathPairs.add(`${shown(a.path[i]!.component)}\u0000${shown(a.path[i + 1]!.component)}`);
    }
  }

  const kinds = domainKinds(g);
  const nodes = g.components.flatMap((c): SceneNode[] => {
    const b = boxes.get(nodeIdOf(c.id));
    if (!b) {
      return [];
    }
    const state = c.members ? groupState(c.members) : stateOf(c.id);
    const u = overlay.utilisation?.[c.id];
    return [{
      id: c.id, ...nodeLines(c, kinds), x: b.x, y: b.y, width: b.width, height: b.height, kind: c.kind, tier: c.tier, owner: c.owner, runbook: c.runbook, findings: [], state,
      utilisation: typeof u === 'number' && Number.isFinite(u) && u >= 0 ? u : undefined, stale: stale.has(c.id) || undefined,
      at: { uri: c.uri, range: c.range },
    }];
  });
  const containers = g.domains.flatMap((d): SceneContainer[] => {
    const b = boxes.get(containerIdOf(d.id));
    return b ? [{ id: d.id, label: domainLabel(d), kind: d.kind, depth: b.depth, x: b.x, y: b.y, width: b.width, height: b.height, findings: [], state: failed.has(d.id) ? 'failed' : undefined, at: { uri: d.uri, range: d.range } }] : [];
  });

  // The saviours: a failover whose source failed or went down while its target is up takes over.
  const nodeOf = new Map(nodes.map((n) => [n.id, n]));
  const isOut = (id: string) => {
    const s = nodeOf.get(id)?.state;
    return s === 'failed' || s === 'down';
  };
  const savers = new Map<string, string[]>();
  if (simulation) {
    for (const f of g.failovers) {
      if (isOut(f.from) && nodeOf.has(f.to) && !isOut(f.to)) {
        savers.set(f.from, [...(savers.get(f.from) ?? []), f.to]);
      }
    }
  }
  for (const [id, by] of Object.entries(overlay.savedBy ?? {})) {
    if (nodeOf.has(id) && Array.isArray(by)) {
      savers.set(id, by.filter((t) => nodeOf.has(t)));
    }
  }
  for (const [from, by] of savers) {
    if (by.length === 0) {
      continue;
    }
    nodeOf.get(from)!.savedBy = by;
    for (const t of by) {
      const n = nodeOf.get(t)!;
      n.saves = [...(n.saves ?? []), from];
    }
  }

  // Cross-cutting domains in use: a band of chips across the top, and the picture below it.
  const cross = g.domains.filter((d) => !placementKinds.has(d.kind) && !boxes.has(containerIdOf(d.id)));
  const members = new Map<string, string[]>(cross.map((d) => [d.id, []]));
  const rides = new Map<string, string[]>(cross.map((d) => [d.id, []]));
  for (const n of nodes) {
    n.chips.forEach((ch) => members.get(ch.id)?.push(n.id));
  }
  g.edges.forEach((e, i) => e.via.forEach((v) => rides.get(v)?.push(edgeIdOf(i))));
  const used = cross.filter((d) => members.get(d.id)!.length > 0 || rides.get(d.id)!.length > 0);
  const crossDomains: SceneCrossDomain[] = used.map((d) => {
    const label = domainLabel(d);
    return {
      id: d.id, label, kind: d.kind, members: members.get(d.id)!, rides: rides.get(d.id)!, findings: [], state: failed.has(d.id) ? 'failed' : undefined,
      // The width once its findings are known (below).
      x: 0, y: 0, width: 0, height: crossBand.chip, at: { uri: d.uri, range: d.range },
    };
  });

  const routeOf = (id: string): ElkPoint[] => {
    const s = routes.get(id)?.sections?.[0];
    return s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
  };
  const shared = sharedRoutes(g);
  const points = (id: string): ElkPoint[] => {
    const own = routeOf(id);
    const share = own.length === 0 ? shared.get(id) : undefined;
    return share ? beside(routeOf(share.via), share.rank, share.reversed) : own;
  };
  const edges: SceneEdge[] = [
    ...g.edges.map((e, i): SceneEdge => {
      const kind: EdgeKind = e.mode === 'async' ? 'async' : e.type === 'soft' ? 'soft' : 'hard';
      const facts = [
        `${e.type} ${e.mode} dependency`,
        e.traffic !== 'business' ? `${e.traffic} traffic` : undefined,
        e.timeoutMs !== undefined ? `timeout ${e.timeoutMs} ms` : undefined,
        e.retries ? `${e.retries} ${e.retries === 1 ? 'retry' : 'retries'}` : undefined,
        e.fallback ? `falls back to ${e.fallback}` : undefined,
        e.via.length ? `via ${e.via.join(', ')}` : undefined,
        e.count && e.count > 1 ? `the strongest of ${e.count} dependencies` : undefined,
      ].filter(Boolean);
      return {
        id: edgeIdOf(i), kind, traffic: e.traffic, from: e.from, to: e.to, points: points(edgeIdOf(i)),
        label: e.via.length ? `via ${e.via.join(', ')}` : undefined,
        tooltip: `${e.from} → ${e.to}: ${facts.join(', ')}`,
        findings: [], onPath: pathPairs.has(`${e.from}\u0000${e.to}`) || undefined, at: { uri: e.uri, range: e.range },
      };
    }),
    ...g.failovers.map((f, i): SceneEdge => ({
      id: failoverIdOf(i), kind: 'failover', traffic: 'business', from: f.from, to: f.to, points: points(failoverIdOf(i)),
      label: `${f.mode} failover`, tooltip: `${f.from} fails over to ${f.to} (${f.mode}, escapes ${f.escapes})`,
      findings: [], onPath: pathPairs.has(`${f.from}\u0000${f.to}`) || undefined, at: { uri: f.uri, range: f.range },
    })),
  ];

  g.failovers.forEach((f, i) => {
    if (nodeOf.get(f.to)?.saves?.includes(f.from)) {
      edges[g.edges.length + i]!.saving = true;
    }
  });

  const nodeById = nodeOf;
  const containerById = new Map<string, SceneContainer | SceneCrossDomain>([...containers.map((c) => [c.id, c] as const), ...crossDomains.map((c) => [c.id, c] as const)]);
  const unanchored: number[] = [];
  findings.forEach((f, i) => {
    const a = anchorOf(g, f);
    const target =
      a?.kind === 'component' ? nodeById.get(a.id)
      : a?.kind === 'domain' ? containerById.get(a.id)
      : a?.kind === 'edge' ? edges[a.index]
      : a?.kind === 'failover' ? edges[g.edges.length + a.index]
      : undefined;
    if (target) {
      target.findings.push(i);
      target.severity = worseSeverity(target.severity, f.severity);
    } else {
      unanchored.push(i);
    }
  });

  // The band, now that each chip knows whether it carries a badge; drawn in the picture (the CLI), it moves
  // the picture down.
  for (const c of crossDomains) {
    c.width = crossChipWidth(c.label, c.state === 'failed', c.severity !== undefined);
  }
  const band = placeBand(crossDomains, options.bandWidth ?? Math.max(laidOut.width ?? 0, 480));
  const shift = options.bandApart ? 0 : band;
  if (shift) {
    for (const b of [...nodes, ...containers]) {
      b.y += shift;
    }
    for (const e of edges) {
      e.points = e.points.map((p) => ({ x: p.x, y: p.y + shift }));
    }
  }
  const bandRight = options.bandApart ? 0 : crossDomains.reduce((w, c) => Math.max(w, c.x + c.width + crossBand.pad), 0);
  return { width: Math.max(laidOut.width ?? 0, bandRight), height: (laidOut.height ?? 0) + shift, band, containers, crossDomains, nodes, edges, findings, unanchored };
}

/** Gap between lines that share a route (sharedRoutes): wide enough for two arrowheads side by side. */
const parallelGap = 10;

/**
 * `route` moved sideways for the rank-th line that shares it (1 right, 2 left, 3 further right, ...),
 * perpendicular to its overall direction, so the ends stay on the same box borders; reversed for a
 * line that runs the other way.
 */
function beside(route: ElkPoint[], rank: number, reversed: boolean): ElkPoint[] {
  if (route.length < 2) {
    return [];
  }
  const a = route[0]!;
  const b = route[route.length - 1]!;
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const side = (rank % 2 === 1 ? 1 : -1) * Math.ceil(rank / 2) * parallelGap;
  const dx = (-(b.y - a.y) / length) * side;
  const dy = ((b.x - a.x) / length) * side;
  const moved = route.map((p) => ({ x: p.x + dx, y: p.y + dy }));
  return reversed ? moved.reverse() : moved;
}
