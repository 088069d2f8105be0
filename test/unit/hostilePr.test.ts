// Issue 24: the outside review's attacks, rebuilt the way it built them (real symbolic links, FIFOs
// made with mkfifo, .git folders holding a token, generated chains and nested domains, control
// characters), against the file gate, the core's bounds and the CLI's formats. Each limit is tested
// below, at and above it. Every test removes what it made.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli/cli';
import type { CliIO } from '../../server/src/cli/command';
import { buildReport } from '../../server/src/cli/format/report';
import { artifact } from '../../server/src/cli/format/sarif';
import { maxDrawn, maxLaidOut, layoutFits } from '../../server/src/cli/commands/graph';
import {
  analyze,
  buildModel,
  escapeMarkdown,
  escapeMermaid,
  escapeText,
  maxRelated,
  memoryHost,
  Suggester,
  type Finding,
} from '../../server/src/core/index';
import { componentHover } from '../../server/src/core/language/index';
import { maxDomainDepth } from '../../server/src/core/model/build';
import { maxSinglePointPairs, singlePoints } from '../../server/src/core/propagation/blastRadius';
import { maxPathHops } from '../../server/src/core/propagation/simulate';
import { fileGate, readGated, toUri } from '../../server/src/node/fileGate';
import { boundedDiagnostics } from '../../server/src/lsp/workspace';
import { chainMap, fanOutMap, injectionMap, nestedDomainsMap, unknownReferencesMap } from '../helpers/attacks';
import { testNow } from '../helpers/core';

const secret = 'ghs_TOKEN-SECRET-4b1d';
const hasMkfifo = process.platform !== 'win32';

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: { write: (s) => void (out.stdout += s) },
    stderr: { write: (s) => void (out.stderr += s) },
    cwd,
    env: { INCIDENTMAP_NOW: '2026-11-22' },
    writeFile: () => undefined,
  };
  const code = await run(argv, io);
  return { code, ...out };
}

const clean = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    tier: 3\n    owner: t\n';

