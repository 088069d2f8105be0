// Issue 21 in the core: words in labels and messages, the scene's scenario fields (utilisation,
// stale, the saviour), text that fits its box, and the webview's guard on scenarios.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { affectedSections, bandTitle, blastRadius, buildScene, crossBand, placeBand, elkGraph, fitText, graphFindings, graphModel, kindNamed, plural, possessive, renderSvg, textWidth, type SceneSimulation } from '../../server/src/core/index';
import { layoutElk } from '../../server/src/node/elkLayout';
import { limits, parseFromWebview, parseScenarios } from '../../client/src/graph/protocol';
import { analyzeFile, repoRoot } from '../helpers/core';

const sample = join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap');

async function sceneOf(simulation?: SceneSimulation, overlay?: Parameters<typeof buildScene>[4]) {
  const a = analyzeFile(sample);
  const g = graphModel(a.files[0]!, a.files, a.model);
  return { a, g, scene: buildScene(g, await layoutElk(elkGraph(g)), graphFindings(a.findings), simulation, overlay) };
}

describe('words', () => {
  it('counts in the right number', () => {
    assert.equal(plural(0, 'error'), '0 errors');
    assert.equal(plural(1, 'error'), '1 error');
    assert.equal(plural(2, 'error'), '2 errors');
    assert.equal(plural(1, 'dependency', 'dependencies'), '1 dependency');
    assert.equal(plural(3, 'dependency', 'dependencies'), '3 dependencies');
  });

  it('writes possessives of ids that end in s', () => {
    assert.equal(possessive('model-servers'), "model-servers'");
    assert.equal(possessive('checkout-api'), "checkout-api's");
    assert.equal(possessive('DNS'), "DNS'");
  });

  it('names a domain with its kind without saying the kind twice', () => {
    assert.equal(kindNamed('rack', 'rack-r2'), 'rack-r2');
    assert.equal(kindNamed('cooling-loop', 'loop-1'), 'cooling loop-1');
    assert.equal(kindNamed('cache', 'cache'), 'cache');
    assert.equal(kindNamed('zone', 'eu-west-1a'), 'zone eu-west-1a');
    assert.equal(kindNamed('network-path', 'carrier-x'), 'network path carrier-x');
    assert.equal(kindNamed('zone', 'zone2'), 'zone2');
    // A word that only starts like the kind is not the kind: "loophole" is not a loop.
    assert.equal(kindNamed('cooling-loop', 'loophole'), 'cooling loop loophole');
  });

  it('says "model-servers\'" and "cooling loop-1" in the sample\'s findings', () => {
    const messages = analyzeFile(sample).findings.map((f) => f.message).join('\n');
    assert.doesNotMatch(messages, /servers's/);
    assert.doesNotMatch(messages, /\b(rack rack|loop loop|cache cache)\b/);
    assert.match(messages, /shorten model-servers'\./);
  });
});

describe('labels fit their boxes', () => {
  it('keeps a label that fits whole, and cuts one that does not, just at the width', () => {
    const owner = 'team-ml-infra';
    assert.equal(fitText(owner, textWidth(owner)), owner, 'a box exactly as wide as its text keeps it whole');
    const cut = fitText(owner, textWidth(owner) - 1);
    assert.ok(cut.endsWith('…') && cut.length < owner.length + 1);
    assert.ok(textWidth(cut) <= textWidth(owner) - 1);
    assert.equal(fitText('x', 0), 'x…'.slice(0, 1) + '…');
  });

  it('cuts no title, subtitle or chip of the samples', async () => {
    const { scene } = await sceneOf();
    const svg = renderSvg(scene);
    assert.doesNotMatch(svg.replace(/<title>[^<]*<\/title>/g, ''), /…</, 'no label of the sample is cut');
  });
});

describe('what a failure affects, as the details pane and the HTML page list it', () => {
  it('lists failed, down, takes over, degraded, standbys lost, saturated and stale, in that order, leaving out what is empty', async () => {
    const sim: SceneSimulation = {
      failed: ['gpu-rack-r1'],
      down: [{ id: 'model-servers', path: [] }],
      degraded: [{ id: 'model-gateway', path: [] }, { id: 'customer-ingress', path: [] }],
      standbys: [{ id: 'gpu-rack-r2', path: [] }],
    };
    const { scene } = await sceneOf(sim, { utilisation: { 'cdu-1': 1, 'pdu-a': 0.99 }, stale: ['telemetry'], savedBy: { 'model-servers': ['feature-store'] } });
    const { sections, quiet } = affectedSections(scene, sim);
    assert.deepEqual(sections, [
      { title: 'Failed', ids: ['gpu-rack-r1'] },
      { title: 'Down', ids: ['model-servers'] },
      { title: 'Takes over', ids: ['feature-store'] },
      { title: 'Degraded', ids: ['model-gateway', 'customer-ingress'] },
      { title: 'Standbys down, redundancy lost', ids: ['gpu-rack-r2'] },
      // Saturated at 1 exactly, not at 0.99.
      { title: 'Saturated', ids: ['cdu-1'] },
      { title: 'Stale', ids: ['telemetry'] },
    ]);
    assert.equal(quiet, false);
  });

  it('says nothing else goes down or degrades when only the failed element is hit, and lists no empty section', async () => {
    const sim: SceneSimulation = { failed: ['telemetry'], down: [], degraded: [] };
    const { scene } = await sceneOf(sim);
    assert.deepEqual(affectedSections(scene, sim), { sections: [{ title: 'Failed', ids: ['telemetry'] }], quiet: true });
    // Down without degraded, or degraded without down, is not quiet.
    assert.equal(affectedSections(scene, { ...sim, down: [{ id: 'cdu-1', path: [] }] }).quiet, false);
    assert.equal(affectedSections(scene, { ...sim, degraded: [{ id: 'cdu-1', path: [] }] }).quiet, false);
  });
});

describe('the strip of shared domains', () => {
  // crossBand: pad 10, gap 6, row 24. The title's width comes from the core's own measure; the chips' are made up.
  const chips = (...widths: number[]) => widths.map((width, i) => ({ id: `d${i}`, width, x: -1, y: -1 }) as unknown as Parameters<typeof placeBand>[0][number]);
  const start = () => 10 + textWidth(bandTitle, true) + 12;

  it('is no band without chips', () => {
    assert.equal(placeBand([], 500), 0);
  });

  it('puts the first row after its title and wraps the next rows from the left edge, under it', () => {
    const s0 = start();
    assert.deepEqual([crossBand.pad, crossBand.gap, crossBand.row], [10, 6, 24]);
    // Room for two chips of 100 after the title; the third wraps to x = 10, and a fourth of 100 fits beside it.
    const width = s0 + 100 + 6 + 100 + 10;
    const cs = chips(100, 100, 100, 100);
    assert.equal(placeBand(cs, width), 10 + 2 * 24);
    assert.deepEqual(cs.map((c) => [c.x, c.y]), [[s0, 10], [s0 + 106, 10], [10, 34], [116, 34]]);
  });

  it('wraps a chip that ends just past the right padding, and keeps one that ends at it', () => {
    const s0 = start();
    const atEdge = chips(100, 100);
    assert.equal(placeBand(atEdge, s0 + 206 + 10), 34, 'ends exactly at the padding: one row');
    const past = chips(100, 101);
    assert.equal(placeBand(past, s0 + 206 + 10), 58, 'one pixel past: two rows');
    assert.deepEqual([past[1]!.x, past[1]!.y], [10, 34]);
  });

  it('puts a first chip that fits only a whole row under the title, not past the right edge', () => {
    const s0 = start();
    // The title's row has width - s0 - 10 for chips; a whole row has width - 20.
    const width = 300;
    const between = chips(width - s0 - 10 + 1); // one pixel too wide for the title's row, fits a whole row
    assert.equal(placeBand(between, width), 10 + 2 * 24);
    assert.deepEqual([between[0]!.x, between[0]!.y], [10, 34]);
    const justFits = chips(width - s0 - 10);
    assert.equal(placeBand(justFits, width), 34, 'ends at the padding: stays after the title');
    assert.deepEqual([justFits[0]!.x, justFits[0]!.y], [s0, 10]);
    const whole = chips(width - 20);
    placeBand(whole, width);
    assert.deepEqual([whole[0]!.x, whole[0]!.y], [10, 34], 'exactly a whole row: under the title');
  });

  it('gives a chip wider than a row a row of its own, and never an empty row', () => {
    const s0 = start();
    const cs = chips(500, 40, 500);
    assert.equal(placeBand(cs, 300), 10 + 3 * 24);
    assert.deepEqual(cs.map((c) => [c.x, c.y]), [[s0, 10], [10, 34], [10, 58]]);
  });
});

describe('scene: states for scenarios', () => {
  it('shows the failover target that takes over as the saviour, and the failover as saving', async () => {
    const a = analyzeFile(sample);
    const r = blastRadius(a.graph, ['rack-r1']);
    assert.ok(!('unknown' in r));
    const { scene } = await sceneOf(r);
    const r1 = scene.nodes.find((n) => n.id === 'gpu-rack-r1')!;
    const r2 = scene.nodes.find((n) => n.id === 'gpu-rack-r2')!;
    assert.equal(r1.state, 'down');
    assert.deepEqual(r1.savedBy, ['gpu-rack-r2']);
    assert.deepEqual(r2.saves, ['gpu-rack-r1']);
    assert.equal(r2.state, undefined);
    assert.equal(scene.edges.filter((e) => e.saving).length, 1);
    // When loop-1 takes both racks, nothing takes over.
    const loop = blastRadius(a.graph, ['loop-1']);
    assert.ok(!('unknown' in loop));
    const both = await sceneOf(loop);
    assert.equal(both.scene.nodes.filter((n) => n.saves).length, 0);
    assert.equal(both.scene.crossDomains.find((d) => d.id === 'loop-1')!.state, 'failed');
  });

  it('draws utilisation as heat, saturation at and above 1, and staleness, from a hand-made overlay', async () => {
    const { scene } = await sceneOf(undefined, { utilisation: { 'pdu-a': 0.5, 'gpu-rack-r2': 1, 'cdu-1': 0.999, 'nope': 2, 'feature-store': -1 }, stale: ['model-servers'] });
    const u = (id: string) => scene.nodes.find((n) => n.id === id)!.utilisation;
    assert.equal(u('pdu-a'), 0.5);
    assert.equal(u('gpu-rack-r2'), 1);
    assert.equal(u('feature-store'), undefined, 'a negative load is not drawn');
    assert.equal(scene.nodes.find((n) => n.id === 'model-servers')!.stale, true);
    const svg = renderSvg(scene);
    assert.match(svg, /data-component="gpu-rack-r2"[^>]*class|class="[^"]*saturated[^"]*"[^>]*data-component="gpu-rack-r2"/);
    assert.match(svg, /saturated 100%/, 'at 1 it is saturated');
    assert.doesNotMatch(svg, /saturated 100%[^<]*cdu|data-component="cdu-1"[^>]*saturated/, 'just below 1 it is not');
    assert.match(svg, /data-stale="true"/);
  });
});

describe('webview guard for scenarios', () => {
  const phase = { name: 'failure', simulation: { failed: ['loop-1'], down: [{ id: 'gpu-rack-r1', path: [{ component: 'gpu-rack-r1' }] }], degraded: [] } };
  it('accepts the shape SceneScenario declares, and nothing else', () => {
    assert.ok(parseScenarios([{ id: 's', title: 'S', phases: [phase] }]));
    assert.ok(parseScenarios([{ id: 's', title: 'S', phases: [{ ...phase, utilisation: { a: 0, b: limits.utilisation }, stale: ['a'], savedBy: { a: ['b'] }, description: 'd' }] }]));
    assert.ok(parseScenarios([]));
    for (const bad of [
      undefined, {}, [{ id: 's', title: 'S', phases: [] }],
      [{ id: 's', title: 'S', phases: [phase], extra: 1 }],
      [{ id: 's', title: 'S', phases: [{ ...phase, utilisation: { a: -0.1 } }] }],
      [{ id: 's', title: 'S', phases: [{ ...phase, utilisation: { a: limits.utilisation + 1 } }] }],
      [{ id: 's', title: 'S', phases: [{ ...phase, utilisation: { a: Number.NaN } }] }],
      [{ id: 's', title: 'S', phases: [{ ...phase, stale: 'a' }] }],
      [{ id: 's', title: 'S', phases: [{ ...phase, colour: 'red' }] }],
      [{ id: 's', title: 'S', phases: [{ name: 'failure' }] }],
      [{ id: 's', title: 'S', phases: [{ ...phase, simulation: { ...phase.simulation, failed: 'loop-1' } }] }],
    ]) {
      assert.equal(parseScenarios(bad), undefined, JSON.stringify(bad));
    }
  });

  it('bounds the number of scenarios and phases: at the limit accepted, above refused', () => {
    const one = { id: 's', title: 'S', phases: [phase] };
    assert.ok(parseScenarios(Array(limits.scenarios).fill(one)));
    assert.equal(parseScenarios(Array(limits.scenarios + 1).fill(one)), undefined);
    assert.ok(parseScenarios([{ ...one, phases: Array(limits.phases).fill(phase) }]));
    assert.equal(parseScenarios([{ ...one, phases: Array(limits.phases + 1).fill(phase) }]), undefined);
  });

  it('accepts "open" from the webview with the same shape as "reveal"', () => {
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };
    assert.ok(parseFromWebview({ type: 'open', uri: 'file:///a', range }));
    assert.equal(parseFromWebview({ type: 'open', uri: 'file:///a' }), undefined);
  });
});
