// The GitHub Action: its folding (in-process) and its entry point, dist/action.js, run as the runner
// runs it: a fake pull_request event (GITHUB_EVENT_PATH), a fake GitHub REST API on 127.0.0.1
// (GITHUB_API_URL) started and stopped here, and, for `diff`, a fake CLI that hands every other
// command to the real dist/cli.js.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { commentLimit, foldToLimit } from '../../server/src/action/fold';
import { repoRoot } from '../helpers/core';

describe('action: action.yml', () => {
  const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; description: string }>;
    outputs: Record<string, { description: string }>;
    runs: { using: string; main: string };
  };

  it('is a JavaScript action on node20 that runs the bundle', () => {
    assert.deepEqual(action.runs, { using: 'node20', main: 'dist/action.js' });
  });

  it('declares the inputs the action reads, with their defaults, and the outputs it sets', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])),
      { paths: '.', 'fail-on': 'error', 'fail-on-regression': 'false', formats: 'github', sarif: 'false', comment: 'true', base: '', 'output-dir': '', token: '${{ github.token }}' },
    );
    const source = readFileSync(join(repoRoot, 'server/src/action/action.ts'), 'utf8');
    const read = [...source.matchAll(/(?:input|listInput|booleanInput)\(env, '([\w-]+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual([...new Set(read)], Object.keys(action.inputs).sort());
    assert.deepEqual(Object.keys(action.outputs).sort(), [
      'comment-id', 'diff-json-file', 'diff-markdown-file', 'errors', 'improvements', 'infos', 'json-file', 'markdown-file', 'new-findings', 'regressions', 'report-dir', 'resolved-findings', 'sarif-file', 'text-file', 'warnings',
    ]);
  });
});

describe('action: folding a comment into the limit', () => {
  it('keeps a body of exactly the limit as it is', () => {
    const body = 'a'.repeat(65_536);
    assert.equal(commentLimit, 65_536);
    assert.equal(foldToLimit(body, commentLimit, 'NOTICE'), body);
  });

  it('folds a body one character over the limit, at a line boundary, with the notice', () => {
    const line = `${'x'.repeat(99)}\n`; // 100 characters a line
    const body = line.repeat(655) + 'y'.repeat(37); // 65,500 + 37 = 65,537
    assert.equal(body.length, 65_537);
    const folded = foldToLimit(body, commentLimit, 'NOTICE');
    assert.ok(folded.length <= 65_536, String(folded.length));
    // 655 lines of x are 65,499 characters; with "\n\nNOTICE\n" 65,508. The line of y would make 65,546.
    assert.equal(folded, `${line.repeat(655).slice(0, -1)}\n\nNOTICE\n`);
  });

  it('closes a code fence and <details> blocks it cuts through', () => {
    const body = ['head', '<details><summary>more</summary>', '', '```mermaid', 'flowchart LR', '  a --> b', '  b --> c', '```', '</details>', 'tail'].join('\n');
    // "head" to "  a --> b" are 72 characters, + "\n```\n</details>" (15) + "\n\nN\n" (4) = 91.
    assert.equal(foldToLimit(body, 91, 'N'), ['head', '<details><summary>more</summary>', '', '```mermaid', 'flowchart LR', '  a --> b', '```', '</details>', '', 'N', ''].join('\n'));
    assert.equal(foldToLimit(body, 90, 'N'), ['head', '<details><summary>more</summary>', '', '```mermaid', 'flowchart LR', '```', '</details>', '', 'N', ''].join('\n'));
  });

  it('cuts a single over-long line on a character boundary, never inside a surrogate pair', () => {
    const body = `${'a'.repeat(9)}${'😀'.repeat(10)}`; // each emoji is two code units, the first at 9 and 10
    assert.equal(foldToLimit(body, 15, 'N'), `${'a'.repeat(9)}😀\n\nN\n`); // 11 + 4
    assert.equal(foldToLimit(body, 14, 'N'), `${'a'.repeat(9)}\n\nN\n`); // 10 would split the emoji: 9 + 4
  });
});

