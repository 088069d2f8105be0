/**
 * A fast path for the YAML that incident maps are written in. Reading a large map is mostly yaml
 * (about 1.3 MB/s here): its lexer alone runs at about 5 MB/s, and its CST parser, composer and node
 * classes cost three times that again. Most maps use only block mappings and sequences of plain or
 * simply quoted scalars, with one-line flow lists (`[a, b]`, `{id: x}`) and comments. For that subset
 * this reads tokens with a line scanner and composes them with the indentation rules of YAML, about
 * six times faster than yaml at 10,000 components.
 *
 * Anything outside the subset returns undefined, and the caller parses with yaml as usual: anchors,
 * aliases, tags, block scalars (`|`, `>`), multi-line scalars, escapes in double quotes, flow
 * collections over several lines, explicit keys, empty list items, a list at its key's indentation,
 * and every input that yaml would report as an error. So the subset never has to explain an error.
 * test/unit/simpleYaml.test.ts holds it to yaml: the same tokens as yaml's Lexer, and after
 * validation the same values, ranges and findings, on every sample and on mutated chunks.
 *
 * Its nodes carry the fields of yaml's nodes that the validator reads (yaml's own classes took a
 * third of the time to construct). A block collection's range ends where its last value ends, which
 * is how the validator measures yaml's nodes too.
 */
export function readSimpleYaml(text: string, maxDepth: number): SimpleNode | null | undefined {
  const tokens = lex(text);
  if (!tokens) {
    return undefined;
  }
  const reader = new Reader(tokens, text.length, maxDepth);
  try {
    const first = reader.skipTrivia(0);
    if (first === tokens.kind.length) {
      return null; // only comments and blank lines
    }
    const node = reader.node(first, 0);
    return reader.skipTrivia(reader.pos) === tokens.kind.length ? node : undefined;
  } catch (e) {
    if (e === unsupported) {
      return undefined;
    }
    throw e;
  }
}

type Span = [start: number, end: number];

export class SimpleScalar {
  constructor(
    readonly value: string | number | boolean | null,
    /** The text as written, without quotes: what a number was before it became one. */
    readonly source: string,
    readonly range: Span,
  ) {}
}

export class SimpleMap {
  readonly items: { key: SimpleScalar; value: SimpleNode }[] = [];
  range: Span = [0, 0];
  constructor(readonly flow: boolean) {}
}

export class SimpleSeq {
  readonly items: SimpleNode[] = [];
  range: Span = [0, 0];
  constructor(readonly flow: boolean) {}
}

export type SimpleNode = SimpleScalar | SimpleMap | SimpleSeq;

const enum K {
  Space,
  Newline,
  Comment,
  SeqItem,
  Colon,
  Plain,
  Single,
  Double,
  SeqStart,
  SeqEnd,
  MapStart,
  MapEnd,
  Comma,
}

export interface Tokens {
  kind: K[];
  start: number[];
  source: string[];
  /** Column of each token, for the indentation rules. (A key and its colon share a line: only spaces lie between.) */
  col: number[];
}

/** Thrown inside the reader for input outside the subset; never escapes readSimpleYaml. */
const unsupported = new Error('outside the simple YAML subset');

const SPACE = 32;
const LF = 10;
const CR = 13;

