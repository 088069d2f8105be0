// Issue 24's input classes at the size limit: the measured worst case behind docs/SECURITY.md.
// `npm run build && node bench/attacks.js` (on its own: it is timing). Each case runs the installed
// CLI (dist/cli.js, code cache off) in a fresh process on a map generated just under the core's
// 5,000,000-character limit, and reports wall time, peak RSS, exit code and output size; hover is
// timed in-process on the core. Prints a Markdown table and writes bench/results/attacks.json.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const attacks = require(join(repo, 'out/test/helpers/attacks.js'));
const core = require(join(repo, 'out/server/src/core/index.js'));
const { componentHover } = require(join(repo, 'out/server/src/core/language/index.js'));
const limit = 5_000_000;
const timeoutMs = Number(process.env.ATTACK_TIMEOUT_MS || 300_000);

/** The largest n whose map stays under the limit (maps grow monotonically with n). */
function atLimit(make) {
  let lo = 1;
  let hi = 2;
  while (make(hi).length < limit) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (make(mid).length < limit) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

const rssPreload = join(__dirname, 'attacks-rss.js');
function runCli(cwd, args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', rssPreload, join(repo, 'dist/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 2 * 1024 * 1024 * 1024,
    timeout: timeoutMs,
    env: { ...process.env, INCIDENTMAP_COMPILE_CACHE: '0', INCIDENTMAP_NOW: '2026-11-22' },
  });
  const ms = performance.now() - t;
  const rss = /INCIDENTMAP_MAX_RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return {
    seconds: +(ms / 1000).toFixed(2),
    peakMB: rss ? Math.round(Number(rss[1]) / 1024) : null,
    exit: r.status ?? (r.signal ? `killed (${r.signal})` : null),
    outputMB: +((r.stdout ?? '').length / 1e6).toFixed(2),
    stderr: (r.stderr ?? '').replace(/INCIDENTMAP_MAX_RSS_KB=\d+\n?/, '').trim().slice(0, 200),
  };
}

const rows = [];
const work = mkdtempSync(join(tmpdir(), 'incidentmap-attacks-'));
try {
  mkdirSync(join(work, '.git'));
  const cases = [
    ['chain of tier-1 services', 'chainMap', ['check', 'm.incidentmap', '--format', 'json']],
    ['nested failure domains', 'nestedDomainsMap', ['check', 'm.incidentmap', '--format', 'json']],
    ['misspelt references, 60-char ids', 'unknownReferencesMap', ['check', 'm.incidentmap', '--format', 'json']],
    ['fan-out, graph --format svg', 'fanOutMap', ['graph', 'm.incidentmap', '--format', 'svg']],
    ['fan-out, check', 'fanOutMap', ['check', 'm.incidentmap', '--format', 'json']],
  ];
  for (const [name, gen, args] of cases) {
    const n = atLimit(attacks[gen]);
    const text = attacks[gen](n);
    writeFileSync(join(work, 'm.incidentmap'), text);
    const r = runCli(work, args);
    rows.push({ input: name, n, mapMB: +(text.length / 1e6).toFixed(2), command: `incidentmap ${args.join(' ')}`, ...r });
    process.stderr.write(`${name}: ${JSON.stringify(rows[rows.length - 1])}\n`);
  }

  // graph at its own bound (maxDrawn): the largest picture it still draws, with the simple layout.
  {
    const n = 9_999;
    const text = attacks.fanOutMap(n);
    writeFileSync(join(work, 'm.incidentmap'), text);
    const r = runCli(work, ['graph', 'm.incidentmap', '--format', 'svg']);
    rows.push({ input: "fan-out at graph's bound (10,000 components)", n, mapMB: +(text.length / 1e6).toFixed(2), command: 'incidentmap graph m.incidentmap --format svg', ...r });
    process.stderr.write(`graph at bound: ${JSON.stringify(r)}\n`);
  }

  // Include explosion: links l and m to the folder, 300 files each including the next through
  // both links and directly (the 2^40 paths of the review), past the 256-file bound.
  const inc = join(work, 'inc');
  mkdirSync(inc);
  symlinkSync('.', join(inc, 'l'));
  symlinkSync('.', join(inc, 'm'));
  for (let i = 0; i < 300; i++) {
    const next = `f${i + 1}.incidentmap`;
    writeFileSync(join(inc, `f${i}.incidentmap`), `incidentmap: 1\ninclude: [l/${next}, m/${next}, l/m/${next}, ${next}, l/f0.incidentmap]\ncomponents: [{id: c${i}, kind: service}]\n`);
  }
  const r = runCli(inc, ['check', 'f0.incidentmap', '--format', 'json', '--root', '.']);
  rows.push({ input: 'include explosion through two links to "."', n: 300, mapMB: 0, command: 'incidentmap check f0.incidentmap --format json', ...r });
  process.stderr.write(`includes: ${JSON.stringify(r)}\n`);

  // Hover at the bottom of the largest chain, in-process, after the analysis (what the server does).
  const n = atLimit(attacks.chainMap);
  const uri = 'file:///ws/m.incidentmap';
  const analysis = core.analyze(uri, core.memoryHost({ [uri]: attacks.chainMap(n) }), { root: 'file:///ws', syntaxOnly: true, cache: new core.FileCache() });
  const t = performance.now();
  const hover = componentHover(analysis.model.components.get(`s${n - 1}`), analysis.graph);
  rows.push({ input: 'hover at the bottom of the chain (core, in-process)', n, mapMB: 0, command: 'componentHover', seconds: +((performance.now() - t) / 1000).toFixed(3), peakMB: Math.round(process.resourceUsage().maxRSS / 1024), exit: 0, outputMB: +(hover.length / 1e6).toFixed(4), stderr: '' });
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(join(__dirname, 'results'), { recursive: true });
writeFileSync(join(__dirname, 'results/attacks.json'), JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2) + '\n');
const table = [
  '| input | n | map MB | command | time s | peak RSS MB | exit | output MB |',
  '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.input} | ${r.n.toLocaleString('en-US')} | ${r.mapMB} | \`${r.command}\` | ${r.seconds} | ${r.peakMB} | ${r.exit} | ${r.outputMB} |`),
];
process.stdout.write(table.join('\n') + '\n');