interface Req {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}

interface FakeGitHub {
  server: Server;
  url: string;
  requests: Req[];
  comments: { id: number; body: string }[];
  /** Answer POSTs with this status and message instead (a fork's read-only token). */
  refusePosts?: { status: number; message: string };
}

const token = 'ghs_TESTTOKEN0123456789abcdef';

async function fakeGitHub(): Promise<FakeGitHub> {
  const gh: FakeGitHub = { server: undefined as unknown as Server, url: '', requests: [], comments: [] };
  let next = 1000;
  const read = (req: IncomingMessage) =>
    new Promise<string>((done) => {
      const parts: Buffer[] = [];
      req.on('data', (b: Buffer) => parts.push(b));
      req.on('end', () => done(Buffer.concat(parts).toString('utf8')));
    });
  gh.server = createServer((req, res) => {
    void read(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      gh.requests.push({ method: req.method ?? '', url: url.pathname + url.search, auth: req.headers.authorization, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(401, { message: 'Bad credentials' });
      }
      if (req.method === 'GET' && url.pathname === '/repos/acme/shop/issues/7/comments') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(200, gh.comments.slice((page - 1) * perPage, page * perPage));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/shop/issues/7/comments') {
        if (gh.refusePosts) {
          return send(gh.refusePosts.status, { message: gh.refusePosts.message });
        }
        const c = { id: next++, body: (JSON.parse(body) as { body: string }).body };
        gh.comments.push(c);
        return send(201, { ...c, html_url: `https://github.example/acme/shop/pull/7#issuecomment-${c.id}` });
      }
      const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && patch) {
        const c = gh.comments.find((x) => x.id === Number(patch[1]));
        if (!c) {
          return send(404, { message: 'Not Found' });
        }
        c.body = (JSON.parse(body) as { body: string }).body;
        return send(200, c);
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((done) => gh.server.listen(0, '127.0.0.1', done));
  gh.url = `http://127.0.0.1:${(gh.server.address() as AddressInfo).port}`;
  return gh;
}

const shopMap = `incidentmap: 1
components:
  - id: checkout
    kind: service
    tier: 1
    replicas: 2
    runbook: https://runbooks.example.com/checkout
    signals:
      - {name: queue depth, metric: q, warn: 10, crit: 20, leading: true}
  - id: api
    kind: service
    dependencies:
      - target: checkout
`;

// The fake CLI: records each `diff` it is asked for and answers with what FAKE_DIFF_* say; every
// other command is the real CLI's.
const fakeCli = `
const { appendFileSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
if (args[0] === 'diff') {
  appendFileSync(process.env.FAKE_DIFF_LOG, JSON.stringify(args) + '\\n');
  const format = args[args.indexOf('--format') + 1];
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ summary: { regressions: 2, improvements: 1, newFindings: 3, resolvedFindings: 0 } }));
    process.exit(args.includes('--fail-on-regression') ? 1 : 0);
  }
  process.stdout.write(process.env.FAKE_DIFF_MARKDOWN_FILE ? readFileSync(process.env.FAKE_DIFF_MARKDOWN_FILE, 'utf8') : '### Reliability diff\\n\\nThis change widens the blast radius of checkout from 1 to 2 components.\\n');
  process.exit(0);
}
const r = spawnSync(process.execPath, [${JSON.stringify(join(repoRoot, 'dist/cli.js'))}, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 3);
`;

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

describe('action: the entry point against a fake GitHub', function () {
  this.timeout(60_000);
  let tmp: string;
  let ws: string;
  let gh: FakeGitHub;
  let baseSha: string;

  before(() => assert.ok(existsSync(join(repoRoot, 'dist/action.js')), 'dist/action.js is missing: run npm run build'));

  beforeEach(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-action-'));
    ws = join(tmp, 'ws');
    mkdirSync(ws);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: ws, encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(ws, 'shop.incidentmap'), 'incidentmap: 1\ncomponents:\n  - id: checkout\n    kind: service\n    tier: 3\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    baseSha = git('rev-parse', 'HEAD');
    writeFileSync(join(ws, 'shop.incidentmap'), shopMap);
    git('commit', '-qam', 'head');
    writeFileSync(join(tmp, 'fake-cli.js'), fakeCli);
    writeFileSync(join(tmp, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { sha: baseSha } } }));
    gh = await fakeGitHub();
  });

  afterEach(async () => {
    await new Promise((done) => gh.server.close(done));
    rmSync(tmp, { recursive: true, force: true });
  });

  function runAction(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
    const outputFile = join(tmp, `output-${Math.random()}`);
    const summaryFile = join(tmp, `summary-${Math.random()}`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const inputEnv = Object.fromEntries(Object.entries({ token, comment: 'true', paths: '.', 'fail-on': 'error', formats: 'github', sarif: 'false', ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
    const child = spawn(process.execPath, [join(repoRoot, 'dist/action.js')], {
      cwd: tmp,
      env: {
        PATH: process.env['PATH'],
        HOME: tmp,
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(tmp, 'event.json'),
        GITHUB_API_URL: gh.url,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '42',
        GITHUB_WORKSPACE: ws,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: join(tmp, 'runner-temp'),
        INCIDENTMAP_ACTION_CLI: join(tmp, 'fake-cli.js'),
        INCIDENTMAP_NOW: '2026-11-22',
        INCIDENTMAP_COMPILE_CACHE: '0',
        FAKE_DIFF_LOG: join(tmp, 'diff.log'),
        ...inputEnv,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    return new Promise((done) =>
      child.on('close', (code) => {
        const outputs: Record<string, string> = {};
        for (const m of readFileSync(outputFile, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm)) {
          outputs[m[1]!] = m[3]!;
        }
        done({ code, stdout, stderr, outputs, summary: readFileSync(summaryFile, 'utf8') });
      }),
    );
  }

  const writes = () => gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);

  it('posts one comment, then updates the same one; outputs, summary, annotations and SARIF; the token never shows', async () => {
    // 100 comments by others first: the sticky one lands on the second page of the listing.
    for (let i = 0; i < 100; i++) {
      gh.comments.push({ id: i + 1, body: i === 50 ? 'I like <!-- incidentmap --> in the middle' : `comment ${i}` });
    }
    const first = await runAction({ formats: 'github json', sarif: 'true' });
    assert.equal(first.code, 1, first.stdout + first.stderr); // one error, fail-on error
    assert.deepEqual(writes(), ['POST /repos/acme/shop/issues/7/comments']);
    const posted = gh.comments.filter((c) => c.body.startsWith('<!-- incidentmap -->'));
    assert.equal(posted.length, 1);
    const body = posted[0]!.body;
    assert.match(body, /^<!-- incidentmap -->\n### Reliability diff\n\nThis change widens the blast radius of checkout from 1 to 2 components\.\n\n### incidentmap\n/);
    assert.match(body, /unknown-key/);
    assert.match(body, /missing-owner/);
    assert.match(body, /\[workflow run\]\(https:\/\/github\.example\/acme\/shop\/actions\/runs\/42\)/);
    // Outputs: counts from the check and the diff, the SARIF path, the comment.
    assert.equal(first.outputs['errors'], '1');
    assert.equal(first.outputs['warnings'], '1');
    assert.equal(first.outputs['infos'], '0');
    assert.equal(first.outputs['regressions'], '2');
    assert.equal(first.outputs['improvements'], '1');
    assert.equal(first.outputs['new-findings'], '3');
    assert.equal(first.outputs['resolved-findings'], '0');
    assert.equal(first.outputs['comment-id'], String(posted[0]!.id));
    const declared = Object.keys((parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { outputs: object }).outputs);
    assert.deepEqual(Object.keys(first.outputs).filter((k) => !declared.includes(k)), [], 'outputs action.yml does not declare');
    assert.equal(first.outputs['sarif-file'], join(tmp, 'runner-temp/incidentmap/incidentmap.sarif'));
    const sarif = JSON.parse(readFileSync(first.outputs['sarif-file']!, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0]!.results.map((r) => r.ruleId).sort(), ['missing-owner', 'unknown-key']);
    assert.deepEqual((JSON.parse(readFileSync(first.outputs['json-file']!, 'utf8')) as { summary: unknown }).summary, { error: 1, warning: 1, info: 0, suppressed: 0 });
    // Annotations for the runner, and the failure said plainly.
    assert.match(first.stdout, /^::error file=shop\.incidentmap,line=12,col=5,endLine=12,endColumn=17,title=incidentmap unknown-key::Unknown key `dependencies`/m);
    assert.match(first.stdout, /^::warning file=shop\.incidentmap,line=3,col=9,.*missing-owner::/m);
    assert.match(first.stdout, /^::error title=incidentmap::1 error, 1 warning, 0 info: findings at or above fail-on \(error\)/m);
    // The job summary holds the report, without needing the marker.
    assert.match(first.summary, /### Reliability diff[\s\S]*### incidentmap[\s\S]*unknown-key/);
    // diff compared with the pull request's base commit, once for the counts and once for the comment.
    const diffs = readFileSync(join(tmp, 'diff.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    assert.deepEqual(diffs, [
      ['diff', '--base', baseSha, '--format', 'json', '.'],
      ['diff', '--base', baseSha, '--format', 'markdown', '.'],
    ]);

    const second = await runAction({ formats: 'github json', sarif: 'true' });
    assert.equal(second.code, 1);
    assert.deepEqual(writes(), ['POST /repos/acme/shop/issues/7/comments', `PATCH /repos/acme/shop/issues/comments/${posted[0]!.id}`]);
    assert.equal(gh.comments.filter((c) => c.body.startsWith('<!-- incidentmap -->')).length, 1);
    assert.equal(gh.comments.length, 101);
    assert.equal(second.outputs['comment-id'], String(posted[0]!.id));
    // Both pages were read to find it.
    assert.ok(gh.requests.some((r) => r.method === 'GET' && r.url.endsWith('per_page=100&page=2')));
    // Every request carried the token; no output did.
    assert.ok(gh.requests.every((r) => r.auth === `Bearer ${token}`));
    for (const r of [first, second]) {
      for (const text of [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs)]) {
        assert.ok(!text.includes(token), 'the token leaked');
      }
    }
  });

  it('folds a report longer than a comment takes (65,536 characters) and says where the rest is', async () => {
    const big = join(tmp, 'big.md');
    const row = '| checkout | 1 → 11 | payments-db, orders-db, cart, search |\n';
    writeFileSync(big, `### Reliability diff\n\n| Component | Blast radius | Newly down |\n| --- | --- | --- |\n${row.repeat(2000)}`);
    const r = await runAction({ 'fail-on': 'none' }, { FAKE_DIFF_MARKDOWN_FILE: big });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(gh.comments.length, 1);
    const body = gh.comments[0]!.body;
    assert.ok(body.length <= 65_536, String(body.length));
    assert.ok(body.length > 65_000, 'folding keeps as much as fits');
    assert.ok(body.startsWith('<!-- incidentmap -->\n### Reliability diff\n'));
    assert.match(body, /\| checkout \| 1 → 11 \| payments-db, orders-db, cart, search \|\n\n\*\*Folded\*\*: the full report did not fit in a comment \(65,536 characters\); it is in the \[job summary\]\(https:\/\/github\.example\/acme\/shop\/actions\/runs\/42\)\.\n$/);
    // The job summary takes more: all 2,000 rows are there.
    assert.equal(r.summary.split('| checkout | 1 → 11 |').length - 1, 2000);
  });

  it('fails on a regression when fail-on-regression is on, and only then', async () => {
    const off = await runAction({ 'fail-on': 'none' });
    assert.equal(off.code, 0, off.stdout);
    const on = await runAction({ 'fail-on': 'none', 'fail-on-regression': 'true' });
    assert.equal(on.code, 1);
    assert.match(on.stdout, /^::error title=incidentmap::this change makes the system less resilient \(2 regressions, fail-on-regression is on\)/m);
  });

  it('warns without failing when the comment is refused, and keeps the token out of the message', async () => {
    gh.refusePosts = { status: 403, message: `Resource not accessible by integration (token ${token})` };
    const r = await runAction({ 'fail-on': 'none' });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^::warning title=incidentmap::could not post the pull-request comment \(POST \/repos\/acme\/shop\/issues\/7\/comments: 403 Resource not accessible by integration \(token \*\*\*\)\)\. The job needs "permissions: pull-requests: write"/m);
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token));
    assert.match(r.summary, /### incidentmap/);
  });

  it('checks without diff or comment outside a pull request', async () => {
    writeFileSync(join(tmp, 'event.json'), JSON.stringify({ ref: 'refs/heads/main', before: baseSha }));
    const r = await runAction({ 'fail-on': 'warning', formats: 'text markdown' }, { GITHUB_EVENT_NAME: 'push' });
    assert.equal(r.code, 1);
    assert.deepEqual(gh.requests, []);
    assert.ok(!existsSync(join(tmp, 'diff.log')), 'no diff without a base');
    assert.equal(r.outputs['regressions'], undefined);
    assert.equal(r.outputs['warnings'], '1');
    assert.match(r.stdout, /^shop\.incidentmap:12:5 {2}error {2}Unknown key `dependencies` in Component\. Did you mean `dependsOn`\?/m);
    assert.match(r.stdout, /not a pull request event, so no comment/);
    assert.match(readFileSync(r.outputs['markdown-file']!, 'utf8'), /^### incidentmap/);
    assert.ok(existsSync(r.outputs['text-file']!));
  });

  it('fetches the base commit a shallow checkout lacks (as actions/checkout leaves it by default)', async () => {
    // ws becomes the origin; the workspace is a clone of depth 1, without the base commit.
    const shallow = join(tmp, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${ws}`, shallow]);
    assert.notEqual(spawnSync('git', ['cat-file', '-e', `${baseSha}^{commit}`], { cwd: shallow }).status, 0, 'the clone is shallow');
    const r = await runAction({ 'fail-on': 'none', comment: 'false' }, { GITHUB_WORKSPACE: shallow });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^incidentmap: fetching the base ${baseSha}$`, 'm'));
    assert.equal(spawnSync('git', ['cat-file', '-e', `${baseSha}^{commit}`], { cwd: shallow }).status, 0, 'the base was fetched');
    assert.equal(r.outputs['regressions'], '2');
    assert.deepEqual(gh.requests, [], 'comment: false posts nothing');
  });

  it('says which input is wrong', async () => {
    const bad = await runAction({ formats: 'github html' });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^::error title=incidentmap::input formats names "html"; the formats are text, json, sarif, github, markdown$/m);
    const level = await runAction({ 'fail-on': 'warnings' });
    assert.match(level.stdout, /^::error title=incidentmap::input fail-on is "warnings"; use one of error, warning, info, none$/m);
    const flag = await runAction({ comment: 'yes' });
    assert.match(flag.stdout, /^::error title=incidentmap::input comment is "yes"; write true or false$/m);
    const option = await runAction({ base: '--upload-pack=touch pwned' });
    assert.match(option.stdout, /^::error title=incidentmap::base "--upload-pack=touch pwned" is not a commit or a ref$/m);
    // A base the shallow checkout lacks is fetched; here there is no remote to fetch it from.
    const missing = await runAction({ base: 'feedfacefeedfacefeedfacefeedfacefeedface' });
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /^::error title=incidentmap::the base feedface\w+ is not in the checkout and could not be fetched \(.*\)\. Give actions\/checkout "fetch-depth: 0"\.$/m);
    assert.deepEqual(gh.requests, []);
  });
});