describe('issue 24: the file gate', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incidentmap-gate-'));
    repo = join(dir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    // What actions/checkout writes, and a file outside the repository, both in YAML a parser would quote.
    writeFileSync(join(repo, '.git/config'), `[http]\n\textraheader = AUTHORIZATION: basic ${secret}\n`);
    writeFileSync(join(dir, 'outside/secret.yaml'), `settings: [${secret}\n  key: "${secret}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const formats = ['text', 'json', 'sarif', 'github', 'markdown'];
  const noSecretAnywhere = async (argv: string[]) => {
    for (const format of formats) {
      const r = await cli([...argv, '--format', format], repo);
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(secret), `${format}: ${r.stdout}${r.stderr}`);
    }
  };

  it('refuses a symlinked incidentmap.config.yaml outside the root, in every format, with a finding that says why', async () => {
    writeFileSync(join(repo, 'prod.incidentmap'), clean);
    symlinkSync(join(dir, 'outside/secret.yaml'), join(repo, 'incidentmap.config.yaml'));
    const r = await cli(['check', 'prod.incidentmap', '--format', 'json'], repo);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] };
    const refused = report.findings.filter((f) => f.ruleId === 'file-refused');
    assert.equal(refused.length, 1, r.stdout);
    assert.match(refused[0]!.message, /settings file incidentmap\.config\.yaml resolves outside the workspace root \(through a symbolic link\); it was not read/);
    await noSecretAnywhere(['check', 'prod.incidentmap']);
  });

  it('refuses a map named on the command line that is a symlink out of the root (check, simulate, graph)', async () => {
    symlinkSync(join(dir, 'outside/secret.yaml'), join(repo, 'prod.incidentmap'));
    for (const argv of [['check', 'prod.incidentmap'], ['simulate', 'prod.incidentmap', '--fail', 'x'], ['graph', 'prod.incidentmap']]) {
      const r = await cli(argv, repo);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /refused to read prod\.incidentmap: it is a symbolic link to a file outside the root/);
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(secret));
      assert.equal(r.stdout, '');
    }
  });

  it('does not read a map that links out of the root when it searches a folder, nor one named by a glob', async () => {
    mkdirSync(join(repo, 'maps'));
    writeFileSync(join(repo, 'maps/ok.incidentmap'), clean);
    symlinkSync(join(dir, 'outside/secret.yaml'), join(repo, 'maps/evil.incidentmap'));
    const r = await cli(['check', 'maps', '--format', 'json'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { files: string[] }).files, ['maps/ok.incidentmap']);
    const named = await cli(['check', 'maps/evil.incidentmap'], repo);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /refused to read maps\/evil\.incidentmap: it is a symbolic link to a file outside the root/);
    assert.doesNotMatch(r.stdout + r.stderr + named.stdout + named.stderr, new RegExp(secret));
  });

  it('refuses include: [.git/config] (the job token) and links into .git, in every format', async () => {
    symlinkSync(join(repo, '.git/config'), join(repo, 'innocent.incidentmap'));
    writeFileSync(join(repo, 'prod.incidentmap'), 'incidentmap: 1\ninclude:\n  - .git/config\n  - ./innocent.incidentmap\n  - ./.GIT/config\ncomponents: []\n');
    const r = await cli(['check', 'prod.incidentmap', '--format', 'json'], repo);
    const report = JSON.parse(r.stdout) as { files: string[]; findings: { ruleId: string; message: string; span: { startLine: number } }[] };
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'file-refused').map((f) => f.span.startLine),
      [3, 4, 5],
    );
    assert.ok(report.findings.every((f) => f.ruleId !== 'yaml-syntax'), 'nothing of .git/config was parsed');
    assert.deepEqual(report.files, ['prod.incidentmap']);
    await noSecretAnywhere(['check', 'prod.incidentmap']);
  });

  (hasMkfifo ? it : it.skip)('refuses FIFOs as include, config and named map without blocking', async () => {
    mkfifo(join(repo, 'pipe.incidentmap'));
    mkfifo(join(repo, 'incidentmap.config.yaml'));
    writeFileSync(join(repo, 'prod.incidentmap'), 'incidentmap: 1\ninclude: [./pipe.incidentmap]\ncomponents: []\n');
    const r = await cli(['check', 'prod.incidentmap', '--format', 'json'], repo);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] };
    const msgs = report.findings.filter((f) => f.ruleId === 'file-refused').map((f) => f.message);
    assert.equal(msgs.length, 2, r.stdout);
    assert.ok(msgs.some((m) => /Include "\.\/pipe\.incidentmap" is a FIFO \(named pipe\)/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /settings file incidentmap\.config\.yaml is a FIFO/.test(m)), msgs.join('\n'));
    const named = await cli(['check', 'pipe.incidentmap'], repo);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /refused to read pipe\.incidentmap: it is a FIFO \(named pipe\)/);
    // Through the server's host too (the overlay's gate): a FIFO answers at once.
    assert.deepEqual(readGated(join(repo, 'pipe.incidentmap'), { root: repo }), { ok: false, reason: 'not-regular', detail: 'a FIFO (named pipe)' });
  });

  it('refuses devices without reading them (/dev/zero never ends)', () => {
    assert.deepEqual(readGated('/dev/zero', { root: '/' }), { ok: false, reason: 'not-regular', detail: 'a device' });
    symlinkSync('/dev/zero', join(repo, 'zero.incidentmap'));
    assert.deepEqual(readGated(join(repo, 'zero.incidentmap'), { root: repo }), { ok: false, reason: 'outside-root', detail: 'a symbolic link' });
  });

  it('applies the size limit below, at and above it', () => {
    const at = join(repo, 'at.incidentmap');
    writeFileSync(at, 'x'.repeat(100));
    assert.deepEqual(readGated(at, { root: repo, maxBytes: 101 }), { ok: true, text: 'x'.repeat(100) });
    assert.deepEqual(readGated(at, { root: repo, maxBytes: 100 }), { ok: true, text: 'x'.repeat(100) });
    assert.deepEqual(readGated(at, { root: repo, maxBytes: 99 }), { ok: false, reason: 'too-large', detail: '100 bytes' });
  });

  (existsSync('/proc/self/status') ? it : it.skip)('counts the size while reading, not by stat (a file whose stat says 0 bytes)', () => {
    // /proc files report size 0 and hold more: only a limit counted while reading catches them.
    assert.deepEqual(readGated('/proc/self/status', { root: '/', maxBytes: 16 }), { ok: false, reason: 'too-large', detail: 'more than 16 bytes' });
  });

  it('identifies files by real path: two links to "." cannot make 2^40 include paths', () => {
    symlinkSync('.', join(repo, 'l'));
    symlinkSync('.', join(repo, 'm'));
    writeFileSync(join(repo, 'b.incidentmap'), 'incidentmap: 1\ncomponents:\n  - {id: b, kind: service}\n');
    // a includes itself through both links (a cycle, named), and b three ways (read once).
    writeFileSync(join(repo, 'a.incidentmap'), 'incidentmap: 1\ninclude: [l/a.incidentmap, m/a.incidentmap, l/b.incidentmap, m/l/b.incidentmap, b.incidentmap]\ncomponents: []\n');
    const a = analyze(toUri(join(repo, 'a.incidentmap')), fileGate({ root: repo }), { root: toUri(repo), now: testNow });
    assert.deepEqual(a.files.map((f) => f.slice(toUri(repo).length)), ['/a.incidentmap', '/l/b.incidentmap']);
    assert.deepEqual(
      a.findings.filter((f) => f.ruleId === 'include-cycle').map((f) => f.message),
      ['Include cycle: a.incidentmap → a.incidentmap. Remove one of these includes.', 'Include cycle: a.incidentmap → a.incidentmap. Remove one of these includes.'],
    );
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'duplicate-id'), []);
  });
});

describe('issue 24: include bounds (files, include entries, characters)', () => {
  const files = (n: number, includesPerFile = 1): Record<string, string> => {
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      const inc = Array.from({ length: includesPerFile }, () => `f${i + 1}.incidentmap`).slice(0, i + 1 < n ? includesPerFile : 0);
      out[`file:///ws/f${i}.incidentmap`] = `incidentmap: 1\ninclude: [${inc.join(', ')}]\ncomponents:\n  - {id: c${i}, kind: service}\n`;
    }
    return out;
  };
  const build = (n: number, limits: { maxFiles: number; maxIncludes: number; maxTotalChars: number }) =>
    buildModel('file:///ws/f0.incidentmap', memoryHost(files(n)), { root: 'file:///ws', includeLimits: limits });
  const wide = { maxIncludes: 1_000, maxTotalChars: 1_000_000 };

  it('reads every file up to maxFiles, and says so above it', () => {
    assert.equal(build(2, { maxFiles: 3, ...wide }).files.length, 2, 'below');
    const at = build(3, { maxFiles: 3, ...wide });
    assert.equal(at.files.length, 3, 'at');
    assert.deepEqual(at.findings.filter((f) => f.ruleId === 'include-limit'), []);
    const above = build(4, { maxFiles: 3, ...wide });
    assert.equal(above.files.length, 3, 'above: the fourth file is not read');
    const limit = above.findings.filter((f) => f.ruleId === 'include-limit');
    assert.equal(limit.length, 1);
    assert.equal(limit[0]!.message, 'This analysis stopped reading includes at "f3.incidentmap": it has already followed 3 files, the most one analysis reads. The components of the files left unread are missing from it. Include fewer, larger files, or check the parts as separate maps.');
    assert.equal(limit[0]!.uri, 'file:///ws/f2.incidentmap');
  });

  it('follows include entries up to maxIncludes', () => {
    // Each file includes its successor twice: n files make 2(n-1) entries.
    const host = (n: number) => memoryHost(files(n, 2));
    const count = (n: number, maxIncludes: number) =>
      buildModel('file:///ws/f0.incidentmap', host(n), { root: 'file:///ws', includeLimits: { maxFiles: 100, maxIncludes, maxTotalChars: 1_000_000 } }).findings.filter((f) => f.ruleId === 'include-limit').length;
    assert.equal(count(3, 5), 0, 'below: 4 entries');
    assert.equal(count(3, 4), 0, 'at: 4 entries');
    assert.equal(count(3, 3), 1, 'above');
  });

  it('reads characters up to maxTotalChars', () => {
    const all = files(2);
    const total = all['file:///ws/f0.incidentmap']!.length + all['file:///ws/f1.incidentmap']!.length;
    const limit = (maxTotalChars: number) =>
      buildModel('file:///ws/f0.incidentmap', memoryHost(all), { root: 'file:///ws', includeLimits: { maxFiles: 100, maxIncludes: 100, maxTotalChars } }).findings.filter((f) => f.ruleId === 'include-limit');
    assert.equal(limit(total + 1).length, 0);
    assert.equal(limit(total).length, 0);
    assert.equal(limit(total - 1).length, 1);
    assert.match(limit(total - 1)[0]!.message, /^Included file "f1\.incidentmap" was not analysed: with it this analysis would read more than/);
  });
});

