// Component and domain ids as symbols: where each is defined, every place that names it, and the
// outline of a file. Read from the model, whose ranges point at the ids as written.
import type { Position, Range } from '../findings';
import type { Component, Domain, Failover, Model, Ref } from '../model/types';
import { contains } from './text';

export type SymbolKind = 'component' | 'domain';

/** An id under the cursor: its definition or a reference to it. */
export interface SymbolHit {
  id: string;
  /** What the id resolves to in this model; undefined for an unknown reference. */
  kind: SymbolKind | undefined;
  /** What the field expects, for an unknown reference. */
  expects: SymbolKind | 'either';
  uri: string;
  range: Range;
  isDefinition: boolean;
  /** The field it is written in (`target`, `domains`, `id`...). */
  field: string;
}

export interface Occurrence {
  uri: string;
  range: Range;
  isDefinition: boolean;
}

interface RefSite {
  ref: Ref;
  expects: SymbolKind | 'either';
  field: string;
}

function componentRefs(c: Component): RefSite[] {
  const out: RefSite[] = [];
  c.domains.forEach((ref) => out.push({ ref, expects: 'domain', field: 'domains' }));
  c.spreadAcross.forEach((ref) => out.push({ ref, expects: 'domain', field: 'spreadAcross' }));
  c.watches.forEach((ref) => out.push({ ref, expects: 'component', field: 'watches' }));
  for (const dep of c.dependsOn) {
    out.push({ ref: dep.target, expects: 'component', field: 'target' });
    if (dep.fallback?.target) {
      out.push({ ref: dep.fallback.target, expects: 'component', field: 'fallback.target' });
    }
    dep.via.forEach((ref) => out.push({ ref, expects: 'either', field: 'via' }));
  }
  return out;
}

function domainRefs(d: Domain): RefSite[] {
  return d.parent ? [{ ref: d.parent, expects: 'domain', field: 'parent' }] : [];
}

function failoverRefs(f: Failover): RefSite[] {
  return [
    { ref: f.from, expects: 'component', field: 'from' },
    { ref: f.to, expects: 'component', field: 'to' },
  ];
}

/** Every reference written in the model, in file order. */
export function allRefs(model: Model): RefSite[] {
  const out: RefSite[] = [];
  model.domains.forEach((d) => out.push(...domainRefs(d)));
  model.components.forEach((c) => out.push(...componentRefs(c)));
  model.failovers.forEach((f) => out.push(...failoverRefs(f)));
  return out;
}

function resolve(model: Model, id: string, expects: SymbolKind | 'either'): SymbolKind | undefined {
  if (expects !== 'domain' && model.components.has(id)) {
    return 'component';
  }
  if (expects !== 'component' && model.domains.has(id)) {
    return 'domain';
  }
  return undefined;
}

/** The component or domain id at `pos` in `uri`, defined or referenced. */
export function symbolAt(model: Model, uri: string, pos: Position): SymbolHit | undefined {
  for (const c of model.components.values()) {
    if (c.uri !== uri || !contains(c.range, pos)) {
      continue;
    }
    if (contains(c.idRange, pos)) {
      return { id: c.id, kind: 'component', expects: 'component', uri, range: c.idRange, isDefinition: true, field: 'id' };
    }
    const hit = refHit(model, componentRefs(c), pos);
    if (hit) {
      return hit;
    }
  }
  for (const d of model.domains.values()) {
    if (d.uri !== uri || !contains(d.range, pos)) {
      continue;
    }
    if (contains(d.idRange, pos)) {
      return { id: d.id, kind: 'domain', expects: 'domain', uri, range: d.idRange, isDefinition: true, field: 'id' };
    }
    const hit = refHit(model, domainRefs(d), pos);
    if (hit) {
      return hit;
    }
  }
  for (const f of model.failovers) {
    if (f.uri === uri && contains(f.range, pos)) {
      const hit = refHit(model, failoverRefs(f), pos);
      if (hit) {
        return hit;
      }
    }
  }
  return undefined;
}

function refHit(model: Model, sites: RefSite[], pos: Position): SymbolHit | undefined {
  const site = sites.find((s) => contains(s.ref.range, pos));
  if (!site) {
    return undefined;
  }
  const { ref, expects, field } = site;
  return { id: ref.id, kind: resolve(model, ref.id, expects), expects, uri: ref.uri, range: ref.range, isDefinition: false, field };
}

