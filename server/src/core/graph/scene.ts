// A laid-out map ready to paint: boxes, containers and routed edges with their findings and, during a
// simulation, their state. Both painters (the SVG string for docs and the webview's DOM) read this.
import { worseSeverity } from '../findings';
import { anchorOf, type GraphFinding, type GraphModel, type Severity, type SourceLocation } from './model';
import { containerIdOf, domainKinds, edgeIdOf, failoverIdOf, nodeIdOf, nodeLines, sharedRoutes, type ElkNode, type ElkPoint } from './layout';

export type EdgeKind = 'hard' | 'soft' | 'async' | 'failover';
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
  tags: string;
  kind: string;
  tier?: number;
  owner?: string;
  runbook?: string;
  severity?: Severity;
  /** Indices into Scene.findings. */
  findings: number[];
  state?: SimState;
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
  at: SourceLocation;
}

export interface Scene {
  width: number;
  height: number;
  containers: SceneContainer[];
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
}

export function buildScene(g: GraphModel, laidOut: ElkNode, findings: GraphFinding[], simulation?: SceneSimulation): Scene {
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
  const down = new Set(simulation?.down.map((d) => d.id) ?? []);
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
    return [{ id: c.id, ...nodeLines(c, kinds), x: b.x, y: b.y, width: b.width, height: b.height, kind: c.kind, tier: c.tier, owner: c.owner, runbook: c.runbook, findings: [], state, at: { uri: c.uri, range: c.range } }];
  });
  const containers = g.domains.flatMap((d): SceneContainer[] => {
    const b = boxes.get(containerIdOf(d.id));
    return b ? [{ id: d.id, label: d.name ? `${d.kind} ${d.name}` : `${d.kind} ${d.id}`, kind: d.kind, depth: b.depth, x: b.x, y: b.y, width: b.width, height: b.height, findings: [], state: failed.has(d.id) ? 'failed' : undefined, at: { uri: d.uri, range: d.range } }] : [];
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
        e.retries ? `${e.retries} retries` : undefined,
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

  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const containerById = new Map(containers.map((c) => [c.id, c]));
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

  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, containers, nodes, edges, findings, unanchored };
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
