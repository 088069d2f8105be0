// The mutation baseline, stryker-incremental.json (docs/TESTING.md): one Stryker report holding the
// last measured result of every mutant of the mutated folders, in three batches, each with the tests
// that reach its code (docs/TESTING.md):
//   rules       (stryker.config.json):             server/src/core/rules
//   propagation (stryker.propagation.config.json): server/src/core/propagation
//   format      (stryker.format.config.json):      server/src/cli/format
// A batch's run writes its own incremental file (reports/mutation*/); merge() folds the files it ran
// into the baseline, and seed() gives a run the baseline's part for its batch to reuse.
// Paths in the baseline are relative to the repository root and it holds no absolute path, so a clone
// anywhere (CI's) reads it the same.
'use strict';
const { readFileSync, writeFileSync, existsSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '../..');
const baselineFile = 'stryker-incremental.json';

function readJson(file) {
  return JSON.parse(readFileSync(join(root, file), 'utf8'));
}

/** The batches, from their Stryker configs: name, config file, the folders it mutates, its incremental file. */
function batches() {
  return [
    ['rules', 'stryker.config.json'],
    ['propagation', 'stryker.propagation.config.json'],
    ['format', 'stryker.format.config.json'],
  ].map(([name, configFile]) => {
    const config = readJson(configFile);
    const folders = config.mutate.map((glob) => glob.replace(/\/\*\*\/\*\.ts$/, '/'));
    return { name, configFile, config, folders, incrementalFile: config.incrementalFile };
  });
}

function batchOf(file) {
  return batches().find((b) => b.folders.some((f) => file.startsWith(f)));
}

function readBaseline() {
  return existsSync(join(root, baselineFile)) ? readJson(baselineFile) : undefined;
}

const testKey = (file, test) => `${file}@${test.location?.start?.line ?? 0}:${test.location?.start?.column ?? 0}\n${test.name}`;

/**
 * Folds `report` (a batch run's incremental file) into `base`: the report's files replace the same
 * files in the base; test ids of both are renumbered into one table keyed by test file, position and
 * name (Stryker numbers tests per run, so two runs' ids would collide).
 */
function merge(base, report) {
  const files = {};
  const tests = new Map(); // key -> { file, test, id }
  const byFile = new Map(); // test file -> source
  const remapFrom = (testFiles) => {
    const map = new Map();
    for (const [file, tf] of Object.entries(testFiles ?? {})) {
      if (tf.source !== undefined) {
        byFile.set(file, tf.source);
      } else if (!byFile.has(file)) {
        byFile.set(file, undefined);
      }
      for (const t of tf.tests) {
        const key = testKey(file, t);
        let entry = tests.get(key);
        if (!entry) {
          entry = { file, test: { ...t }, id: String(tests.size) };
          tests.set(key, entry);
        }
        entry.test = { ...t, id: entry.id };
        map.set(t.id, entry.id);
      }
    }
    return map;
  };
  const copyFile = (name, f, ids) => {
    files[name] = {
      ...f,
      mutants: f.mutants.map((m) => ({
        ...m,
        ...(m.coveredBy ? { coveredBy: m.coveredBy.map((id) => ids.get(id)).filter((x) => x !== undefined) } : {}),
        ...(m.killedBy ? { killedBy: m.killedBy.map((id) => ids.get(id)).filter((x) => x !== undefined) } : {}),
      })),
    };
  };
  if (base) {
    const ids = remapFrom(base.testFiles);
    for (const [name, f] of Object.entries(base.files)) {
      if (!(name in report.files)) {
        copyFile(name, f, ids);
      }
    }
  }
  const ids = remapFrom(report.testFiles);
  for (const [name, f] of Object.entries(report.files)) {
    copyFile(name, f, ids);
  }
  const testFiles = {};
  for (const { file, test } of tests.values()) {
    (testFiles[file] ??= { ...(byFile.get(file) !== undefined ? { source: byFile.get(file) } : {}), tests: [] }).tests.push(test);
  }
  return { schemaVersion: report.schemaVersion ?? '1.0', thresholds: report.thresholds, files: sorted(files), testFiles: sorted(testFiles) };
}

function sorted(obj) {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The part of the baseline a batch's run can reuse, written to that batch's incremental file. */
function seed(batch, base = readBaseline()) {
  if (!base) {
    return false;
  }
  const files = Object.fromEntries(Object.entries(base.files).filter(([name]) => batch.folders.some((f) => name.startsWith(f))));
  const out = join(root, batch.incrementalFile);
  mkdirSync(dirname(out), { recursive: true });
  // The tests those files' mutants name (the other batch's tests would come back as tests of this run).
  const named = new Set(Object.values(files).flatMap((f) => f.mutants.flatMap((m) => [...(m.coveredBy ?? []), ...(m.killedBy ?? [])])));
  const testFiles = {};
  for (const [name, tf] of Object.entries(base.testFiles ?? {})) {
    const tests = tf.tests.filter((t) => named.has(t.id));
    if (tests.length > 0) {
      testFiles[name] = { ...tf, tests };
    }
  }
  writeFileSync(out, JSON.stringify({ schemaVersion: base.schemaVersion, thresholds: base.thresholds, files, testFiles }));
  return true;
}

function writeBaseline(report) {
  for (const name of Object.keys(report.files)) {
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
      throw new Error(`absolute path in the mutation report: ${name}`);
    }
  }
  // Stryker's messages (a timed-out or killed mutant's reason) can name the sandbox or this checkout:
  // cut those prefixes, so the file reads the same from any clone.
  const text = JSON.stringify(report)
    .split(`${root}/`)
    .join('')
    .replace(/\.stryker-tmp[\w-]*\/sandbox-\w+\//g, '');
  if (text.includes(root)) {
    throw new Error(`the mutation report still names ${root}`);
  }
  writeFileSync(join(root, baselineFile), text + '\n');
}

/** Killed, survived, … per folder and in total, from a report. */
function scores(report) {
  const folders = new Map();
  const count = (key, status) => {
    const c = folders.get(key) ?? { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
    c[status] = (c[status] ?? 0) + 1;
    folders.set(key, c);
  };
  for (const [name, f] of Object.entries(report.files)) {
    const folder = name.replace(/\/[^/]+$/, '');
    for (const m of f.mutants) {
      count(folder, m.status);
      count(name, m.status);
      count('total', m.status);
    }
  }
  const score = (c) => {
    const detected = c.Killed + c.Timeout;
    const valid = detected + c.Survived + c.NoCoverage;
    return { ...c, valid, detected, score: valid ? (100 * detected) / valid : 100, covered: valid - c.NoCoverage ? (100 * detected) / (valid - c.NoCoverage) : 100 };
  };
  return new Map([...folders].map(([k, c]) => [k, score(c)]));
}

/**
 * The environment of a Stryker run: mocha 12's helpers (mocha12.cjs), and the property tests capped
 * at INCIDENTMAP_PROPERTY_RUNS runs (100 unless set; test/unit/failureSets.test.ts) without shrinking,
 * since a surviving propagation mutant runs every property instrumented. `npx mocha` runs them in full.
 */
function strykerEnv() {
  return {
    ...process.env,
    INCIDENTMAP_PROPERTY_RUNS: process.env.INCIDENTMAP_PROPERTY_RUNS ?? '100',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'mocha12.cjs')}`.trim(),
  };
}

module.exports = { root, strykerEnv, baselineFile, batches, batchOf, readBaseline, readJson, merge, seed, writeBaseline, scores };
