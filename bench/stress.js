// The stress scenario engine at the size the targets name: 10,000 components, about 50,000
// dependencies, capacities on every component, 20 journeys and 5 declared scenarios, read as 50
// included files. Measures everything the stress rules, hover and code lens read: the baseline, every
// single-domain loss of a spread member, and the declared scenarios, warm (as in the language server's
// long-lived worker), beside the rules run with and without the stress data.
// `node bench/stress.js [DEPS_FROM]`, one process per run.
'use strict';
const { join } = require('node:path');
const core = require(join(__dirname, '../out/server/src/core/index.js'));
const { multiFile } = require('./generate.js');
const { dependencyCount, measure, runRules } = require('./lib.js');

const depsFrom = Number(process.argv[2] || 5);
const n = 10000;
function load(stress) {
  const files = Object.fromEntries(Object.entries(multiFile(n, 50, 1, { depsFrom, stress })).map(([name, t]) => [`file:///bench/stress/${name}`, t]));
  return core.buildModel('file:///bench/stress/platform.incidentmap', core.memoryHost(files), { cache: new core.FileCache() }).model;
}
const model = load(true);
const plain = load(false);
const graph = core.buildGraph(model);
const s = core.computeStress(graph);
const phases = [...s.declared, ...s.domainLoss].reduce((k, r) => k + r.phases.length, 0);
let stressFindings = 0;
runRules(core, model, (f) => {
  if (['capacity-after-domain-loss', 'retry-storm', 'freshness-budget', 'journey-rto-unachievable', 'scenario-not-survived', 'headroom-mismatch', 'capacity-unit-mismatch'].includes(f.ruleId)) stressFindings++;
});
const result = {
  n,
  deps: dependencyCount(model),
  journeys: model.journeys.size,
  declared: s.declared.length,
  domainLoss: s.domainLoss.length,
  phases,
  stressFindings,
  first: measure(() => core.computeStress(graph), { runs: 1, warmup: 0 }).median,
  baseline: measure(() => core.computeBaseline(graph), { runs: 15, warmup: 10 }),
  stress: measure(() => core.computeStress(graph), { runs: 15, warmup: 10 }),
  // As after every save: a graph built anew, so the flow plan and the per-graph indexes are built too.
  graphOnly: measure(() => core.buildGraph(model), { runs: 10, warmup: 4 }),
  freshGraph: measure(() => core.computeStress(core.buildGraph(model)), { runs: 10, warmup: 4 }),
  rulesWithStress: measure(() => runRules(core, model), { runs: 15, warmup: 8 }),
  rulesWithout: measure(() => runRules(core, plain), { runs: 15, warmup: 8 }),
};
process.stdout.write(JSON.stringify(result) + '\n');
