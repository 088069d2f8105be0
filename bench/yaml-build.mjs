// Why the bundles use yaml's browser build (esbuild.mjs): its Node build reads process.env.LOG_TOKENS
// for every token. Both builds parse the same map, alternately in one process; prints one JSON line.
// `node bench/yaml-build.mjs [components]`
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const nodeBuild = require('yaml');
const browserBuild = await import(new URL('../node_modules/yaml/browser/index.js', import.meta.url));
const { singleFile } = require('./generate.js');
const { median } = require('./lib.js');

const n = Number(process.argv[2] || 2000);
const text = singleFile(n, 1);
const times = { node: [], browser: [] };
for (let i = 0; i < 16; i++) {
  for (const [name, Y] of [['node', nodeBuild], ['browser', browserBuild]]) {
    const t = performance.now();
    Y.parseDocument(text, { lineCounter: new Y.LineCounter(), keepSourceTokens: true });
    times[name].push(performance.now() - t);
  }
}
const node = median(times.node);
const browser = median(times.browser);
process.stdout.write(JSON.stringify({ n, bytes: text.length, node, browser, ratio: node / browser }) + '\n');
