// Completion candidates: the keys the format allows where the cursor is, enum values with their
// docs, and the ids a reference field can name. The spec is the only source, so completion offers
// exactly what the validator accepts.
import type { Position, Range } from '../findings';
import type { Model } from '../model/types';
import { rules } from '../rules/index';
import type { Spec } from '../schema/spec';
import { contextAt, type CursorContext } from './context';
import { snippets } from './snippets';

export interface CompletionCandidate {
  label: string;
  kind: 'key' | 'value' | 'component' | 'domain' | 'rule' | 'snippet' | 'owner';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert over `range`; a snippet (`$0`, `${1|a,b|}`) when `snippet` is set. */
  insertText: string;
  snippet: boolean;
  range: Range;
  sortText: string;
}

/** Ids a completion may offer: the models of the analyses that see this file. */
export interface IdSource {
  components: Iterable<{ id: string; kind: string; name?: string; tier?: number; uri: string }>;
  domains: Iterable<{ id: string; kind: string; name?: string; uri: string }>;
  /** Owners already named in these maps (components and files), for `owner:`. */
  owners?: Iterable<string>;
}

export function idSource(models: Model[]): IdSource {
  return {
    components: models.flatMap((m) => [...m.components.values()]),
    domains: models.flatMap((m) => [...m.domains.values()]),
    owners: models.flatMap((m) => [...[...m.components.values()].map((c) => c.owner), ...m.files.map((f) => f.owner)].filter((o): o is string => o !== undefined)),
  };
}

export function completions(text: string, pos: Position, ids: IdSource): CompletionCandidate[] {
  const ctx = contextAt(text, pos);
  if (!ctx?.spec) {
    return [];
  }
  return ctx.kind === 'key' ? [...keyCandidates(ctx), ...snippetCandidates(ctx)] : valueCandidates(ctx, ctx.spec, ids);
}

/** The snippet for the item being written: only at a key, in an empty mapping of the snippet's kind. */
function snippetCandidates(ctx: CursorContext): CompletionCandidate[] {
  const spec = ctx.spec;
  if (spec?.t !== 'object' || ctx.flow || ctx.colonAfter || ctx.present.size > 0) {
    return [];
  }
  return snippets
    .filter((s) => s.spec === spec.name)
    .map((s) => {
      const item = s.body[0]!.startsWith('- ');
      const indent = ' '.repeat(ctx.keyCol);
      const lines = item ? [s.body[0]!.slice(2), ...s.body.slice(1).map((l) => (l === '' || l === '$0' ? l : indent + l.slice(2)))] : s.body.map((l, i) => (i === 0 || l === '' || l === '$0' ? l : indent + l));
      return {
        label: s.prefix,
        kind: 'snippet' as const,
        detail: s.label,
        documentation: s.description,
        insertText: lines.join('\n'),
        snippet: true,
        range: ctx.range,
        sortText: `9${s.prefix}`,
      };
    });
}

function keyCandidates(ctx: CursorContext): CompletionCandidate[] {
  const spec = ctx.spec;
  if (spec?.t === 'record') {
    // settings.rules: rule ids as keys
    return rules
      .filter((r) => !ctx.present.has(r.id))
      .map((r) => ({
        label: r.id,
        kind: 'rule' as const,
        detail: `${r.severity} · ${r.category}`,
        documentation: `**${r.title}**\n\n${r.description}`,
        insertText: ctx.colonAfter ? r.id : `${r.id}: `,
        snippet: false,
        range: ctx.range,
        sortText: r.id,
      }));
  }
  if (spec?.t !== 'object') {
    return [];
  }
  const out: CompletionCandidate[] = [];
  for (const [key, field] of Object.entries(spec.fields)) {
    if (ctx.present.has(key)) {
      continue;
    }
    out.push({
      label: key,
      kind: 'key',
      detail: `${field.required ? 'required ' : ''}${typeName(field.spec)}`,
      documentation: fieldDoc(field.spec),
      insertText: ctx.colonAfter ? key : keyInsert(key, field.spec, ctx),
      snippet: !ctx.colonAfter,
      range: ctx.range,
      // required first, then the spec's order (which reads like a well-written map)
      sortText: `${field.required ? 0 : 1}${String(out.length).padStart(3, '0')}`,
    });
  }
  return out;
}

