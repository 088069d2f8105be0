// Contract tests for every documented option of `incidentmap check` (issue 26, item 3), through the
// CLI's own front end (run(), as main.ts calls it), each with the case it must change and the limit
// below, at and above. Expected reports are written here by hand.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli/cli';
import type { CliIO } from '../../server/src/cli/command';
import { testNow } from '../helpers/core';
import { retryMessage, twoFindingsMap, unreachableMessage } from '../helpers/twoFindings';

const today = new Date(testNow).toISOString().slice(0, 10);

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: { write: (s) => void (out.stdout += s) },
    stderr: { write: (s) => void (out.stderr += s) },
    cwd,
    env: { INCIDENTMAP_NOW: today },
    writeFile: () => assert.fail('nothing is written to a file here'),
  };
  const code = await run(argv, io);
  return { code, ...out };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  path: string;
}
const json = (stdout: string) => JSON.parse(stdout) as { files: string[]; summary: Record<string, number>; omitted: number; findings: JsonFinding[] };

// One error (warn == crit, line 7) and one warning (11 attempts, line 8), nothing else.
const twoLevels = twoFindingsMap;
const errorLine = `q.incidentmap:7:36  error  ${unreachableMessage}  [unreachable-threshold]`;
const warningLine = `q.incidentmap:8:39  warning  ${retryMessage}  [retry-amplification]`;