/** Where `id` (a component or a domain) is defined in the model. */
export function definitionOf(model: Model, id: string, kind: SymbolKind): Occurrence | undefined {
  const el = kind === 'component' ? model.components.get(id) : model.domains.get(id);
  return el ? { uri: el.uri, range: el.idRange, isDefinition: true } : undefined;
}

/** The definition (when `includeDefinition`) and every reference to `id` resolving to `kind`. */
export function occurrences(model: Model, id: string, kind: SymbolKind, includeDefinition = true): Occurrence[] {
  const out: Occurrence[] = [];
  const def = definitionOf(model, id, kind);
  if (def && includeDefinition) {
    out.push(def);
  }
  for (const { ref, expects } of allRefs(model)) {
    if (ref.id === id && resolve(model, id, expects) === kind) {
      out.push({ uri: ref.uri, range: ref.range, isDefinition: false });
    }
  }
  return out;
}

/** The range of the id's characters: quoted ids keep their quotes when renamed. */
export function idTextRange(range: Range, id: string): Range {
  const width = range.end.character - range.start.character;
  if (range.start.line === range.end.line && width === id.length + 2) {
    return { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } };
  }
  return range;
}

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'component' | 'domain' | 'failover' | 'dependency' | 'signal' | 'rollback' | 'runbook-step';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

/** The outline of one file of the model: domains, components (with their parts), failovers. */
export function outline(model: Model, uri: string): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const d of model.domains.values()) {
    if (d.uri === uri) {
      out.push(sym(d.id, 'domain', d.range, d.idRange, `${d.kind}${d.parent ? ` in ${d.parent.id}` : ''}`));
    }
  }
  for (const c of model.components.values()) {
    if (c.uri !== uri) {
      continue;
    }
    const s = sym(c.id, 'component', c.range, c.idRange, `${c.kind}${c.tier ? ` · tier ${c.tier}` : ''}${c.owner ? ` · ${c.owner}` : ''}`);
    for (const dep of c.dependsOn) {
      s.children.push(sym(`→ ${dep.target.id}`, 'dependency', dep.range, dep.target.range, `${dep.type} ${dep.mode}`));
    }
    for (const sig of c.signals) {
      s.children.push(sym(sig.name || sig.metric || 'signal', 'signal', sig.range, sig.ranges['name'] ?? sig.range, sig.leading ? 'leading' : 'lagging'));
    }
    for (const r of c.rollback) {
      s.children.push(sym(r.name || 'rollback', 'rollback', r.range, r.ranges['name'] ?? r.range, r.safe ? 'safe' : undefined));
    }
    c.runbookSteps.forEach((step, i) => s.children.push(sym(step.check || `step ${i + 1}`, 'runbook-step', step.range, step.ranges['check'] ?? step.range)));
    out.push(s);
  }
  for (const f of model.failovers) {
    if (f.uri === uri) {
      out.push(sym(`${f.from.id} ⇒ ${f.to.id}`, 'failover', f.range, f.from.range, `${f.mode}, escapes ${f.escapes}`));
    }
  }
  return out;
}

function sym(name: string, kind: OutlineSymbol['kind'], range: Range, selection: Range, detail?: string): OutlineSymbol {
  // LSP requires the selection inside the range; YAML node ranges can stop short of a trailing comment.
  return { name, kind, range: union(range, selection), selectionRange: selection, detail, children: [] };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function union(a: Range, b: Range): Range {
  return { start: before(b.start, a.start) ? b.start : a.start, end: before(a.end, b.end) ? b.end : a.end };
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  detail: string;
  uri: string;
  range: Range;
}

/** Components and domains whose id or name contains the query's characters in order (like VS Code). */
export function workspaceSymbols(models: Model[], query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const matches = (s: string) => {
    let i = 0;
    for (const ch of s.toLowerCase()) {
      if (ch === q[i]) {
        i++;
      }
    }
    return i === q.length;
  };
  const seen = new Set<string>();
  const out: WorkspaceSymbol[] = [];
  const push = (name: string, kind: SymbolKind, detail: string, uri: string, range: Range, label?: string) => {
    const key = `${kind}:${name}@${uri}`;
    if (out.length < limit && !seen.has(key) && (matches(name) || (label !== undefined && matches(label)))) {
      seen.add(key);
      out.push({ name, kind, detail, uri, range });
    }
  };
  for (const m of models) {
    m.components.forEach((c) => push(c.id, 'component', `${c.kind}${c.tier ? ` · tier ${c.tier}` : ''}`, c.uri, c.idRange, c.name));
    m.domains.forEach((d) => push(d.id, 'domain', d.kind, d.uri, d.idRange, d.name));
  }
  return out;
}
