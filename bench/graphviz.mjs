// Graphviz dot (wasm) on the DOT that `incidentmap graph --format dot` writes for a generated map.
// Separate process so bench/layout.js can stop it: wasm cannot be interrupted. Prints one JSON line.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../out/server/src/core/index.js');
const { singleFile } = require('./generate.js');
const { Graphviz } = await import('@hpcc-js/wasm-graphviz');

const n = Number(process.argv[2] || 100);
const uri = 'file:///bench/platform.incidentmap';
const a = core.analyze(uri, core.memoryHost({ [uri]: singleFile(n, 1) }), { root: 'file:///bench' });
const g = core.graphModel(uri, a.files, a.model);
const graphviz = await Graphviz.load();
const t = performance.now();
graphviz.dot(core.toDot(g, core.graphFindings(a.findings)), 'svg');
process.stdout.write(JSON.stringify({ ms: performance.now() - t }) + '\n');
