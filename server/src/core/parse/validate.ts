import { parseQuantity } from '../units';
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node as YamlNode, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Finding, Range } from '../findings';
import type { Spec } from '../schema/spec';
import { didYouMean, suggestValue } from '../suggest';
import { clip, parseDate, parseDuration, parsePercent, parseUrl, parseUrlOrPath } from '../values';
import type { ParsedYaml } from './parseYaml';
import { SimpleMap, SimpleScalar, SimpleSeq, type SimpleNode } from './simpleYaml';

/** yaml's nodes, or the fast reader's (simpleYaml.ts), which carry the same fields. */
type Node = YamlNode | SimpleNode;
type MapNode = YAMLMap<unknown, unknown> | SimpleMap;
type SeqNode = YAMLSeq<unknown> | SimpleSeq;
type ScalarNode = Scalar | SimpleScalar;
const asMap = (n: unknown): n is MapNode => n instanceof SimpleMap || isMap(n);
const asSeq = (n: unknown): n is SeqNode => n instanceof SimpleSeq || isSeq(n);
const asScalar = (n: unknown): n is ScalarNode => n instanceof SimpleScalar || isScalar(n);

/** Where a node's content ends: for a block collection, where its last value ends. */
function endOf(node: Node): number {
  let n = node;
  while ((asMap(n) || asSeq(n)) && !n.flow && n.items.length > 0) {
    const last = n.items[n.items.length - 1] as { key?: unknown; value?: unknown } | undefined;
    const next = (asMap(n) ? (last?.value ?? last?.key) : last) as Node | null | undefined;
    if (!next?.range) {
      break;
    }
    n = next;
  }
  return n.range![1];
}

/** A validated value: only what passed the spec survives, each piece with its source range. */
export type V =
  | { k: 'str'; v: string; range: Range }
  | { k: 'num'; v: number; range: Range }
  | { k: 'bool'; v: boolean; range: Range }
  | { k: 'ref'; id: string; range: Range }
  | { k: 'arr'; items: V[]; range: Range }
  | { k: 'obj'; fields: Map<string, V>; keyRanges: Map<string, Range>; range: Range; headRange: Range };

/** Set by the chunked loader: the root spec whose required fields span chunks. */
export const mapSpecRef: { current?: Spec } = {};

/** Ids are lower case (docs/language.md): `API` and `api` would otherwise be two components that read alike. */
export const idPattern = /^[a-z0-9][a-z0-9._-]{0,199}$/;

/** Names people reach for from other tools; edit distance alone would not find these. */
const synonyms: Record<string, string> = {
  dependencies: 'dependsOn', depends_on: 'dependsOn', 'depends-on': 'dependsOn', deps: 'dependsOn', requires: 'dependsOn', calls: 'dependsOn',
  component: 'components', services: 'components', domain: 'domains', failover: 'failovers', includes: 'include', imports: 'include',
  zones: 'domains', spread: 'spreadAcross', team: 'owner', owners: 'owner', alerts: 'signals', metrics: 'signals', signal: 'signals',
  warning: 'warn', critical: 'crit', timeoutms: 'timeout', retry: 'retries', version: 'incidentmap', rollbacks: 'rollback', steps: 'runbookSteps',
};

const coreTags = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

interface Ctx {
  file: ParsedYaml;
  findings: Finding[];
  anchors: Map<string, { offset: number; node: Node }[]>;
  aliasBudget: number;
  aliasExhausted: boolean;
  /** Skip required-field checks on the root mapping (it is split across chunks). */
  partialRoot?: boolean;
}

/**
 * Validates one chunk of a file (see chunks.ts): a list item against its element's spec, or a
 * top-level entry against the map spec without requiring the fields other chunks hold.
 */
export function validateChunk(file: ParsedYaml, contents: ParsedNode | SimpleNode | null, kind: 'item' | 'header', spec: Spec, section?: string): { value?: V; findings: Finding[] } | undefined {
  const ctx: Ctx = { file, findings: [], anchors: new Map(), aliasBudget: 0, aliasExhausted: false, partialRoot: kind === 'header' };
  if (kind === 'item') {
    if (!asSeq(contents) || contents.items.length !== 1) {
      return undefined;
    }
    // Named after its section, as the whole file's list names its items ("`components` must be ...").
    return { value: check(ctx, contents.items[0] as Node, spec, section), findings: ctx.findings };
  }
  if (contents === null || (asScalar(contents) && contents.value === null)) {
    return { findings: [] };
  }
  if (!asMap(contents)) {
    return undefined;
  }
  return { value: check(ctx, contents, spec, undefined), findings: ctx.findings };
}

