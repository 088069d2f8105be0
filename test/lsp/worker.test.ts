import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { EarlyFindings } from '../../server/src/lsp/scheduler';
import { WorkerScheduler } from '../../server/src/lsp/worker';
import { repoRoot, testNow } from '../helpers/core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile(n: number, seed?: number): string };

describe('the analysis worker', () => {
  it("hands over a reply's findings before it has received the model, and they are the reply's", async function () {
    this.timeout(60_000);
    // out/'s entry point runs as the worker when started as one, as dist/server.js does.
    const scheduler = new WorkerScheduler({ script: join(repoRoot, 'out/server/src/lsp/main.js'), deadlineMs: 60_000, maxHeapMb: 1024, log: () => undefined });
    try {
      const uri = 'file:///ws/platform.incidentmap';
      scheduler.setDocument(uri, singleFile(300, 7).replace('tier: 1', 'tier: first'));
      const order: string[] = [];
      let early: EarlyFindings | undefined;
      const output = await scheduler.run({ entry: uri, root: 'file:///ws', syntaxOnly: false, baseSettings: {}, now: testNow }, (e) => {
        order.push('findings');
        early = e;
      });
      order.push('model');
      assert.deepEqual(order, ['findings', 'model']);
      assert.equal(output.model.components.size, 300);
      assert.ok(output.findings.some((f) => f.ruleId === 'invalid-value'));
      assert.deepEqual(early, { entry: output.entry, files: output.files, findings: output.findings });
    } finally {
      scheduler.dispose();
    }
  });
  it("answers the graph panel's scenarios from the graph of the analysis it names, and nothing for another", async function () {
    this.timeout(60_000);
    const scheduler = new WorkerScheduler({ script: join(repoRoot, 'out/server/src/lsp/main.js'), deadlineMs: 60_000, maxHeapMb: 1024, log: () => undefined });
    try {
      const uri = 'file:///ws/shop.incidentmap';
      const map = (capacity: number) =>
        [
          'incidentmap: 1',
          'journeys: [ { id: order, entry: api, demand: 200 rps } ]',
          'scenarios: [ { id: lose-db, fail: [db] }, { id: sale, load: [ { journey: order, factor: 2 } ] } ]',
          'components:',
          '  - { id: api, kind: service, capacity: ' + capacity + ' rps, dependsOn: [ { target: db, type: hard, mode: sync } ] }',
          '  - { id: db, kind: datastore }',
          '',
        ].join('\n');
      scheduler.setDocument(uri, map(300));
      const first = await scheduler.run({ entry: uri, root: 'file:///ws', syntaxOnly: false, baseSettings: {}, now: testNow });
      assert.ok(first.graphKey, 'a full analysis names its graph');
      const scenes = await scheduler.scenes(uri, first.graphKey!);
      // lose-db: db fails, api goes down with it (a hard dependency); the sale puts 400 rps on 300.
      assert.deepEqual(scenes?.map((x) => [x.id, x.phases.map((p) => p.name)]), [['lose-db', ['after']], ['sale', ['during']]]);
      assert.deepEqual(scenes![0]!.phases[0]!.simulation.failed, ['db']);
      assert.deepEqual(scenes![0]!.phases[0]!.simulation.down.map((d) => d.id), ['api']);
      assert.equal(scenes?.[1]?.phases[0]?.utilisation?.['api'], 400 / 300);
      assert.equal(await scheduler.scenes(uri, 'another:1'), undefined, 'a key it did not give');
      assert.equal(await scheduler.scenes('file:///ws/other.incidentmap', first.graphKey!), undefined, 'another map');
      // A later analysis replaces the graph: the old key answers nothing, the new one the new numbers.
      scheduler.setDocument(uri, map(500));
      const second = await scheduler.run({ entry: uri, root: 'file:///ws', syntaxOnly: false, baseSettings: {}, now: testNow });
      assert.notEqual(second.graphKey, first.graphKey);
      assert.equal((await scheduler.scenes(uri, second.graphKey!))?.[1]?.phases[0]?.utilisation?.['api'], 400 / 500);
      // A request that waited behind the newer analysis still gets the graph it asked for, while kept (3 graphs).
      assert.equal((await scheduler.scenes(uri, first.graphKey!))?.[1]?.phases[0]?.utilisation?.['api'], 400 / 300);
      for (const capacity of [600, 700]) {
        scheduler.setDocument(uri, map(capacity));
        await scheduler.run({ entry: uri, root: 'file:///ws', syntaxOnly: false, baseSettings: {}, now: testNow });
      }
      assert.equal(await scheduler.scenes(uri, first.graphKey!), undefined, 'the oldest of four is dropped');
      assert.ok(await scheduler.scenes(uri, second.graphKey!), 'the three newest are kept');
      // A map that declares no scenario keeps no graph.
      scheduler.setDocument('file:///ws/plain.incidentmap', 'incidentmap: 1\ncomponents:\n  - { id: a, kind: service }\n');
      const plain = await scheduler.run({ entry: 'file:///ws/plain.incidentmap', root: 'file:///ws', syntaxOnly: false, baseSettings: {}, now: testNow });
      assert.equal(plain.graphKey, undefined);
      // A syntax-only pass keeps no graph to answer for.
      const quick = await scheduler.run({ entry: uri, root: 'file:///ws', syntaxOnly: true, baseSettings: {}, now: testNow });
      assert.equal(quick.graphKey, undefined);
    } finally {
      scheduler.dispose();
    }
    assert.equal(await scheduler.scenes('file:///ws/shop.incidentmap', 'x:1'), undefined, 'no worker, no graph');
  });
});
