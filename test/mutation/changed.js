// The files of the mutated folders whose text differs from the committed mutation baseline
// (stryker-incremental.json, written by `npm run mutate`), comma-separated for `stryker --mutate`.
// Prints nothing when none changed (or when there is no baseline: then run `npm run mutate`).
// Used by `npm run mutate:changed`, which CI runs (docs/TESTING.md).
'use strict';
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { globSync } = require('tinyglobby');

const root = join(__dirname, '../..');
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'));
const baselinePath = join(root, config.incrementalFile);
if (!existsSync(baselinePath)) {
  process.stderr.write(`no mutation baseline at ${config.incrementalFile}: run \`npm run mutate\` (the full run) first\n`);
  process.exit(0);
}
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')).files ?? {};
// Only files the baseline holds: one it lacks has never been measured in full, and mutating a whole
// folder of them here would not fit CI's time; `npm run mutate` measures them and puts them in.
const changed = globSync(config.mutate, { cwd: root }).filter((file) => {
  const before = baseline[file]?.source;
  return before !== undefined && before !== readFileSync(join(root, file), 'utf8');
});

if (!process.argv.includes('--run')) {
  process.stdout.write(changed.sort().join(','));
  process.exit(0);
}

// --run: mutate just those files, reusing the baseline's results for everything unchanged, within a
// time limit (MUTATE_LIMIT_S, 300 s by default) so that CI stays within its budget. Past the limit the
// run is stopped (its whole process group) and reported as not measured, which does not fail CI.
if (changed.length === 0) {
  process.stdout.write('mutation testing: no file of the mutated folders changed since the baseline; nothing to do\n');
  process.exit(0);
}
const { spawn } = require('node:child_process');
const limit = Number(process.env.MUTATE_LIMIT_S ?? 300);
process.stdout.write(`mutation testing ${changed.length} changed file(s), at most ${limit} s: ${changed.join(', ')}\n`);
const child = spawn('nice', ['-n', '10', 'npx', 'stryker', 'run', '--incremental', '--mutate', changed.join(',')], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'mocha12.cjs')}`.trim() },
});
const timer = setTimeout(() => {
  process.stdout.write(`::warning::mutation testing did not finish within ${limit} s; stopped, not measured\n`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  process.exit(0);
}, limit * 1000);
child.on('exit', (code) => {
  clearTimeout(timer);
  // Stryker exits 1 when the score is below thresholds.break (stryker.config.json).
  process.exit(code ?? 1);
});