/** The tokens of `text` (exported for the test that compares them with yaml's Lexer). */
export function lex(text: string): Tokens | undefined {
  const t: Tokens = { kind: [], start: [], source: [], col: [] };
  const n = text.length;
  let lineStart = 0;
  let flow = 0;
  const push = (kind: K, start: number, end: number) => {
    t.kind.push(kind);
    t.start.push(start);
    t.source.push(kind >= K.Plain && kind <= K.Double ? text.slice(start, end) : '');
    t.col.push(start - lineStart);
  };
  /** Whether the character at `i` ends a token as a space would: a space, a line break or the end. */
  const blankAt = (i: number) => {
    const c = text.charCodeAt(i);
    return c === SPACE || c === LF || c === CR || i >= n;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      if (flow > 0 || (c === CR && text.charCodeAt(i + 1) !== LF)) {
        return undefined; // flow collections over several lines; a lone CR
      }
      const end = c === CR ? i + 2 : i + 1;
      push(K.Newline, i, end);
      lineStart = i = end;
      continue;
    }
    if (c === SPACE) {
      const start = i;
      while (text.charCodeAt(i) === SPACE) {
        i++;
      }
      push(K.Space, start, i);
      continue;
    }
    if (i === lineStart && (text.startsWith('---', i) || text.startsWith('...', i))) {
      return undefined; // document markers
    }
    switch (c) {
      case 0x23: {
        // '#': yaml wants white space before a comment; "'a'#c" is an error there.
        if (i > lineStart && text.charCodeAt(i - 1) !== SPACE) {
          return undefined;
        }
        const start = i;
        while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) {
          i++;
        }
        push(K.Comment, start, i);
        continue;
      }
      case 0x2d: // '-'
        if (blankAt(i + 1)) {
          if (flow > 0) {
            return undefined;
          }
          push(K.SeqItem, i, ++i);
          continue;
        }
        break; // a plain scalar such as -1 or -x
      case 0x3a: // ':'
        if (!blankAt(i + 1)) {
          return undefined; // `:x` as a scalar, or `"a":b`
        }
        push(K.Colon, i, ++i);
        continue;
      case 0x5b: // '['
      case 0x7b: // '{'
        flow++;
        push(c === 0x5b ? K.SeqStart : K.MapStart, i, ++i);
        continue;
      case 0x5d: // ']'
      case 0x7d: // '}'
        if (flow === 0) {
          return undefined;
        }
        flow--;
        push(c === 0x5d ? K.SeqEnd : K.MapEnd, i, ++i);
        continue;
      case 0x2c: // ','
        if (flow === 0) {
          return undefined;
        }
        push(K.Comma, i, ++i);
        continue;
      case 0x27: {
        // "'": '' is a quote inside; the scalar must end on its line.
        const start = i++;
        for (;;) {
          const q = text.charCodeAt(i);
          if (i >= n || q === LF || q === CR) {
            return undefined;
          }
          i++;
          if (q === 0x27) {
            if (text.charCodeAt(i) !== 0x27) {
              break;
            }
            i++;
          }
        }
        push(K.Single, start, i);
        continue;
      }
      case 0x22: {
        // '"': without escapes, and on one line.
        const start = i++;
        for (;;) {
          const q = text.charCodeAt(i);
          if (i >= n || q === LF || q === CR || q === 0x5c) {
            return undefined;
          }
          i++;
          if (q === 0x22) {
            break;
          }
        }
        push(K.Double, start, i);
        continue;
      }
      case 0x09: // tab
      case 0x26: // & anchor
      case 0x2a: // * alias
      case 0x21: // ! tag
      case 0x7c: // | block scalar
      case 0x3e: // > block scalar
      case 0x25: // % directive
      case 0x40: // @ reserved
      case 0x60: // ` reserved
      case 0x3f: // ? explicit key
      case 0xfeff: // byte order mark
        return undefined;
    }
    // A plain scalar: to the end of the line, a ": ", a " #", or in a flow collection its punctuation.
    // Spaces inside belong to it, spaces after it do not.
    const start = i;
    let end = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === LF || d === CR) {
        break;
      }
      if (d === SPACE) {
        i++;
        continue;
      }
      if (d === 0x09) {
        return undefined;
      }
      if (d === 0x23 && text.charCodeAt(i - 1) === SPACE) {
        break;
      }
      if (d === 0x3a && (blankAt(i + 1) || flow > 0)) {
        if (flow > 0 && !blankAt(i + 1)) {
          return undefined; // `{a:b}`: one scalar or a pair, by rules left to yaml
        }
        break;
      }
      if (flow > 0 && (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d)) {
        break;
      }
      end = ++i;
    }
    push(K.Plain, start, end);
    i = end;
  }
  return flow === 0 ? t : undefined;
}

class Reader {
  pos = 0;
  private readonly kind: K[];
  private readonly count: number;

  constructor(
    private readonly t: Tokens,
    private readonly end: number,
    private readonly maxDepth: number,
  ) {
    this.kind = t.kind;
    this.count = t.kind.length;
  }

  /** The next token at or after `i` that is not a space, comment or line break. */
  skipTrivia(i: number): number {
    while (i < this.count && (this.kind[i] === K.Space || this.kind[i] === K.Comment || this.kind[i] === K.Newline)) {
      i++;
    }
    return i;
  }

  /** The next token at or after `i` that is not a space. */
  private skipSpace(i: number): number {
    while (i < this.count && this.kind[i] === K.Space) {
      i++;
    }
    return i;
  }

