// Suppression comments, read from yaml's CST (comments are tokens there; a `#` inside a quoted or
// block scalar is text and never a suppression):
//
//   # incidentmap-ignore rule-id[, other-id]: reason          silences the rules on the next line
//   # incidentmap-ignore-block rule-id[, other-id]: reason    ... on the whole list item or section
//                                                               that starts on the next line
//
// A comment written after something on its line applies to that line instead. The reason is
// required; the suppression itself is applied in ../suppress.ts, after every rule has run.
import { Parser, type CST } from 'yaml';
import type { Range } from '../findings';
import { sectionKeys, splitChunks } from './chunks';
import { yamlFile } from './parseYaml';

export interface Suppression {
  uri: string;
  /** The comment itself. */
  range: Range;
  /** Rule ids as written; empty when the comment names none. */
  ruleIds: string[];
  /** Trimmed; empty when missing. */
  reason: string;
  block: boolean;
  /** 0-based lines it covers, inclusive; undefined when nothing follows the comment. */
  lines?: { first: number; last: number };
}

const marker = 'incidentmap-ignore';
// `# incidentmap-ignore` or `# incidentmap-ignore-block`, then ids, then `: reason`.
const form = /^#\s*incidentmap-ignore(-block)?(?=\s|:|$)\s*([^:]*?)\s*(?::\s*(.*?))?\s*$/;

const trivia = new Set(['comment', 'space', 'newline', 'byte-order-mark']);

/**
 * The suppressions written in `text` (already LSP-normalised line breaks). Cheap when there are none.
 * In a file that splits into chunks (parse/chunks.ts), only the chunks holding the marker are parsed,
 * each with the chunk after it (where its next line is), or with the whole section after it when that
 * is a section's key line (which a block form covers whole): a suppression in a large map does not
 * cost a parse of the whole map on every edit.
 */
export function readSuppressions(uri: string, text: string): Suppression[] {
  if (!text.includes(marker)) {
    return [];
  }
  const chunks = splitChunks(text);
  if (!chunks || chunks.length < 3) {
    return readRegion(uri, text, 0);
  }
  // Intervals of chunk indexes to parse, merged where they meet.
  const regions: [number, number][] = [];
  chunks.forEach((c, i) => {
    if (!c.text.includes(marker)) {
      return;
    }
    let end = Math.min(i + 1, chunks.length - 1);
    const next = chunks[end]!;
    if (next.kind === 'header' && next.key !== undefined && sectionKeys.has(next.key)) {
      // Up to the next top-level key (comments before the first item are a header chunk without one).
      while (end + 1 < chunks.length && !(chunks[end + 1]!.kind === 'header' && chunks[end + 1]!.key !== undefined)) {
        end++;
      }
    }
    const last = regions[regions.length - 1];
    if (last && i <= last[1] + 1) {
      last[1] = Math.max(last[1], end);
    } else {
      regions.push([i, end]);
    }
  });
  return regions.flatMap(([from, to]) => readRegion(uri, chunks.slice(from, to + 1).map((c) => c.text).join(''), chunks[from]!.startLine));
}

/** Suppressions in `text`, a whole file or consecutive whole lines of one starting at `firstLine`. */
export function readRegion(uri: string, text: string, firstLine: number): Suppression[] {
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser().parse(text));
  } catch {
    return [];
  }
  const file = yamlFile(uri, text, firstLine);
  const lineOf = (offset: number) => file.range(offset, offset).start.line;

  // One walk: comments, and the lines where something other than trivia starts.
  const comments: { offset: number; source: string }[] = [];
  const contentLines = new Set<number>();
  const items: object[] = [];
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') {
      continue;
    }
    if (Array.isArray(node)) {
      for (const x of node) {
        stack.push(x);
      }
      continue;
    }
    const t = node as { type?: string; offset?: number; source?: unknown; items?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      comments.push({ offset: t.offset, source: t.source });
      continue;
    }
    if (typeof t.type === 'string' && typeof t.offset === 'number' && !trivia.has(t.type)) {
      contentLines.add(lineOf(t.offset));
    }
    if ((t.type === 'block-map' || t.type === 'block-seq') && Array.isArray(t.items)) {
      items.push(...(t.items as object[]));
    }
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'source' && v !== null && typeof v === 'object') {
        stack.push(v);
      }
    }
  }
  const sortedContent = [...contentLines].sort((a, b) => a - b);
  const nextContent = (line: number) => sortedContent.find((l) => l > line);

  const out: Suppression[] = [];
  const blockTargets = new Map<number, Suppression[]>();
  for (const c of comments.sort((a, b) => a.offset - b.offset)) {
    const m = form.exec(c.source);
    if (!m) {
      continue;
    }
    const line = lineOf(c.offset);
    const lineStart = c.offset - (file.range(c.offset, c.offset).start.character);
    const trailing = text.slice(lineStart, c.offset).trim() !== '';
    const target = trailing ? line : nextContent(line);
    const s: Suppression = {
      uri,
      range: file.range(c.offset, c.offset + c.source.length),
      ruleIds: (m[2] ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''),
      reason: (m[3] ?? '').trim(),
      block: m[1] !== undefined,
      lines: target === undefined ? undefined : { first: target, last: target },
    };
    if (s.block && target !== undefined) {
      const list = blockTargets.get(target) ?? [];
      list.push(s);
      blockTargets.set(target, list);
    }
    out.push(s);
  }
  if (blockTargets.size > 0) {
    // The outermost list item or mapping entry that starts on the target line.
    for (const item of items) {
      const start = firstOffset(item);
      if (start === undefined) {
        continue;
      }
      const list = blockTargets.get(lineOf(start));
      if (!list) {
        continue;
      }
      const last = lineOf(Math.max(start, lastEnd(item)));
      for (const s of list) {
        s.lines = { first: s.lines!.first, last: Math.max(s.lines!.last, last) };
      }
    }
  }
  return out;
}

/** Where a collection item's own content starts: its `-`, its key, or its value. */
function firstOffset(item: object): number | undefined {
  const it = item as { start?: CST.SourceToken[]; key?: CST.Token | null; value?: CST.Token | null };
  const ind = it.start?.find((t) => !trivia.has(t.type));
  if (ind) {
    return ind.offset;
  }
  const k = it.key ?? it.value;
  return k && 'offset' in k ? k.offset : undefined;
}

/** The end of the last non-trivia token inside `node`: comments and blank lines after it do not count. */
function lastEnd(node: object): number {
  let end = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') {
      continue;
    }
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    const t = n as { type?: string; offset?: number; source?: unknown };
    if (typeof t.type === 'string' && trivia.has(t.type)) {
      continue;
    }
    if (typeof t.offset === 'number' && typeof t.source === 'string') {
      // A block scalar's source runs on over the line break that ends it.
      end = Math.max(end, t.offset + t.source.replace(/\s+$/, '').length);
    }
    for (const [k, v] of Object.entries(n)) {
      if (k !== 'source' && v !== null && typeof v === 'object') {
        stack.push(v);
      }
    }
  }
  return end;
}
