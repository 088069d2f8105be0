import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze, memoryHost, type Finding } from '../../server/src/core/index';
import { fixturesDir, repoRoot, testNow } from './core';

function mapFiles(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? mapFiles(p) : n.endsWith('.incidentmap') ? [p] : [];
    });
  } catch {
    return [];
  }
}

/** Seeds for mutation: the samples and every rule fixture. */
export const seeds: string[] = [...mapFiles(join(repoRoot, 'samples')), ...mapFiles(join(fixturesDir, 'rules'))].map((f) => readFileSync(f, 'utf8'));

const yamlish = fc.constantFrom(
  ':', '- ', '[', ']', '{', '}', '&a ', '*a', '!!js/function ', '!Ref ', '<<: ', '#', '"', "'", '|', '>', '\t', '\n', '\r\n', '---\n', '...\n',
  '%YAML 1.2\n', '? ', '\uFEFF', '\u0000', '\uFFFD', 'incidentmap: 1\n', 'components:\n', '  - id: x\n    kind: service\n', 'target: ', 'via: [', 'domains: [',
  '    dependsOn:\n      - target: ', 'failovers:\n  - {from: ', '9'.repeat(400), 'ü', '🔥', '\u2028',
);

/** A sample or fixture with random insertions, deletions and line shuffles. */
export const mutatedMap: fc.Arbitrary<string> = fc
  .record({
    seed: fc.nat({ max: Math.max(0, seeds.length - 1) }),
    edits: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(yamlish, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 5 })) }),
        fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 40 }) }),
        fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
      ),
      { maxLength: 8 },
    ),
  })
  .map(({ seed, edits }) => {
    let text = seeds[seed] ?? '';
    for (const e of edits) {
      if (e.kind === 'insert') {
        const i = Math.floor(e.at * text.length);
        text = text.slice(0, i) + e.text + text.slice(i);
      } else if (e.kind === 'delete') {
        const i = Math.floor(e.at * text.length);
        text = text.slice(0, i) + text.slice(i + e.len);
      } else {
        const lines = text.split('\n');
        if (lines.length > 1) {
          const a = e.a % lines.length;
          const b = e.b % lines.length;
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
          text = lines.join('\n');
        }
      }
    }
    return text;
  });

export const anyInput: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: mutatedMap },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.array(yamlish, { maxLength: 60 }).map((p) => p.join('')) },
);

/** Everything a finding claims about its position must hold in the document it names. */
export function checkFindings(findings: Finding[], texts: Record<string, string>): void {
  for (const f of findings) {
    const text = texts[f.uri];
    if (text === undefined) {
      throw new Error(`finding for a file that was not analysed: ${f.uri}`);
    }
    // Lines as LSP counts them: CRLF, LF and a lone CR all end a line.
    const lines = text.split(/\r\n|\n|\r/);
    for (const p of [f.range.start, f.range.end]) {
      if (!(p.line >= 0 && p.line < Math.max(1, lines.length) && p.character >= 0 && p.character <= (lines[p.line]?.length ?? 0))) {
        throw new Error(`${f.ruleId} range ${JSON.stringify(f.range)} outside the document (${lines.length} lines)`);
      }
    }
    const s = f.range.start;
    const e = f.range.end;
    if (e.line < s.line || (e.line === s.line && e.character < s.character)) {
      throw new Error(`${f.ruleId} range ends before it starts: ${JSON.stringify(f.range)}`);
    }
    if (!f.message || !f.ruleId) {
      throw new Error('finding without message or rule id');
    }
  }
}

/** Analyses `text` (and an included `other.incidentmap` with `other`) and checks the invariants. */
export function analyzeChecked(text: string, other = 'incidentmap: 1\ncomponents: []\n'): void {
  const texts = { 'file:///ws/main.incidentmap': text, 'file:///ws/other.incidentmap': other };
  // No clock in the tests (issue 26): a hang is the mocha timeout's business. `npm run fuzz`, a volume
  // run and no test, sets FUZZ_SLOW_MS and reports a case slower than that as a finding.
  const slowMs = Number(process.env['FUZZ_SLOW_MS'] ?? 0);
  const started = slowMs > 0 ? performance.now() : 0;
  const { findings } = analyze('file:///ws/main.incidentmap', memoryHost(texts), { now: testNow, root: 'file:///ws' });
  checkFindings(findings, texts);
  if (slowMs > 0 && performance.now() - started > slowMs) {
    throw new Error(`analysis took ${Math.round(performance.now() - started)} ms, above FUZZ_SLOW_MS=${slowMs}`);
  }
}

// ---- issue 24: the classes the outside review found (hostile strings in every output, costs that
// grow faster than the input, file trees of links, FIFOs and .git) --------------------------------

/** What an attacker puts in names, ids, keys and values to reach a log, a terminal, a PR comment or a Mermaid block. */
export const hostileText = fc.oneof(
  fc.constantFrom(
    '\n::add-mask::x', '\r::warning::y', '::stop-commands::z', '\u001b]0;t\u0007', '\u001b[2J', '\u001b]52;c;eA==\u0007', '\u0000', '\u0085', '\u202e', '\u2028',
    '@octocat', '@org/team', 'org/repo#1', '#12', 'GH-3', '![i](https://e.example/i.png)', '<img src=x onerror=alert(1)>', '</script>', '%%{init: {"theme":"dark"}}%%', '%%',
    '`', '|', '\\', '"', "'", '&amp;', ']]>',
  ),
  fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
);

/** Double-quoted YAML for any string (JSON's escapes are YAML's): so hostile text reaches the model as it is. */
const q = (s: string) => JSON.stringify(s);

/** A small map whose names, owners, descriptions, unknown references and unknown keys carry hostile text. */
export const injectedMap: fc.Arbitrary<string> = fc
  .record({ name: hostileText, owner: hostileText, target: hostileText, key: hostileText, raw: hostileText })
  .map(({ name, owner, target, key, raw }) =>
    [
      'incidentmap: 1',
      'components:',
      `  - id: api`,
      '    kind: service',
      '    tier: 1',
      `    name: ${q(name)}`,
      `    owner: ${q(owner)}`,
      '    dependsOn:',
      `      - target: ${q(target)}`,
      `    ${q(key)}: 1`,
      `  - id: db${raw.replace(/\n/g, '')}`,
      '    kind: service',
      '',
    ].join('\n'),
  );

/** The shapes whose cost or output grew with the square of the input: chains, nested domains, fan-outs, misspelt references. */
export const costlyShape = fc.record({
  kind: fc.constantFrom('chain', 'nested', 'fan', 'misspelt'),
  n: fc.integer({ min: 1, max: 400 }),
});