  /** Whether token `i` ends its line: nothing follows it on the line but a comment. */
  private endsLine(i: number): boolean {
    return i === this.count || this.kind[i] === K.Comment || this.kind[i] === K.Newline;
  }

  /**
   * After an entry of a block collection at column `col`: the token that starts its next entry, or -1
   * where the collection ends (the end of the text, or a line indented less).
   */
  private nextEntry(col: number): number {
    const next = this.skipTrivia(this.pos);
    if (next === this.count || this.t.col[next]! < col) {
      return -1;
    }
    if (this.t.col[next]! > col) {
      throw unsupported; // deeper than its siblings
    }
    return next;
  }

  private isScalar(i: number): boolean {
    const k = this.kind[i];
    return k === K.Plain || k === K.Single || k === K.Double;
  }

  /** A block node starting at token `i`; sets `pos` to the token after it. */
  node(i: number, depth: number): SimpleNode {
    if (depth > this.maxDepth) {
      throw unsupported; // yaml's path reports the nesting
    }
    if (this.kind[i] === K.SeqItem) {
      return this.blockSeq(i, depth);
    }
    if (this.isScalar(i)) {
      const colon = this.skipSpace(i + 1);
      if (this.kind[colon] === K.Colon) {
        return this.blockMap(i, depth);
      }
    }
    return this.inline(i, depth);
  }

  private blockMap(first: number, depth: number): SimpleNode {
    const col = this.t.col[first]!;
    const map = new SimpleMap(false);
    let i = first;
    for (;;) {
      if (!this.isScalar(i)) {
        throw unsupported;
      }
      if (this.t.source[i]!.length > 1000) {
        throw unsupported; // yaml limits implicit keys to 1024 characters
      }
      const key = this.scalar(i);
      const colon = this.skipSpace(i + 1);
      if (this.kind[colon] !== K.Colon) {
        throw unsupported;
      }
      const after = this.skipSpace(colon + 1);
      let value: SimpleNode;
      if (this.endsLine(after)) {
        const next = this.skipTrivia(after);
        if (next < this.count && this.t.col[next]! > col) {
          value = this.node(next, depth + 1);
        } else if (next < this.count && this.t.col[next] === col && this.kind[next] === K.SeqItem) {
          throw unsupported; // a list at its key's indentation: valid, but left to yaml
        } else {
          // `key:` and nothing: yaml's empty value sits where the line's content would start.
          value = this.empty(after < this.count ? this.t.start[after]! : this.end);
          this.pos = after;
        }
      } else {
        if (this.kind[after] === K.SeqItem || after === colon + 1) {
          throw unsupported; // `key: - a`, or `"key":value`
        }
        value = this.inline(after, depth + 1);
      }
      map.items.push({ key, value });
      const next = this.nextEntry(col);
      if (next < 0) {
        map.range = [this.t.start[first]!, value.range[1]];
        return map;
      }
      i = next;
    }
  }

  private blockSeq(first: number, depth: number): SimpleNode {
    const col = this.t.col[first]!;
    const seq = new SimpleSeq(false);
    let i = first;
    for (;;) {
      if (this.kind[i] !== K.SeqItem) {
        throw unsupported;
      }
      const after = this.skipSpace(i + 1);
      let item: SimpleNode;
      if (this.endsLine(after)) {
        const next = this.skipTrivia(after);
        if (!(next < this.count && this.t.col[next]! > col)) {
          throw unsupported; // an empty item
        }
        item = this.node(next, depth + 1);
      } else {
        if (after === i + 1) {
          throw unsupported; // "-" must be followed by a space
        }
        item = this.node(after, depth + 1);
      }
      seq.items.push(item);
      const next = this.nextEntry(col);
      if (next < 0) {
        seq.range = [this.t.start[first]!, item.range[1]];
        return seq;
      }
      i = next;
    }
  }

  /** A scalar or a one-line flow collection that ends its line. */
  private inline(i: number, depth: number): SimpleNode {
    let node: SimpleNode;
    if (this.isScalar(i)) {
      node = this.scalar(i);
      this.pos = i + 1;
    } else if (this.kind[i] === K.SeqStart || this.kind[i] === K.MapStart) {
      node = this.flow(i, depth);
    } else {
      throw unsupported;
    }
    const next = this.skipSpace(this.pos);
    if (next < this.count && this.kind[next] !== K.Newline && !(this.kind[next] === K.Comment && next > this.pos)) {
      throw unsupported; // `a: b: c`, or anything else after the value on its line
    }
    return node;
  }

