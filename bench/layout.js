// Graph layout and painting: our elkjs layout (the options the webview and the CLI use) against Graphviz
// dot (@hpcc-js/wasm-graphviz) on the same graph, plus the fallback layout and SVG painting.
// `node bench/layout.js N` prints one JSON line.
'use strict';
const { join } = require('node:path');
const core = require(join(__dirname, '../out/server/src/core/index.js'));
const { layoutElk } = require(join(__dirname, '../out/server/src/node/elkLayout.js'));
const { singleFile } = require('./generate.js');
const { spawnSync } = require('node:child_process');
const { measure, measureAsync } = require('./lib.js');

const graphvizLimitMs = Number(process.env.BENCH_GRAPHVIZ_LIMIT_MS || 120000);

const n = Number(process.argv[2] || 100);
const runs = Number(process.env.BENCH_RUNS || (n >= 500 ? 1 : 3));

(async () => {
  const uri = 'file:///bench/platform.incidentmap';
  const a = core.analyze(uri, core.memoryHost({ [uri]: singleFile(n, 1) }), { root: 'file:///bench' });
  const g = core.graphModel(uri, a.files, a.model);
  const findings = core.graphFindings(a.findings);
  const elk = core.elkGraph(g);
  const out = { n, edges: g.edges.length + g.failovers.length };

  // As the webview does: ELK loaded and warmed on a one-node graph while the map is on its way.
  await layoutElk({ id: 'warm', children: [{ id: 'a', width: 10, height: 10 }], edges: [] });
  // A map above largeGraph components opens on its overview (one box per innermost domain): that is
  // the first layout such a map gets, with ELK's code still cold.
  const ov = core.overview(g);
  if (g.components.length > core.largeGraph) {
    const started = performance.now();
    core.renderSvg(core.buildScene(ov, await core.layoutMap(core.elkGraph(ov), layoutElk), findings));
    out.overviewFirst = performance.now() - started;
  }
  // What the webview and `incidentmap graph` draw: in parts (core/graph/partitioned.ts) above 150
  // components or 20 lines between domains, else ELK on the whole graph. Its first run on its own
  // (after the overview, for a map that opens on one).
  out.inParts = core.layoutsInParts(elk);
  let laidOut;
  const first = performance.now();
  laidOut = await core.layoutMap(elk, layoutElk);
  out.layoutFirst = performance.now() - first;
  out.layout = await measureAsync(async () => (laidOut = await core.layoutMap(elk, layoutElk)), { runs: 5, warmup: 0 });
  // ELK on the whole graph with domains as containers, for comparison.
  out.elk = out.inParts ? await measureAsync(() => layoutElk(elk), { runs, warmup: 0 }) : out.layout;
  // The same graph without domain containers: what the nesting costs.
  const flat = { ...elk, children: [] };
  const collect = (x) => x.children?.forEach((c) => (c.width !== undefined ? flat.children.push(c) : collect(c)));
  collect(elk);
  out.elkFlat = await measureAsync(() => layoutElk(flat), { runs, warmup: 0 });
  out.fallback = measure(() => core.fallbackLayout(elk), { runs: 5 });
  out.scene = measure(() => core.buildScene(g, laidOut, findings), { runs: 5 });
  const scene = core.buildScene(g, laidOut, findings);
  out.svg = measure(() => core.renderSvg(scene), { runs: 5 });
  out.svgBytes = core.renderSvg(scene).length;

  // The overview again, now that ELK is warm.
  out.overviewBoxes = ov.components.length;
  out.overviewLayout = await measureAsync(() => core.layoutMap(core.elkGraph(ov), layoutElk), { runs: 3, warmup: 0 });
  out.overviewTotal = await measureAsync(async () => core.renderSvg(core.buildScene(ov, await core.layoutMap(core.elkGraph(core.overview(g)), layoutElk), findings)), { runs: 3, warmup: 0 });

  // Graphviz dot with the same clusters, in a child process with a time limit.
  const r = spawnSync(process.execPath, [join(__dirname, 'graphviz.mjs'), String(n)], { encoding: 'utf8', timeout: graphvizLimitMs, stdio: ['ignore', 'pipe', 'ignore'] });
  out.graphvizDot = r.status === 0 ? { median: JSON.parse(r.stdout.trim()).ms } : { median: undefined, timedOut: graphvizLimitMs };
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
