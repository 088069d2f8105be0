// Where the cursor is in the format: the path of keys and list items that leads to it, and whether it
// is typing a key or a value. Worked out from indentation, not from the AST, so it also answers on the
// half-written line the user is completing.
import type { Position, Range } from '../findings';
import { mapSpec, type Spec } from '../schema/spec';
import { clampPosition, commentStart, keyOf, linesEndingWith, linesOf, parseLine, startCol, wordRange, type Lines } from './text';

/** A key, or `[]` for "an item of this list". */
export type Segment = string;

export interface CursorContext {
  /** Typing a key of a mapping, or a value (a scalar, a list item, a flow entry). */
  kind: 'key' | 'value';
  /** From the root of the map to the node being written; for a value, ends with its key or `[]`. */
  path: Segment[];
  /** The spec at `path` (for a key: the mapping's spec). Undefined when the path leaves the format. */
  spec: Spec | undefined;
  /** The word under the cursor: what a completion replaces. */
  range: Range;
  /** Column where a key of this mapping starts (for multi-line insertions). */
  keyCol: number;
  /** Keys already present in the mapping (key completion leaves them out). */
  present: Set<string>;
  /** Inside a flow collection (`[a, b]`, `{k: v}`): insert single-line text only. */
  flow: boolean;
  /** The word is already followed by `:` (completing an existing key): insert the name only. */
  colonAfter: boolean;
  /** The word starts right after `:` or `,` with no space: a value needs one in front. */
  needsSpace: boolean;
}

export function contextAt(text: string, position: Position): CursorContext | undefined {
  return contextIn(linesOf(text), position);
}

function contextIn(lines: Lines, position: Position): CursorContext | undefined {
  const pos = clampPosition(lines, position);
  const line = lines.at(pos.line);
  const prefix = line.slice(0, pos.character);
  if (commentStart(prefix) < prefix.length || /^\s*(---|\.\.\.)/.test(prefix)) {
    return undefined;
  }
  const cur = parseLine(prefix);
  const inner: Segment[] = cur.dashes.map(() => '[]');
  let kind: 'key' | 'value' = 'key';
  let flow = false;
  const content = prefix.slice(cur.col);
  const k = keyOf(content);
  let mappingCol = cur.col;
  const flowText = k ? content.slice(k.valueStart) : content;
  if (k) {
    inner.push(k.key);
    kind = 'value';
  }
  const flowState = scanFlow(flowText);
  if (flowState) {
    flow = true;
    inner.push(...flowState.path);
    kind = flowState.kind;
  } else if (k && /^\s*[|>]/.test(flowText)) {
    return undefined; // inside a block scalar header: free text
  }

  let anchor = cur.dashes[0] ?? (cur.blank && content.trim() === '' ? pos.character : cur.col);
  let anchorIsDash = cur.dashes.length > 0;
  if (cur.blank && content.trim() === '') {
    mappingCol = pos.character;
  }
  const outer: Segment[] = [];
  for (let l = pos.line - 1; l >= 0 && !(anchor === 0 && !anchorIsDash); l--) {
    // Deeper than the anchor: neither its dashes nor its key can hold the cursor (most lines above it).
    if (lines.indent(l) > anchor) {
      continue;
    }
    const raw = lines.at(l);
    if (/^(---|\.\.\.)(\s|$)/.test(raw)) {
      break;
    }
    const info = parseLine(raw);
    if (info.blank) {
      continue;
    }
    if (info.key !== undefined && (info.col < anchor || (anchorIsDash && info.col === anchor))) {
      outer.push(info.key);
      anchor = info.col;
      anchorIsDash = false;
    }
    for (let d = info.dashes.length - 1; d >= 0; d--) {
      const dc = info.dashes[d]!;
      if (dc < anchor) {
        outer.push('[]');
        anchor = dc;
        anchorIsDash = true;
      }
    }
  }
  const path = [...outer.reverse(), ...inner];
  let spec = specAt(path);
  if (kind === 'key' && !flow && spec && !isMapping(spec)) {
    kind = 'value'; // `- zo|` in a list of ids is a value, not a key
  }
  if (kind === 'key' && spec?.t === 'stringOr') {
    spec = spec.object;
  }
  const range = wordRange(line, pos.line, pos.character);
  const present = kind === 'key' && !flow ? siblingKeys(lines, pos.line, mappingCol, cur.dashes.length > 0) : (flowState?.present ?? new Set<string>());
  const colonAfter = /^\s*:/.test(line.slice(range.end.character));
  const before = line[range.start.character - 1];
  const needsSpace = kind === 'value' && (before === ':' || (before === ',' && !flow));
  return { kind, path, spec, range, keyCol: mappingCol, present, flow, colonAfter, needsSpace };
}

