// Parsing a large map's chunks on several threads (the CLI's check) must give exactly what one thread gives.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze, chunkedFrom, chunksToParse, defaultLimits, FileCache, memoryHost, parseChunks } from '../../server/src/core/index';
import { decodeChunks, encodeChunks } from '../../server/src/node/chunkTransfer';
import { primeChunkCache } from '../../server/src/node/parallelParse';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { singleFile } = require('../../../bench/generate.js') as { singleFile: (n: number, seed: number) => string };

const script = join(__dirname, '../../server/src/node/parseWorker.js');
const uri = 'file:///ws/platform.incidentmap';
const now = Date.UTC(2026, 10, 22);

/** Chunks with errors in them too: a bad value, a syntax error, unknown keys, a duplicate key. */
function mapWithFlaws(): string {
  // a misspelt top-level key: its did-you-mean needs the whole file, so that chunk is refused alone
  return (singleFile(60, 3) + 'setings:\n  rules: {}\n')
    .replace('tier: 1', 'tier: one')
    .replace(/owner: ([^\n]+)/, 'owner: [unclosed')
    .replace('kind: service', 'kind: service\n    colour: blue')
    .replace(/runbook: ([^\n]+)/, 'runbook: $1\n    runbook: $1');
}

describe('parsing chunks on several threads', () => {
  it('the wire format gives back every chunk result as it was: values, ranges, key order, findings, refusals', () => {
    const chunks = chunksToParse(mapWithFlaws(), defaultLimits, chunkedFrom)!;
    const entries = parseChunks(chunks, defaultLimits);
    assert.ok(entries.some(([, r]) => r?.findings.length), 'some chunk has findings');
    assert.ok(entries.some(([, r]) => r === null), 'some chunk parses only with the whole file');
    const decoded = decodeChunks(structuredClone(encodeChunks(entries)));
    assert.deepEqual(decoded, entries);
    assert.deepEqual(decoded.map(([, r]) => (r?.value?.k === 'obj' ? [...r.value.fields.keys()] : [])), entries.map(([, r]) => (r?.value?.k === 'obj' ? [...r.value.fields.keys()] : [])));
  });

  it('a cache primed by a worker gives the same findings, and the analysis parses nothing again', async () => {
    for (const text of [singleFile(300, 1), mapWithFlaws()]) {
      const host = memoryHost({ [uri]: text });
      const alone = analyze(uri, host, { now, cache: new FileCache() });
      const cache = new FileCache();
      await primeChunkCache(cache, [{ uri, text }], { script, threads: 2, minChars: 0 });
      const primed = new Map(cache.chunkCache(uri));
      assert.ok(primed.size >= chunksToParse(text, defaultLimits, chunkedFrom)!.length - 1, 'every chunk is in the cache');
      const together = analyze(uri, host, { now, cache });
      assert.deepEqual(together.findings, alone.findings);
      for (const [key, result] of cache.chunkCache(uri)) {
        assert.equal(result, primed.get(key), 'the analysis used the primed entry');
      }
    }
  });

  it('parses only the chunks the cache does not hold yet, and says how many a worker parsed', async () => {
    const text = singleFile(200, 5);
    const cache = new FileCache();
    const first = await primeChunkCache(cache, [{ uri, text }], { script, threads: 2, minChars: 0 });
    const total = chunksToParse(text, defaultLimits, chunkedFrom)!.length;
    assert.ok(first > 0 && first < total, `a worker parsed ${first} of ${total} chunks`);
    const before = new Map(cache.chunkCache(uri));
    assert.equal(await primeChunkCache(cache, [{ uri, text }], { script, threads: 2, minChars: 0 }), 0);
    assert.deepEqual([...cache.chunkCache(uri)].filter(([k, v]) => before.get(k) !== v), [], 'no entry replaced');
    // One component changed: only its block is new, far below a worker's worth.
    const edited = text.replace('owner: team-', 'owner: team-x');
    assert.equal(await primeChunkCache(cache, [{ uri, text: edited }], { script, threads: 2, minChars: 1000 }), 0);
  });

  it('a worker that cannot start leaves its chunks to the main thread', async () => {
    const text = singleFile(100, 2);
    const host = memoryHost({ [uri]: text });
    const cache = new FileCache();
    await primeChunkCache(cache, [{ uri, text }], { script: join(__dirname, 'no-such-worker.js'), threads: 2, minChars: 0 });
    assert.deepEqual(analyze(uri, host, { now, cache }).findings, analyze(uri, host, { now }).findings);
  });

  it('small maps and one thread start no worker', async () => {
    const text = singleFile(100, 2);
    const cache = new FileCache();
    await primeChunkCache(cache, [{ uri, text }], { script: join(__dirname, 'no-such-worker.js'), threads: 2 });
    await primeChunkCache(cache, [{ uri, text }], { script, threads: 1, minChars: 0 });
    assert.equal(cache.chunkCache(uri).size, 0);
  });
});
