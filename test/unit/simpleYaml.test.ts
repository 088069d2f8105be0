import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { isScalar, Lexer, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { defaultLimits, parseYaml } from '../../server/src/core/index';
import { splitChunks, type Chunk } from '../../server/src/core/parse/chunks';
import { yamlFile } from '../../server/src/core/parse/parseYaml';
import { lex, readSimpleYaml, SimpleMap, SimpleScalar } from '../../server/src/core/parse/simpleYaml';
import { validateChunk } from '../../server/src/core/parse/validate';
import { mapSpec, type Spec } from '../../server/src/core/schema/spec';
import { repoRoot } from '../helpers/core';
import { seeds } from '../helpers/fuzzCases';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile(n: number, seed?: number): string };

function specOf(chunk: Pick<Chunk, 'kind' | 'key'>): Spec | undefined {
  if (chunk.kind === 'header') {
    return mapSpec;
  }
  const s = mapSpec.fields[chunk.key!]?.spec;
  return s?.t === 'array' ? s.items : undefined;
}

/** What yaml's full parser and the validator make of a chunk, or why there is nothing to compare. */
function viaYaml(text: string, kind: Chunk['kind'], spec: Spec) {
  const parsed = parseYaml('chunk:', text, { ...defaultLimits, warnChars: Infinity });
  if (!parsed.doc) {
    return 'refused';
  }
  if (parsed.findings.length > 0) {
    return `reported: ${parsed.findings.map((f) => f.message).join('; ')}`;
  }
  return validateChunk(parsed, parsed.doc.contents, kind, spec);
}

function viaSimple(text: string, kind: Chunk['kind'], spec: Spec) {
  const node = readSimpleYaml(text, defaultLimits.maxDepth);
  return node === undefined ? undefined : validateChunk(yamlFile('chunk:', text), node, kind, spec);
}

/**
 * The fast reader either declines (yaml then parses the chunk) or gives exactly yaml's result: the same
 * values, the same ranges, the same findings. It must never accept what yaml reports or refuses.
 */
function assertAgrees(text: string, kind: Chunk['kind'], spec: Spec): boolean {
  const simple = viaSimple(text, kind, spec);
  if (simple === undefined) {
    return false;
  }
  assert.deepEqual(tokensOf(text), yamlTokens(text), `tokens of ${JSON.stringify(text)}`);
  const full = viaYaml(text, kind, spec);
  assert.notEqual(typeof full, 'string', `the fast reader accepted what yaml ${String(full)}:\n${text}`);
  assert.deepEqual(simple, full, text);
  return true;
}

/** Where each token starts, and whether it is a scalar, by yaml's Lexer (its control tokens dropped). */
function yamlTokens(text: string): [number, boolean][] {
  const out: [number, boolean][] = [];
  let offset = 0;
  let plain = false;
  for (const tok of new Lexer().lex(text)) {
    if (tok === '\u0002') {
      continue;
    }
    if (tok === '\u001f') {
      plain = true;
      continue;
    }
    out.push([offset, plain || tok[0] === "'" || tok[0] === '"']);
    plain = false;
    offset += tok.length;
  }
  return out;
}

function tokensOf(text: string): [number, boolean][] {
  const t = lex(text)!;
  return t.start.map((start, i) => [start, t.source[i] !== '']);
}

const sampleChunks: Chunk[] = [...seeds, singleFile(60, 3)].flatMap((t) => splitChunks(t) ?? []).filter((c) => specOf(c));

