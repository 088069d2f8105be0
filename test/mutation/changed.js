// CI's mutation step (docs/TESTING.md): the files of the mutated folders whose text differs from the
// committed baseline (stryker-incremental.json, written by `npm run mutate`), mutated again with
// Stryker's incremental mode so that every unchanged mutant keeps its baseline result.
//   node test/mutation/changed.js          prints the changed files, comma-separated
//   node test/mutation/changed.js --run    tests them, within MUTATE_LIMIT_S (300 s) in all
// Prints nothing to do when none changed, and says so when there is no baseline.
'use strict';
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { globSync } = require('tinyglobby');
const { root, strykerEnv, baselineFile, batches, batchOf, readBaseline, readJson, merge, seed, scores } = require('./baseline');

if (!existsSync(join(root, baselineFile))) {
  process.stderr.write(`no mutation baseline at ${baselineFile}: run \`npm run mutate\` (the full run) first\n`);
  process.exit(0);
}
const baseline = readBaseline();
// Only files the baseline holds: one it lacks has never been measured in full, and mutating a whole
// folder of them here would not fit CI's time; `npm run mutate` measures them and puts them in.
const mutate = batches().flatMap((b) => b.config.mutate);
const changed = globSync(mutate, { cwd: root })
  .filter((file) => {
    const before = baseline.files[file]?.source;
    return before !== undefined && before !== readFileSync(join(root, file), 'utf8');
  })
  .sort();

if (!process.argv.includes('--run')) {
  process.stdout.write(changed.join(','));
  process.exit(0);
}

if (changed.length === 0) {
  process.stdout.write('mutation testing: no file of the mutated folders changed since the baseline; nothing to do\n');
  process.exit(0);
}

// --run: one Stryker run per batch that has changed files, each reusing the baseline's results, all
// within one time limit. Past it the run is stopped (its whole process group) and reported as not
// measured, which does not fail CI.
const { spawn } = require('node:child_process');
const limit = Number(process.env.MUTATE_LIMIT_S ?? 300);
const started = Date.now();
process.stdout.write(`mutation testing ${changed.length} changed file(s), at most ${limit} s: ${changed.join(', ')}\n`);
let child;
const timer = setTimeout(() => {
  process.stdout.write(`::warning::mutation testing did not finish within ${limit} s; stopped, not measured\n`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  process.exit(0);
}, limit * 1000);

function runBatch(batch, files) {
  seed(batch, baseline);
  return new Promise((resolve) => {
    child = spawn('nice', ['-n', '10', 'npx', 'stryker', 'run', batch.configFile, '--incremental', '--mutate', files.join(',')], {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: strykerEnv(),
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

(async () => {
  let worst = 0;
  let merged = baseline;
  const failed = new Set();
  for (const batch of batches()) {
    const files = changed.filter((f) => batchOf(f)?.name === batch.name);
    if (files.length === 0) {
      continue;
    }
    const code = await runBatch(batch, files);
    // Stryker exits 1 when the score is below thresholds.break (stryker.config.json), or when it
    // could not run (a failing test in its first run, a configuration error).
    worst = Math.max(worst, code);
    if (code === 0) {
      merged = merge(merged, readJson(batch.incrementalFile));
    } else {
      files.forEach((f) => failed.add(f));
      process.stdout.write(`::warning::mutation testing of ${files.join(', ')} did not finish (exit ${code}): not measured\n`);
    }
  }
  clearTimeout(timer);
  const s = scores(merged);
  for (const file of changed) {
    const c = s.get(file);
    if (c && !failed.has(file)) {
      process.stdout.write(`mutation score of ${file}: ${c.score.toFixed(1)}% (${c.detected} of ${c.valid} mutants detected, ${c.Survived} survived, ${c.NoCoverage} not covered)\n`);
    }
  }
  const t = s.get('total');
  process.stdout.write(`mutation score${failed.size ? ' (without the files not measured)' : ''} with the changes: ${t.score.toFixed(1)}% of ${t.valid} mutants; ${Math.round((Date.now() - started) / 1000)} s\n`);
  process.exit(worst);
})();