export function validateDocument(file: ParsedYaml, doc: Document.Parsed<ParsedNode>, spec: Spec, maxAliasNodes: number): { value?: V; findings: Finding[] } {
  const ctx: Ctx = { file, findings: [], anchors: collectAnchors(doc), aliasBudget: maxAliasNodes, aliasExhausted: false };
  if (!doc.contents || (asScalar(doc.contents) && doc.contents.value === null)) {
    report(ctx, [0, 0], 'missing-field', 'The file is empty: start with `incidentmap: 1`, then components:.');
    return { findings: ctx.findings };
  }
  const value = check(ctx, doc.contents, spec, undefined);
  return { value, findings: ctx.findings };
}

function collectAnchors(doc: Document.Parsed<ParsedNode>): Map<string, { offset: number; node: Node }[]> {
  // One pass instead of Alias.resolve(), which searches the whole document for every alias.
  const anchors = new Map<string, { offset: number; node: Node }[]>();
  if (!doc.contents) {
    return anchors;
  }
  visit(doc, (_key, node) => {
    const n = node as Node & { anchor?: string };
    if (n && typeof n === 'object' && 'anchor' in n && n.anchor && n.range) {
      const list = anchors.get(n.anchor) ?? [];
      list.push({ offset: n.range[0], node: n });
      anchors.set(n.anchor, list);
    }
    return undefined;
  });
  return anchors;
}

function rangeOf(ctx: Ctx, node: Node | null | undefined, fallback?: Range): Range {
  const r = node?.range;
  if (!r) {
    return fallback ?? ctx.file.range(0, 0);
  }
  // A block collection ends where its last value ends. yaml's own end can run on over the comments,
  // blank lines and indentation that follow, which depend on what comes next: so a chunk parsed alone
  // gets the same range as in the whole file, and the fast reader (simpleYaml.ts) the same as yaml.
  let end = Math.max(endOf(node), r[0]);
  while (end > r[0] && (ctx.file.text[end - 1] === ' ' || ctx.file.text[end - 1] === '\t')) {
    end--;
  }
  return ctx.file.range(r[0], end);
}

function report(ctx: Ctx, where: Range | [number, number], ruleId: string, message: string, fix?: { title: string; newText: string }): void {
  const range = Array.isArray(where) ? ctx.file.range(where[0], where[1]) : where;
  ctx.findings.push({
    ruleId,
    severity: 'error',
    message,
    uri: ctx.file.uri,
    range,
    ...(fix ? { fixes: [{ title: fix.title, edits: [{ uri: ctx.file.uri, range, newText: fix.newText }] }] } : {}),
  });
}

/** Follows an alias to its anchored node, within the per-file expansion budget. */
function deref(ctx: Ctx, node: Node): Node | undefined {
  if (!isAlias(node)) {
    return node;
  }
  const where = rangeOf(ctx, node);
  const anchored = ctx.anchors.get(node.source)?.filter((a) => a.offset < (node.range?.[0] ?? 0)).pop();
  if (!anchored) {
    report(ctx, where, 'yaml-syntax', `Alias *${clip(node.source)} has no anchor &${clip(node.source)} before it.`);
    return undefined;
  }
  ctx.aliasBudget -= countNodes(anchored.node, ctx.aliasBudget + 1);
  if (ctx.aliasBudget < 0) {
    if (!ctx.aliasExhausted) {
      report(ctx, where, 'alias-expansion-limit', 'Aliases expand to too many nodes (a "billion laughs" pattern?); the rest of the aliases are ignored.');
    }
    ctx.aliasExhausted = true;
    return undefined;
  }
  return anchored.node;
}

function countNodes(node: Node, cap: number): number {
  let n = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0 && n < cap) {
    const x = stack.pop();
    n++;
    if (asMap(x)) {
      for (const p of x.items) {
        stack.push(p.key, p.value);
      }
    } else if (asSeq(x)) {
      stack.push(...x.items);
    }
  }
  return n;
}

function describe(node: Node): string {
  if (asMap(node)) {
    return 'a mapping';
  }
  if (asSeq(node)) {
    return 'a list';
  }
  if (asScalar(node)) {
    const v = node.value;
    return v === null ? 'nothing (null)' : typeof v === 'string' ? `the text "${clip(v, 40)}"` : `${typeof v} ${String(v)}`;
  }
  return 'something else';
}

