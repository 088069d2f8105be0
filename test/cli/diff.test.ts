import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../server/src/cli/cli';
import type { CliIO } from '../../server/src/cli/command';
import { mermaidLabel, mermaidOf, renderDiffMarkdown } from '../../server/src/cli/format/diff';
import { compareSnapshots, type Snapshot } from '../../server/src/core/index';
import { mermaidBlocks, mermaidParser } from '../helpers/mermaid';

// The base system: checkout → payments → payments-db (zone-a), which fails over to a replica in
// zone-b; reporting calls payments softly. The head removes the failover (payments-db becomes a single
// point of failure and takes checkout, payments and reporting down) and makes reporting's call hard
// (payments' failure now takes reporting down).
const base = `incidentmap: 1
domains:
  - id: zone-a
    kind: zone
  - id: zone-b
    kind: zone
components:
  - id: checkout
    kind: service
    tier: 1
    owner: team-checkout
    runbook: https://runbooks.example.com/checkout
    signals:
      - {name: queue depth, metric: q, warn: 10, crit: 20, leading: true}
    spreadAcross: [zone-a, zone-b]
    dependsOn:
      - target: payments
        timeout: 2s
  - id: payments
    kind: service
    tier: 1
    owner: team-payments
    runbook: https://runbooks.example.com/payments
    signals:
      - {name: queue depth, metric: q, warn: 10, crit: 20, leading: true}
    spreadAcross: [zone-a, zone-b]
    dependsOn:
      - target: payments-db
        timeout: 500ms
  - id: payments-db
    kind: datastore
    owner: team-payments
    domains: [zone-a]
  - id: payments-db-replica
    kind: datastore
    owner: team-payments
    domains: [zone-b]
  - id: reporting
    kind: service
    tier: 3
    owner: team-data
    dependsOn:
      - target: payments
        type: soft
failovers:
  - from: payments-db
    to: payments-db-replica
    escapes: zone
    lastRehearsed: 2026-11-01
`;

const failover = `failovers:
  - from: payments-db
    to: payments-db-replica
    escapes: zone
    lastRehearsed: 2026-11-01
`;
const head = base.replace(failover, '').replace('      - target: payments\n        type: soft\n', '      - target: payments\n');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<Result> {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: { write: (s) => void (out.stdout += s) },
    stderr: { write: (s) => void (out.stderr += s) },
    cwd,
    env: { INCIDENTMAP_NOW: '2026-12-01', ...env },
    writeFile: (p, t) => writeFileSync(p, t),
  };
  return { code: await run(argv, io), ...out };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
}

interface DiffJson {
  summary: { regressions: number; improvements: number; newFindings: number; resolvedFindings: number; suppressed: number; newSuppressions: number };
  headline: string;
  blastRadius: { id: string; direction: string; before: number; after: number; down: { before: string[]; after: string[]; added: string[]; removed: string[] }; degraded: { added: string[]; removed: string[] } }[];
  singlePoints: { added: { kind: string; id: string; down: string[] }[]; removed: { id: string }[] };
  failovers: { added: unknown[]; removed: { from: string; to: string }[]; nowSameDomain: unknown[]; noLongerSameDomain: unknown[] };
  findings: { new: { ruleId: string; path: string; key?: string }[]; resolved: { ruleId: string }[] };
  components: { added: unknown[]; removed: unknown[]; moved: { id: string; from: { path: string }; to: { path: string } }[] };
  outcomes: { compared: boolean; reason?: string };
  suppressions: { head: { ruleId: string; reason: string }[]; added: { ruleId: string }[] };
}

