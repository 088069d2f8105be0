// `npm run mutate`: the full mutation run, batch by batch (test/mutation/baseline.js), each under
// `nice -n 10` with one test runner (stryker configs: concurrency 1), folding every batch's results
// into the baseline stryker-incremental.json as soon as it finishes, then printing the scores.
//   node test/mutation/full.js                      every mutant of every batch, tested again
//   node test/mutation/full.js --batch rules        one batch (rules, propagation or format)
//   node test/mutation/full.js --mutate a.ts,b.ts   some files (results accumulate in the baseline)
//   --reuse                                          keep the baseline's results of unchanged code
//   --concurrency N                                  test runners (default: the config's 1; 2 only on a quiet machine)
'use strict';
const { spawnSync } = require('node:child_process');
const { root, strykerEnv, batches, batchOf, readBaseline, readJson, merge, seed, writeBaseline } = require('./baseline');
const { printScores } = require('./score');

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const files = opt('--mutate')?.split(',').filter(Boolean);
const only = opt('--batch');
const reuse = args.includes('--reuse');
const concurrency = opt('--concurrency');

for (const batch of batches()) {
  if (only && batch.name !== only) {
    continue;
  }
  const mine = files?.filter((f) => batchOf(f)?.name === batch.name);
  if (mine && mine.length === 0) {
    continue;
  }
  const seeded = reuse && seed(batch);
  const argv = ['-n', '10', 'npx', 'stryker', 'run', batch.configFile, '--incremental', ...(seeded ? [] : ['--force']), ...(mine ? ['--mutate', mine.join(',')] : []), ...(concurrency ? ['--concurrency', concurrency] : [])];
  process.stdout.write(`\n== mutation batch ${batch.name}: ${mine ? mine.join(', ') : batch.folders.join(', ')} (${new Date().toISOString()})\n`);
  const started = Date.now();
  const r = spawnSync('nice', argv, {
    cwd: root,
    stdio: 'inherit',
    env: strykerEnv(),
  });
  if (r.status !== 0) {
    process.stderr.write(`mutation batch ${batch.name} failed (exit ${r.status}); the baseline keeps its earlier results\n`);
    process.exit(r.status ?? 1);
  }
  writeBaseline(merge(readBaseline(), readJson(batch.incrementalFile)));
  process.stdout.write(`== batch ${batch.name} done in ${Math.round((Date.now() - started) / 60000)} min; folded into stryker-incremental.json\n`);
}
printScores(readBaseline());
