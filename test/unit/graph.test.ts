// The graph's core (placement, ELK input, scene, SVG/DOT/Mermaid painters), `incidentmap graph`, and the
// webview message validator. The browser side is in test/webview.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  anchorOf,
  blastRadius,
  buildScene,
  elkGraph,
  fallbackLayout,
  graphFindings,
  graphModel,
  layoutInParts,
  layoutMap,
  layoutsInParts,
  openingView,
  overview,
  panelView,
  partsAbove,
  placement,
  renderSvg,
  sharedRoutes,
  toDot,
  toMermaid,
  topologyKey,
  type ElkNode,
  type GraphModel,
} from '../../server/src/core/index';
import { layoutElk } from '../../server/src/node/elkLayout';
import { isSvgDocument, isWebLink, parseFromWebview, pngBytes } from '../../client/src/graph/protocol';
import { run } from '../../server/src/cli/cli';
import { analyzeFile, analyzeText, repoRoot } from '../helpers/core';

const sample = join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap');
const checkout = join(repoRoot, 'samples/checkout/checkout.incidentmap');

function modelOf(path: string): { g: GraphModel; findings: ReturnType<typeof graphFindings>; a: ReturnType<typeof analyzeFile> } {
  const a = analyzeFile(path);
  return { g: graphModel(a.files[0]!, a.files, a.model), findings: graphFindings(a.findings), a };
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; files: Record<string, string> }> {
  let stdout = '';
  let stderr = '';
  const files: Record<string, string> = {};
  const code = await run(args, {
    stdout: { write: (s) => void (stdout += s) },
    stderr: { write: (s) => void (stderr += s) },
    cwd: repoRoot,
    env: { INCIDENTMAP_NOW: '2026-11-22', NO_COLOR: '1' },
    writeFile: (p, t) => void (files[p] = typeof t === 'string' ? t : Buffer.from(t).toString('latin1')),
  });
  return { code, stdout, stderr, files };
}