describe('incidentmap check: every option changes what it says it changes', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-options-'));
    writeFileSync(join(tmp, 'q.incidentmap'), twoLevels);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const check = (...args: string[]) => cli(['check', 'q.incidentmap', '--root', '.', '--no-color', ...args], tmp);

  it('without options: both findings, the summary, exit 1 (an error reaches the default --fail-on error)', async () => {
    const r = await check();
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('q.incidentmap:'));
    assert.deepEqual(heads, [errorLine, warningLine]);
    assert.match(r.stdout, /\n1 error, 1 warning, 0 info in 1 of 1 file \(1 map checked\)\n$/);
  });

  it('-q / --quiet: the error alone, in the text and in every machine format', async () => {
    for (const flag of ['-q', '--quiet']) {
      const r = await check(flag);
      assert.equal(r.code, 1);
      assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('q.incidentmap:')), [errorLine], flag);
      assert.match(r.stdout, /\n1 error, 0 warnings, 0 info in 1 of 1 file \(1 map checked\)\n$/);
    }
    const j = json((await check('-q', '--format', 'json')).stdout);
    assert.deepEqual(j.findings.map((f) => f.ruleId), ['unreachable-threshold']);
    assert.deepEqual(j.summary, { error: 1, warning: 0, info: 0, suppressed: 0 });
    const sarif = JSON.parse((await check('-q', '--format', 'sarif')).stdout);
    assert.deepEqual(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['unreachable-threshold']);
    const github = (await check('-q', '--format', 'github')).stdout.trim().split('\n');
    assert.equal(github.length, 1);
    assert.match(github[0]!, /^::error file=q\.incidentmap,line=7,/);
    const md = (await check('-q', '--format', 'markdown')).stdout;
    assert.doesNotMatch(md, /retry-amplification/);
    assert.match(md, /unreachable-threshold/);
  });

  it('--fail-on: exit 1 exactly when a finding is at that level or above; none never fails', async () => {
    // Warnings only: the error is turned off.
    const warnOnly = ['--rule', 'unreachable-threshold=off'];
    assert.equal((await check(...warnOnly)).code, 0, 'a warning is below error');
    assert.equal((await check(...warnOnly, '--fail-on', 'warning')).code, 1);
    assert.equal((await check(...warnOnly, '--fail-on', 'info')).code, 1);
    // Info only.
    const infoOnly = [...warnOnly, '--rule', 'retry-amplification=info'];
    assert.equal((await check(...infoOnly, '--fail-on', 'warning')).code, 0);
    assert.equal((await check(...infoOnly, '--fail-on', 'info')).code, 1);
    assert.equal((await check('--fail-on', 'none')).code, 0, 'an error, but none');
    const bad = await check('--fail-on', 'warn');
    assert.deepEqual([bad.code, bad.stdout], [2, '']);
    assert.match(bad.stderr, /--fail-on must be one of error, warning, info, none; got "warn"/);
  });

  it('--rule ID=LEVEL: off removes a rule, a level changes its severity; repeatable; a bad one is a usage error', async () => {
    const j = json((await check('--format', 'json', '--rule', 'unreachable-threshold=off', '--rule', 'retry-amplification=error')).stdout);
    assert.deepEqual(j.findings.map((f) => `${f.ruleId}:${f.severity}`), ['retry-amplification:error']);
    const bad = await check('--rule', 'retry-amplification');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--rule takes ID=LEVEL, e\.g\. --rule missing-runbook=warning; got "retry-amplification"/);
  });

  it('--retry-amplification-max N: at the product (11) nothing; below it, reported with N as the limit', async () => {
    assert.deepEqual(json((await check('--format', 'json', '--retry-amplification-max', '11')).stdout).findings.map((f) => f.ruleId), ['unreachable-threshold']);
    const below = json((await check('--format', 'json', '--retry-amplification-max', '10')).stdout).findings.find((f) => f.ruleId === 'retry-amplification');
    assert.match(below!.message, /above the limit of 10\./);
    const eight = json((await check('--format', 'json', '--retry-amplification-max', '8')).stdout).findings.find((f) => f.ruleId === 'retry-amplification');
    assert.match(eight!.message, /above the limit of 8\./);
  });

  it('--rehearsal-max-age DURATION: a drill exactly that old passes, a day older is reported', async () => {
    writeFileSync(
      join(tmp, 'q.incidentmap'),
      `incidentmap: 1\ncomponents:\n  - {id: db, kind: datastore}\n  - {id: db-dr, kind: datastore}\nfailovers:\n  - {from: db, to: db-dr, lastRehearsed: 2026-11-12}\n`,
    );
    assert.deepEqual(json((await check('--format', 'json', '--rehearsal-max-age', '10d')).stdout).findings, []);
    const f = json((await check('--format', 'json', '--rehearsal-max-age', '9d')).stdout).findings;
    assert.deepEqual(
      f.map((x) => x.message),
      ['Failover db → db-dr was last rehearsed 10 days ago, more than the allowed 9d. Rehearse it again and update lastRehearsed.'],
    );
  });

  it('--max-results N: at most N SARIF results, the most severe first, saying how many were left out', async () => {
    const at = JSON.parse((await check('--format', 'sarif', '--max-results', '2')).stdout).runs[0];
    assert.deepEqual(at.results.map((x: { ruleId: string }) => x.ruleId), ['unreachable-threshold', 'retry-amplification']);
    assert.equal(at.properties?.omittedResults ?? 0, 0);
    const below = JSON.parse((await check('--format', 'sarif', '--max-results', '1')).stdout).runs[0];
    assert.deepEqual(below.results.map((x: { ruleId: string; level: string }) => `${x.ruleId}:${x.level}`), ['unreachable-threshold:error']);
    assert.equal(below.properties.omittedResults, 1);
    assert.equal(
      below.invocations[0].toolExecutionNotifications[0].message.text,
      '1 of 2 results were left out to stay within 1 results per run (the most severe are kept). Run `incidentmap check` locally for all of them.',
    );
    const bad = await check('--format', 'sarif', '--max-results', 'many');
    assert.deepEqual([bad.code, bad.stdout], [2, '']);
    assert.match(bad.stderr, /--max-results must be a whole number; got "many"/);
  });

  it('--max-findings N: every format carries at most N, the most severe, and says how many were left out', async () => {
    const all = json((await check('--format', 'json', '--max-findings', '2')).stdout);
    assert.deepEqual([all.findings.length, all.omitted], [2, 0]);
    const one = json((await check('--format', 'json', '--max-findings', '1')).stdout);
    assert.deepEqual(one.findings.map((f) => f.ruleId), ['unreachable-threshold']);
    assert.equal(one.omitted, 1);
    const text = (await check('--max-findings', '1')).stdout;
    assert.match(text, /1 more finding was left out: a report carries at most 1 \(the most severe are kept\)\. Fix these first, or raise --max-findings\./);
  });

  it('-o / --output FILE writes the report there and nothing to stdout', async () => {
    const written = new Map<string, string>();
    const out = { stdout: '' };
    const code = await run(['check', 'q.incidentmap', '--root', '.', '--format', 'json', '--output', 'report.json'], {
      stdout: { write: (s) => void (out.stdout += s) },
      stderr: { write: () => undefined },
      cwd: tmp,
      env: { INCIDENTMAP_NOW: today },
      writeFile: (p, t) => void written.set(p, String(t)),
    });
    assert.equal(code, 1);
    assert.equal(out.stdout, '');
    assert.deepEqual([...written.keys()], [join(tmp, 'report.json')]);
    assert.deepEqual(json(written.get(join(tmp, 'report.json'))!).summary, { error: 1, warning: 1, info: 0, suppressed: 0 });
  });

  it('--root DIR: paths are reported relative to it, and includes may not leave it', async () => {
    mkdirSync(join(tmp, 'team'));
    writeFileSync(join(tmp, 'team', 'm.incidentmap'), 'incidentmap: 1\ninclude: [../q.incidentmap]\ncomponents: []\n');
    const inside = json((await cli(['check', 'team', '--root', '.', '--format', 'json'], tmp)).stdout);
    assert.deepEqual(inside.files.sort(), ['q.incidentmap', 'team/m.incidentmap']);
    const fenced = json((await cli(['check', 'team', '--root', 'team', '--format', 'json'], tmp)).stdout);
    assert.deepEqual(fenced.findings.map((f) => `${f.path}:${f.ruleId}`), ['m.incidentmap:include-outside-root']);
  });

  it('markdown folds the rows past the 50th into a details block that counts them', async () => {
    // 53 signals with warn == crit: 53 errors.
    const signals = Array.from({ length: 53 }, (_, i) => `      - {name: s${i}, metric: m${i}, warn: 5, crit: 5, leading: true}`).join('\n');
    writeFileSync(join(tmp, 'q.incidentmap'), `incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    tier: 3\n    signals:\n${signals}\n`);
    const md = (await check('--format', 'markdown')).stdout;
    const [table, folded] = md.split('<details><summary>3 more</summary>');
    assert.ok(folded !== undefined, md.slice(0, 400));
    assert.equal(table!.split('\n').filter((l) => l.startsWith('| 🔴')).length, 50);
    assert.equal(folded.split('\n').filter((l) => l.startsWith('| 🔴')).length, 3);
    assert.match(folded, /^\n\n\| Severity \| Location \| Rule \| Finding \|\n\| --- \| --- \| --- \| --- \|\n/);
    assert.match(folded, /\n<\/details>\n/);
    // 50 exactly: no fold.
    writeFileSync(join(tmp, 'q.incidentmap'), `incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    tier: 3\n    signals:\n${signals.split('\n').slice(0, 50).join('\n')}\n`);
    const fifty = (await check('--format', 'markdown')).stdout;
    assert.doesNotMatch(fifty, /<details>/);
    assert.equal(fifty.split('\n').filter((l) => l.startsWith('| 🔴')).length, 50);
  });
});