function keyInsert(key: string, spec: Spec, ctx: CursorContext): string {
  if (ctx.flow) {
    return `${key}: $0`;
  }
  const inner = ' '.repeat(ctx.keyCol + 2);
  switch (spec.t) {
    case 'enum':
      return `${key}: \${1|${spec.values.map((v) => escapeChoice(String(v))).join(',')}|}`;
    case 'boolean':
      return `${key}: \${1|true,false|}`;
    case 'object':
    case 'record':
      return `${key}:\n${inner}$0`;
    case 'array':
      return spec.items.t === 'object' ? `${key}:\n${inner}- $0` : `${key}: [$0]`;
    default:
      return `${key}: $0`;
  }
}

function escapeChoice(v: string): string {
  return v.replace(/[,|\\$}]/g, (c) => `\\${c}`);
}

function valueCandidates(ctx: CursorContext, specIn: Spec, ids: IdSource): CompletionCandidate[] {
  let spec = specIn;
  if (spec.t === 'stringOr') {
    spec = spec.string;
  }
  if (spec.t === 'array' && !ctx.flow) {
    spec = spec.items; // `domains: ` then an id: offer the ids as a flow list's first entry
  }
  const at = (label: string, kind: CompletionCandidate['kind'], i: number, detail?: string, documentation?: string): CompletionCandidate => ({
    label, kind, detail, documentation, insertText: ctx.needsSpace ? ` ${label}` : label, snippet: false, range: ctx.range, sortText: String(i).padStart(4, '0'),
  });
  const key = ctx.path[ctx.path.length - 1];
  if (key === 'owner' && spec.t === 'string') {
    // The owners this workspace already names: one spelling per team.
    return [...new Set(ids.owners ?? [])].sort().map((o, i) => at(o, 'owner', i, 'owner named in these maps'));
  }
  switch (spec.t) {
    case 'enum':
      return spec.values.map((v, i) => at(String(v), 'value', i, undefined, spec.valueDocs?.[String(v)]));
    case 'boolean':
      return ['true', 'false'].map((v, i) => at(v, 'value', i));
    case 'ref': {
      const out: CompletionCandidate[] = [];
      const seen = new Set<string>();
      if (spec.to !== 'domain') {
        for (const c of ids.components) {
          if (!seen.has(c.id)) {
            seen.add(c.id);
            out.push(at(c.id, 'component', out.length, `${c.kind}${c.tier ? ` · tier ${c.tier}` : ''}`, c.name));
          }
        }
      }
      if (spec.to !== 'component') {
        for (const d of ids.domains) {
          if (!seen.has(d.id)) {
            seen.add(d.id);
            out.push(at(d.id, 'domain', out.length, d.kind, d.name));
          }
        }
      }
      return out;
    }
    default:
      return [];
  }
}

function typeName(spec: Spec): string {
  switch (spec.t) {
    case 'enum':
      return spec.values.map(String).join(' | ');
    case 'ref':
      return spec.to === 'component-or-domain' ? 'component or domain id' : `${spec.to} id`;
    case 'array':
      return `list of ${spec.items.t === 'object' ? spec.items.name : typeName(spec.items)}`;
    case 'object':
      return spec.name;
    case 'stringOr':
      return `text or ${spec.object.name}`;
    case 'record':
      return 'mapping';
    case 'string':
      return spec.format && spec.format !== 'id' ? spec.format : 'text';
    default:
      return spec.t;
  }
}

/** Markdown documentation of a field: its description, its allowed values, an example. */
export function fieldDoc(spec: Spec): string {
  const parts = [spec.description];
  if (spec.t === 'enum') {
    parts.push(spec.values.map((v) => `- \`${String(v)}\`${spec.valueDocs?.[String(v)] ? `: ${spec.valueDocs[String(v)]}` : ''}`).join('\n'));
  }
  if (spec.t === 'string' && spec.examples?.length) {
    parts.push(`Example: \`${spec.examples[0]}\``);
  }
  return parts.join('\n\n');
}

export { typeName as specTypeName };