  /** `[a, b]` or `{k: v, ...}` on one line; sets `pos` after the closing bracket. */
  private flow(open: number, depth: number): SimpleNode {
    if (depth > this.maxDepth) {
      throw unsupported;
    }
    const isSeq = this.kind[open] === K.SeqStart;
    const close = isSeq ? K.SeqEnd : K.MapEnd;
    const node = isSeq ? new SimpleSeq(true) : new SimpleMap(true);
    let i = this.skipSpace(open + 1);
    if (this.kind[i] !== close) {
      for (;;) {
        const item = this.flowItem(i, depth);
        if (node instanceof SimpleSeq) {
          node.items.push(item);
        } else {
          const colon = this.skipSpace(this.pos);
          if (this.kind[colon] !== K.Colon || !(item instanceof SimpleScalar) || item.value === null) {
            throw unsupported; // keys without values, and keys that are not plain text
          }
          const value = this.skipSpace(colon + 1);
          if (value === colon + 1 && this.kind[i] === K.Plain) {
            throw unsupported; // `{a:b}` is one plain scalar to yaml
          }
          node.items.push({ key: item, value: this.flowItem(value, depth) });
        }
        i = this.skipSpace(this.pos);
        if (this.kind[i] === K.Comma) {
          i = this.skipSpace(i + 1);
          if (this.kind[i] === close) {
            throw unsupported; // a trailing comma: left to yaml
          }
          continue;
        }
        if (this.kind[i] === close) {
          break;
        }
        throw unsupported;
      }
    }
    node.range = [this.t.start[open]!, this.t.start[i]! + 1];
    this.pos = i + 1;
    return node;
  }

  private flowItem(i: number, depth: number): SimpleNode {
    if (this.isScalar(i)) {
      this.pos = i + 1;
      return this.scalar(i);
    }
    if (this.kind[i] === K.SeqStart || this.kind[i] === K.MapStart) {
      return this.flow(i, depth + 1);
    }
    throw unsupported;
  }

  private scalar(i: number): SimpleScalar {
    const source = this.t.source[i]!;
    const start = this.t.start[i]!;
    const span: Span = [start, start + source.length];
    // lex() ends a quoted scalar at its closing quote, on its line, and refuses escapes in double quotes.
    switch (this.kind[i]) {
      case K.Plain:
        if (badPlainStart.test(source)) {
          throw unsupported; // yaml reports these
        }
        return new SimpleScalar(resolvePlain(source), source, span);
      case K.Single: {
        const value = source.slice(1, -1).replaceAll("''", "'");
        return new SimpleScalar(value, value, span);
      }
      default: {
        const value = source.slice(1, -1);
        return new SimpleScalar(value, value, span);
      }
    }
  }

  private empty(at: number): SimpleScalar {
    return new SimpleScalar(null, '', [at, at]);
  }
}

/** Characters yaml refuses at the start of a plain scalar. */
const badPlainStart = /^[,%|>@`]/;

// The YAML 1.2 core schema, in the order yaml tests it (schema/core): null, bool, int (octal,
// decimal, hex), float (nan and infinity, exponent, fixed).
const nullRe = /^(?:~|[Nn]ull|NULL)?$/;
const boolRe = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const octRe = /^0o[0-7]+$/;
const intRe = /^[-+]?[0-9]+$/;
const hexRe = /^0x[0-9a-fA-F]+$/;
const specialRe = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const expRe = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const floatRe = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Plain text that none of the core schema's patterns can match: most of a map's scalars. */
const surelyText = /^[a-eg-mo-su-zA-EG-MO-SU-Z_/]/;

function resolvePlain(s: string): string | number | boolean | null {
  if (surelyText.test(s)) {
    return s; // null, true and false start with n, N, t, T, f or F
  }
  if (nullRe.test(s)) {
    return null;
  }
  if (boolRe.test(s)) {
    return s[0] === 't' || s[0] === 'T';
  }
  if (octRe.test(s)) {
    return parseInt(s.substring(2), 8);
  }
  if (intRe.test(s)) {
    return parseInt(s, 10);
  }
  if (hexRe.test(s)) {
    return parseInt(s.substring(2), 16);
  }
  if (specialRe.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (expRe.test(s) || floatRe.test(s)) {
    return parseFloat(s);
  }
  return s;
}