describe('issue 24: output bounded per finding, per report and per publish', () => {
  const analyzeMap = (text: string) => analyze('file:///ws/m.incidentmap', memoryHost({ 'file:///ws/m.incidentmap': text }), { root: 'file:///ws', now: testNow });

  it('a single-point-of-failure finding carries at most maxRelated related locations and says how many were left out', () => {
    assert.equal(maxRelated, 20);
    const a = analyzeMap(chainMap(30, { onlyTopTier1: true }));
    const spofs = a.findings.filter((f) => f.ruleId === 'single-point-of-failure');
    assert.equal(spofs.length, 29, 's1 ... s29 each take s0 down');
    for (const f of spofs) {
      assert.ok(f.related!.length <= 20, `${f.message}: ${f.related!.length}`);
    }
    // s29's path: s0 → s1 → ... → s29 is 30 hops, each with a location: 20 kept, 10 left out.
    const last = spofs.find((f) => f.message.startsWith('Single point of failure: if s29 fails'))!;
    assert.equal(last.related!.length, 20);
    assert.match(last.message, /\(10 more related locations left out\.\)$/);
    assert.match(last.message, /Path: s0 → s1 → s2 → s3 → s4 → s5 → … \(18 more hops\) … s24 → s25 → s26 → s27 → s28 → s29\./);
    // s19's: 20 hops, exactly the bound: nothing left out.
    const at = spofs.find((f) => f.message.startsWith('Single point of failure: if s19 fails'))!;
    assert.equal(at.related!.length, 20);
    assert.doesNotMatch(at.message, /left out/);
    const below = spofs.find((f) => f.message.startsWith('Single point of failure: if s18 fails'))!;
    assert.equal(below.related!.length, 19);
  });

  it('a path of more than maxPathHops (32) hops says it goes on instead of being walked; 31 and 32 hops are whole', () => {
    assert.equal(maxPathHops, 32);
    const a = analyzeMap(chainMap(40, { onlyTopTier1: true }));
    const pathOfHit = (failed: string) => {
      const f = a.findings.find((x) => x.message.startsWith(`Single point of failure: if ${failed} fails`))!;
      return /Path: ([^.]*)\./.exec(f.message)![1];
    };
    // Below: s31 is 31 hops from s0, whole.
    assert.equal(pathOfHit('s31'), 's0 → s1 → s2 → s3 → s4 → s5 → … (20 more hops) … s26 → s27 → s28 → s29 → s30 → s31');
    // At: s32 is 32 hops from s0, whole, ending on the failed component (until 2026-12-07 it was cut
    // at s31, saying "more than 32 hops").
    assert.equal(pathOfHit('s32'), 's0 → s1 → s2 → s3 → s4 → s5 → … (21 more hops) … s27 → s28 → s29 → s30 → s31 → s32');
    // Above: s33 and s39, 33 and 39 hops: 32 hops followed, then the cut at s32.
    for (const failed of ['s33', 's39']) {
      assert.equal(pathOfHit(failed), 's0 → s1 → s2 → s3 → s4 → s5 → … (21 more hops) … s27 → s28 → s29 → s30 → s31 → s32 → … (more than 32 hops)', failed);
    }
  });

  it('skips the single-point search above maxSinglePointPairs with a finding, and runs it at the bound', () => {
    const a = analyzeMap(chainMap(10));
    const g = a.graph;
    // 10 tier-1 services; candidates: the 9 below s0 and s0 itself... as spofCandidates counts them.
    const full = singlePoints(g);
    assert.equal(full.skipped, undefined);
    const pairs = 10 * 10;
    assert.equal(singlePoints(g, pairs).skipped, undefined, 'at the bound');
    assert.deepEqual(singlePoints(g, pairs - 1).skipped, { tier1: 10, candidates: 10 }, 'above the bound');
    assert.ok(maxSinglePointPairs >= 10_000_000, 'a realistic 10,000-component platform with 1,000 tier-1 components fits');
  });

  it('hover on a 2,000-service chain answers with counts, without following 2 million path steps', () => {
    const a = analyzeMap(chainMap(2000));
    const bottom = a.model.components.get('s1999')!;
    const text = componentHover(bottom, a.graph);
    assert.match(text, /\*\*If it fails:\*\* ▼ 1999 down · 0 degraded/);
    assert.match(text, /`s0`, `s1`, .* and 1991 more/);
  });

  it('a report carries at most --max-findings, the most severe, and says how many were left out', () => {
    const finding = (i: number, severity: Finding['severity']): Finding => ({ ruleId: 'x', severity, message: `m${i}`, uri: 'file:///r/a.incidentmap', range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } });
    const run = { root: '/r', entries: ['/r/a.incidentmap'], files: ['file:///r/a.incidentmap'], findings: [finding(0, 'info'), finding(1, 'error'), finding(2, 'warning'), finding(3, 'error')], suppressed: [] };
    assert.equal(buildReport(run, 'info', 5).omitted, 0, 'below');
    assert.equal(buildReport(run, 'info', 4).omitted, 0, 'at');
    const above = buildReport(run, 'info', 2);
    assert.equal(above.omitted, 2);
    assert.deepEqual(above.findings.map((f) => f.message), ['m1', 'm3'], 'the errors, in report order');
    assert.deepEqual(above.summary, { error: 2, warning: 1, info: 1, suppressed: 0 }, 'the summary counts every finding');
  });

  it('a publish carries at most maxDiagnosticsPerFile, plus one that says how many were left out', () => {
    const fs = (n: number): Finding[] => Array.from({ length: n }, (_, i) => ({ ruleId: 'missing-owner', severity: i === 4 ? 'error' : 'warning', message: `m${i}`, uri: 'file:///a', range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } }));
    assert.equal(boundedDiagnostics(fs(4), 'file:///a', 5).length, 4, 'below');
    assert.equal(boundedDiagnostics(fs(5), 'file:///a', 5).length, 5, 'at');
    const above = boundedDiagnostics(fs(7), 'file:///a', 5);
    assert.equal(above.length, 6);
    assert.equal(above[0]!.message, 'm0');
    assert.ok(above.some((d) => d.message === 'm4'), 'the error is kept');
    assert.equal(above[5]!.code, 'finding-limit');
    // A flood of one rule cannot hide the only finding of another (a 40,000-key mapping: unknown keys
    // by the thousand, one duplicate key far down).
    const flood: Finding[] = [...fs(6).map((f) => ({ ...f, severity: 'error' as const, ruleId: 'unknown-key' })), { ...fs(7)[6]!, severity: 'error', ruleId: 'duplicate-key', message: 'dup' }];
    const kept = boundedDiagnostics(flood, 'file:///a', 5);
    assert.deepEqual(kept.map((d) => d.code), ['unknown-key', 'unknown-key', 'unknown-key', 'unknown-key', 'duplicate-key', 'finding-limit']);
    assert.match(String(above[5]!.message), /^2 more findings in this file are not shown: the editor shows at most 5 per file/);
  });
});

