// Line-level reading of block YAML, for editor features that must work on a map that does not parse
// (yet): the user is typing. The AST answers nothing about a blank line in the middle of a component,
// but its indentation does. Only the structure editors need is recognised: keys, `- ` item markers,
// comments and flow collections.
import type { Position, Range } from '../findings';

export interface LineInfo {
  /** Leading spaces. */
  indent: number;
  /** Columns of the `- ` item markers at the start of the line, outermost first. */
  dashes: number[];
  /** Column of the content after indentation and item markers. */
  col: number;
  /** Set when the content starts with `key:` (followed by a space or the end of the line). */
  key?: string;
  /** Column just after the key's text (quotes included). */
  keyEnd?: number;
  /** The value after `key:` or the item content, without a trailing comment, trimmed. */
  value: string;
  /** Column where `value` starts. */
  valueCol: number;
  /** Nothing but whitespace or a comment. */
  blank: boolean;
}

export function splitLines(text: string): string[] {
  // LSP line breaks: CRLF, LF and a lone CR.
  return text.split(/\r\n|\n|\r/);
}

export function parseLine(line: string): LineInfo {
  let i = 0;
  while (i < line.length && line[i] === ' ') {
    i++;
  }
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
      i++;
    }
  }
  const col = i;
  const end = commentStart(line, col);
  const content = line.slice(col, end);
  const blank = content.trim() === '' && dashes.length === 0;
  const info: LineInfo = { indent, dashes, col, value: content.trimEnd(), valueCol: col, blank };
  const k = keyOf(content);
  if (k) {
    info.key = k.key;
    info.keyEnd = col + k.end;
    let v = col + k.valueStart;
    while (v < end && (line[v] === ' ' || line[v] === '\t')) {
      v++;
    }
    info.valueCol = v;
    info.value = line.slice(v, end).trimEnd();
  }
  return info;
}

/** Column of the first item marker, or of the content: where this line's outermost node starts. */
export function startCol(info: LineInfo): number {
  return info.dashes[0] ?? info.col;
}

/** Index where a `#` comment starts (outside quotes and after whitespace), or the line length. */
export function commentStart(line: string, from = 0): number {
  let quote: string | undefined;
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) {
        quote = undefined;
      }
    } else if (ch === '"' || ch === "'") {
      // Quotes only open a scalar at its start, not inside plain text like don't.
      const prev = i === from ? ' ' : line[i - 1];
      if (prev === ' ' || prev === '\t' || prev === ':' || prev === '[' || prev === '{' || prev === ',' || prev === '-') {
        quote = ch;
      }
    } else if (ch === '#' && (i === from || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return i;
    }
  }
  return line.length;
}

/** `key:` at the start of `content`: the key text, where it ends, and where its value starts. */
export function keyOf(content: string): { key: string; end: number; valueStart: number } | undefined {
  if (content === '' || content[0] === '{' || content[0] === '[' || content[0] === '#') {
    return undefined;
  }
  if (content[0] === '"' || content[0] === "'") {
    const q = content[0];
    const close = content.indexOf(q, 1);
    if (close < 0 || content[close + 1] !== ':' || !isBreak(content[close + 2])) {
      return undefined;
    }
    return { key: content.slice(1, close), end: close + 1, valueStart: close + 2 };
  }
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (ch === ':' && isBreak(content[i + 1])) {
      const key = content.slice(0, i).trimEnd();
      return key === '' ? undefined : { key, end: i, valueStart: i + 1 };
    }
    if (ch === '{' || ch === '[' || ch === ',' || ch === '}' || ch === ']') {
      return undefined;
    }
  }
  return undefined;
}

function isBreak(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t';
}

/** Clamps a position into the text, so a client's out-of-range position never throws. */
export function clampPosition(lines: string[], pos: Position): Position {
  const line = Math.max(0, Math.min(Number.isFinite(pos.line) ? Math.floor(pos.line) : 0, lines.length - 1));
  const text = lines[line] ?? '';
  const character = Math.max(0, Math.min(Number.isFinite(pos.character) ? Math.floor(pos.character) : 0, text.length));
  return { line, character };
}

export function contains(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Characters an id may contain: the word under the cursor for completion and rename. */
export const idChar = /[A-Za-z0-9._-]/;

export function wordRange(line: string, lineNo: number, character: number): Range {
  let s = character;
  while (s > 0 && idChar.test(line[s - 1] ?? '')) {
    s--;
  }
  let e = character;
  while (e < line.length && idChar.test(line[e] ?? '')) {
    e++;
  }
  return { start: { line: lineNo, character: s }, end: { line: lineNo, character: e } };
}

/**
 * The last line of the block that starts at `first`: every following line that `belongs`, with blank
 * and comment lines in between kept only when the block continues after them.
 */
export function blockEnd(lines: string[], first: number, belongs: (info: LineInfo) => boolean): number {
  let last = first;
  for (let l = first + 1; l < lines.length; l++) {
    const info = parseLine(lines[l] ?? '');
    if (info.blank) {
      continue;
    }
    if (!belongs(info)) {
      break;
    }
    last = l;
  }
  return last;
}