describe('graph core', () => {
  it('places a component in its deepest placement domain, or the common ancestor of its spread', () => {
    const { g } = modelOf(checkout);
    const where = placement(g);
    assert.equal(where.get('orders-db'), 'eu-west-a');
    // Spread across three zones of eu-west: drawn in the region.
    assert.equal(where.get('edge-lb'), 'eu-west');
    // Network links ride network paths, which are not containers.
    assert.equal(where.get('psp-link-1'), undefined);
  });

  it('builds an ELK graph with nested containers and every dependency and failover as an edge', () => {
    const { g } = modelOf(sample);
    const elk = elkGraph(g);
    const ids: string[] = [];
    const walk = (n: typeof elk, path: string[]) => n.children?.forEach((c) => (ids.push([...path, c.id].join('/')), walk(c, [...path, c.id])));
    walk(elk, []);
    assert.ok(ids.includes('d:hall-2/d:rack-r1/c:gpu-rack-r1'), ids.join(' '));
    // One ELK edge per pair of boxes; the other lines of a pair are drawn beside its route.
    assert.equal(elk.edges!.length + sharedRoutes(g).size, g.edges.length + g.failovers.length);
    assert.equal(elk.layoutOptions!['elk.hierarchyHandling'], 'INCLUDE_CHILDREN');
  });

  it('keys the layout by topology: an owner change keeps it, a new dependency does not', () => {
    const { g } = modelOf(sample);
    const key = topologyKey(elkGraph(g));
    const owner = { ...g, components: g.components.map((c) => ({ ...c, runbook: 'https://x.example/' })) };
    assert.equal(topologyKey(elkGraph(owner)), key);
    const edge = { ...g, edges: [...g.edges, { ...g.edges[0]!, to: g.edges[0]!.from }] };
    assert.notEqual(topologyKey(elkGraph(edge)), key);
  });

  it('attaches each finding to the element that declares it, with the worst severity', async () => {
    // The sample's rack R2 holds only a standby (no single point of failure since issue 23, item 10):
    // here the model servers use both racks, so rack-r2 takes them down.
    const text = readFileSync(sample, 'utf8').replace('      - target: gpu-rack-r1\n', '      - target: gpu-rack-r1\n      - target: gpu-rack-r2\n');
    const a = analyzeText(text);
    const g = graphModel(a.files[0]!, a.files, a.model);
    const findings = graphFindings(a.findings);
    const scene = buildScene(g, await layoutElk(elkGraph(g)), findings);
    const attached = [...scene.nodes, ...scene.containers, ...scene.crossDomains, ...scene.edges].flatMap((x) => x.findings);
    assert.equal(attached.length + scene.unanchored.length, findings.length);
    for (const n of [...scene.nodes, ...scene.edges]) {
      if (n.findings.length) {
        const worst = n.findings.map((i) => findings[i]!.severity).includes('error') ? 'error' : n.findings.map((i) => findings[i]!.severity).includes('warning') ? 'warning' : 'info';
        assert.equal(n.severity, worst);
      }
    }
    // A single point of failure that is a rack carries the badge on its container; one that is a
    // cooling loop or a carrier (cross-cutting, not a container) carries it on its chip in the band.
    const spofs = findings.flatMap((f, i) => (f.ruleId === 'single-point-of-failure' ? [i] : []));
    assert.ok(spofs.some((i) => scene.containers.find((n) => n.id === 'rack-r2')?.findings.includes(i)), 'the SPOF badge sits on rack-r2');
    assert.ok(spofs.some((i) => scene.crossDomains.find((n) => n.id === 'loop-1')?.findings.includes(i)), 'the SPOF badge sits on loop-1');
    assert.ok(spofs.some((i) => scene.crossDomains.find((n) => n.id === 'carrier-x')?.findings.includes(i)), 'the SPOF badge sits on carrier-x');
    assert.ok(!spofs.some((i) => scene.unanchored.includes(i)), 'every single point of failure is on the picture');
    // The band lists the cross-cutting domains in use, with their members, above the picture.
    const loop = scene.crossDomains.find((d) => d.id === 'loop-1')!;
    assert.deepEqual([...loop.members].sort(), ['cdu-1', 'gpu-rack-r1', 'gpu-rack-r2']);
    assert.deepEqual(scene.crossDomains.map((d) => d.id), ['feed-a', 'feed-b', 'loop-1', 'carrier-x']);
    const top = Math.min(...scene.nodes.map((n) => n.y), ...scene.containers.map((c) => c.y));
    assert.ok(scene.crossDomains.every((d) => d.y + d.height < top), 'the band is above every box');
  });

  it('collapses innermost domains into groups for the overview, keeping findings and simulation on them', function () {
    this.timeout(60_000);
    const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
    const a = analyzeText(singleFile(400, 3));
    const g = graphModel(a.files[0]!, a.files, a.model);
    const findings = graphFindings(a.findings);
    const o = overview(g);
    const groups = o.components.filter((c) => c.members);
    assert.ok(groups.length > 0 && o.components.length < 20, `${o.components.length} boxes`);
    assert.equal(groups.reduce((n, c) => n + c.members!.length, 0) + o.components.filter((c) => !c.members).length, g.components.length);
    assert.ok(o.edges.every((e) => e.from !== e.to));
    assert.equal(o.edges.reduce((n, e) => n + (e.count ?? 1), 0) + g.edges.filter((e) => placement(g).get(e.from) === placement(g).get(e.to) && placement(g).get(e.from) !== undefined).length, g.edges.length);
    // Findings on members anchor to their group or merged edge.
    const scene = buildScene(o, fallbackLayout(elkGraph(o)), findings);
    const onGroups = scene.nodes.filter((n) => n.id.startsWith('group:')).reduce((k, n) => k + n.findings.length, 0);
    assert.ok(onGroups > 0);
    // Expanding one domain brings its components back.
    const zone = groups[0]!.id.slice('group:'.length);
    const expanded = overview(g, new Set([zone]));
    assert.ok(groups[0]!.members!.every((m) => expanded.components.some((c) => c.id === m)));
    // A simulated member failure colours its group.
    const sim = { failed: [groups[0]!.members![0]!], down: [], degraded: [] };
    assert.equal(buildScene(o, fallbackLayout(elkGraph(o)), [], sim).nodes.find((n) => n.id === groups[0]!.id)?.state, 'failed');
  });

  it('sends a large map\'s overview first with only the member blocks that hold a finding: every finding anchors as on the whole map\'s overview', function () {
    this.timeout(60_000);
    const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
    const a = analyzeText(singleFile(400, 3));
    const g = graphModel(a.files[0]!, a.files, a.model);
    const findings = graphFindings(a.findings);
    const full = panelView(g);
    const opening = openingView(g, findings)!;
    assert.ok(opening, 'a map above 300 components has an opening view');
    // The same boxes and lines, in the same order (so the same layout key), with fewer member blocks.
    assert.deepEqual(opening.graph.components.map((c) => c.id), full.components.map((c) => c.id));
    assert.deepEqual(opening.graph.edges.map((e) => `${e.from}>${e.to}`), full.edges.map((e) => `${e.from}>${e.to}`));
    assert.equal(topologyKey(elkGraph(opening.graph)), topologyKey(elkGraph(full)));
    const blocks = (m: GraphModel) => [...m.components, ...m.edges].reduce((n, x) => n + (x.memberBlocks?.length ?? 0), 0);
    assert.ok(blocks(opening.graph) < blocks(full), `${blocks(opening.graph)} of ${blocks(full)} member blocks`);
    // Every finding on the element it is on in the whole overview; the picture's findings without related and data.
    for (const f of findings) {
      assert.deepEqual(anchorOf(opening.graph, f), anchorOf(full, f), `${f.ruleId} at ${JSON.stringify(f.range.start)}`);
    }
    assert.equal(opening.findings.length, findings.length);
    assert.ok(opening.findings.every((f, i) => f.message === findings[i]!.message && f.related === undefined && f.data === undefined));
    assert.ok(JSON.stringify(opening).length * 2 < JSON.stringify({ graph: g, findings }).length, 'less than half of the whole map');
    // A map the panel opens on itself has nothing smaller to send first.
    const small = analyzeFile(join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap'));
    assert.equal(openingView(graphModel(small.files[0]!, small.files, small.model), graphFindings(small.findings)), undefined);
  });

  it('has a fallback layout that needs no ELK and places every node, even with cycles', () => {
    const a = analyzeText(['incidentmap: 1', 'components:', '  - {id: a, kind: service, dependsOn: [{target: b}]}', '  - {id: b, kind: service, dependsOn: [{target: a}]}', '  - {id: c, kind: service}'].join('\n'));
    const g = graphModel(a.files[0]!, a.files, a.model);
    const out = fallbackLayout(elkGraph(g));
    assert.deepEqual(out.children!.map((c) => c.id).sort(), ['c:a', 'c:b', 'c:c']);
    assert.ok(out.children!.every((c) => Number.isFinite(c.x) && Number.isFinite(c.y)));
    assert.equal(out.edges!.length, 1, 'a -> b and b -> a share one route');
    assert.ok(buildScene(g, out, []).edges.every((e) => e.points.length >= 2));
  });

  it('routes each pair of boxes once in ELK and draws the pair\'s other lines beside that route', async () => {
    const a = analyzeText(
      [
        'incidentmap: 1',
        'components:',
        '  - {id: a, kind: service, dependsOn: [{target: b}, {target: c}]}',
        '  - {id: b, kind: service, dependsOn: [{target: a, mode: async}]}',
        '  - {id: c, kind: service}',
        'failovers:',
        '  - {from: a, to: b, mode: automatic}',
      ].join('\n'),
    );
    const g = graphModel(a.files[0]!, a.files, a.model);
    assert.equal(g.edges.length + g.failovers.length, 4);
    const elk = elkGraph(g);
    assert.deepEqual(elk.edges!.map((e) => `${e.sources[0]}>${e.targets[0]}`), ['c:a>c:b', 'c:a>c:c']);
    for (const laidOut of [await layoutElk(elk), fallbackLayout(elk)]) {
      const scene = buildScene(g, laidOut, []);
      const [ab, ac, ba, fab] = scene.edges.map((e) => e.points);
      assert.ok([ab, ac, ba, fab].every((p) => p!.length >= 2 && p!.every((q) => Number.isFinite(q.x) && Number.isFinite(q.y))));
      const first = (p: typeof ab) => p![0]!;
      const last = (p: typeof ab) => p![p!.length - 1]!;
      const dist = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
      // b -> a runs the other way along a -> b's route, a few pixels aside; the failover on the other side.
      assert.ok(dist(first(ba), last(ab)) < 20 && dist(last(ba), first(ab)) < 20, JSON.stringify({ ab, ba }));
      assert.ok(dist(first(fab), first(ab)) < 20 && dist(last(fab), last(ab)) < 20);
      assert.ok(dist(first(ba), last(ab)) > 1 && dist(first(fab), first(ab)) > 1 && dist(last(ba), first(fab)) > 1, 'no two lines on top of each other');
      assert.notDeepEqual(ac, ab);
    }
  });
});

describe('anchoring findings on the graph', () => {
  // What anchorOf answered before it had an index: the first element, edges first, whose block holds the position.
  const within = (r: { start: { line: number; character: number }; end: { line: number; character: number } }, p: { line: number; character: number }) =>
    (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));
  function scan(g: GraphModel, uri: string, p: { line: number; character: number }) {
    const inMembers = (x: { memberBlocks?: { uri: string; range: never }[] }) => x.memberBlocks?.some((m) => m.uri === uri && within(m.range, p)) ?? false;
    const edge = g.edges.findIndex((e) => (e.uri === uri && within(e.block, p)) || inMembers(e as never));
    if (edge >= 0) return { kind: 'edge', index: edge };
    const failover = g.failovers.findIndex((x) => x.uri === uri && within(x.range, p));
    if (failover >= 0) return { kind: 'failover', index: failover };
    const c = g.components.find((x) => (x.uri === uri && within(x.block, p)) || inMembers(x as never));
    if (c) return { kind: 'component', id: c.id };
    const d = g.domains.find((x) => x.uri === uri && within(x.block, p));
    return d ? { kind: 'domain', id: d.id } : undefined;
  }

  it('answers exactly as a scan of every element, for every position of the samples and their overviews', () => {
    for (const path of [sample, checkout]) {
      const { g, a } = modelOf(path);
      for (const model of [g, overview(g)]) {
        for (const uri of a.files) {
          const lines = readFileSync(fileURLToPath(uri), 'utf8').split('\n').length + 1;
          for (let line = 0; line < lines; line++) {
            for (const character of [0, 2, 4, 6, 10, 40]) {
              assert.deepEqual(anchorOf(model, { uri, range: { start: { line, character }, end: { line, character } } }), scan(model, uri, { line, character }), `${uri}:${line}:${character}`);
            }
          }
        }
      }
    }
  });

  it('with nested and overlapping ranges, picks the smallest index that holds the position', () => {
    const range = (a: number, b: number) => ({ start: { line: a, character: 0 }, end: { line: b, character: 0 } });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), fc.nat(10)), { minLength: 1, maxLength: 12 }), fc.nat(45), (spans, line) => {
        const g = { components: [], domains: [], failovers: [], edges: spans.map(([a, len]) => ({ uri: 'u', block: range(a, a + len) })) } as unknown as GraphModel;
        assert.deepEqual(anchorOf(g, { uri: 'u', range: range(line, line) }), scan(g, 'u', { line, character: 0 }));
        assert.equal(anchorOf(g, { uri: 'v', range: range(line, line) }), undefined);
      }),
      { numRuns: 400 },
    );
  });
});