describe('incidentmap check: which maps a folder or a glob covers', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-discover-'));
    const map = 'incidentmap: 1\ncomponents:\n  - {id: api, kind: service, tier: 3}\n';
    for (const dir of ['sub/deeper', 'node_modules/pkg', '.git/refs', 'sub/node_modules/x', '.hidden']) {
      mkdirSync(join(tmp, dir), { recursive: true });
    }
    for (const file of ['a.incidentmap', 'sub/b.incidentmap', 'sub/deeper/c.incidentmap', 'node_modules/pkg/d.incidentmap', '.git/refs/e.incidentmap', 'sub/node_modules/x/f.incidentmap', '.hidden/g.incidentmap', 'sub/notes.yaml']) {
      writeFileSync(join(tmp, file), map);
    }
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const files = async (...args: string[]) => {
    const r = await cli(['check', ...args, '--root', '.', '--format', 'json'], tmp);
    assert.equal(r.stderr, '');
    return json(r.stdout).files;
  };

  it('a folder: every *.incidentmap below it, skipping node_modules, .git and hidden folders', async () => {
    assert.deepEqual(await files('.'), ['a.incidentmap', 'sub/b.incidentmap', 'sub/deeper/c.incidentmap']);
    assert.deepEqual(await files(), ['a.incidentmap', 'sub/b.incidentmap', 'sub/deeper/c.incidentmap'], 'the current folder by default');
    assert.deepEqual(await files('sub'), ['sub/b.incidentmap', 'sub/deeper/c.incidentmap']);
  });

  it('a glob: the maps it matches, never inside node_modules or .git', async () => {
    assert.deepEqual(await files('**/*.incidentmap'), ['a.incidentmap', 'sub/b.incidentmap', 'sub/deeper/c.incidentmap']);
    assert.deepEqual(await files('sub/*.incidentmap'), ['sub/b.incidentmap']);
  });

  it('a file named outright is checked; a folder without maps is a usage error', async () => {
    assert.deepEqual(await files('sub/deeper/c.incidentmap'), ['sub/deeper/c.incidentmap']);
    mkdirSync(join(tmp, 'empty'));
    const r = await cli(['check', 'empty', '--root', '.'], tmp);
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.match(r.stderr, /no \.incidentmap files under empty/);
  });
});
