// The npm package as another repository gets it: `npm pack` here, `npm install <tarball>` in an
// empty folder with no registry (--offline, an empty cache: the package has no dependencies), then
// its bins run there on a map written by hand.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from '../helpers/core';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean; dependencies?: object };

/** The environment without what an outer `npm test` exports (npm_config_local_prefix would send the install here). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'INIT_CWD') {
      env[k] = v;
    }
  }
  return { ...env, INCIDENTMAP_NOW: '2026-11-22', ...extra };
}

const shopMap = `incidentmap: 1
components:
  - id: api
    kind: service
    tier: 3
    dependsOn:
      - target: db
  - id: db
    kind: datastore
    tier: 3
    dependsOn:
      - target: disk
  - id: disk
    kind: storage
    tier: 3
    ownr: team-storage
`;

describe('the npm package (npm pack, then install in an empty folder)', function () {
  this.timeout(120_000);
  let tmp: string;
  let app: string;
  let maps: string;
  let files: string[];
  const bin = (name: string) => join(app, 'node_modules/.bin', name);
  const run = (args: string[], cwd = maps): SpawnSyncReturns<string> =>
    spawnSync(bin('incidentmap'), args, { cwd, encoding: 'utf8', env: cleanEnv({ HOME: tmp, INCIDENTMAP_COMPILE_CACHE: '0' }) });

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incidentmap-pack-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: repoRoot, encoding: 'utf8', env: cleanEnv() }),
    ) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path).sort();
    app = join(tmp, 'app');
    mkdirSync(app);
    execFileSync('npm', ['install', join(tmp, packed[0]!.filename), '--offline', '--cache', join(tmp, 'npm-cache'), '--prefix', app, '--no-audit', '--no-fund'], {
      cwd: app,
      encoding: 'utf8',
      env: cleanEnv({ HOME: tmp }),
    });
    maps = join(tmp, 'maps');
    mkdirSync(maps);
    writeFileSync(join(maps, 'shop.incidentmap'), shopMap);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('is publishable, has no runtime dependency, and holds the CLI and the language server only', () => {
    assert.equal(pkg.name, 'incidentmap');
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.dependencies, undefined, 'the bundles in dist/ are self-contained');
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/cli-main.js', 'dist/cli.js', 'dist/elk.js', 'dist/mcp.js', 'dist/server.js', 'package.json']);
    // npm installed the package and nothing else.
    assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['incidentmap']);
  });

  it('prints its version, the one the extension has', () => {
    const r = run(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${pkg.version}\n`);
  });

  it('runs check', () => {
    const r = run(['check', '.']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^shop\.incidentmap:16:5 {2}error {2}Unknown key `ownr` in Component\. Did you mean `owner`\? {2}\[unknown-key\]$/m);
    assert.match(r.stdout, /^1 error, 0 warnings, 0 info in 1 of 1 file \(1 map checked\)$/m);
  });

  it('runs simulate', () => {
    const r = run(['simulate', 'shop.incidentmap', '--fail', 'disk']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      'If disk fails:\n\nFailed (1)\n  disk  failed\n\nDown (2)\n  api  hard dependency on db → disk\n  db   hard dependency on disk\n\nFailovers (0)\n  nothing\n\nDegraded (0)\n  nothing\n\nTier-1 down: none\n',
    );
  });

  it('runs graph, loading elkjs from beside the bundle', () => {
    const mermaid = run(['graph', 'shop.incidentmap', '--format', 'mermaid']);
    assert.equal(mermaid.status, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^flowchart TB\n {2}n0\("api \(service · tier 3\)"\)\n {2}n1\("db \(datastore · tier 3\)"\)\n {2}n2\("disk \(storage · tier 3\)"\)\n {2}n0 --> n1\n {2}n1 --> n2\n/);
    const svg = run(['graph', 'shop.incidentmap', '-o', 'shop.svg']);
    assert.equal(svg.status, 0, svg.stderr);
    const text = readFileSync(join(maps, 'shop.svg'), 'utf8');
    assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(text, />disk</);
  });

  it('runs diff against a git base', function () {
    // `diff` is built on another branch; until it is merged this build has no such command.
    const help = run(['--help']);
    if (!/^ {2}diff /m.test(help.stdout)) {
      this.skip();
    }
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: maps, encoding: 'utf8' });
    git('init', '-q');
    git('add', 'shop.incidentmap');
    git('commit', '-qm', 'base');
    const r = run(['diff', '--base', 'HEAD', '--format', 'json', '--fail-on-regression']);
    assert.equal(r.status, 0, r.stderr);
    const summary = (JSON.parse(r.stdout) as { summary: Record<string, number> }).summary;
    assert.deepEqual([summary['regressions'], summary['improvements'], summary['newFindings'], summary['resolvedFindings']], [0, 0, 0, 0]);
  });

  it('runs mcp, loading the server from beside the bundle (dist/mcp.js)', async () => {
    const transport = new StdioClientTransport({ command: bin('incidentmap'), args: ['mcp', '--root', maps], cwd: maps, env: cleanEnv({ HOME: tmp }) as Record<string, string>, stderr: 'pipe' });
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const r = (await client.callTool({ name: 'check', arguments: {} })) as { isError?: boolean; structuredContent?: { findings: { path: string; span: { startLine: number }; ruleId: string }[] } };
      assert.notEqual(r.isError, true, JSON.stringify(r));
      assert.deepEqual(
        r.structuredContent!.findings.map((f) => [f.path, f.span.startLine, f.ruleId]),
        [['shop.incidentmap', 16, 'unknown-key']],
      );
    } finally {
      await client.close();
    }
  });

  it('installs a language server that answers initialize over stdio', async () => {
    const child = spawn(bin('incidentmap-language-server'), ['--stdio'], { cwd: maps, env: cleanEnv({ HOME: tmp }), stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const answer = await new Promise<string>((done, fail) => {
        let out = '';
        const timer = setTimeout(() => fail(new Error(`no answer to initialize within 20 s; got: ${out}`)), 20_000);
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (/"id":1/.test(out) && /"capabilities"/.test(out)) {
            clearTimeout(timer);
            done(out);
          }
        });
        child.on('exit', (code) => fail(new Error(`the language server exited ${code}`)));
      });
      assert.match(answer, /"name":"incidentmap-language-server"|"textDocumentSync"/);
    } finally {
      child.kill();
    }
  });
});
