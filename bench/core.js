// Core benchmarks: parse + validation, full analysis, single points of failure, incremental edits,
// across map sizes. Run in a fresh process per size (`node bench/core.js N`) so heaps do not mix.
'use strict';
const { join } = require('node:path');
const core = require(join(__dirname, '../out/server/src/core/index.js'));
const { singleFile, multiFile } = require('./generate.js');
const { dependencyCount, measure, runRules } = require('./lib.js');

const n = Number(process.argv[2] || 1000);
const runs = Number(process.env.BENCH_RUNS || (n >= 10000 ? 3 : 7));
const uri = 'file:///bench/platform.incidentmap';
const text = singleFile(n, 1);
const host = core.memoryHost({ [uri]: text });
const result = { n, bytes: text.length };

// As the CLI and the language server read a map: with a FileCache (fresh each run), chunk by chunk,
// plain block YAML through the fast reader (core/parse/simpleYaml.ts). Beside it, yaml's parser on
// the whole file: what every map took before, and what a map outside the fast reader's subset takes.
result.parseValidate = measure(() => core.buildModel(uri, host, { cache: new core.FileCache() }), { runs });
result.parseValidateYaml = measure(() => core.buildModel(uri, host, {}), { runs });
const built = core.buildModel(uri, host, {});
result.edges = dependencyCount(built.model);
const graph = core.buildGraph(built.model);
// The rules are cheap next to parsing, so they get more runs, after warm-up: V8 still optimises and
// deoptimises them up to about the tenth call (bench/rules.js says more). The first call is reported
// on its own (the CLI pays it once); the language server's worker runs warm code after a few saves.
const ruleRuns = Math.max(runs, 11);
result.analysisFirst = measure(() => runRules(core, built.model), { runs: 1, warmup: 0 }).median;
result.analysisOnly = measure(() => runRules(core, built.model), { runs: ruleRuns, warmup: 8 });
// Where the rules' time goes: the graph build and each rule on its own.
result.perRule = { buildGraph: measure(() => core.buildGraph(built.model), { runs: ruleRuns }).median };
for (const r of core.rules) {
  if (r.check) {
    result.perRule[r.id] = measure(() => r.check({ model: built.model, graph, settings: built.model.settings, now: Date.UTC(2026, 10, 22), report() {} }), { runs: ruleRuns }).median;
  }
}
// What the single-point-of-failure rule computes, without writing its messages.
result.spof = measure(() => core.singlePoints(graph), { runs: ruleRuns });
result.blastOne = measure(() => core.blastRadius(graph, [graph.components[Math.floor(n / 2)].id]), { runs: ruleRuns });
const cold = measure(() => core.analyze(uri, host, { now: Date.UTC(2026, 10, 22), cache: new core.FileCache() }), { runs: Math.min(runs, 3), warmup: 0 });
result.fullAnalyze = cold;

// Incremental: the language server keeps a FileCache; an edit reparses one chunk.
const cache = new core.FileCache();
let current = text;
const live = { readFile: (u) => (u === uri ? { ok: true, text: current } : { ok: false, reason: 'not-found' }) };
core.analyze(uri, live, { cache, syntaxOnly: true });
let k = 0;
result.keystrokeInPlace = measure(() => {
  const at = current.indexOf('owner: team-', Math.floor(current.length / 2) + (k++ % 50) * 100);
  current = current.slice(0, at) + (current[at + 7] === 't' ? 'owner: Team-' : 'owner: team-') + current.slice(at + 12);
  core.analyze(uri, live, { cache, syntaxOnly: true });
}, { runs: 15 });
result.keystrokeNewLine = measure(() => {
  current = current.replace('    tier: 3\n', `    tier: 3\n    description: edit ${k++}\n`);
  core.analyze(uri, live, { cache, syntaxOnly: true });
}, { runs: 7 });
result.saveAfterEdit = measure(() => {
  const at = current.indexOf('owner: team-', Math.floor(current.length / 3) + (k++ % 50) * 100);
  current = current.slice(0, at) + (current[at + 7] === 't' ? 'owner: Team-' : 'owner: team-') + current.slice(at + 12);
  core.analyze(uri, live, { cache, now: Date.UTC(2026, 10, 22) });
}, { runs: 5 });

// The same platform in 50 files: one file changes.
if (n <= 10000) {
  const files = Object.fromEntries(Object.entries(multiFile(n, 50, 1)).map(([name, t]) => [`file:///bench/multi/${name}`, t]));
  const entry = 'file:///bench/multi/platform.incidentmap';
  const mcache = new core.FileCache();
  const mhost = { readFile: (u) => (files[u] !== undefined ? { ok: true, text: files[u] } : { ok: false, reason: 'not-found' }) };
  result.multiCold = measure(() => core.analyze(entry, mhost, { now: Date.UTC(2026, 10, 22), cache: new core.FileCache() }), { runs: Math.min(runs, 3), warmup: 0 });
  core.analyze(entry, mhost, { cache: mcache });
  let j = 0;
  result.multiOneFileChanged = measure(() => {
    const name = 'file:///bench/multi/team-07.incidentmap';
    files[name] = files[name].replace(/owner: (team|Team)-/, (m, t) => `owner: ${t === 'team' ? 'Team' : 'team'}-`) + `# edit ${j++}\n`;
    core.analyze(entry, mhost, { cache: mcache, now: Date.UTC(2026, 10, 22) });
  }, { runs: 7 });
}
global.gc?.();
result.heapUsedMB = process.memoryUsage().heapUsed / 1e6;
result.rssMB = process.memoryUsage().rss / 1e6;
process.stdout.write(JSON.stringify(result) + '\n');
