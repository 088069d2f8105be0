// The extension's ELK thread (client/src/graph/layoutHost.ts over dist/layoutThread.js): the same layout
// as ELK in process, remembered by topology, and a clear error (never a hang) when the thread cannot run.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LayoutHost } from '../../client/src/graph/layoutHost';
import { elkGraph, graphModel, panelView, topologyKey } from '../../server/src/core/index';
import { layoutElk } from '../../server/src/node/elkLayout';
import { analyzeFile, repoRoot } from '../helpers/core';

const script = join(repoRoot, 'dist/layoutThread.js');

function sample(name: string) {
  const a = analyzeFile(join(repoRoot, `samples/${name}/${name}.incidentmap`));
  return graphModel(a.files[0]!, a.files, a.model);
}

describe('the extension\'s layout thread', function () {
  this.timeout(60_000);
  let host: LayoutHost | undefined;
  const logged: string[] = [];

  before(function () {
    if (!existsSync(script)) {
      throw new Error(`${script} is missing: run npm run build`);
    }
  });

  afterEach(() => {
    host?.dispose();
    host = undefined;
  });

  it('lays out as ELK in process does, keyed by the topology, and gives the remembered layout the second time', async () => {
    host = new LayoutHost(script, (m) => logged.push(m));
    host.warm();
    const view = panelView(sample('ai-inference'));
    const first = await host.layout(view);
    assert.equal(first.cached, false);
    assert.equal(first.key, topologyKey(elkGraph(view)));
    const inProcess = await layoutElk(elkGraph(view));
    const pos = (n: { id: string; x?: number; y?: number; children?: unknown[] }, out = new Map<string, string>()) => {
      out.set(n.id, `${n.x},${n.y}`);
      (n.children as (typeof n)[] | undefined)?.forEach((c) => pos(c, out));
      return out;
    };
    assert.deepEqual(pos(first.graph), pos(inProcess), 'the same positions as ELK in process');
    const again = await host.layout(panelView(sample('ai-inference')));
    assert.equal(again.cached, true);
    assert.equal(again.graph, first.graph);
    // Another map is another topology.
    const other = await host.layout(panelView(sample('checkout')));
    assert.equal(other.cached, false);
    assert.notEqual(other.key, first.key);
  });

  it('remembers the last 8 layouts and forgets the older ones', async () => {
    host = new LayoutHost(script, (m) => logged.push(m));
    const g = sample('ai-inference');
    // Ten topologies: the map with 10, 9, ..., 1 components (no lines).
    const views = Array.from({ length: 10 }, (_, i) => ({ ...g, components: g.components.slice(0, 10 - i), edges: [], failovers: [] }));
    assert.equal(new Set(views.map((v) => topologyKey(elkGraph(v)))).size, 10);
    for (const v of views) {
      assert.equal((await host.layout(v)).cached, false);
    }
    // The last eight (views 2 to 9) are remembered; views 0 and 1, the oldest, are not.
    assert.equal((await host.layout(views[9]!)).cached, true);
    assert.equal((await host.layout(views[2]!)).cached, true);
    assert.equal((await host.layout(views[1]!)).cached, false);
  });

  it('rejects with the reason, without hanging, when its thread cannot start', async () => {
    host = new LayoutHost(join(repoRoot, 'dist/no-such-thread.js'), (m) => logged.push(m));
    await assert.rejects(host.layout(panelView(sample('ai-inference'))), /Cannot find module|no-such-thread/);
    assert.ok(logged.some((m) => /graph layout thread failed/.test(m)), JSON.stringify(logged));
  });
});
