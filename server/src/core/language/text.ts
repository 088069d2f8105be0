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

/** Lines by number: what splitLines gives, without a string per line up front. */
export interface Lines {
  readonly count: number;
  at(line: number): string;
  /** Leading spaces of the line (parseLine's indent), without cutting it out. */
  indent(line: number): number;
}

/**
 * The lines of `text`, cut out when asked for. Completion and hover read the lines from the cursor up
 * to the key that holds it: on a 4.5 MB map, splitting all 200,000 lines for that cost more than the
 * rest of the answer.
 */
export function linesOf(text: string): Lines {
  let starts = new Int32Array(1024);
  let count = 1; // starts[0] = 0
  const push = (start: number) => {
    if (count === starts.length) {
      const grown = new Int32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[count++] = start;
  };
  if (!text.includes('\r')) {
    // The usual case: indexOf finds the breaks natively.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      push(i + 1);
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        continue;
      }
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        i++;
      }
      push(i + 1);
    }
  }
  return {
    count,
    indent: (line) => (line >= 0 && line < count ? leadingSpaces(text, starts[line]!) : 0),
    at(line) {
      if (!(line >= 0 && line < count)) {
        return '';
      }
      let end = line + 1 < count ? starts[line + 1]! - 1 : text.length;
      if (line + 1 < count && text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) {
        end--; // CRLF: both characters are the break
      }
      return text.slice(starts[line]!, end);
    },
  };
}

/** A view of `lines` that ends at `line`, which reads `last` instead. */
export function linesEndingWith(lines: Lines, line: number, last: string): Lines {
  return {
    count: line + 1,
    at: (l) => (l === line ? last : l < line ? lines.at(l) : ''),
    indent: (l) => (l === line ? leadingSpaces(last) : l < line ? lines.indent(l) : 0),
  };
}

/** Spaces from `from` on (a line's indentation: tabs do not count, as in YAML). */
function leadingSpaces(text: string, from = 0): number {
  let i = from;
  while (text.charCodeAt(i) === 32) {
    i++;
  }
  return i - from;
}

export function parseLine(line: string): LineInfo {
  const indent = leadingSpaces(line);
  let i = indent;
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
export function clampPosition(lines: Lines, pos: Position): Position {
  const line = Math.max(0, Math.min(Number.isFinite(pos.line) ? Math.floor(pos.line) : 0, lines.count - 1));
  const text = lines.at(line);
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