describe('issue 24: near-linear stages', () => {
  const analyzeMap = (text: string) => analyze('file:///ws/m.incidentmap', memoryHost({ 'file:///ws/m.incidentmap': text }), { root: 'file:///ws', now: testNow });

  it('1,000 nested domains: nesting is cut every maxDomainDepth levels, and the failure sets still find the zone chain above the service', () => {
    assert.equal(maxDomainDepth, 32);
    const a = analyzeMap(nestedDomainsMap(1000));
    const cuts = a.findings.filter((f) => f.ruleId === 'domain-too-deep');
    // d33, d66, ..., d990 would each be 33 deep: 30 cuts.
    assert.equal(cuts.length, 30);
    assert.match(cuts[0]!.message, /^Failure domain `d33` would be nested more than 32 domains deep through `parent: d32`/);
    // app lives in d999, inside d998 ... d990 (cut there): failing any of those 10 takes it down.
    // (app itself, tier 1 and alone, is its own single point of failure too: the eleventh.)
    const all = a.findings.filter((f) => f.ruleId === 'single-point-of-failure');
    assert.equal(all.length, 11);
    const spof = all.map((f) => /if zone (d\d+) fails/.exec(f.message)?.[1]).filter((x) => x !== undefined);
    assert.deepEqual(spof.sort(), ['d990', 'd991', 'd992', 'd993', 'd994', 'd995', 'd996', 'd997', 'd998', 'd999']);
  });

  it('did-you-mean: the right suggestion on a realistic map, the same with or without the length band', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `svc-${i}-${['api', 'db', 'cache', 'queue'][i % 4]}`).concat(['payments-db', 'checkout-api']);
    const s = new Suggester(ids);
    assert.equal(s.suggest('payment-db'), 'payments-db');
    assert.equal(s.suggest('chekout-api'), 'checkout-api');
    assert.equal(s.suggest('svc-17-dbb'), 'svc-17-db');
    assert.equal(s.suggest('something-else-entirely'), undefined);
  });

  it('did-you-mean stops suggesting when its budget is spent, below, at and above it', () => {
    // One comparison costs both lengths: "abcd" against "abce" is 8.
    assert.equal(new Suggester(['abce'], { left: 9 }).suggest('abcd'), 'abce', 'below');
    assert.equal(new Suggester(['abce'], { left: 8 }).suggest('abcd'), 'abce', 'at');
    assert.equal(new Suggester(['abce'], { left: 7 }).suggest('abcd'), undefined, 'above');
    // 2,000 misspelt references among 2,000 long ids: every one still reported, the first ones with a suggestion.
    const a = analyzeMap(unknownReferencesMap(2000));
    const unknown = a.findings.filter((f) => f.ruleId === 'unknown-reference');
    assert.equal(unknown.length, 2000);
    assert.match(unknown[0]!.message, /Did you mean `component-000001-x+`\?/);
  });

  it('graph lays out with ELK up to maxLaidOut, and draws the simple layout above it, saying so', async () => {
    assert.equal(layoutFits(maxLaidOut.components - 1, 0), true);
    assert.equal(layoutFits(maxLaidOut.components, maxLaidOut.edges), true);
    assert.equal(layoutFits(maxLaidOut.components + 1, 0), false);
    assert.equal(layoutFits(10, maxLaidOut.edges + 1), false);
    const dir = mkdtempSync(join(tmpdir(), 'incidentmap-fan-'));
    try {
      writeFileSync(join(dir, 'fan.incidentmap'), fanOutMap(maxLaidOut.components));
      const r = await cli(['graph', 'fan.incidentmap', '--root', '.'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^incidentmap graph: 2,001 components and 2,000 lines are more than 2,000 and 8,000, what is laid out in full; drew a simple layered layout/);
      assert.match(r.stdout, /^<\?xml [^>]*\?>\n<svg[\s\S]*<\/svg>\n$/);
      // At maxDrawn: drawn; above: refused with what to do instead.
      writeFileSync(join(dir, 'at.incidentmap'), fanOutMap(maxDrawn.components - 1));
      const at = await cli(['graph', 'at.incidentmap', '--root', '.', '-o', 'at.svg'], dir);
      assert.equal(at.code, 0, at.stderr);
      writeFileSync(join(dir, 'above.incidentmap'), fanOutMap(maxDrawn.components));
      const above = await cli(['graph', 'above.incidentmap', '--root', '.'], dir);
      assert.equal(above.code, 2);
      assert.equal(above.stdout, '');
      assert.match(above.stderr, /^incidentmap graph: above\.incidentmap has 10,001 components and 10,000 lines; graph draws at most 10,000 and 40,000 as svg \(a bigger picture takes minutes and cannot be read\)\nRender one of the files it includes, or use --format dot or --format mermaid\.\n$/);
      const dot = await cli(['graph', 'above.incidentmap', '--root', '.', '--format', 'dot'], dir);
      assert.equal(dot.code, 0, 'dot is text, and not bounded by this');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 24: escaping per format', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incidentmap-inject-'));
    writeFileSync(join(dir, 'inject.incidentmap'), injectionMap);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // eslint-disable-next-line no-control-regex
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

  it('text: no control character reaches the log, no line of ours starts a workflow command', async () => {
    const r = await cli(['check', 'inject.incidentmap', '--root', '.'], dir);
    assert.doesNotMatch(r.stdout, raw);
    for (const line of r.stdout.split('\n')) {
      assert.ok(!line.startsWith('::'), line);
    }
    // The forged target is quoted in a message and in the code frame: visible, on its own line of ours.
    assert.match(r.stdout, /error {2}`target`: "db\\n::error::forged" is not a valid id/);
    assert.match(r.stdout, /^> {2}9 \| {7}- target: "db\\n::error::forged"$/m);
    // Raw controls in the source (ESC, BEL in a key) are shown escaped in messages and frames.
    assert.match(r.stdout, /Unknown key `\\x1b\]52;c;Y2xpcGJvYXJk\\x07evil`/);
  });

  it('text: code frames count a lone CR as a line break, as the core does', async () => {
    const r = await cli(['check', 'inject.incidentmap', '--root', '.'], dir);
    // The unknown key is on line 13 (the raw CRs split "- id: db", "kind", the key); its frame shows it there.
    assert.match(r.stdout, /^inject\.incidentmap:12:5 {2}error {2}.*\[unknown-key\]$/m);
    assert.match(r.stdout, /^ {2}10 \| {3}- id: db\n {2}11 \| {5}kind: service\n> 12 \| {5}\\x1b\]52;c;Y2xpcGJvYXJk\\x07evil: 1$/m);
  });

  it('github: annotations are the only lines, with controls made visible', async () => {
    const r = await cli(['check', 'inject.incidentmap', '--root', '.', '--format', 'github'], dir);
    assert.doesNotMatch(r.stdout, raw);
    for (const line of r.stdout.trim().split('\n')) {
      assert.match(line, /^::(error|warning|notice) file=inject\.incidentmap,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=incidentmap [a-z-]+::/);
    }
  });

  it('markdown: no mention, issue reference, image, HTML, or row-ending CR', async () => {
    const r = await cli(['check', 'inject.incidentmap', '--root', '.', '--format', 'markdown'], dir);
    assert.doesNotMatch(r.stdout, raw);
    assert.doesNotMatch(r.stdout, /\r/);
    assert.doesNotMatch(r.stdout, /@octocat|@org\/team|repo#1|#2\b|!\[|<img/);
    assert.equal(escapeMarkdown('@octocat org/repo#1 ![i](https://e/i.png) <b>\r|'), '@\u200boctocat org/repo\\#\u200b1 \\!\\[i\\]\\(https\\://e/i\\.png\\) &lt;b&gt;\\\\r\\|');
  });

  it('mermaid: no %% directive, controls visible', async () => {
    const r = await cli(['graph', 'inject.incidentmap', '--root', '.', '--format', 'mermaid'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /%%/);
    assert.doesNotMatch(r.stdout, raw);
    assert.equal(escapeMermaid('%%{init: {"theme":"dark"}}%%\n'), '"#37;#37;{init: {#quot;theme#quot;:#quot;dark#quot;}}#37;#37;\\n"');
  });

  it('escapeText makes every control visible, including NUL from a YAML \\0 escape and bidi overrides', () => {
    assert.equal(escapeText('a\0b\x1b[2J\r\n\t\u202e\u0085'), 'a\\0b\\x1b[2J\\r\\n\\t\\u202e\\x85');
  });
});

describe('issue 24: SARIF locations', () => {
  it('percent-encodes file-name characters per segment, under %SRCROOT%', () => {
    assert.deepEqual(artifact('maps/a#b.incidentmap', 'file:///r/maps/a%23b.incidentmap'), { uri: 'maps/a%23b.incidentmap', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifact('back\\slash 1%.incidentmap', 'file:///r/x'), { uri: 'back%5Cslash%201%25.incidentmap', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifact('/elsewhere/x.incidentmap', 'file:///elsewhere/x.incidentmap'), { uri: 'file:///elsewhere/x.incidentmap' });
  });

  (process.platform !== 'win32' ? it : it.skip)('reports a#b.incidentmap and back\\slash.incidentmap on themselves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incidentmap-sarif-'));
    try {
      writeFileSync(join(dir, 'a#b.incidentmap'), 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    tier: 1\n');
      writeFileSync(join(dir, 'back\\slash.incidentmap'), 'incidentmap: 1\ncomponents:\n  - id: web\n    kind: service\n    tier: 1\n');
      const r = await cli(['check', '.', '--root', '.', '--format', 'sarif'], dir);
      const uris = (JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
      assert.deepEqual([...new Set(uris)].sort(), ['a%23b.incidentmap', 'back%5Cslash.incidentmap']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 24: control characters in DOT', () => {
  it('a name with ESC, BEL and a bidi override is written visibly, line breaks stay DOT line breaks', () => {
    const { graphModel, toDot } = require('../../server/src/core/index') as typeof import('../../server/src/core/index');
    const text = 'incidentmap: 1\ncomponents:\n  - id: a\n    kind: service\n    name: "x\\u001b]0;pwn\\u0007 \\u202e y"\n';
    const a = analyze('file:///ws/m.incidentmap', memoryHost({ 'file:///ws/m.incidentmap': text }), { root: 'file:///ws', now: testNow });
    const dot = toDot(graphModel('file:///ws/m.incidentmap', a.files, a.model));
    assert.doesNotMatch(dot, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.match(dot, /"a" \[label="x\\\\x1b\]0;pwn\\\\x07 \\\\u202e y\\nservice"\]/);
  });
});

describe('issue 24: control characters in the hover', () => {
  it('makes them visible and keeps Markdown escaped', () => {
    const { md } = require('../../server/src/core/language/hover') as typeof import('../../server/src/core/language/hover');
    assert.equal(md('a\u001b[2Jb\nc'), 'a\\\\x1b\\[2Jb c');
    assert.equal(md('x\u202ey'), 'x\\\\u202ey');
  });
});
