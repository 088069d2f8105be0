import type { Finding, Range } from '../findings';
import { mapSpec, type Spec } from '../schema/spec';
import { splitChunks, shiftFinding, shiftRange, type Chunk } from './chunks';
import type { ParsedNode } from 'yaml';
import { parseYaml, yamlFile, type InputLimits, type ParsedYaml } from './parseYaml';
import { readSimpleYaml, type SimpleNode } from './simpleYaml';
import { mapSpecRef, validateChunk, type V } from './validate';

mapSpecRef.current = mapSpec;

/** Per-chunk results keyed by chunk text; null for a chunk that cannot be read alone. */
export type ChunkCache = Map<string, ChunkResult | null>;

/** A chunk's value and findings, with ranges where the chunk stood when last used. */
export interface ChunkResult {
  line: number;
  uri: string;
  value?: V;
  findings: Finding[];
}

const elementSpec = (key: string): Spec | undefined => {
  const s = mapSpec.fields[key]?.spec;
  return s?.t === 'array' ? s.items : undefined;
};

/**
 * Parses and validates `text` chunk by chunk, reusing cached chunks. Returns undefined when the file
 * does not split cleanly; the caller then parses it whole, so results never depend on the shortcut.
 */
export function loadChunked(uri: string, text: string, limits: InputLimits, cache: ChunkCache, minChunks: number): { value?: V; findings: Finding[] } | undefined {
  const chunks = chunksToParse(text, limits, minChunks);
  if (!chunks) {
    return undefined;
  }
  const findings: Finding[] = [];
  const fields = new Map<string, V>();
  const keyRanges = new Map<string, Range>();
  const sections = new Map<string, V[]>();
  let firstKey: Range | undefined;
  const used = new Set<string>();
  const headerKeys = new Set<string>();
  let skipSection: string | undefined;
  for (const chunk of chunks) {
    if (chunk.kind === 'item' && chunk.key === skipSection) {
      continue;
    }
    const cacheKey = chunkKey(chunk);
    used.add(cacheKey);
    let result = cache.get(cacheKey);
    if (result === undefined) {
      result = parseChunk(chunk, limits, uri);
      cache.set(cacheKey, result);
    }
    if (result === null) {
      return undefined;
    }
    if (chunk.key !== undefined && chunk.kind === 'header') {
      // the first key as written, known or not: where the whole-file parse reports missing fields
      const keyRange = { start: { line: chunk.startLine, character: 0 }, end: { line: chunk.startLine, character: chunk.key.length } };
      firstKey ??= keyRange;
      if (headerKeys.has(chunk.key)) {
        findings.push({ ruleId: 'duplicate-key', severity: 'error', uri, range: keyRange, message: `Key \`${chunk.key}\` appears twice in this mapping; YAML keeps only one. Remove or merge the duplicate.` });
        skipSection = chunk.key;
        continue;
      }
      headerKeys.add(chunk.key);
      skipSection = undefined;
    }
    if (result.line !== chunk.startLine || result.uri !== uri) {
      // Lines inserted or deleted above moved it: the same result, shifted.
      const lines = chunk.startLine - result.line;
      result = { line: chunk.startLine, uri, value: result.value && shiftV(result.value, lines), findings: result.findings.map((f) => shiftFinding(f, lines, uri)) };
      cache.set(cacheKey, result);
    }
    findings.push(...result.findings);
    const value = result.value;
    if (chunk.kind === 'item') {
      const list = sections.get(chunk.key!) ?? [];
      if (value) {
        list.push(value);
      }
      sections.set(chunk.key!, list);
      continue;
    }
    if (value?.k !== 'obj') {
      continue;
    }
    value.fields.forEach((v, k) => fields.set(k, v));
    value.keyRanges.forEach((kr, k) => keyRanges.set(k, kr));
  }
  // Drop entries for chunks no longer in the file, so the cache follows the text.
  for (const k of cache.keys()) {
    if (!used.has(k)) {
      cache.delete(k);
    }
  }
  for (const [key, items] of sections) {
    const first = items[0]?.range;
    const last = items[items.length - 1]?.range;
    const range = first && last ? { start: first.start, end: last.end } : (keyRanges.get(key) ?? zero);
    fields.set(key, { k: 'arr', items, range });
  }
  const lines = text.split('\n');
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
  if (!keyRanges.has('incidentmap')) {
    findings.push({ ruleId: 'missing-field', severity: 'error', uri, range: firstKey ?? zero, message: 'IncidentMap is missing required field `incidentmap`.' });
  }
  if (text.length > limits.warnChars) {
    findings.unshift({ ruleId: 'input-too-large', severity: 'warning', uri, range: zero, message: `File is ${(text.length / 1_000_000).toFixed(1)} MB; editing stays fast below ${(limits.warnChars / 1_000_000).toFixed(1)} MB. Consider splitting it with include:.` });
  }
  return { value: { k: 'obj', fields, keyRanges, range: whole, headRange: firstKey ?? zero }, findings };
}