const expected: Record<Spec['t'], string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  enum: 'one of the listed values',
  ref: 'an id',
  array: 'a list',
  object: 'a mapping of keys to values',
  stringOr: 'text or a mapping',
  record: 'a mapping',
};

function check(ctx: Ctx, raw: Node, spec: Spec, fieldName: string | undefined): V | undefined {
  const node = deref(ctx, raw);
  if (!node) {
    return undefined;
  }
  const range = rangeOf(ctx, isAlias(raw) ? raw : node);
  const tag = (node as { tag?: string }).tag;
  if (tag && !coreTags.has(tag)) {
    report(ctx, range, 'unsupported-tag', `Tag ${clip(tag.replace('tag:yaml.org,2002:', '!!'), 40)} is not supported: incident maps are plain YAML 1.2 data and tags are never executed. Remove the tag.`);
    return undefined;
  }
  if (asScalar(node) && node.value === null && spec.t !== 'string') {
    report(ctx, range, 'missing-field', `${whatOf(fieldName)} has no value: expected ${expected[spec.t]}.`);
    return undefined;
  }
  switch (spec.t) {
    case 'string':
    case 'ref':
      return checkString(ctx, node, spec, range, fieldName);
    case 'number': {
      if (!asScalar(node) || typeof node.value !== 'number') {
        const hint = asScalar(node) && typeof node.value === 'string' && !Number.isNaN(Number(node.value)) ? ' Remove the quotes.' : '';
        report(ctx, range, 'wrong-type', `${whatOf(fieldName)} must be a number, not ${describe(node)}.${hint}`);
        return undefined;
      }
      const v = node.value;
      if (!Number.isFinite(v) || (spec.integer && !Number.isInteger(v))) {
        report(ctx, range, 'invalid-value', `${whatOf(fieldName)} must be ${spec.integer ? 'a whole number' : 'a finite number'}, not ${v}.`);
        return undefined;
      }
      if ((spec.minimum !== undefined && v < spec.minimum) || (spec.maximum !== undefined && v > spec.maximum)) {
        report(ctx, range, 'invalid-value', `${whatOf(fieldName)} must be ${bounds(spec.minimum, spec.maximum)}, not ${v}.`);
        return undefined;
      }
      return { k: 'num', v, range };
    }
    case 'boolean':
      if (!asScalar(node) || typeof node.value !== 'boolean') {
        report(ctx, range, 'wrong-type', `${whatOf(fieldName)} must be true or false, not ${describe(node)}.`);
        return undefined;
      }
      return { k: 'bool', v: node.value, range };
    case 'enum': {
      const value = asScalar(node) ? node.value : undefined;
      const at = typeof value === 'string' || typeof value === 'number' ? spec.values.indexOf(value) : -1;
      if (at >= 0) {
        // The spec's own literal, not the parsed copy: V8 compares two literals by address, so the
        // rules' `d.type === 'hard'` on 50,000 dependencies never reads the parsed text.
        const known = spec.values[at]!;
        return typeof known === 'number' ? { k: 'num', v: known, range } : { k: 'str', v: known, range };
      }
      const list = spec.values.map(String);
      // A number out of a numeric enum (tier: 4): say the range; the nearest digit is no suggestion.
      if (spec.values.length > 1 && spec.values.every((x) => typeof x === 'number')) {
        const nums = spec.values as readonly number[];
        report(
          ctx,
          range,
          asScalar(node) ? 'invalid-value' : 'wrong-type',
          `${whatOf(fieldName)} must be a whole number from ${Math.min(...nums)} to ${Math.max(...nums)}, not ${typeof value === 'number' ? value : describe(node)}.${fieldName === 'tier' ? ' 1 is the most critical (customer-visible outage), 3 the least.' : ''}`,
        );
        return undefined;
      }
      const guess = value !== undefined && value !== null ? suggestValue(String(value), list) : undefined;
      // Another case of an allowed value (type: Soft) is read as that value, never as the default: a
      // soft dependency must not turn hard in the analysis because of a capital letter.
      const caseOnly = guess !== undefined && typeof value === 'string' && guess.toLowerCase() === value.toLowerCase();
      report(
        ctx,
        range,
        asScalar(node) ? 'invalid-value' : 'wrong-type',
        `${whatOf(fieldName)} must be one of ${list.join(', ')}, not ${describe(node)}.${guess ? ` Did you mean ${guess}?` : ''}${caseOnly ? ` It is read as ${guess} until you fix it.` : ''}`,
        guess ? { title: `Change to ${guess}`, newText: guess } : undefined,
      );
      if (caseOnly) {
        const known = spec.values[spec.values.indexOf(guess)]!;
        return { k: 'str', v: String(known), range };
      }
      return undefined;
    }
    case 'array': {
      if (!asSeq(node)) {
        report(ctx, range, 'wrong-type', `${whatOf(fieldName)} must be a list (items start with "- "), not ${describe(node)}.`);
        return undefined;
      }
      const items: V[] = [];
      for (const item of node.items) {
        const v = check(ctx, item as Node, spec.items, fieldName);
        if (v) {
          items.push(v);
        }
      }
      return { k: 'arr', items, range };
    }
    case 'stringOr':
      return asMap(node) ? check(ctx, node, spec.object, fieldName) : check(ctx, node, spec.string, fieldName);
    case 'record':
    case 'object':
      return checkObject(ctx, node, spec, range, fieldName);
  }
}