describe('incidentmap diff', function () {
  this.timeout(60_000);
  let repo: string;
  let baseSha: string;
  let headSha: string;

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'incidentmap-diff-'));
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'shop.incidentmap'), base);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    baseSha = git(repo, 'rev-parse', 'HEAD');
    writeFileSync(join(repo, 'shop.incidentmap'), head);
    git(repo, 'commit', '-q', '-am', 'head: drop the failover, make reporting depend hard on payments');
    headSha = git(repo, 'rev-parse', 'HEAD');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('json: names the widened blast radius, the new single point of failure and the removed failover', async () => {
    const r = await cli(repo, ['diff', '--base', baseSha, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as DiffJson;
    // payments-db: before, its failure was covered by the replica (checkout and payments degraded);
    // now it takes down payments, checkout (through payments) and reporting (hard on payments).
    // payments: reporting moves from degraded to down. zone-a: holds payments-db, now unprotected.
    // Regressions: 2 blast radii + 2 single points + 1 failover removed + 2 new warnings = 7.
    assert.deepEqual(d.summary, { regressions: 7, improvements: 0, newFindings: 2, resolvedFindings: 0, suppressed: 0, newSuppressions: 0 });
    assert.equal(
      d.headline,
      'this change widens the blast radius of payments-db from 1 to 3 components (down 0 → 3), adds 2 single points of failure (payments-db, zone-a) and removes the failover payments-db → payments-db-replica; 3 other regressions',
    );
    assert.deepEqual(
      d.blastRadius.map((b) => [b.id, b.direction, b.down.before, b.down.after, b.degraded.added, b.degraded.removed]),
      [
        // One hop of degradation: a failed-over payments-db degraded payments, not checkout above it.
        ['payments-db', 'wider', [], ['checkout', 'payments', 'reporting'], [], ['payments']],
        ['payments', 'wider', ['checkout'], ['checkout', 'reporting'], [], ['reporting']],
      ],
    );
    assert.deepEqual(
      d.singlePoints.added.map((p) => [p.kind, p.id, p.down]),
      [
        ['component', 'payments-db', ['checkout', 'payments']],
        ['domain', 'zone-a', ['checkout', 'payments']],
      ],
    );
    assert.deepEqual(d.failovers.removed.map((f) => `${f.from} → ${f.to}`), ['payments-db → payments-db-replica']);
    assert.deepEqual(d.findings.new.map((f) => [f.ruleId, f.key]), [
      ['single-point-of-failure', 'spof:domain:zone-a'],
      ['single-point-of-failure', 'spof:component:payments-db'],
    ]);
    assert.deepEqual(d.outcomes, { compared: false, reason: 'neither side declares journeys, capacities or scenarios' });
  });

  it('text, markdown and github name each of the three', async () => {
    const text = (await cli(repo, ['diff', '--base', baseSha])).stdout;
    assert.match(text, /^This change widens the blast radius of payments-db from 1 to 3 components \(down 0 → 3\)/m);
    assert.match(text, /^New single points of failure \(2\)\n {2}payments-db: its failure alone takes down tier-1 checkout, payments {2}\[shop\.incidentmap:30\]$/m);
    assert.match(text, /^Failovers removed \(1\)\n {2}payments-db → payments-db-replica \(was at shop\.incidentmap:46\) {2}\[shop\.incidentmap:30\]$/m);

    const md = (await cli(repo, ['diff', '--base', baseSha, '--format', 'markdown'])).stdout;
    assert.ok(md.length <= 65_536);
    assert.match(md, /^🔴 \*\*This change widens the blast radius of payments-db from 1 to 3 components \(down 0 → 3\)/m);
    assert.match(md, /^- payments-db: its failure alone takes down tier-1 checkout, payments \(`shop\.incidentmap:30`\)$/m);
    assert.match(md, /^- payments-db → payments-db-replica \(was at shop\.incidentmap:46\) \(`shop\.incidentmap:30`\)$/m);
    const [picture, ...more] = mermaidBlocks(md);
    assert.equal(more.length, 0);
    assert.match(picture!, /^ {2}n0\["payments-db"\]$/m);
    assert.match(picture!, /^ {2}n0 -\.->\|failover removed\| n5$/m);
    assert.match(picture!, /^ {2}n5\["payments-db-replica"\]$/m);
    // The changed path, hop by hop: payments-db → payments → checkout, and payments → reporting.
    assert.match(picture!, /^ {2}n1\["payments"\]\n {2}n2\["checkout"\]\n {2}n3\["reporting"\]$/m);
    assert.match(picture!, /^ {2}n0 -->\|now takes down\| n1\n {2}n1 -->\|now takes down\| n2\n {2}n1 -->\|now takes down\| n3$/m);
    await (await mermaidParser()).parse(picture!);

    const gh = (await cli(repo, ['diff', '--base', baseSha, '--format', 'github'])).stdout.trim().split('\n');
    assert.ok(gh.includes('::warning file=shop.incidentmap,line=30,endLine=30,title=incidentmap diff%3A blast radius grew::payments-db: 1 → 3 components affected (down 0 → 3, degraded 1 → 0); now takes down checkout, payments, reporting; no longer degrades payments'), gh.join('\n'));
    assert.ok(gh.includes('::warning file=shop.incidentmap,line=30,endLine=30,title=incidentmap diff%3A new single points of failure::payments-db: its failure alone takes down tier-1 checkout, payments'));
    assert.ok(gh.includes('::warning file=shop.incidentmap,line=30,endLine=30,title=incidentmap diff%3A failovers removed::payments-db → payments-db-replica (was at shop.incidentmap:46)'));
    assert.match(gh[gh.length - 1]!, /^::notice title=incidentmap diff summary::.*7 regressions, 0 improvements/);
  });

  it('--fail-on-regression: exit 1 on regressions, 0 on a change that only improves things', async () => {
    assert.equal((await cli(repo, ['diff', '--base', baseSha, '--fail-on-regression'])).code, 1);
    // The reverse change: the working tree goes back to the base, compared with the head commit.
    writeFileSync(join(repo, 'shop.incidentmap'), base);
    const r = await cli(repo, ['diff', '--base', headSha, '--fail-on-regression', '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    const d = JSON.parse(r.stdout) as DiffJson;
    assert.deepEqual(d.summary, { regressions: 0, improvements: 7, newFindings: 0, resolvedFindings: 2, suppressed: 0, newSuppressions: 0 });
    assert.match(d.headline, /^this change narrows the blast radius of payments-db from 3 to 1 component \(down 3 → 0\); 6 other improvements$/);
  });

  it('recognises a moved file by ids: no component removed and added, no finding new or resolved', async () => {
    // An unknown key gives a finding without a stable key, matched through git's rename.
    writeFileSync(join(repo, 'shop.incidentmap'), base.replace('    owner: team-data\n', '    owner: team-data\n    colour: blue\n'));
    git(repo, 'commit', '-q', '-am', 'colour');
    const before = git(repo, 'rev-parse', 'HEAD');
    mkdirSync(join(repo, 'systems'));
    git(repo, 'mv', 'shop.incidentmap', 'systems/shop.incidentmap');
    const r = await cli(repo, ['diff', '--base', before, '--format', 'json', '--fail-on-regression']);
    assert.equal(r.code, 0, r.stdout);
    const d = JSON.parse(r.stdout) as DiffJson;
    assert.deepEqual(d.summary, { regressions: 0, improvements: 0, newFindings: 0, resolvedFindings: 0, suppressed: 0, newSuppressions: 0 });
    assert.deepEqual(d.components.added, []);
    assert.deepEqual(d.components.removed, []);
    assert.deepEqual(
      d.components.moved.map((m) => `${m.id}: ${m.from.path} → ${m.to.path}`),
      ['checkout', 'payments', 'payments-db', 'payments-db-replica', 'reporting'].map((id) => `${id}: shop.incidentmap → systems/shop.incidentmap`),
    );
    assert.equal(d.headline, 'this change does not change the resilience of the maps');
  });

  it('--baseline: a saved check report is the base, with the same result as the ref', async () => {
    git(repo, 'checkout', '-q', baseSha);
    const saved = await cli(repo, ['check', '--format', 'json', '-o', 'base.json', '--fail-on', 'none']);
    assert.equal(saved.code, 0, saved.stderr);
    git(repo, 'checkout', '-q', 'main');
    const fromReport = JSON.parse((await cli(repo, ['diff', '--baseline', 'base.json', 'shop.incidentmap', '--format', 'json'])).stdout) as DiffJson & { base: string };
    const fromRef = JSON.parse((await cli(repo, ['diff', '--base', baseSha, 'shop.incidentmap', '--format', 'json'])).stdout) as DiffJson & { base: string };
    assert.equal(fromReport.base, '--baseline base.json');
    const { base: _a, ...a } = fromReport;
    const { base: _b, ...b } = fromRef;
    assert.deepEqual(a, b);
    assert.equal(a.summary.regressions, 7);
  });

  it('refuses what it cannot compare, with exit 2 and a message that says what to do', async () => {
    const dash = await cli(repo, ['diff', '--base=--output=/tmp/x']);
    assert.equal(dash.code, 2);
    assert.match(dash.stderr, /--base must name a commit, branch or tag; got "--output=\/tmp\/x"\nA ref cannot start with "-"\./);
    const unknown = await cli(repo, ['diff', '--base', 'no-such-branch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /git knows no commit "no-such-branch"/);
    writeFileSync(join(repo, 'old.json'), JSON.stringify({ version: 1, findings: [] }));
    const old = await cli(repo, ['diff', '--baseline', 'old.json']);
    assert.equal(old.code, 2);
    assert.match(old.stderr, /has no resilience summary \(version 1\)\nSave the base again with `incidentmap check --format json -o FILE`/);
    // The saved report goes through the same 8 MB gate as every file read.
    writeFileSync(join(repo, 'huge.json'), `{"findings": [], "pad": "${'x'.repeat(8 * 1024 * 1024)}"}`);
    const huge = await cli(repo, ['diff', '--baseline', 'huge.json']);
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /cannot read --baseline huge\.json: too-large \(8388635 bytes\)/);
    const both = await cli(repo, ['diff', '--base', 'main', '--baseline', 'old.json']);
    assert.equal(both.code, 2);
    const notGit = mkdtempSync(join(tmpdir(), 'incidentmap-nogit-'));
    try {
      writeFileSync(join(notGit, 'a.incidentmap'), base);
      const r = await cli(notGit, ['diff', '--base', 'main']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--base needs a git repository/);
    } finally {
      rmSync(notGit, { recursive: true, force: true });
    }
  });

  it('reads the base through the same gate: a symbolic link or an oversized map in the tree is not read', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'incidentmap-secret-'));
    writeFileSync(join(outside, 'secret.incidentmap'), 'incidentmap: 1\nname: top-secret-value\ncomponents: []\n');
    symlinkSync(join(outside, 'secret.incidentmap'), join(repo, 'link.incidentmap'));
    writeFileSync(join(repo, 'big.incidentmap'), `incidentmap: 1\n# ${'x'.repeat(8 * 1024 * 1024)}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'link and big');
    const sha = git(repo, 'rev-parse', 'HEAD');
    rmSync(join(repo, 'link.incidentmap'));
    rmSync(join(repo, 'big.incidentmap'));
    const r = await cli(repo, ['diff', '--base', sha, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as Omit<DiffJson, 'findings'> & { findings: { resolved: { ruleId: string; path: string; message: string }[] } };
    // Both were findings at the base (not read), and are gone now.
    assert.deepEqual(
      d.findings.resolved.map((f) => `${f.path}: ${f.ruleId}`).sort(),
      ['big.incidentmap: input-too-large', 'link.incidentmap: missing-include'],
    );
    assert.ok(!r.stdout.includes('top-secret-value'), 'the link target is never read');
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('incidentmap diff: markdown limits and Mermaid escaping', () => {
  const where = (line: number) => ({ path: 'big.incidentmap', line });
  // A head where each of `count` databases now takes down 30 services: enough text to overflow.
  function bigDiff(count: number) {
    const services = Array.from({ length: 30 }, (_, i) => `service-with-a-rather-long-name-${i}`);
    const snap = (down: string[]): Snapshot => ({
      findings: [],
      suppressed: [],
      resilience: {
        version: 1,
        components: Array.from({ length: count }, (_, i) => ({ id: `db-${i}`, at: where(i + 1), down, degraded: [], retryAmplification: 1, worstWaitMs: 0 })),
        singlePoints: [],
        failovers: [],
      },
    });
    return compareSnapshots(snap([]), snap(services));
  }

  it('stays within the limit it is given, at and above it, and says what it left out', () => {
    const d = bigDiff(200);
    const full = renderDiffMarkdown(d, { base: 'x' }, { maxChars: 10_000_000 });
    assert.doesNotMatch(full, /not shown/);
    for (const limit of [65_536, 20_000, full.length, full.length - 1]) {
      const md = renderDiffMarkdown(d, { base: 'x' }, { maxChars: limit });
      assert.ok(md.length <= limit, `${md.length} > ${limit}`);
      if (limit < full.length) {
        assert.match(md, /\*\*\d+ more entries are not shown: GitHub limits a comment to [\d,]+ characters\.\*\*/);
      } else {
        assert.equal(md, full);
      }
    }
  });

  it('draws at most maxEdges edges and says how many changes it did not draw', async () => {
    const d = bigDiff(3);
    const picture = mermaidOf(d, 10);
    assert.equal(picture.edges, 10);
    assert.equal(picture.omitted, 3 * 30 - 10);
    const md = renderDiffMarkdown(d, { base: 'x' }, { maxEdges: 10 });
    assert.match(md, /<summary>What changed, as a picture \(80 more changes not drawn\)<\/summary>/);
    await (await mermaidParser()).parse(mermaidBlocks(md)[0]!);
  });

  it('escapes hostile ids for Mermaid and markdown, and the picture still parses', async () => {
    const hostile = ['a"] --> evil["x', 'end', 'b#quot;c', '<img src=x onerror=alert(1)>', 'back`tick|pipe', '@octocat [link](http://x)', 'ex(paren){brace}'];
    assert.equal(mermaidLabel('a"b#c<d>'), 'a#quot;b#35;c#lt;d#gt;');
    const snap = (down: string[]): Snapshot => ({
      findings: [],
      suppressed: [],
      resilience: { version: 1, components: hostile.map((id, i) => ({ id, at: where(i + 1), down: down.filter((x) => x !== id), degraded: [], retryAmplification: 1, worstWaitMs: 0 })), singlePoints: [], failovers: [] },
    });
    const d = compareSnapshots(snap([]), snap(hostile));
    const md = renderDiffMarkdown(d, { base: 'x' });
    const [picture] = mermaidBlocks(md);
    await (await mermaidParser()).parse(picture!);
    assert.doesNotMatch(picture!, /evil\[/);
    // Outside the picture: no raw HTML, no live mention, no live link.
    const prose = md.replace(/```mermaid[\s\S]*?```/, '');
    assert.doesNotMatch(prose, /<img/);
    assert.doesNotMatch(prose, /@octocat/);
    assert.doesNotMatch(prose, /\[link\]\(http/);
  });
});