/** A chunk's entry in the ChunkCache: its kind, its section and its text. */
function chunkKey(chunk: Chunk): string {
  return `${chunk.kind}\u0000${chunk.key ?? ''}\u0000${chunk.text}`;
}

/**
 * The chunks of `text`, or undefined where the file is parsed whole: too large, binary, or with bytes
 * that were not UTF-8, which parseYaml reports (not-text) with the file's own positions.
 */
function chunksToParse(text: string, limits: InputLimits, minChunks: number): Chunk[] | undefined {
  if (text.length > limits.maxChars || text.includes('\u0000') || text.includes('\uFFFD')) {
    return undefined;
  }
  const chunks = splitChunks(text);
  return chunks && chunks.length >= minChunks && chunks.some((c) => c.key !== undefined) ? chunks : undefined;
}

const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function parseChunk(chunk: Chunk, limits: InputLimits, uri: string): ChunkResult | null {
  const spec = chunk.kind === 'item' ? elementSpec(chunk.key!) : mapSpec;
  if (!spec) {
    return null;
  }
  // Most chunks are plain block YAML, which the fast reader (simpleYaml.ts) reads; the rest, and any
  // chunk with something to report about its YAML, go through yaml's full parser. Either way the
  // ranges are made where the chunk stands, so a first read of a large map shifts nothing.
  const simple = readSimpleYaml(chunk.text, limits.maxDepth);
  let parsed: ParsedYaml;
  let contents: ParsedNode | SimpleNode | null;
  if (simple !== undefined) {
    parsed = yamlFile(uri, chunk.text, chunk.startLine);
    contents = simple;
  } else {
    parsed = parseYaml(uri, chunk.text, { ...limits, warnChars: Infinity }, chunk.startLine);
    if (!parsed.doc) {
      return null; // refused (too deep): the whole-file path reports it with the right position
    }
    if (parsed.findings.some((f) => f.ruleId !== 'yaml-syntax') || parsed.findings.some((f) => f.message.startsWith('Only one map per file'))) {
      return null;
    }
    contents = parsed.doc.contents;
  }
  const validated = validateChunk(parsed, contents, chunk.kind, spec, chunk.key);
  if (!validated) {
    return null;
  }
  if (chunk.kind === 'header' && validated.findings.some((f) => f.ruleId === 'unknown-key' && f.range.start.line === chunk.startLine)) {
    // A misspelt top-level key: its did-you-mean depends on the keys of other chunks. Rare; parse whole.
    return null;
  }
  const broken = new Set(parsed.findings.map((f) => f.range.start.line));
  const schema = validated.findings.filter((f) => {
    for (let l = f.range.start.line; l <= f.range.end.line; l++) {
      if (broken.has(l)) {
        return false;
      }
    }
    return true;
  });
  return { line: chunk.startLine, uri, value: validated.value, findings: [...parsed.findings, ...schema] };
}

function shiftV(v: V, lines: number): V {
  if (lines === 0) {
    return v;
  }
  const range = shiftRange(v.range, lines);
  switch (v.k) {
    case 'arr':
      return { k: 'arr', items: v.items.map((i) => shiftV(i, lines)), range };
    case 'obj': {
      const fields = new Map<string, V>();
      v.fields.forEach((x, k) => fields.set(k, shiftV(x, lines)));
      const keyRanges = new Map<string, Range>();
      v.keyRanges.forEach((r, k) => keyRanges.set(k, shiftRange(r, lines)));
      return { k: 'obj', fields, keyRanges, range, headRange: shiftRange(v.headRange, lines) };
    }
    // Literals in the parser's own field order: a spread copy would get a hidden class of its own.
    case 'ref':
      return { k: 'ref', id: v.id, range };
    case 'str':
      return { k: 'str', v: v.v, range };
    case 'num':
      return { k: 'num', v: v.v, range };
    case 'bool':
      return { k: 'bool', v: v.v, range };
  }
}
