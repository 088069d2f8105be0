import { Composer, LineCounter, Parser, type CST, type Document, type ParsedNode } from 'yaml';
import type { Finding, Range } from '../findings';

/**
 * Input limits. yaml's Composer recurses per nesting level: on Node 20 a 10 KB line of `[` exhausts the
 * stack on the first compose and aborts the whole process (an uncatchable V8 fatal error) on the next.
 * yaml's CST Parser is iterative, so we parse to CST, measure depth without recursion, and compose
 * only input we know it survives. Sizes: parsing runs at about 2.5 MB/s, so a 5 MB file already costs
 * two seconds of a language server's time.
 */
export interface InputLimits {
  maxDepth: number;
  warnChars: number;
  maxChars: number;
  /** Nodes visited through aliases per file: bounds "billion laughs" expansion. */
  maxAliasNodes: number;
}

export const defaultLimits: InputLimits = {
  maxDepth: 64,
  warnChars: 1_000_000,
  maxChars: 5_000_000,
  maxAliasNodes: 10_000,
};

export interface ParsedYaml {
  uri: string;
  text: string;
  /** Undefined when the input was refused before composing. */
  doc?: Document.Parsed<ParsedNode>;
  findings: Finding[];
  range(start: number, end: number): Range;
}

/**
 * A file with its line index and no parse yet: what every finding's range is computed against.
 * `firstLine` is where `text` starts in its file, for a part of a file read alone (a chunk).
 */
export function yamlFile(uri: string, text: string, firstLine = 0): ParsedYaml {
  // Filled once up front (rather than by the Parser) so early refusals can report positions too.
  const lineCounter = new LineCounter();
  indexLines(text, lineCounter);
  return { uri, text, findings: [], range: rangeFn(text, lineCounter, firstLine) };
}

export function parseYaml(uri: string, text: string, limits: InputLimits = defaultLimits, firstLine = 0): ParsedYaml {
  const result = yamlFile(uri, text, firstLine);
  const { findings, range } = result;
  const at = (start: number, end: number, ruleId: string, message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ ruleId, severity, message, uri, range: range(start, end) });

  if (text.length > limits.maxChars) {
    at(0, 0, 'input-too-large', `File is ${mb(text.length)}; maps larger than ${mb(limits.maxChars)} are not analysed. Split it with include:.`);
    return result;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    at(nul, nul + 1, 'not-text', 'File contains NUL bytes and looks binary; an incident map must be UTF-8 YAML text.');
    return result;
  }
  if (text.length > limits.warnChars) {
    at(0, 0, 'input-too-large', `File is ${mb(text.length)}; editing stays fast below ${mb(limits.warnChars)}. Consider splitting it with include:.`, 'warning');
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    at(bad, bad + 1, 'not-text', 'File contains bytes that are not valid UTF-8 (shown as \uFFFD); save it as UTF-8.', 'warning');
  }

  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser().parse(text));
  } catch (e) {
    at(0, 0, 'yaml-syntax', `YAML could not be read: ${String(e)}`);
    return result;
  }
  const deep = deepestToken(tokens, limits.maxDepth);
  if (deep) {
    at(deep.offset, deep.offset + 1, 'input-too-deep', `Nesting is deeper than ${limits.maxDepth} levels; incident maps never need that. The file is not analysed further.`);
    return result;
  }

  try {
    // YAML 1.2 core schema: no merge keys (super-quadratic in yaml), no timestamps, no custom tags.
    // uniqueKeys off: yaml's check is quadratic per mapping; model/ finds duplicates in linear time.
    const composer = new Composer<ParsedNode, true>({ schema: 'core', merge: false, uniqueKeys: false, strict: true, prettyErrors: false, version: '1.2' });
    const docs = [...composer.compose(tokens, true, text.length)];
    const first = docs[0];
    for (const [i, d] of docs.entries()) {
      for (const err of [...d.errors, ...d.warnings]) {
        if (err.code === 'TAG_RESOLVE_FAILED') {
          continue; // reported by the validator with the tag's name
        }
        const isWarning = err.name === 'YAMLWarning';
        findings.push({
          ruleId: 'yaml-syntax',
          severity: isWarning ? 'warning' : 'error',
          message: yamlMessage(err.message),
          uri,
          range: range(err.pos[0], Math.max(err.pos[1], err.pos[0] + 1)),
        });
      }
      if (i > 0 && d.contents) {
        const r = d.contents.range;
        at(r[0], r[1], 'yaml-syntax', 'Only one map per file: this second YAML document is ignored. Move it to its own file and include it.');
      }
    }
    result.doc = first;
  } catch (e) {
    at(0, 0, 'yaml-syntax', `YAML could not be read: ${String(e)}`);
  }
  return result;
}

const hints: [RegExp, string][] = [
  [/Nested mappings are not allowed in compact mappings/, 'If this is text containing ": ", put it in quotes.'],
  [/Tabs are not allowed as indentation|tab/i, 'Indent with spaces.'],
  [/must be sufficiently indented/, 'Indent it further than its parent key.'],
  [/Map keys must be unique/, 'Remove the duplicate key.'],
  [/Implicit keys need to be on a single line|Implicit map keys need to be followed by map values/, 'Add ": " after the key, or quote the text.'],
];

function yamlMessage(message: string): string {
  // yaml appends " at line N, column M" plus a code frame; our range already says where.
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const hint = hints.find(([re]) => re.test(first))?.[1];
  return hint ? `${first}. ${hint}` : first;
}

/** Iterative depth walk over the CST: returns the first token deeper than `max`. */
function deepestToken(tokens: CST.Token[], max: number): { offset: number } | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [tok, depth] = stack.pop()!;
    if (depth > max) {
      return { offset: 'offset' in tok ? tok.offset : 0 };
    }
    if ('value' in tok && tok.value && typeof tok.value === 'object') {
      stack.push([tok.value, depth + 1]);
    }
    if ('items' in tok) {
      for (const item of tok.items) {
        if (item.key) {
          stack.push([item.key, depth + 1]);
        }
        if (item.value) {
          stack.push([item.value, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

function indexLines(text: string, lc: LineCounter): void {
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    lc.addNewLine(i + 1);
  }
}

function rangeFn(text: string, lc: LineCounter, firstLine: number): (start: number, end: number) => Range {
  // Every validated value gets a range, so this runs about a million times on a large map: the line
  // search reads the LineCounter's index itself instead of allocating linePos's answer, and a range's
  // end, nearly always on its start's line, is looked for from there.
  const starts = lc.lineStarts;
  const at = (line: number, offset: number) => {
    // An offset on the CR of a CRLF pair is past the end of the line as an editor counts it.
    const next = starts[line + 1];
    const end = next === undefined ? text.length : next - 1 - (text.charCodeAt(next - 2) === 13 ? 1 : 0);
    const start = starts[line]!;
    return { line: line + firstLine, character: Math.max(0, Math.min(offset - start, end - start)) };
  };
  return (start, end) => {
    const s = Math.max(0, Math.min(start, text.length));
    const e = Math.max(s, Math.min(end, text.length));
    const ls = lineOf(starts, s, 0);
    return { start: at(ls, s), end: at(lineOf(starts, e, ls), e) };
  };
}

/** The line holding `offset`: the last index from `from` on whose start is at or before it. */
function lineOf(starts: readonly number[], offset: number, from: number): number {
  let low = from;
  let high = starts.length - 1;
  if (low >= high || starts[low + 1]! > offset) {
    return low;
  }
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

function mb(chars: number): string {
  return `${(chars / 1_000_000).toFixed(1)} MB`;
}
