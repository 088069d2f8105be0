import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Host } from '../../server/src/core/index';
import { run } from '../../server/src/cli/cli';
import type { CliIO } from '../../server/src/cli/command';
import { renderGithub } from '../../server/src/cli/format/github';
import { renderMarkdown } from '../../server/src/cli/format/markdown';
import type { Report } from '../../server/src/cli/format/report';
import { nodeHost } from '../../server/src/node/nodeHost';
import { fixturesDir, repoRoot, testNow } from '../helpers/core';
import { codes, TestClient } from '../lsp/client';

const today = new Date(testNow).toISOString().slice(0, 10);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  written: Map<string, string>;
}

async function cli(argv: string[], opts: { cwd?: string; host?: Host; env?: Record<string, string>; tty?: boolean } = {}): Promise<Result> {
  const out = { stdout: '', stderr: '', written: new Map<string, string>() };
  const io: CliIO = {
    stdout: { write: (s) => void (out.stdout += s), isTTY: opts.tty },
    stderr: { write: (s) => void (out.stderr += s) },
    cwd: opts.cwd ?? repoRoot,
    env: { INCIDENTMAP_NOW: today, ...opts.env },
    host: opts.host,
    writeFile: (p, t) => void out.written.set(p, typeof t === "string" ? t : Buffer.from(t).toString("latin1")),
  };
  const code = await run(argv, io);
  return { code, ...out };
}

interface JsonReport {
  summary: { error: number; warning: number; info: number };
  files: string[];
  findings: { ruleId: string; severity: string; path: string; message: string; span: { startLine: number; startColumn: number; endLine: number; endColumn: number }; fingerprint: string }[];
}

const cleanMap = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    tier: 3\n';

