import type { Finding, Range } from '../findings';

/**
 * Incremental parsing. yaml parses at a few MB/s, so reparsing a 1,000-component map on every
 * keystroke costs hundreds of milliseconds. Incident maps have a regular shape: top-level keys, and
 * under components/domains/failovers one list item per element. A cheap line scan splits the text
 * there; each chunk is parsed on its own and cached by its text, so an edit reparses one chunk.
 * Anything the scan is not sure about (anchors and aliases that may cross chunks, directives,
 * document markers, tabs, unexpected indentation) returns undefined and the caller parses the whole
 * file as usual.
 */
export interface Chunk {
  /** Top-level key this chunk belongs to (undefined for leading comments). */
  key?: string;
  /** 'item' for one list entry of a section, 'header' for a whole top-level entry or a section's key line. */
  kind: 'header' | 'item';
  startLine: number;
  text: string;
}

export const sectionKeys = new Set(['components', 'domains', 'failovers']);

const risky = /(^|[\s[{,])[&*][^\s,\]}]|^(---|\.\.\.|%)|\t/m;

export function splitChunks(text: string): Chunk[] | undefined {
  if (risky.test(text) || text.charCodeAt(0) === 0xfeff) {
    return undefined;
  }
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  let i = 0;
  const isBlankOrComment = (l: string) => /^\s*(#.*)?\r?$/.test(l);
  // Leading comments and blank lines before the first key.
  const lead: string[] = [];
  while (i < lines.length && isBlankOrComment(lines[i]!)) {
    lead.push(lines[i]!);
    i++;
  }
  if (lead.length > 0) {
    chunks.push({ kind: 'header', startLine: 0, text: lead.join('\n') + '\n' });
  }
  while (i < lines.length) {
    const line = lines[i]!;
    const m = /^([A-Za-z_][\w-]*):((?:[ \t].*)?)$/.exec(line.replace(/\r$/, ''));
    if (!m) {
      return undefined; // text at column 0 that is not a plain key
    }
    const key = m[1]!;
    const rest = m[2]!;
    // The entry runs until the next line at column 0 that is not blank or a comment.
    let end = i + 1;
    while (end < lines.length && (lines[end]!.startsWith(' ') || isBlankOrComment(lines[end]!))) {
      if (isBlankOrComment(lines[end]!) && !lines[end]!.startsWith(' ') && lines[end]!.trim() !== '') {
        // a comment at column 0 ends nothing, but keep scanning
      }
      end++;
    }
    const block = lines.slice(i, end);
    if (sectionKeys.has(key) && /^\s*(#.*)?\r?$/.test(rest)) {
      const items = splitItems(block.slice(1), i + 1);
      if (!items) {
        return undefined;
      }
      chunks.push({ key, kind: 'header', startLine: i, text: block[0] + '\n' });
      chunks.push(...items.map((c) => (c.kind === 'item' ? { ...c, key } : c)));
    } else {
      chunks.push({ key, kind: 'header', startLine: i, text: block.join('\n') + (end < lines.length ? '\n' : '') });
    }
    i = end;
  }
  // The last chunk must end exactly as the file does.
  const last = chunks[chunks.length - 1];
  if (last && !text.endsWith('\n') && last.text.endsWith('\n')) {
    last.text = last.text.slice(0, -1);
  }
  return chunks;
}

function splitItems(lines: string[], firstLine: number): Chunk[] | undefined {
  const out: Chunk[] = [];
  let indent = -1;
  let current: { startLine: number; lines: string[] } | undefined;
  const pending: string[] = []; // blank lines and comments before the first item
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const trimmed = line.trimStart();
    const col = line.length - trimmed.length;
    if (trimmed === '' || trimmed === '\r' || trimmed.startsWith('#')) {
      (current ? current.lines : pending).push(line);
      continue;
    }
    if (indent < 0) {
      if (!/^-( |\r?$)/.test(trimmed)) {
        return undefined;
      }
      indent = col;
    }
    if (col === indent) {
      if (!/^-( |\r?$)/.test(trimmed)) {
        return undefined;
      }
      if (current) {
        out.push({ kind: 'item', startLine: current.startLine, text: current.lines.join('\n') + '\n' });
      } else if (pending.length > 0) {
        out.push({ kind: 'header', startLine: firstLine, text: pending.join('\n') + '\n' });
      }
      current = { startLine: firstLine + k, lines: [line] };
    } else if (col < indent || !current) {
      return undefined;
    } else {
      current.lines.push(line);
    }
  }
  if (current) {
    out.push({ kind: 'item', startLine: current.startLine, text: current.lines.join('\n') + '\n' });
  } else if (pending.length > 0) {
    out.push({ kind: 'header', startLine: firstLine, text: pending.join('\n') + '\n' });
  }
  return out;
}

/** Moves a range down by `lines`; chunks start at line starts, so characters never change. */
export function shiftRange(r: Range, lines: number): Range {
  return lines === 0 ? r : { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

export function shiftFinding(f: Finding, lines: number, uri: string): Finding {
  if (lines === 0 && f.uri === uri) {
    return f;
  }
  const out: Finding = { ...f, uri, range: shiftRange(f.range, lines) };
  if (f.fixes) {
    out.fixes = f.fixes.map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ ...e, uri, range: shiftRange(e.range, lines) })) }));
  }
  if (f.related) {
    out.related = f.related.map((r) => ({ ...r, uri: r.uri === f.uri ? uri : r.uri, range: r.uri === f.uri ? shiftRange(r.range, lines) : r.range }));
  }
  return out;
}