/** How messages name the value being checked; built only when there is something to report. */
function whatOf(fieldName: string | undefined): string {
  return fieldName ? `\`${fieldName}\`` : 'This value';
}

function bounds(min?: number, max?: number): string {
  return min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
}

function checkString(ctx: Ctx, node: Node, spec: Spec & { t: 'string' | 'ref' }, range: Range, fieldName: string | undefined): V | undefined {
  if (!asScalar(node) || (node.value !== null && typeof node.value === 'object')) {
    report(ctx, range, 'wrong-type', `${whatOf(fieldName)} must be ${spec.t === 'ref' ? 'an id' : 'text'}, not ${describe(node)}.`);
    return undefined;
  }
  // Numbers and booleans become their source text ("capacity: 1200" means the text 1200).
  const text = node.value === null ? '' : typeof node.value === 'string' ? node.value : sourceText(node);
  if (spec.t === 'ref') {
    if (!idPattern.test(text)) {
      const lower = text.toLowerCase();
      const fix = idPattern.test(lower) ? lower : undefined;
      report(
        ctx,
        range,
        'invalid-value',
        `${whatOf(fieldName)}: "${clip(text)}" is not a valid id (lower case letters, digits, '-', '_', '.').${fix ? ` Did you mean ${fix}?` : ''}`,
        fix ? { title: `Change to ${fix}`, newText: fix } : undefined,
      );
      return undefined;
    }
    return { k: 'ref', id: internId(text), range };
  }
  const format = spec.format;
  if (node.value === null) {
    report(ctx, range, 'missing-field', `${whatOf(fieldName)} has no value.`);
    return undefined;
  }
  if (format === 'id' && !idPattern.test(text)) {
    const lower = text.toLowerCase();
    const fix = idPattern.test(lower) ? lower : undefined;
    report(
      ctx,
      range,
      'invalid-value',
      `${whatOf(fieldName)}: "${clip(text)}" is not a valid id: use lower case letters, digits, '-', '_' and '.', e.g. checkout-api.${fix ? ` Did you mean ${fix}?` : ''}`,
      fix ? { title: `Change to ${fix}`, newText: fix } : undefined,
    );
    return undefined;
  }
  // A bare number where a duration belongs (timeout: 2000): the unit is what is missing.
  if (format === 'duration' && typeof node.value === 'number' && Number.isFinite(node.value) && node.value >= 0) {
    const fix = `${text}ms`;
    report(ctx, range, 'invalid-value', `${whatOf(fieldName)}: ${text} has no unit. Did you mean ${fix}? Durations take a unit: ms, s, m, h, d or w.`, { title: `Change to ${fix}`, newText: fix });
    return undefined;
  }
  const parsed =
    format === 'duration' ? parseDuration(text)
    : format === 'percent' ? parsePercent(typeof node.value === 'number' ? node.value : text)
    : format === 'date' ? parseDate(text)
    : format === 'date-or-never' ? (text === 'never' ? { ok: true as const, value: -1 } : parseDate(text))
    : format === 'url' ? parseUrl(text)
    : format === 'quantity' ? parseQuantity(text)
    : format === 'url-or-path' ? parseUrlOrPath(text)
    : undefined;
  if (parsed && !parsed.ok) {
    report(ctx, range, 'invalid-value', `${whatOf(fieldName)}: ${parsed.message}${format === 'date-or-never' ? ' Or write never.' : ''}`);
    return undefined;
  }
  return { k: 'str', v: format === 'id' ? internId(text) : text, range };
}