describe('incidentmap check', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'incidentmap-cli-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints file:line:col, severity, message, rule id, a code frame and a summary', async () => {
    const r = await cli(['check', 'samples', '--root', '.']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^samples\/ai-inference\/ai-inference\.incidentmap:31:9 {2}warning {2}Single point of failure: .* {2}\[single-point-of-failure\]$/m);
    // The frame marks the line and underlines the range.
    assert.match(r.stdout, /^> 31 \| {3}- id: loop-1\n {5}\| {9}\^{6}$/m);
    assert.match(r.stdout, /^\d+ errors?, \d+ warnings?, \d+ info in \d+ of 5 files \(5 maps checked\)$/m);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  it('colours on a terminal, and never with NO_COLOR or --no-color', async () => {
    assert.match((await cli(['check', 'samples/ai-inference'], { tty: true })).stdout, /\u001b\[31m/);
    assert.doesNotMatch((await cli(['check', 'samples/ai-inference'], { tty: true, env: { NO_COLOR: '1' } })).stdout, /\u001b\[/);
    assert.doesNotMatch((await cli(['check', 'samples/ai-inference', '--no-color'], { tty: true })).stdout, /\u001b\[/);
  });

  it('produces identical output on every run (stable order for CI diffs)', async () => {
    for (const format of ['text', 'json', 'sarif', 'github', 'markdown']) {
      const a = await cli(['check', 'samples', '--format', format]);
      const b = await cli(['check', 'samples', '--format', format]);
      assert.equal(a.stdout, b.stdout, format);
    }
  });

  it('writes only the report to stdout in json mode, with repository-relative paths', async () => {
    const r = await cli(['check', 'samples', '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(report.findings.length > 5);
    assert.ok(report.findings.every((f) => f.path.startsWith('samples/')));
    const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
    assert.deepEqual(report.summary, { error: count('error'), warning: count('warning'), info: count('info'), suppressed: 0 });
    assert.ok(report.files.includes('samples/checkout/platform.incidentmap'));
  });

  it('lists and counts suppressed findings in every format, with their reasons', async () => {
    const map = `incidentmap: 1
components:
  # incidentmap-ignore missing-owner: owned by the payments guild until PLAT-7 lands
  - id: api
    kind: service
    tier: 1
    replicas: 2
    runbook: https://runbooks.example.com/api
    signals:
      - {name: q, metric: q, warn: 10, crit: 20, leading: true}
`;
    writeFileSync(join(tmp, 'a.incidentmap'), map);
    const json = JSON.parse((await cli(['check', tmp, '--root', tmp, '--format', 'json'])).stdout) as JsonReport & {
      summary: { suppressed: number };
      suppressed: { ruleId: string; path: string; line: number; reason: string; suppressedAt: { path: string; line: number } }[];
      resilience: { version: number; components: { id: string }[] };
    };
    assert.deepEqual(json.findings, []);
    assert.equal(json.summary.suppressed, 1);
    assert.deepEqual(json.suppressed.map((x) => [x.ruleId, x.path, x.line, x.reason, x.suppressedAt.line]), [['missing-owner', 'a.incidentmap', 4, 'owned by the payments guild until PLAT-7 lands', 3]]);
    assert.deepEqual(json.resilience.components.map((c) => c.id), ['api']);
    const text = (await cli(['check', tmp, '--root', tmp])).stdout;
    assert.match(text, /^0 errors, 0 warnings, 0 info in 0 of 1 file \(1 map checked\); 1 suppressed$/m);
    assert.match(text, /^Suppressed by incidentmap-ignore comments \(1\):\n {2}a\.incidentmap:4 {2}missing-owner: owned by the payments guild until PLAT-7 lands$/m);
    const sarif = JSON.parse((await cli(['check', tmp, '--root', tmp, '--format', 'sarif'])).stdout) as { runs: { results: { ruleId: string; suppressions?: { kind: string; justification: string }[] }[] }[] };
    assert.deepEqual(
      sarif.runs[0]!.results.map((x) => [x.ruleId, x.suppressions]),
      [['missing-owner', [{ kind: 'inSource', justification: 'owned by the payments guild until PLAT-7 lands' }]]],
    );
    const md = (await cli(['check', tmp, '--root', tmp, '--format', 'markdown'])).stdout;
    assert.match(md, /<details><summary>1 suppressed by <code>incidentmap-ignore<\/code> comments<\/summary>/);
    assert.match(md, /^\| `a\.incidentmap:4` \| missing-owner \| owned by the payments guild until PLAT-7 lands \| Tier-1 component api has no owner/m);
    const gh = (await cli(['check', tmp, '--root', tmp, '--format', 'github'])).stdout;
    assert.equal(gh, '::notice title=incidentmap summary::incidentmap: 0 errors, 0 warnings, 0 info. 1 suppressed by incidentmap-ignore comments: a.incidentmap:4 missing-owner (owned by the payments guild until PLAT-7 lands).\n');
  });

  it('markdown: errors first, locations linked to the lines in GitHub Actions, files with findings counted', async () => {
    writeFileSync(join(tmp, 'a.incidentmap'), 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    tier: 1\n    replicas: 2\n');
    writeFileSync(join(tmp, 'b.incidentmap'), 'incidentmap: 1\ncomponents:\n  - id: web\n    kind: service\n    dependsOn: [{target: nowhere}]\n');
    writeFileSync(join(tmp, 'c.incidentmap'), cleanMap);
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/maps', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' };
    const md = (await cli(['check', tmp, '--root', tmp, '--format', 'markdown'], { env })).stdout;
    assert.match(md, /^\*\*1 error, 3 warnings, 0 info in 2 of 3 files \(3 maps checked\)\*\*$/m);
    const rows = md.split('\n').filter((l) => /^\| (🔴|🟠|🔵)/.test(l));
    assert.deepEqual(
      rows.map((r) => r.split(' | ').slice(0, 2).join(' | ')),
      [
        '| 🔴 error | [`b.incidentmap:5`](https://github.com/acme/maps/blob/0123456789abcdef0123456789abcdef01234567/b.incidentmap#L5)',
        '| 🟠 warning | [`a.incidentmap:3`](https://github.com/acme/maps/blob/0123456789abcdef0123456789abcdef01234567/a.incidentmap#L3)',
        '| 🟠 warning | [`a.incidentmap:3`](https://github.com/acme/maps/blob/0123456789abcdef0123456789abcdef01234567/a.incidentmap#L3)',
        '| 🟠 warning | [`a.incidentmap:3`](https://github.com/acme/maps/blob/0123456789abcdef0123456789abcdef01234567/a.incidentmap#L3)',
      ],
    );
    // Without the Actions variables (or with values that are not a server, a repository and a sha): plain paths.
    for (const e of [{}, { ...env, GITHUB_SHA: 'main)](javascript:alert(1)' }]) {
      const plain = (await cli(['check', tmp, '--root', tmp, '--format', 'markdown'], { env: e })).stdout;
      assert.match(plain, /^\| 🔴 error \| `b\.incidentmap:5` \| /m);
      assert.doesNotMatch(plain, /javascript/);
    }
  });

  it('markdown: within the limit it is given, at and above it, saying how many findings it left out', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `  - id: service-${i}\n    kind: service\n    tier: 1\n    replicas: 2\n`).join('');
    writeFileSync(join(tmp, 'many.incidentmap'), `incidentmap: 1\ncomponents:\n${many}`);
    const md = (await cli(['check', tmp, '--root', tmp, '--format', 'markdown'])).stdout;
    assert.ok(md.length <= 65_536, String(md.length));
    const shown = md.split('\n').filter((l) => /^\| 🟠/.test(l)).length;
    assert.ok(shown > 50 && shown < 1200, String(shown));
    assert.match(md, new RegExp(`^\\*\\*${1200 - shown} of 1200 findings are not shown: GitHub limits a comment to 65,536 characters\\.\\*\\*`, 'm'));
    const report = JSON.parse((await cli(['check', tmp, '--root', tmp, '--format', 'json'])).stdout) as Report;
    const full = renderMarkdown(report, { maxChars: Infinity });
    assert.equal(renderMarkdown(report, { maxChars: full.length }), full);
    const under = renderMarkdown(report, { maxChars: full.length - 1 });
    assert.ok(under.length <= full.length - 1);
    assert.match(under, /findings are not shown/);
  });

  it('github: errors first, and a notice when a level has more than the 10 annotations GitHub shows', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `  - id: service-${i}\n    kind: service\n    tier: 1\n    replicas: 2\n    owner: team\n    runbook: https://runbooks.example.com/x\n`).join('');
    writeFileSync(join(tmp, 'many.incidentmap'), `incidentmap: 1\ncomponents:\n${many}  - id: web\n    kind: service\n    dependsOn: [{target: nowhere}]\n`);
    const lines = (await cli(['check', tmp, '--root', tmp, '--format', 'github'])).stdout.trim().split('\n');
    assert.match(lines[0]!, /^::error file=many\.incidentmap,line=77,/);
    assert.equal(lines.length, 1 + 12 + 1);
    assert.equal(
      lines[lines.length - 1],
      '::notice title=incidentmap summary::incidentmap: 1 error, 12 warnings, 0 info. GitHub shows only 10 annotations per level in a step, so 2 warnings are not shown on the diff. Run `incidentmap check` locally, or use --format sarif or markdown, for all of them.',
    );
    // At the limit: no notice.
    writeFileSync(join(tmp, 'many.incidentmap'), `incidentmap: 1\ncomponents:\n${many.split('  - id: service-10')[0]}`);
    const ten = (await cli(['check', tmp, '--root', tmp, '--format', 'github'])).stdout.trim().split('\n');
    assert.equal(ten.length, 10);
    assert.ok(ten.every((l) => l.startsWith('::warning file=')));
  });

  it('resolves references a shared file makes to the maps that include it (no false unknown-reference)', async () => {
    const all = JSON.parse((await cli(['check', 'samples/checkout', '--format', 'json'])).stdout) as JsonReport;
    // Checked together, nothing is unknown; the stress findings the sample shows on purpose remain.
    assert.deepEqual([...new Set(all.findings.map((f) => f.ruleId))].sort(), ['capacity-after-domain-loss', 'journey-rto-unachievable', 'retry-storm', 'scenario-not-survived']);
    // Alone, the platform file really does name components it cannot see.
    const alone = JSON.parse((await cli(['check', 'samples/checkout/platform.incidentmap', '--format', 'json'])).stdout) as JsonReport;
    assert.deepEqual([...new Set(alone.findings.map((f) => f.ruleId))], ['unknown-reference']);
  });

  it('keeps fingerprints when lines are inserted above a finding', async () => {
    cpSync(join(repoRoot, 'samples/ai-inference'), tmp, { recursive: true });
    const file = join(tmp, 'ai-inference.incidentmap');
    const before = JSON.parse((await cli(['check', tmp, '--format', 'json', '--root', tmp])).stdout) as JsonReport;
    writeFileSync(file, `# a new comment\n# and another\n${readFileSync(file, 'utf8')}`);
    const after = JSON.parse((await cli(['check', tmp, '--format', 'json', '--root', tmp])).stdout) as JsonReport;
    assert.equal(after.findings.length, before.findings.length);
    assert.deepEqual(after.findings.map((f) => f.fingerprint).sort(), before.findings.map((f) => f.fingerprint).sort());
    assert.deepEqual(after.findings.map((f) => f.span.startLine), before.findings.map((f) => f.span.startLine + 2));
    assert.equal(new Set(before.findings.map((f) => f.fingerprint)).size, before.findings.length, 'fingerprints are unique');
  });

  describe('exit codes', () => {
    it('0 when clean, 1 when findings reach --fail-on, per level', async () => {
      writeFileSync(join(tmp, 'clean.incidentmap'), cleanMap);
      // Exit 0 alone would also pass with warnings (below --fail-on error): clean means no finding at all.
      const clean = await cli(['check', tmp, '--root', tmp]);
      assert.deepEqual([clean.code, clean.stdout, clean.stderr], [0, '0 errors, 0 warnings, 0 info in 0 of 1 file (1 map checked)\n', '']);
      // Warnings only: below the default --fail-on error.
      const warnOnly = join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap');
      assert.equal((await cli(['check', warnOnly, '--rule', 'unreachable-threshold=warning', '--rule', 'failover-same-domain=warning', '--rule', 'capacity-unit-mismatch=warning'])).code, 0);
      assert.equal((await cli(['check', warnOnly, '--rule', 'unreachable-threshold=warning', '--rule', 'failover-same-domain=warning', '--rule', 'capacity-unit-mismatch=warning', '--fail-on', 'warning'])).code, 1);
      assert.equal((await cli(['check', warnOnly, '--fail-on', 'none'])).code, 0);
      assert.equal((await cli(['check', warnOnly])).code, 1);
    });

    it('2 for usage and input errors, with a clear message on stderr and nothing on stdout', async () => {
      const cases: [string[], RegExp][] = [
        [['check', 'no-such-dir'], /cannot read no-such-dir: no such file or folder/],
        [['check', 'samples', '--format', 'xml'], /--format must be one of text, json, sarif, github, markdown/],
        [['check', 'samples', '--fail-on', 'sometimes'], /--fail-on must be one of/],
        [['check', 'samples', '--bogus'], /Unknown option '--bogus'/],
        [['check', 'samples', '--rule', 'missing-runbok=off'], /unknown rule "missing-runbok"\. Did you mean "missing-runbook"\?/],
        [['check', 'samples', '--rehearsal-max-age', 'soon'], /not a duration/],
        [['check', 'test/fixtures/lsp/*.nothing'], /no \.incidentmap files match/],
        [['frobnicate'], /unknown command "frobnicate"/],
        [[], /Usage: incidentmap <command>/],
      ];
      for (const [argv, message] of cases) {
        const r = await cli(argv);
        assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '', argv.join(' '));
      }
    });

    it('2 for a map that cannot be read', async () => {
      const file = join(tmp, 'secret.incidentmap');
      writeFileSync(file, cleanMap);
      const unreadable: Host = { readFile: () => ({ ok: false, reason: 'unreadable', detail: 'EACCES' }) };
      const r = await cli(['check', file], { host: unreadable });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read .*secret\.incidentmap: unreadable \(EACCES\)/);
    });

    it('3 for an internal error, saying it is a bug', async () => {
      writeFileSync(join(tmp, 'a.incidentmap'), cleanMap);
      let reads = 0;
      const broken: Host = {
        readFile: (uri) => {
          if (++reads > 1) {
            throw new RangeError('disk on fire');
          }
          return nodeHost(tmp).readFile(uri);
        },
      };
      const r = await cli(['check', tmp], { host: broken });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /internal error: RangeError: disk on fire/);
      assert.match(r.stderr, /bug in incidentmap/);
    });
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const out = join(tmp, 'report.sarif');
    const r = await cli(['check', 'samples', '--format', 'sarif', '-o', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.ok(JSON.parse(r.written.get(out) ?? '').runs);
  });

  describe('sarif', () => {
    it('describes every rule fully and fingerprints every result', async () => {
      const sarif = JSON.parse((await cli(['check', 'samples', '--format', 'sarif'])).stdout);
      const run = sarif.runs[0];
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs.length, 1);
      for (const rule of run.tool.driver.rules) {
        assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.helpUri, rule.id);
      }
      for (const res of run.results) {
        assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
        assert.match(res.partialFingerprints['incidentmapFingerprint/v1'], /^[0-9a-f]{32}$/);
        const loc = res.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.match(loc.artifactLocation.uri, /^samples\//);
        assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
      }
    });

    it("passes Microsoft's SARIF Multitool validation with GitHub's upload rules", async function () {
      this.timeout(180_000);
      const tool = join(repoRoot, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
      assert.ok(existsSync(tool), 'npm ci installs @microsoft/sarif-multitool-linux');
      chmodSync(tool, 0o755);
      const log = join(tmp, 'check.sarif');
      // The samples, and a map with a suppressed finding (a result with an in-source suppression).
      cpSync(join(repoRoot, 'samples'), join(tmp, 'samples'), { recursive: true });
      writeFileSync(join(tmp, 'samples/suppressed.incidentmap'), 'incidentmap: 1\ncomponents:\n  # incidentmap-ignore missing-owner: owned by the guild (PLAT-7)\n  - id: api\n    kind: service\n    tier: 1\n    runbook: https://runbooks.example.com/api\n    signals:\n      - {name: q, metric: q, warn: 10, crit: 20, leading: true}\n');
      const sarifText = (await cli(['check', join(tmp, 'samples'), '--root', tmp, '--format', 'sarif'])).stdout;
      assert.match(sarifText, /"justification": "owned by the guild \(PLAT-7\)"/);
      writeFileSync(log, sarifText);
      const out = join(tmp, 'validation.sarif');
      const v = spawnSync(tool, ['validate', log, '--rule-kind', 'Sarif;Ghas', '-o', out, '--log', 'ForceOverwrite'], {
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
        encoding: 'utf8',
        timeout: 170_000,
      });
      assert.equal(v.status, 0, v.stdout + v.stderr);
      const results = JSON.parse(readFileSync(out, 'utf8')).runs[0].results as { level?: string; ruleId: string; message: unknown }[];
      const problems = results.filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
      assert.deepEqual(problems.map((p) => `${p.ruleId}: ${JSON.stringify(p.message)}`), []);
    });

    it('keeps at most --max-results results, the most severe, and says how many it left out', async () => {
      // 2,000 tier-1 components without owner, runbook or signal: 6,000 findings.
      const lines = ['incidentmap: 1', 'components:'];
      for (let i = 0; i < 2000; i++) {
        lines.push(`  - { id: svc-${i}, kind: service, tier: 1 }`);
      }
      lines.push('  - { id: broken, kind: servise }');
      writeFileSync(join(tmp, 'big.incidentmap'), lines.join('\n') + '\n');
      const full = JSON.parse((await cli(['check', tmp, '--format', 'json', '--root', tmp])).stdout) as JsonReport;
      assert.ok(full.findings.length > 5000, String(full.findings.length));
      const sarif = JSON.parse((await cli(['check', tmp, '--format', 'sarif', '--root', tmp])).stdout);
      const run = sarif.runs[0];
      assert.equal(run.results.length, 5000);
      assert.equal(run.results[0].level, 'error', 'the error survives truncation');
      assert.equal(run.properties.omittedResults, full.findings.length - 5000);
      assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, new RegExp(`${full.findings.length - 5000} of ${full.findings.length} results were left out`));
    });
  });

  it('annotates pull requests with escaped GitHub workflow commands', async () => {
    const r = await cli(['check', 'samples/ai-inference', '--format', 'github']);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length > 3);
    for (const line of lines) {
      assert.match(line, /^::(error|warning|notice) file=samples\/ai-inference\/ai-inference\.incidentmap,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=incidentmap [a-z-]+::[^\n]+$/);
    }
    const report: Report = {
      root: '/r',
      files: [],
      maps: 1,
      summary: { error: 1, warning: 0, info: 0, suppressed: 0 },
      suppressed: [],
      omitted: 0,
      maxFindings: 10_000,
      findings: [
        {
          ruleId: 'x',
          severity: 'error',
          message: '100% broken:\nsecond line, really',
          path: 'a,b:c.incidentmap',
          uri: 'file:///r/a',
          span: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 3 },
          related: [],
          fingerprint: 'f',
        },
      ],
    };
    assert.equal(renderGithub(report), '::error file=a%2Cb%3Ac.incidentmap,line=1,col=1,endLine=2,title=incidentmap x::100%25 broken:\\nsecond line, really\n');
  });

  it('renders a markdown summary for a PR comment, linking each rule to its docs', async () => {
    const r = await cli(['check', 'samples', '--format', 'markdown']);
    assert.match(r.stdout, /^### incidentmap/);
    assert.match(r.stdout, /\| Severity \| Location \| Rule \| Finding \|/);
    assert.match(r.stdout, /\[failover-same-domain\]\(https:\/\/github\.com\/incidentmap\/incidentmap\/blob\/main\/docs\/rules\.md#failover-same-domain\)/);
    writeFileSync(join(tmp, 'clean.incidentmap'), cleanMap);
    assert.match((await cli(['check', tmp, '--format', 'markdown', '--root', tmp])).stdout, /✅ No findings/);
  });

  it('reports what the language server reports, file by file', async function () {
    this.timeout(60_000);
    const ws = mkdtempSync(join(tmpdir(), 'incidentmap-agree-'));
    cpSync(join(repoRoot, 'samples'), ws, { recursive: true });
    cpSync(join(fixturesDir, 'lsp'), join(ws, 'lsp'), { recursive: true });
    const client = await TestClient.start({ folder: ws });
    try {
      await client.notification<{ value: { kind: string } }>('$/progress', (p) => p.value.kind === 'end', 30_000);
      const report = JSON.parse((await cli(['check', ws, '--format', 'json', '--root', ws])).stdout) as JsonReport;
      const files = [...new Set([...report.files])];
      assert.ok(files.length >= 8);
      for (const file of files) {
        const uri = `file://${join(ws, file)}`;
        const fromCli = report.findings
          .filter((f) => f.path === file)
          .map((f) => `${f.ruleId}@${f.span.startLine - 1}`)
          .sort();
        const published = [...client.publishes].reverse().find((p) => p.uri === uri);
        assert.deepEqual(codes(published?.diagnostics ?? []).sort(), fromCli, file);
      }
    } finally {
      client.kill();
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('incidentmap simulate', () => {
  it('shows what failed, what is down, what failed over, what degraded and what redundancy was lost, in that order (issue 23, item 5)', async () => {
    const loop = await cli(['simulate', 'samples/ai-inference/ai-inference.incidentmap', '--fail', 'loop-1']);
    assert.equal(loop.code, 0, loop.stderr);
    assert.equal(
      loop.stdout,
      [
        'If loop-1 fails:',
        '',
        'Failed (1)',
        '  loop-1  cooling loop, and everything in it',
        '',
        'Down (4)',
        '  cdu-1          lives in cooling loop-1',
        '  gpu-rack-r1    tier 1, lives in cooling loop-1; its failover target gpu-rack-r2 is down too',
        '  model-gateway  tier 1, hard dependency on model-servers → gpu-rack-r1 (lives in cooling loop-1)',
        '  model-servers  tier 1, hard dependency on gpu-rack-r1 (lives in cooling loop-1)',
        '',
        'Failovers (1)',
        '  gpu-rack-r1 → gpu-rack-r2  did not help: gpu-rack-r2 is down too',
        '',
        'Degraded (0)',
        '  nothing',
        '',
        'Redundancy lost (1)',
        '  gpu-rack-r2  standby, its primary is down too (lives in cooling loop-1)',
        '',
        'Tier-1 down: gpu-rack-r1, model-gateway, model-servers',
        '',
      ].join('\n'),
    );
    // The checkout database fails over: say to what and for how long, and do not call it a tier-1 outage.
    const db = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--fail', 'orders-db']);
    assert.equal(
      db.stdout,
      [
        'If orders-db fails:',
        '',
        'Failed (1)',
        '  orders-db  tier 1, failed; orders-db-standby takes over automatically within 2m',
        '',
        'Down (0)',
        '  nothing',
        '',
        'Failovers (1)',
        '  orders-db → orders-db-standby  automatic, RTO 2m: checkout-api is down until orders-db-standby takes over',
        '',
        'Degraded (1)',
        '  checkout-api  waits while orders-db fails over to orders-db-standby (automatic, up to 2m)',
        '  Degradation stops at these; their own callers are affected only where the dependency says inheritsDegradation: true.',
        '',
        'Tier-1 down: none (failed over: orders-db)',
        '',
      ].join('\n'),
    );
    const zone = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--fail', 'eu-west-b']);
    assert.match(zone.stdout, /^Redundancy lost \(1\)\n {2}orders-db-standby {2}standby, orders-db is up but now without a failover \(lives in zone eu-west-b\)\n\nTier-1 down: none\n$/m);
    for (const r of [loop, db, zone]) {
      for (const line of r.stdout.split('\n').filter((l) => /^ {2}[a-z]/.test(l) && !l.includes('Degradation stops'))) {
        const id = line.trim().split(/\s+/)[0]!;
        const named = line.match(new RegExp(`(?<![a-z0-9-])${id.replace(/[.]/g, '\\.')}(?![a-z0-9-])`, 'g')) ?? [];
        assert.equal(named.length, 1, `"${id}" is named once on its line: ${line}`);
      }
    }
  });

  it('answers in JSON with the steps and their locations, and the failovers and standbys (fields only added)', async () => {
    const r = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--fail', 'eu-west-a', '--fail', 'eu-west-b', '--format', 'json']);
    const out = JSON.parse(r.stdout) as {
      failed: string[];
      down: { id: string; path: string; reason: string; steps: { component: string; how: string; at?: { path: string } }[] }[];
      degraded: unknown[];
      standbys: { id: string; uncovered: string[] }[];
      failovers: unknown[];
    };
    assert.deepEqual(Object.keys(out), ['failed', 'down', 'degraded', 'standbys', 'failovers']);
    assert.deepEqual(out.failed, ['eu-west-a', 'eu-west-b']);
    assert.ok(out.down.some((d) => d.id === 'checkout-api'));
    assert.ok(out.down.every((d) => d.steps.every((s) => !s.at || s.at.path.startsWith('samples/checkout/'))));
    const db = out.down.find((d) => d.id === 'orders-db')!;
    assert.deepEqual(Object.keys(db), ['id', 'path', 'reason', 'steps']);
    assert.equal(db.path, 'orders-db (lives in zone eu-west-a)');
    assert.equal(db.reason, 'lives in zone eu-west-a');
    assert.deepEqual(out.standbys.map((s) => [s.id, s.uncovered]), [['orders-db-standby', []]]);
    assert.deepEqual(out.failovers, [{ from: 'orders-db', to: 'orders-db-standby', mode: 'automatic', rtoMs: 120000, tookOver: false, waiting: [] }]);
  });

  it('refuses unknown ids with a suggestion (exit 2)', async () => {
    const r = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--fail', 'eu-west-q']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no component or failure domain "eu-west-q" \(did you mean "eu-west-a"\?\)/);
    assert.equal((await cli(['simulate', 'samples/checkout/checkout.incidentmap'])).code, 2);
  });
});

describe('incidentmap schema', () => {
  it('prints the published schema (schemas/incidentmap.schema.json is its output)', async () => {
    const r = await cli(['schema']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, readFileSync(join(repoRoot, 'schemas/incidentmap.schema.json'), 'utf8'));
    assert.equal(JSON.parse((await cli(['schema', '--config'])).stdout).$id, 'https://incidentmap.dev/schema/incidentmap-config-1.schema.json');
  });
});

describe('the bundled CLI as a subprocess', () => {
  const bin = join(repoRoot, 'dist/cli.js');
  let cacheDir: string;
  before(() => (cacheDir = mkdtempSync(join(tmpdir(), 'im-cache-'))));
  after(() => rmSync(cacheDir, { recursive: true, force: true }));
  const exec = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, INCIDENTMAP_NOW: today, INCIDENTMAP_CACHE_DIR: cacheDir, ...env } });

  for (const format of ['text', 'json', 'sarif', 'github', 'markdown']) {
    it(`check --format ${format}: exit 1 on the samples, the report alone on stdout`, () => {
      const r = exec(['check', 'samples', '--format', format]);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, '');
      if (format === 'json' || format === 'sarif') {
        assert.doesNotThrow(() => JSON.parse(r.stdout));
      } else {
        assert.ok(r.stdout.length > 100);
      }
    });
  }

  it('exits 0 on a clean map and 2 on a missing one', () => {
    // Clean: no finding at all, not only none at --fail-on (warnings also exit 0).
    const clean = exec(['check', 'samples/multi-region']);
    assert.deepEqual([clean.status, clean.stdout, clean.stderr], [0, '0 errors, 0 warnings, 0 info in 0 of 1 file (1 map checked)\n', '']);
    const missing = exec(['check', 'samples/nope.incidentmap']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read samples\/nope\.incidentmap/);
    assert.equal(exec(['--version']).stdout.trim(), '0.1.0');
  });

  it('loads through a code cache it keeps in its cache folder, and survives a damaged one', () => {
    const own = mkdtempSync(join(tmpdir(), 'im-cache-'));
    try {
      const args = ['check', 'samples', '--format', 'json'];
      const expected = exec(args, { INCIDENTMAP_COMPILE_CACHE: '0' });
      // Another version's cache: removed once a week old, kept before (two installs must not fight).
      mkdirSync(join(own, 'incidentmap'));
      const old = join(own, 'incidentmap', 'cli-v0-1-1.v8cache');
      const recent = join(own, 'incidentmap', 'cli-v0-2-2.v8cache');
      writeFileSync(old, 'x');
      writeFileSync(recent, 'x');
      utimesSync(old, new Date(Date.now() - 8 * 86_400_000), new Date(Date.now() - 8 * 86_400_000));
      const first = exec(args, { INCIDENTMAP_CACHE_DIR: own });
      assert.deepEqual([existsSync(old), existsSync(recent)], [false, true]);
      rmSync(recent);
      const files = () => readdirSync(join(own, 'incidentmap')).filter((f) => f.endsWith('.v8cache'));
      assert.equal(files().length, 1, 'the first run writes the cache');
      const second = exec(args, { INCIDENTMAP_CACHE_DIR: own });
      writeFileSync(join(own, 'incidentmap', files()[0]!), 'not a V8 code cache');
      const damaged = exec(args, { INCIDENTMAP_CACHE_DIR: own });
      for (const r of [first, second, damaged]) {
        assert.deepEqual([r.status, r.stderr, r.stdout], [expected.status, expected.stderr, expected.stdout]);
      }
      assert.notEqual(readFileSync(join(own, 'incidentmap', files()[0]!), 'utf8'), 'not a V8 code cache', 'a rejected cache is written again');
      // A cache folder that cannot be created costs only the speed-up.
      const blocked = exec(args, { INCIDENTMAP_CACHE_DIR: join(repoRoot, 'package.json') });
      assert.deepEqual([blocked.status, blocked.stdout], [expected.status, expected.stdout]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('keys the code cache on the bundle content: another build of the same size and time runs its own code (issue 24)', () => {
    // npm installs every file with the same 1985 mtime: a key of size and time took the previous
    // build's cached code for a new one. Two bundles that differ only in the version string.
    const own = mkdtempSync(join(tmpdir(), 'im-cache-'));
    const install = mkdtempSync(join(tmpdir(), 'im-install-'));
    try {
      cpSync(join(repoRoot, 'dist/cli.js'), join(install, 'cli.js'));
      const main = readFileSync(join(repoRoot, 'dist/cli-main.js'), 'utf8');
      assert.ok(main.includes('"0.1.0"'), 'the bundle carries its version');
      const npmTime = new Date('1985-10-26T08:15:00Z');
      const installAs = (text: string) => {
        writeFileSync(join(install, 'cli-main.js'), text);
        utimesSync(join(install, 'cli-main.js'), npmTime, npmTime);
      };
      const version = () =>
        spawnSync(process.execPath, [join(install, 'cli.js'), '--version'], { encoding: 'utf8', env: { ...process.env, INCIDENTMAP_CACHE_DIR: own } }).stdout.trim();
      installAs(main);
      assert.equal(version(), '0.1.0');
      assert.equal(version(), '0.1.0', 'from its cache');
      const next = main.replace('"0.1.0"', '"9.1.0"');
      assert.equal(next.length, main.length, 'same size');
      installAs(next);
      assert.equal(version(), '9.1.0', 'the new build runs, not the cached old one');
      assert.equal(readdirSync(join(own, 'incidentmap')).filter((f) => f.endsWith('.v8cache')).length, 2, 'one cache per content');
    } finally {
      rmSync(own, { recursive: true, force: true });
      rmSync(install, { recursive: true, force: true });
    }
  });

  it('lays out a graph with dist/elk.js beside the bundle, which check never loads', () => {
    const out = mkdtempSync(join(tmpdir(), 'im-graph-'));
    try {
      // The files a run loads, from Node's module cache (test/helpers/printLoaded.ts).
      const run = (args: string[]) => {
        const r = spawnSync(process.execPath, ['-r', join(__dirname, '../helpers/printLoaded.js'), bin, ...args], {
          cwd: repoRoot,
          encoding: 'utf8',
          env: { ...process.env, INCIDENTMAP_NOW: today, INCIDENTMAP_CACHE_DIR: cacheDir },
        });
        const m = /\nloaded: (.*)\n$/.exec(r.stderr);
        assert.ok(m, r.stderr);
        return { status: r.status, loaded: (JSON.parse(m[1]!) as string[]).map((f) => relative(repoRoot, f)) };
      };
      const svg = join(out, 'map.svg');
      const graph = run(['graph', 'samples/ai-inference/ai-inference.incidentmap', '--format', 'svg', '-o', svg]);
      assert.equal(graph.status, 0);
      assert.ok(graph.loaded.includes(join('dist', 'elk.js')), graph.loaded.join(', '));
      assert.match(readFileSync(svg, 'utf8'), /^<\?xml[\s\S]*<svg[\s\S]*data-component="gpu-rack-r1"[\s\S]*<\/svg>\s*$/);
      const check = run(['check', 'samples', '--fail-on', 'none']);
      assert.equal(check.status, 0);
      assert.ok(!check.loaded.includes(join('dist', 'elk.js')), check.loaded.join(', '));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('stops quietly when the reader of its output goes away (| head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'im-head-'));
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed: number) => string };
      writeFileSync(join(dir, 'platform.incidentmap'), singleFile(400, 3)); // a report far larger than a pipe's buffer
      const child = spawn(process.execPath, [bin, 'check', dir, '--root', dir, '--format', 'json'], { cwd: repoRoot, env: { ...process.env, INCIDENTMAP_CACHE_DIR: cacheDir } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(stderr, '');
      assert.ok(code === 0 || code === 1, `exit ${code}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
