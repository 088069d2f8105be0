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
  let index = anchorIndexes.get(g);
  if (!index) {
    index = new AnchorIndex(g);
    anchorIndexes.set(g, index);
  }
  return index.find(f.uri, f.range.start);
}

// A scene anchors every finding: scanning every element per finding was O(findings x elements), 54 ms
// for a 1,000-component map with its 2,700 findings. Built once per model, looked up by binary search.
const anchorIndexes = new WeakMap<GraphModel, AnchorIndex>();

class AnchorIndex {
  private readonly edges = new RangeIndex();
  private readonly failovers = new RangeIndex();
  private readonly components = new RangeIndex();
  private readonly domains = new RangeIndex();

  constructor(private readonly g: GraphModel) {
    g.edges.forEach((e, i) => {
      this.edges.add(e.uri, e.block, i);
      e.memberBlocks?.forEach((m) => this.edges.add(m.uri, m.range, i));
    });
    g.failovers.forEach((x, i) => this.failovers.add(x.uri, x.range, i));
    g.components.forEach((c, i) => {
      this.components.add(c.uri, c.block, i);
      c.memberBlocks?.forEach((m) => this.components.add(m.uri, m.range, i));
    });
    g.domains.forEach((d, i) => this.domains.add(d.uri, d.block, i));
  }

  /** The first element, in the order edges, failovers, components, domains, whose declaration holds p. */
  find(uri: string, p: Position): Anchor | undefined {
    const edge = this.edges.find(uri, p);
    if (edge >= 0) {
      return { kind: 'edge', index: edge };
    }
    const failover = this.failovers.find(uri, p);
    if (failover >= 0) {
      return { kind: 'failover', index: failover };
    }
    const c = this.components.find(uri, p);
    if (c >= 0) {
      return { kind: 'component', id: this.g.components[c]!.id };
    }
    const d = this.domains.find(uri, p);
    return d >= 0 ? { kind: 'domain', id: this.g.domains[d]!.id } : undefined;
  }
}

/** Positions as one number: files are at most a few MB, so a character offset stays below 2^23. */
const key = (p: Position) => p.line * 8_388_608 + Math.min(p.character, 8_388_607);

/** Ranges of one kind per file, sorted by start: the smallest owner whose range holds a position. */
class RangeIndex {
  private readonly files = new Map<string, { start: number; end: number; owner: number }[]>();
  private readonly sorted = new Map<string, { starts: Float64Array; ends: Float64Array; maxEnd: Float64Array; owners: Int32Array }>();

  add(uri: string, r: Range, owner: number): void {
    const list = this.files.get(uri) ?? [];
    list.push({ start: key(r.start), end: key(r.end), owner });
    this.files.set(uri, list);
  }

  find(uri: string, p: Position): number {
    const s = this.table(uri);
    if (!s) {
      return -1;
    }
    const k = key(p);
    // the last range starting at or before k
    let lo = 0;
    let hi = s.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s.starts[mid]! <= k) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    // Back through every range that starts earlier and may still reach k (maxEnd is the largest end
    // so far): one or two steps when ranges of a kind do not nest, all of them at worst.
    let best = -1;
    for (let j = lo - 1; j >= 0 && s.maxEnd[j]! >= k; j--) {
      if (s.ends[j]! >= k && (best < 0 || s.owners[j]! < best)) {
        best = s.owners[j]!;
      }
    }
    return best;
  }

  private table(uri: string) {
    let s = this.sorted.get(uri);
    const list = this.files.get(uri);
    if (!s && list) {
      list.sort((a, b) => a.start - b.start || a.owner - b.owner);
      const maxEnd = new Float64Array(list.length);
      list.forEach((x, i) => (maxEnd[i] = Math.max(x.end, i > 0 ? maxEnd[i - 1]! : -1)));
      s = { starts: Float64Array.from(list, (x) => x.start), ends: Float64Array.from(list, (x) => x.end), maxEnd, owners: Int32Array.from(list, (x) => x.owner) };
      this.sorted.set(uri, s);
    }
    return s;
  }
}
