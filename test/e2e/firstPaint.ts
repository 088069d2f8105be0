// The time from the command "Incident Map: Open Graph" to the first picture, in a real VS Code (code-server in
// Chromium, the packaged extension), in the three cases a person meets (docs/PERFORMANCE.md publishes the table):
//   fresh   the first graph of a new profile (code-server's user data and the browser's profile both new);
//   used    the first graph of a window opened on a profile used before (both kept from an earlier session,
//           as a person's everyday VS Code: the webview's service worker is installed already);
//   again   the panel closed and opened again in the same window (`rounds` times);
//   reload  the window reloaded (Developer: Reload Window, or F5 in the browser: the same browser profile and
//           process, so VS Code's webview service worker is registered and running), the map analysed again,
//           then the command (`rounds` times): the first graph of a person's morning.
// Each map gets its own pair of sessions, so every "fresh" and "used" figure is the first graph of its window.
// Not a test (no assertion on time): run it under the heavy lock, with nothing else heavy running:
//   npm run package && flock /tmp/heavy.lock node out/test/e2e/firstPaint.js [rounds] [file names to measure]
// It writes test-output/e2e/first-paint.json and prints a Markdown table of medians.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { missingPrerequisite, startSession } from './codeServer';
import { analysed, closeGraph, median, openFile, openGraphTimed, shots, timedMaps, timingRow, writeGeneratedMaps, type Timed } from './graphPanel';

const maps = timedMaps;

type Case = 'fresh' | 'used' | 'again' | 'reload';

async function main(): Promise<void> {
  const missing = missingPrerequisite();
  if (missing) {
    throw new Error(missing);
  }
  const rounds = Number(process.argv[2] ?? 3);
  const only = process.argv.slice(3);
  const measured = maps.filter(([file]) => only.length === 0 || only.includes(file));
  mkdirSync(shots, { recursive: true });
  const runs: (ReturnType<typeof timingRow> & { case: Case; round: number; load: number })[] = [];
  const record = (c: Case, label: string, round: number, r: Timed) => {
    const load = Number(loadavg()[0]!.toFixed(2));
    runs.push({ case: c, round, load, ...timingRow(label, r) });
    process.stdout.write(`${c.padEnd(6)} ${label}: ${r.ms} ms (command in the extension ${r.commandMs}, panel ${r.panelMs}, page started ${r.pageStartMs}, our script ${r.pageStartMs + r.scriptMs}, ours ${(r.firstPaintMs ?? NaN) - r.scriptMs}; load ${load})\n`);
  };
  for (const [file, first, label] of measured) {
    // fresh, then again in the same window, then after reloading the window
    const fresh = await startSession('first-paint', { keepBrowserProfile: true });
    try {
      // The generated maps only when they are measured: their analysis and 1,450 findings keep a reloaded
      // window's extension host busy, which a workspace of the samples does not have.
      if (measured.some(([f]) => f.startsWith('gen-'))) {
        writeGeneratedMaps(fresh.folder);
      }
      const page = await fresh.open();
      await openFile(page, file);
      await analysed(page);
      record('fresh', label, 1, await openGraphTimed(page, first));
      for (let round = 1; round <= rounds; round++) {
        await closeGraph(page);
        record('again', label, round, await openGraphTimed(page, first));
      }
      for (let round = 1; round <= rounds; round++) {
        await closeGraph(page);
        await page.reload();
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
        await openFile(page, file);
        await analysed(page);
        record('reload', label, round, await openGraphTimed(page, first));
      }
      await closeGraph(page);
    } finally {
      await fresh.stop({ keep: true });
    }
    // used: a new code-server and browser on the same profile folders
    const used = await startSession('first-paint', { reuse: fresh.work });
    try {
      const page = await used.open();
      await openFile(page, file);
      await analysed(page);
      record('used', label, 1, await openGraphTimed(page, first));
    } finally {
      await used.stop();
    }
  }
  const rows = [];
  for (const [, , label] of measured) {
    for (const c of ['fresh', 'used', 'again', 'reload'] as const) {
      const rs = runs.filter((r) => r.map === label && r.case === c);
      const m = (f: (r: (typeof rs)[number]) => number | undefined) => Math.round(median(rs.map((r) => f(r) ?? NaN)));
      rows.push({
        map: label, case: c, runs: rs.length,
        load: Math.max(...rs.map((r) => r.load)),
        total: m((r) => r.ms),
        commandAt: m((r) => r.commandMs),
        panelAt: m((r) => r.panelMs),
        pageStarted: m((r) => r.pageStartMs),
        vscode: m((r) => r.pageStartMs + r.scriptMs),
        ours: m((r) => (r.firstPaintMs ?? NaN) - r.scriptMs),
        answered: m((r) => r.answeredMs),
        laidOut: m((r) => r.laidOutMs),
        posted: m((r) => r.postedMs),
        scriptAt: m((r) => r.pageStartMs + r.scriptMs),
        mapAt: m((r) => r.pageStartMs + (r.modelMs ?? NaN)),
        paintAt: m((r) => r.pageStartMs + (r.firstPaintMs ?? NaN)),
      });
    }
  }
  writeFileSync(join(shots, 'first-paint.json'), JSON.stringify({ date: new Date().toISOString(), rounds, runs, medians: rows }, null, 2));
  process.stdout.write('\n| map | case | runs | load (1 min, max) | command → paint | VS Code (→ our script runs) | ours (script → paint) | command in the extension | panel made | page started | server answered | laid out | posted | our script runs | map arrived | painted |\n');
  process.stdout.write('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
  for (const r of rows) {
    process.stdout.write(`| ${r.map} | ${r.case} | ${r.runs} | ${r.load} | ${r.total} | ${r.vscode} | ${r.ours} | ${r.commandAt} | ${r.panelAt} | ${r.pageStarted} | ${r.answered} | ${r.laidOut} | ${r.posted} | ${r.scriptAt} | ${r.mapAt} | ${r.paintAt} |\n`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