describe('graph painters', () => {
  it('renders well-formed SVG with components, edges, containers, badges and a legend', async () => {
    const { g, findings } = modelOf(sample);
    const svg = renderSvg(buildScene(g, await layoutElk(elkGraph(g)), findings), { title: 'ai' });
    assert.equal(XMLValidator.validate(svg), true);
    assert.ok(isSvgDocument(svg), 'a real export passes the element-by-element check');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg);
    assert.ok(doc.svg);
    for (const c of g.components) {
      assert.match(svg, new RegExp(`data-component="${c.id}"`));
    }
    assert.equal((svg.match(/data-edge="e:/g) ?? []).length, g.edges.length);
    assert.equal((svg.match(/data-edge="f:/g) ?? []).length, g.failovers.length);
    assert.match(svg, /data-domain="rack-r1"/);
    assert.match(svg, /data-badge="error"/);
    assert.match(svg, /class="im-legend"/);
    // Concrete colours: converters that know no CSS variables (rsvg-convert) draw the same picture.
    assert.doesNotMatch(svg, /var\(/);
    assert.match(svg, /fill: #ffffff/);
    const dark = renderSvg(buildScene(g, await layoutElk(elkGraph(g)), findings), { title: 'ai', theme: 'dark' });
    assert.doesNotMatch(dark, /var\(/);
    assert.match(dark, /fill: #0d1117/);
    // Severity is a badge whose shape says it; it never colours a line (the telemetry edge stays purple).
    assert.doesNotMatch(svg, /data-severity="warning"\] path/);
    assert.match(svg, /<path class="im-mark" d="M0 -10 L10 8 L-10 8 Z"\/>/);
  });

  it('escapes every label and drops characters XML forbids', async () => {
    const a = analyzeText(['incidentmap: 1', 'components:', '  - id: evil', '    kind: service', '    name: "<img src=x onerror=alert(1)> & \\"q\\" \\u0001"', '    owner: "</text><script>x</script>"'].join('\n'));
    const g = graphModel(a.files[0]!, a.files, a.model);
    const svg = renderSvg(buildScene(g, await layoutElk(elkGraph(g)), graphFindings(a.findings)));
    assert.equal(XMLValidator.validate(svg), true);
    assert.doesNotMatch(svg, /<img|<script/);
    assert.match(svg, /&lt;img src=x onerror=alert\(1\)&gt; &amp;/);
    const dot = toDot(g);
    assert.match(dot, /"<img src=x onerror=alert\(1\)> & \\"q\\"/);
    const mermaid = toMermaid(g);
    assert.doesNotMatch(mermaid, /<img|<script|"q"/);
    assert.match(mermaid, /#lt;img src=x onerror=alert\(1\)#gt;/);
  });

  it('keeps any label text (fuzzed names, owners and messages) out of the markup, in SVG, DOT and Mermaid', function () {
    this.timeout(60_000);
    const { g, findings } = modelOf(sample);
    const laidOut = fallbackLayout(elkGraph(g));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }), (name, owner) => {
        const evil = { ...g, components: g.components.map((c, i) => (i === 0 ? { ...c, name: `<b>${name}`, owner: `"${owner}'&` } : c)) };
        const svg = renderSvg(buildScene(evil, laidOut, findings.map((f) => ({ ...f, message: `</title><script>${name}</script>` }))));
        assert.equal(XMLValidator.validate(svg), true);
        assert.doesNotMatch(svg, /<(b|script)[\s>]/);
        const dot = toDot(evil, findings);
        // Every DOT string is closed: an odd number of unescaped quotes would mean one leaked.
        for (const line of dot.split('\n')) {
          assert.equal((line.replace(/\\./g, '').match(/"/g) ?? []).length % 2, 0, line);
        }
        assert.doesNotMatch(toMermaid(evil, findings), /<b>|"<|\]\[/);
      }),
      { numRuns: 300 },
    );
  });

  it('colours a simulation: failed, down and degraded nodes and the path edges', async () => {
    const { g, findings, a } = modelOf(sample);
    const sim = blastRadius(a.graph, ['loop-1']);
    assert.ok(!('unknown' in sim));
    const scene = buildScene(g, await layoutElk(elkGraph(g)), findings, sim);
    // Standbys that go down are drawn down as well (listed apart by the simulation, as lost redundancy).
    assert.deepEqual(scene.nodes.filter((n) => n.state === 'down').map((n) => n.id).sort(), [...sim.down, ...sim.standbys].map((d) => d.id).sort());
    assert.deepEqual(scene.nodes.filter((n) => n.state === 'degraded').map((n) => n.id).sort(), sim.degraded.map((d) => d.id).sort());
    assert.ok(scene.edges.some((e) => e.onPath));
    assert.match(renderSvg(scene, { simulating: true }), /class="im im-standalone simulating"/);
  });

  it('writes DOT with clusters and edge styles, and Mermaid with subgraphs and link styles', () => {
    const { g, findings } = modelOf(checkout);
    const dot = toDot(g, findings);
    assert.match(dot, /^digraph incidentmap \{/);
    assert.match(dot, /subgraph cluster_\d+ \{\n\s+label="region eu-west"/);
    assert.match(dot, /"checkout-api" -> "[a-z-]+" \[style=solid/);
    assert.match(dot, /style=dashed, color="#0969da", penwidth=2, label="automatic failover"/);
    assert.equal((dot.match(/ -> /g) ?? []).length, g.edges.length + g.failovers.length);
    const mm = toMermaid(g, findings);
    assert.match(mm, /^flowchart TB\n/);
    assert.match(mm, /subgraph d\d+\["zone eu-west-a"\]/);
    assert.equal((mm.match(/ (-->|-\.->|==>)/g) ?? []).length, g.edges.length + g.failovers.length);
    assert.equal((mm.match(/^\s*subgraph/gm) ?? []).length, (mm.match(/^\s*end$/gm) ?? []).length);
  });
});

describe('large maps laid out in parts', () => {
  const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
  type Box = { x: number; y: number; width: number; height: number };
  const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
  const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const onBorder = (p: { x: number; y: number }, b: Box) =>
    inside({ x: p.x, y: p.y, width: 0, height: 0 }, b) && Math.min(Math.abs(p.x - b.x), Math.abs(p.x - b.x - b.width), Math.abs(p.y - b.y), Math.abs(p.y - b.y - b.height)) < 0.5;

  it('leaves small maps, and maps without domains, to one ELK call', async () => {
    const { g } = modelOf(checkout);
    assert.equal(layoutsInParts(elkGraph(g)), false);
    let calls = 0;
    await layoutMap(elkGraph(g), (x) => (calls++, layoutElk(x)));
    assert.equal(calls, 1);
    const a = analyzeText(singleFile(400, 5).replace(/^ {4}(domains|spreadAcross): .*$/gm, ''));
    assert.equal(layoutsInParts(elkGraph(graphModel(a.files[0]!, a.files, a.model))), false, 'no domains: nothing to divide by');
  });

  it('divides a map above 150 components, or above 20 lines between domains', () => {
    // Two zones of `size` components each, with `between` lines from the first zone to the second.
    const map = (size: number, between: number): ElkNode => {
      const zone = (z: number): ElkNode => ({ id: `d:z${z}`, children: Array.from({ length: size }, (_, i) => ({ id: `c:z${z}-${i}`, width: 10, height: 10 })) });
      return { id: 'root', children: [zone(0), zone(1)], edges: Array.from({ length: between }, (_, i) => ({ id: `e:${i}`, sources: [`c:z0-${i % size}`], targets: [`c:z1-${i % size}`] })) };
    };
    assert.equal(layoutsInParts(map(partsAbove.components / 2, 0)), false);
    assert.equal(layoutsInParts(map(partsAbove.components / 2 + 1, 0)), true);
    assert.equal(layoutsInParts(map(5, partsAbove.linesBetweenDomains)), false);
    assert.equal(layoutsInParts(map(5, partsAbove.linesBetweenDomains + 1)), true);
    const flat = map(200, 0);
    assert.equal(layoutsInParts({ ...flat, children: flat.children!.flatMap((z) => z.children!) }), false, 'one block');
  });

  it('places every component inside its domains without overlaps, and draws every line from its source to its target', async function () {
    this.timeout(120_000);
    const a = analyzeText(singleFile(400, 5));
    const g = graphModel(a.files[0]!, a.files, a.model);
    const input = elkGraph(g);
    assert.ok(layoutsInParts(input));
    let calls = 0;
    const laid = await layoutMap(input, (x) => (calls++, layoutElk(x)));
    assert.ok(calls > 2, `${calls} ELK calls`);

    // The same tree of containers and components, each inside its parent, siblings apart.
    const leaves = new Map<string, Box>();
    const check = (want: ElkNode, got: ElkNode, parent: Box | undefined) => {
      assert.equal(got.id, want.id);
      const b = got as Box;
      assert.ok([b.x, b.y, b.width, b.height].every(Number.isFinite), `${got.id} is placed`);
      if (parent) {
        assert.ok(inside(b, parent), `${got.id} lies inside its container`);
      }
      if (!want.children) {
        leaves.set(got.id, b);
        return;
      }
      assert.deepEqual(got.children!.map((c) => c.id).sort(), want.children.map((c) => c.id).sort(), `children of ${got.id}`);
      const kids = got.children! as Box[];
      kids.forEach((k, i) => kids.slice(i + 1).forEach((o, j) => assert.ok(!overlap(k, o), `${got.children![i]!.id} and ${got.children![i + j + 1]!.id} overlap`)));
      want.children.forEach((w) => check(w, got.children!.find((c) => c.id === w.id)!, b));
    };
    check(input, laid, undefined);
    assert.equal(leaves.size, g.components.length);

    // Every line ELK was given, once, from the border of its source to the border of its target.
    assert.deepEqual(laid.edges!.map((e) => e.id), input.edges!.map((e) => e.id));
    for (const e of laid.edges!) {
      const s = e.sections?.[0];
      assert.ok(s, `${e.id} has a route`);
      assert.ok(onBorder(s.startPoint, leaves.get(e.sources[0]!)!), `${e.id} starts on ${e.sources[0]}`);
      assert.ok(onBorder(s.endPoint, leaves.get(e.targets[0]!)!), `${e.id} ends on ${e.targets[0]}`);
    }

    // And the scene and the painter take it as they take ELK's answer.
    const scene = buildScene(g, laid, graphFindings(a.findings));
    assert.equal(scene.nodes.length, g.components.length);
    assert.ok(XMLValidator.validate(renderSvg(scene)) === true);
    assert.ok(isSvgDocument(renderSvg(scene)), 'what the renderer writes passes the export check');
    assert.ok(isSvgDocument(renderSvg(scene, { legend: true, simulating: true })));
  });

  it('is what `incidentmap graph` draws for a large map', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'incidentmap-parts-'));
    try {
      writeFileSync(join(dir, 'big.incidentmap'), singleFile(350, 2));
      const r = await cli(['graph', join(dir, 'big.incidentmap'), '--root', dir, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout) as { scene: { nodes: Box[]; containers: Box[] } };
      assert.equal(j.scene.nodes.length, 350);
      assert.ok(j.scene.containers.length > 2);
      // The same picture every time, as for small maps: docs and pull requests diff it.
      const svg = async () => (await cli(['graph', join(dir, 'big.incidentmap'), '--root', dir])).stdout;
      assert.equal(await svg(), await svg());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('incidentmap graph', () => {
  it('writes SVG, DOT, Mermaid and JSON to -o and nothing to stdout', async () => {
    for (const format of ['svg', 'dot', 'mermaid', 'json']) {
      const r = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '-f', format, '-o', `out.${format}`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      const [path, text] = Object.entries(r.files)[0]!;
      assert.equal(path, join(repoRoot, `out.${format}`));
      assert.ok(text.length > 100);
    }
  });

  it('prints JSON with relative paths, the model, findings and the laid-out scene', async () => {
    const r = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '--format', 'json', '--simulate', 'loop-1']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.map, 'samples/ai-inference/ai-inference.incidentmap');
    assert.doesNotMatch(r.stdout, /file:\/\//);
    assert.ok(j.scene.nodes.every((n: { x: number; width: number }) => Number.isFinite(n.x) && n.width > 0));
    assert.ok(j.scene.nodes.some((n: { state?: string }) => n.state === 'down'));
    assert.ok(j.findings.length > 0);
  });

  it('renders the same picture twice (deterministic output for docs and PR diffs)', async () => {
    const a = await cli(['graph', 'samples/checkout/checkout.incidentmap']);
    const b = await cli(['graph', 'samples/checkout/checkout.incidentmap']);
    assert.equal(a.stdout, b.stdout);
  });

  it('refuses unknown ids, formats and unreadable files with exit 2 and a clear message', async () => {
    const unknown = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '--simulate', 'loop-7']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no component or failure domain "loop-7" \(did you mean "loop-1"\?\)/);
    const format = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '-f', 'gif']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of svg, png, html, dot, mermaid, json/);
    const png = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '-f', 'png']);
    assert.equal(png.code, 2);
    assert.match(png.stderr, /a PNG is binary: write it to a file with -o/);
    const theme = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '--theme', 'solarized']);
    assert.equal(theme.code, 2);
    assert.match(theme.stderr, /--theme must be light or dark; got "solarized"/);
    const missing = await cli(['graph', 'nope.incidentmap']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope.incidentmap/);
    const dotSim = await cli(['graph', 'samples/ai-inference/ai-inference.incidentmap', '-f', 'dot', '--simulate', 'loop-1']);
    assert.equal(dotSim.code, 2);
  });
});

describe('webview messages', () => {
  it('accepts exactly the messages the webview may send', () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'painted' }), { type: 'painted' });
    assert.ok(parseFromWebview({ type: 'reveal', uri: 'file:///a.incidentmap', range }));
    assert.ok(parseFromWebview({ type: 'simulate', fail: ['a', 'b'] }));
    assert.ok(parseFromWebview({ type: 'export', format: 'svg', data: '<svg></svg>' }));
    const bad: unknown[] = [
      null, 42, 'ready', [], {}, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' },
      { type: 'ready', extra: 1 },
      { type: 'painted', at: 1 },
      { type: 'reveal', uri: 'file:///a', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
      { type: 'reveal', uri: 'file:///a', range: { start: { line: 0.5, character: 0 }, end: { line: 0, character: 0 } } },
      { type: 'reveal', uri: 7, range },
      { type: 'reveal', uri: 'file:///a', range: { ...range, extra: true } },
      { type: 'simulate', fail: [] },
      { type: 'simulate', fail: [1] },
      { type: 'simulate', fail: 'a' },
      { type: 'simulate', fail: Array.from({ length: 1001 }, () => 'a') },
      { type: 'export', format: 'pdf', data: '' },
      { type: 'openRunbook', url: 'x'.repeat(5000) },
      { type: 'log', level: 'debug', message: 'x' },
    ];
    for (const m of bad) {
      assert.equal(parseFromWebview(m), undefined, JSON.stringify(m)?.slice(0, 80));
    }
  });

  it('opens only http(s) runbooks and writes only real SVG and PNG exports', () => {
    assert.ok(isWebLink('https://runbooks.example.com/x'));
    assert.ok(isWebLink('http://wiki/x'));
    for (const u of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://x', 'https://user:pw@x.example/', 'not a url']) {
      assert.equal(isWebLink(u), false, u);
    }
    assert.ok(isSvgDocument('<?xml version="1.0"?>\n<svg xmlns="x"></svg>\n'));
    assert.equal(isSvgDocument('<html><svg></svg></html>'), false);
    // Forged exports that start and end like an SVG document (issue 24): checked element by element.
    const forged = [
      '<svg><script>alert(1)</script></svg>',
      '<svg><foreignObject><iframe src="https://e.example"/></foreignObject></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><rect ONCLICK="x()"/></svg>',
      '<svg><image href="https://e.example/i.png"/></svg>',
      '<svg><use xlink:href="https://e.example/s.svg#x"/></svg>',
      '<svg><rect style="fill: url(https://e.example/track)"/></svg>',
      '<svg><style>@import url(https://e.example/x.css);</style></svg>',
      '<svg><style>rect { fill: url( "https://e.example/t" ) }</style></svg>',
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
      '<svg><!-- --><text>x</text></svg>',
      '<svg><![CDATA[<script>]]></svg>',
      '<svg></svg><script>alert(1)</script><svg></svg>',
      '<svg></svg>trailing',
      '<svg><g></svg></g>',
      '<svg><g>',
      '<svg><text>a < b</text></svg>',
      '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
    ];
    for (const svg of forged) {
      assert.equal(isSvgDocument(svg), false, svg);
    }
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');
    assert.ok(pngBytes(`data:image/png;base64,${png}`));
    assert.equal(pngBytes(`data:image/png;base64,${Buffer.from('GIF89a-not-png').toString('base64')}`), undefined);
    assert.equal(pngBytes('data:text/html;base64,PGgxPg=='), undefined);
  });
});
