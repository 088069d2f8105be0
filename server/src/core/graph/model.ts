// What a graph view needs of one analysed map: plain data (JSON-safe), shared by the language server
// (which sends it to the webview), the CLI (`incidentmap graph`) and the renderers in this folder.
import type { Finding } from '../findings';
import type { Model } from '../model/types';

import type { Position, Range, Severity } from '../findings';

export type { Position, Range, Severity } from '../findings';

/** Where an element of the map is written: the graph panel reveals it on click. */
export interface SourceLocation {
  uri: string;
  range: Range;
}

/** A finding as the core reports it (the same shape the CLI's JSON output uses). */
export interface GraphFinding extends SourceLocation {
  ruleId: string;
  severity: Severity;
  message: string;
  related?: (SourceLocation & { message: string })[];
  /** Structured facts, e.g. `{ component: 'checkout-api' }`, to attach a finding to a node. */
  data?: Record<string, unknown>;
}

export interface GraphComponent extends SourceLocation {
  /** The whole declaration: findings inside it belong to this component. */
  block: Range;
  id: string;
  name?: string;
  kind: string;
  tier?: 1 | 2 | 3;
  owner?: string;
  /** An http(s) URL as validated by the core; open it only through openExternal. */
  runbook?: string;
  domains: string[];
  spreadAcross: string[];
  signals: number;
  leadingSignals: number;
  /** Only on a group of the overview (overview.ts): the components it stands for, and their declarations. */
  members?: string[];
  memberBlocks?: SourceLocation[];
}

export interface GraphDomain extends SourceLocation {
  block: Range;
  id: string;
  name?: string;
  kind: string;
  parent?: string;
}

/** A dependency, drawn from the component that declares it to its target. */
export interface GraphEdge extends SourceLocation {
  /** The dependency entry: findings inside it belong to this edge. */
  block: Range;
  from: string;
  to: string;
  type: 'hard' | 'soft';
  mode: 'sync' | 'async';
  traffic: 'business' | 'telemetry' | 'control';
  via: string[];
  fallback?: string;
  timeoutMs?: number;
  retries: number;
  /** Only on an edge of the overview: how many dependencies it stands for, and their declarations. */
  count?: number;
  memberBlocks?: SourceLocation[];
}

export interface GraphFailover extends SourceLocation {
  from: string;
  to: string;
  mode: 'automatic' | 'manual';
  escapes: string;
}

/** What a graph view needs of one map and its include closure. */
export interface GraphModel {
  /** The map the graph was built for (the analysis entry). */
  uri: string;
  /** Its include closure, entry first. */
  files: string[];
  components: GraphComponent[];
  domains: GraphDomain[];
  edges: GraphEdge[];
  failovers: GraphFailover[];
}

const within = (r: Range, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

export function graphModel(uri: string, files: string[], model: Model): GraphModel {
  return {
    uri,
    files,
    components: [...model.components.values()].map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      tier: c.tier,
      owner: c.owner,
      runbook: c.runbook,
      domains: c.domains.map((r) => r.id),
      spreadAcross: c.spreadAcross.map((r) => r.id),
      signals: c.signals.length,
      leadingSignals: c.signals.filter((s) => s.leading).length,
      uri: c.uri,
      range: c.idRange,
      block: c.range,
    })),
    domains: [...model.domains.values()].map((d) => ({ id: d.id, name: d.name, kind: d.kind, parent: d.parent?.id, uri: d.uri, range: d.idRange, block: d.range })),
    // Edges to unknown components are left out: the unknown-reference finding reports them.
    edges: [...model.components.values()].flatMap((c) =>
      c.dependsOn
        .filter((d) => model.components.has(d.target.id))
        .map((d) => ({
          from: c.id,
          to: d.target.id,
          type: d.type,
          mode: d.mode,
          traffic: d.traffic,
          via: d.via.map((r) => r.id),
          fallback: d.fallback?.target?.id,
          timeoutMs: d.timeoutMs,
          retries: d.retries,
          uri: d.uri,
          range: d.target.range,
          block: d.range,
        })),
    ),
    failovers: model.failovers
      .filter((f) => model.components.has(f.from.id) && model.components.has(f.to.id))
      .map((f) => ({ from: f.from.id, to: f.to.id, mode: f.mode, escapes: f.escapes, uri: f.uri, range: f.range })),
  };
}

/** Findings as a view shows them: the plain fields, without fixes. */
export function graphFindings(findings: readonly Finding[]): GraphFinding[] {
  return findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, uri: f.uri, range: f.range, related: f.related, data: f.data }));
}

/** Where a finding is shown in the graph: the element whose declaration contains it. */
export type Anchor = { kind: 'component' | 'domain'; id: string } | { kind: 'edge'; index: number } | { kind: 'failover'; index: number };

export function anchorOf(g: GraphModel, f: Pick<GraphFinding, 'uri' | 'range'>): Anchor | undefined {
  const p = f.range.start;
  const inMembers = (x: { memberBlocks?: SourceLocation[] }) => x.memberBlocks?.some((m) => m.uri === f.uri && within(m.range, p)) ?? false;
  const edge = g.edges.findIndex((e) => (e.uri === f.uri && within(e.block, p)) || inMembers(e));
  if (edge >= 0) {
    return { kind: 'edge', index: edge };
  }
  const failover = g.failovers.findIndex((x) => x.uri === f.uri && within(x.range, p));
  if (failover >= 0) {
    return { kind: 'failover', index: failover };
  }
  const c = g.components.find((x) => (x.uri === f.uri && within(x.block, p)) || inMembers(x));
  if (c) {
    return { kind: 'component', id: c.id };
  }
  const d = g.domains.find((x) => x.uri === f.uri && within(x.block, p));
  return d ? { kind: 'domain', id: d.id } : undefined;
}
