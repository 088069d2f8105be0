import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compareFindings, defaultLimits, loadFile } from '../../server/src/core/index';
import { splitChunks } from '../../server/src/core/parse/chunks';
import type { ChunkCache } from '../../server/src/core/parse/chunkedLoad';
import { fixturesDir, repoRoot } from '../helpers/core';
import { mutatedMap } from '../helpers/fuzzCases';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile(n: number, seed?: number): string };

function mapFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? mapFiles(p) : n.endsWith('.incidentmap') ? [p] : [];
  });
}

const uri = 'file:///ws/m.incidentmap';

/** Whole-file and chunked loading must give the same model and the same findings. */
function assertSame(text: string, cache: ChunkCache = new Map()): boolean {
  const whole = loadFile(uri, text, defaultLimits);
  const chunked = loadFile(uri, text, defaultLimits, cache, 1);
  const norm = (x: typeof whole) => ({ model: JSON.parse(JSON.stringify(x.model)) as unknown, findings: [...x.findings].sort(compareFindings) });
  const a = norm(whole);
  const b = norm(chunked);
  assert.deepEqual(b.findings, a.findings, text);
  assert.deepEqual(b.model, a.model, text);
  return splitChunks(text) !== undefined;
}

describe('incremental (chunked) loading gives exactly the whole-file results', () => {
  it('on every rule fixture and sample without YAML syntax errors', () => {
    const files = [...mapFiles(join(fixturesDir, 'rules')), ...mapFiles(join(repoRoot, 'samples'))];
    let chunked = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (loadFile(uri, text, defaultLimits).findings.some((x) => x.ruleId === 'yaml-syntax')) {
        continue;
      }
      if (assertSame(text)) {
        chunked++;
      }
    }
    assert.ok(chunked > 20, `only ${chunked} files took the chunked path`);
  });

  it('on generated platforms, and after edits that reuse the cache', () => {
    const text = singleFile(300, 7);
    const cache: ChunkCache = new Map();
    assert.ok(assertSame(text, cache));
    const before = cache.size;
    const edited = text.replace('    tier: 3\n', '    tier: 1\n    ownr: typo\n').replace('retries: 1', 'retries: -1');
    assertSame(edited, cache);
    assert.ok(cache.size <= before + 2, 'only the edited chunks are new');
  });

  it('names a list item after its section, as the whole file does (found by npm run fuzz)', () => {
    assertSame('components:\n  - ./bad.incidentmap\n  - id: a\n    kind: service\nincidentmap: 1\n');
  });

  it('on mutated maps (where the split is confident, results match; otherwise it falls back)', () => {
    fc.assert(
      fc.property(mutatedMap, (text) => {
        if (loadFile(uri, text, defaultLimits).findings.some((x) => x.ruleId === 'yaml-syntax' || x.ruleId === 'input-too-deep')) {
          return;
        }
        assertSame(text);
      }),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 600) },
    );
  });
});