const scalars = [
  '1', '-0', '+1', '0o17', '0o8', '0x1F', '0xg', '1e3', '1E-3', '.5', '1.', '-.inf', '.NaN', '.nan', 'nan', 'inf', '1_000', '007', '1:30',
  'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'null', 'Null', 'NULL', '~', 'nUll', 'false', 'F', 'N', 'T', '0b101', '12ms', '99%',
  "'q'", '"d"', "'it''s'", "'a''", '"a\\"b"', '"a', "'a", '@x', '`x', '%x', ',x', '!x', '&x', '*x', '|', '>', 'a #c', 'a#c', "'a'#c", 'a: b',
  '- x', '[a, b]', '[a,b,]', '{a: b}', '{a:b}', '{"a":b}', '{a}', '[]', '{}', '[a, [b]]', '[a: b]', '[a, {b: c}]', '" x "', "'  '",
  'https://x.y/z?a=b#frag', 'x y', 'ü', '🔥', '?x', '? x', ':x', '-x', '--x', '-', '0', '-1.5e+3', '+.5', '0o', '0x', '.', '+', 'e3', '',
  '[a', 'a]', '{a: [b, c]}', '[ a , b ]', 'x  ', 'a:b', '"#"', "'#'", 'a,b', '12:00:00', '2026-11-23', '"\\u00e9"', '"tab\\t"',
  'a# b', "'a'  # c", '"a" b', "'a' b", '[a , b]', `[ "a" , 'b' ]`, 'a\u00a0b', '- -1', '-- x', '---', '...', 'a...', '#', 'a:', ':', '::',
  'a::b', 'a ,b', '{a: [b, {c: d}]}', '{ a : b }', '[a]b', '[a] #c', '[a]#c', '"a"b', 'é: x', 'a - b', '[-a]', '[- a]', '{a: -1}', "''", "''''",
  '""', "'a''b'", '[a,b]', '{a: b,c: d}', 'a :b', 'a: :b', '[a, ]', '{a: }', '[a]]', '{a: b}}', '\uFEFFa', '? a', 'a ? b', 'a|b', 'a>b', 'a@b',
];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('scalar' as const), line: fc.nat(), value: fc.constantFrom(...scalars) }),
  fc.record({ kind: fc.constant('comment' as const), line: fc.nat(), indent: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('blank' as const), line: fc.nat(), indent: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...scalars, ': ', '- ', '#', ' ', '\n', '\r\n', '\t', '?', '&a ', '*a', '!t ', '|\n', '---\n') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: Edit): string {
  const lines = text.split('\n');
  const n = Math.max(1, lines.length - 1);
  switch (e.kind) {
    case 'scalar': {
      const i = e.line % n;
      lines[i] = lines[i]!.replace(/(:\s+|-\s+)(\S.*)?$/, (_m, sep: string) => sep + e.value);
      return lines.join('\n');
    }
    case 'comment':
      lines.splice(e.line % n, 0, `${' '.repeat(e.indent)}# note`);
      return lines.join('\n');
    case 'blank':
      lines.splice(e.line % n, 0, ' '.repeat(e.indent));
      return lines.join('\n');
    case 'indent': {
      const i = e.line % n;
      lines[i] = e.by > 0 ? ' '.repeat(e.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-e.by}}`), '');
      return lines.join('\n');
    }
    case 'duplicate':
      lines.splice(e.line % n, 0, lines[e.line % n]!);
      return lines.join('\n');
    case 'insert': {
      const i = Math.floor(e.at * text.length);
      return text.slice(0, i) + e.text + text.slice(i);
    }
    case 'delete': {
      const i = Math.floor(e.at * text.length);
      return text.slice(0, i) + text.slice(i + e.len);
    }
  }
}

describe('the fast reader (simpleYaml) agrees with yaml or declines', () => {
  it('reads every chunk of the samples, the rule fixtures and a generated map as yaml does', () => {
    let read = 0;
    for (const c of sampleChunks) {
      if (assertAgrees(c.text, c.kind, specOf(c)!)) {
        read++;
      }
    }
    // Most chunks are in the subset; the rest use anchors, block scalars and the like on purpose.
    assert.ok(read > sampleChunks.length * 0.8, `read ${read} of ${sampleChunks.length}`);
  });

  it('on mutated chunks: scalars of every kind, comments and blank lines anywhere, broken indentation', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat({ max: sampleChunks.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const c = sampleChunks[which]!;
        let text = c.text;
        for (const e of edits) {
          text = applyEdit(text, e);
        }
        runs++;
        if (assertAgrees(text, c.kind, specOf(c)!)) {
          read++;
        }
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 3000) },
    );
    // The check above must not pass by declining everything.
    assert.ok(read > runs / 4, `read ${read} of ${runs}`);
  });

  it('resolves plain scalars by the YAML 1.2 core schema, as yaml does', () => {
    let read = 0;
    for (const s of scalars) {
      const text = `a: ${s}\n`;
      const node = readSimpleYaml(text, 64);
      if (!(node instanceof SimpleMap)) {
        continue;
      }
      const full = parseYaml('x', text).doc!.contents as YAMLMap<Scalar, Scalar | YAMLSeq<Scalar>>;
      const value = node.items[0]!.value;
      const expected = full.items[0]!.value!;
      assert.deepEqual(value instanceof SimpleScalar ? value.value : value.items.length, isScalar(expected) ? expected.value : (expected as YAMLSeq).items.length, text);
      read++;
    }
    assert.ok(read > 60, `read ${read}`);
  });

  it('declines what it does not read, so yaml reports it', () => {
    for (const text of ['a: &x 1\n', 'a: *x\n', 'a: !t 1\n', 'a: |\n  x\n', 'a: "x\\ty"\n', 'a: [b,\n  c]\n', '? a\n: b\n', '- \n', 'a:\n- b\n', 'a: b: c\n', 'a: @b\n', "a: 'b\n", '- [a,]\n', '---\na: 1\n']) {
      assert.equal(readSimpleYaml(text, 64), undefined, text);
    }
    assert.equal(readSimpleYaml('# only\n\n', 64), null);
  });

  it('stops at the depth limit instead of recursing without bound', () => {
    const deep = Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n') + ' 1\n';
    assert.equal(readSimpleYaml(deep, 64), undefined);
    assert.notEqual(readSimpleYaml(deep, 200), undefined);
  });

  it('ends a block collection where its last value ends, whatever follows', () => {
    const spec = (mapSpec.fields['components']!.spec as { items: Spec }).items;
    const plain = '- id: a\n  dependsOn:\n    - b\n';
    const trailing = `${plain}    # trailing\n\n  # more\n`;
    const a = validateChunk(yamlFile('x', plain), readSimpleYaml(plain, 64)!, 'item', spec);
    const b = validateChunk(yamlFile('x', trailing), parseYaml('x', trailing).doc!.contents, 'item', spec);
    assert.deepEqual(b, a);
    assert.deepEqual(a!.value!.range.end, { line: 2, character: 7 });
  });
});
