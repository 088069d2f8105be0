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
});