// Ids are looked up in Maps everywhere: building the model, the graph, every rule. yaml hands them
// out as slices of the source text, and V8 compares two slices character by character through a slow
// path: 33,000 lookups cost 20 ms at 10,000 components. One canonical string per id makes most
// comparisons a pointer check (about 4x faster). The table is bounded: past the limit it starts over,
// which only loses sharing, so ids typed and deleted in a long editing session cannot pile up.
const interned = new Map<string, string>();
const internLimit = 1 << 18;
function internId(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) {
    return known;
  }
  if (interned.size >= internLimit) {
    interned.clear();
  }
  // A copy, so the table holds the id and not, through the slice, the whole document it came from.
  const copy = (' ' + text).slice(1);
  interned.set(copy, copy);
  return copy;
}

function sourceText(node: ScalarNode): string {
  return typeof node.source === 'string' ? node.source : String(node.value);
}

const required = new WeakMap<Spec, string[]>();
function requiredOf(spec: Spec & { t: 'object' }): string[] {
  let list = required.get(spec);
  if (!list) {
    list = Object.entries(spec.fields)
      .filter(([, f]) => f.required)
      .map(([k]) => k);
    required.set(spec, list);
  }
  return list;
}

function checkObject(ctx: Ctx, node: Node, spec: Spec & { t: 'object' | 'record' }, range: Range, fieldName: string | undefined): V | undefined {
  if (!asMap(node)) {
    report(ctx, range, 'wrong-type', `${whatOf(fieldName)} must be a mapping of keys to values, not ${describe(node)}.`);
    return undefined;
  }
  const fields = new Map<string, V>();
  const keyRanges = new Map<string, Range>();
  const seen = new Set<string>();
  let headRange: Range | undefined;
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const keyRange = rangeOf(ctx, keyNode, range);
    headRange ??= keyNode?.range ? keyRange : range;
    if (!asScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
      report(ctx, keyRange, 'wrong-type', 'Keys must be plain text.');
      continue;
    }
    const key = String(keyNode.value);
    if (seen.has(key)) {
      report(ctx, keyRange, 'duplicate-key', `Key \`${clip(key)}\` appears twice in this mapping; YAML keeps only one. Remove or merge the duplicate.`);
      continue;
    }
    seen.add(key);
    let fieldSpec: Spec | undefined;
    if (spec.t === 'record') {
      fieldSpec = spec.values;
    } else {
      fieldSpec = spec.fields[key]?.spec;
      if (!fieldSpec) {
        if (key === '<<') {
          report(ctx, keyRange, 'unknown-key', 'Merge keys (<<) are not part of YAML 1.2 and are not supported; write the fields out, or use an alias (*name) for a whole value.');
          continue;
        }
        const known = Object.keys(spec.fields);
        const synonym = synonyms[key.toLowerCase()];
        const guess = synonym && known.includes(synonym) ? synonym : didYouMean(key, known.filter((k) => !seen.has(k)));
        report(
          ctx,
          keyRange,
          'unknown-key',
          `Unknown key \`${clip(key)}\` in ${spec.name}.${guess ? ` Did you mean \`${guess}\`?` : ` Known keys: ${known.join(', ')}.`}`,
          guess ? { title: `Change to ${guess}`, newText: guess } : undefined,
        );
        continue;
      }
    }
    keyRanges.set(key, keyRange);
    const valueNode = pair.value as Node | null;
    if (valueNode === null || (asScalar(valueNode) && valueNode.value === null && !(valueNode as { tag?: string }).tag)) {
      // `dependsOn:` with nothing after it is normal mid-edit; only required fields must have a value.
      if (spec.t === 'object' && spec.fields[key]?.required) {
        report(ctx, keyRange, 'missing-field', `\`${key}\` has no value.`);
      }
      continue;
    }
    const value = check(ctx, valueNode, fieldSpec, key);
    if (value) {
      fields.set(key, value);
    }
  }
  headRange ??= range;
  const isRoot = ctx.partialRoot && spec === mapSpecRef.current;
  if (spec.t === 'object' && !isRoot) {
    const missing = requiredOf(spec).filter((k) => !seen.has(k));
    if (missing.length > 0) {
      report(ctx, headRange, 'missing-field', `${spec.name} is missing required ${missing.length > 1 ? 'fields' : 'field'} ${missing.map((m) => `\`${m}\``).join(', ')}.`);
    }
  }
  return { k: 'obj', fields, keyRanges, range, headRange };
}