function isMapping(spec: Spec): boolean {
  return spec.t === 'object' || spec.t === 'record' || spec.t === 'stringOr';
}

/** The spec reached by following `path` from the root; undefined once the path leaves the format. */
export function specAt(path: Segment[]): Spec | undefined {
  let spec: Spec | undefined = mapSpec;
  for (const seg of path) {
    spec = step(spec, seg);
  }
  return spec;
}

function step(specIn: Spec | undefined, seg: Segment): Spec | undefined {
  const spec = specIn?.t === 'stringOr' ? specIn.object : specIn;
  if (!spec) {
    return undefined;
  }
  if (seg === '[]') {
    return spec.t === 'array' ? spec.items : undefined;
  }
  if (spec.t === 'object') {
    return spec.fields[seg]?.spec;
  }
  return spec.t === 'record' ? spec.values : undefined;
}

/**
 * Unclosed flow collections in the text before the cursor: `[a, b` is in a list item, `{name: x, me`
 * at a key, `{name: q` at the value of `name`.
 */
function scanFlow(text: string): { path: Segment[]; kind: 'key' | 'value'; present: Set<string> } | undefined {
  interface Level {
    t: '[' | '{';
    key?: string;
    afterColon: boolean;
    present: Set<string>;
  }
  const stack: Level[] = [];
  let token = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) {
        quote = undefined;
      }
      token += ch;
      continue;
    }
    const top = stack[stack.length - 1];
    if ((ch === '"' || ch === "'") && token.trim() === '') {
      quote = ch;
      token += ch;
    } else if (ch === '[' || ch === '{') {
      if (top?.t === '{' && !top.afterColon) {
        return undefined; // a collection as a key: not in this format
      }
      stack.push({ t: ch, afterColon: false, present: new Set() });
      token = '';
    } else if (ch === ']' || ch === '}') {
      stack.pop();
      token = '';
    } else if (ch === ',') {
      if (top) {
        top.afterColon = false;
        top.key = undefined;
      }
      token = '';
    } else if (ch === ':' && top?.t === '{' && !top.afterColon && (text[i + 1] === ' ' || i + 1 === text.length)) {
      top.key = token.trim().replace(/^["']|["']$/g, '');
      top.present.add(top.key);
      top.afterColon = true;
      token = '';
    } else {
      token += ch;
    }
  }
  if (stack.length === 0) {
    return undefined;
  }
  const path: Segment[] = [];
  stack.forEach((level, i) => {
    const last = i === stack.length - 1;
    if (level.t === '[') {
      path.push('[]');
    } else if (level.afterColon && level.key !== undefined) {
      path.push(level.key);
    } else if (!last) {
      path.push('?');
    }
  });
  const top = stack[stack.length - 1]!;
  return { path, kind: top.t === '{' && !top.afterColon ? 'key' : 'value', present: top.present };
}

/** Keys written at column `col` in the block mapping around `line`. */
function siblingKeys(lines: Lines, line: number, col: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  for (let l = line - 1; l >= 0 && !startsItem; l--) {
    const info = parseLine(lines.at(l));
    if (info.blank) {
      continue;
    }
    if (info.col === col && info.key !== undefined) {
      keys.add(info.key);
    }
    if (startCol(info) < col) {
      break;
    }
  }
  for (let l = line + 1; l < lines.count; l++) {
    const info = parseLine(lines.at(l));
    if (info.blank) {
      continue;
    }
    if (startCol(info) < col || (info.dashes.length > 0 && startCol(info) === col)) {
      break;
    }
    if (info.col === col && info.key !== undefined) {
      keys.add(info.key);
    }
  }
  return keys;
}

/** The key under the cursor and the path to it, for hover documentation of the format. */
export function keyAt(text: string, position: Position): { key: string; path: Segment[]; spec: Spec; required: boolean; range: Range } | undefined {
  const lines = linesOf(text);
  const pos = clampPosition(lines, position);
  const line = lines.at(pos.line);
  const info = parseLine(line);
  if (info.key === undefined || info.keyEnd === undefined || pos.character < info.col || pos.character > info.keyEnd) {
    return undefined;
  }
  const lineTo = line.slice(0, info.keyEnd) + ': ';
  const ctx = contextIn(linesEndingWith(lines, pos.line, lineTo), { line: pos.line, character: lineTo.length });
  const spec = ctx ? specAt(ctx.path) : undefined;
  if (!ctx || !spec) {
    return undefined;
  }
  let parent = specAt(ctx.path.slice(0, -1));
  if (parent?.t === 'stringOr') {
    parent = parent.object;
  }
  const required = parent?.t === 'object' && parent.fields[info.key]?.required === true;
  const range = { start: { line: pos.line, character: info.col }, end: { line: pos.line, character: info.keyEnd } };
  return { key: info.key, path: ctx.path, spec, required, range };
}
