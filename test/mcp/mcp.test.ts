// `incidentmap mcp` as an agent meets it: the SDK's own Client over stdio, spawning the built CLI
// (node dist/cli.js mcp --root ...). Expected values are facts about the samples, read from them
// (samples/checkout/*.incidentmap); the check tool is held to `incidentmap check --format json`.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from '../helpers/core';

const cli = join(repoRoot, 'dist/cli.js');
const today = '2026-11-22';
const checkoutMap = 'samples/checkout/checkout.incidentmap';

interface Session {
  client: Client;
  transport: StdioClientTransport;
  pid: number;
  stderr: () => string;
}

function envFor(cacheDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^npm_/i.test(k)) {
      env[k] = v;
    }
  }
  return { ...env, INCIDENTMAP_NOW: today, INCIDENTMAP_CACHE_DIR: cacheDir };
}

async function connect(root: string, cacheDir: string): Promise<Session> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--root', root], cwd: root, env: envFor(cacheDir), stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const client = new Client({ name: 'incidentmap-test', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  assert.ok(typeof pid === 'number' && pid > 0, 'the transport started a process');
  return { client, transport, pid, stderr: () => err };
}

/** Stops what connect() started, and holds the process to having gone. */
async function disconnect(s: Session | undefined): Promise<void> {
  if (!s) {
    return;
  }
  await s.client.close();
  assert.throws(() => process.kill(s.pid, 0), (e: NodeJS.ErrnoException) => e.code === 'ESRCH', `process ${s.pid} still runs after the client closed`);
}

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: Record<string, unknown> };

async function call(s: Session, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await s.client.callTool({ name, arguments: args })) as ToolResult;
}

function ok(r: ToolResult): Record<string, unknown> {
  assert.notEqual(r.isError, true, r.content.map((c) => c.text).join('\n'));
  assert.ok(r.structuredContent, 'structured content');
  // The text carries the same data, for clients that only read text.
  assert.deepEqual(JSON.parse(r.content[r.content.length - 1]!.text!), r.structuredContent);
  return r.structuredContent;
}

function errorText(r: ToolResult): string {
  assert.equal(r.isError, true, `expected a tool error, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.content.map((c) => c.text ?? '').join('\n');
}

interface Finding {
  path: string;
  span: { startLine: number };
  ruleId: string;
  severity: string;
}
const keyOf = (f: Finding) => `${f.path}:${f.span.startLine} ${f.ruleId} ${f.severity}`;

describe('incidentmap mcp (the SDK client over stdio)', function () {
  this.timeout(60_000);
  let cacheDir: string;
  let s: Session | undefined;

  before(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'im-mcp-cache-'));
    s = await connect(repoRoot, cacheDir);
  });
  after(async () => {
    await disconnect(s);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('lists its tools, each read-only and described for an agent', async () => {
    const { tools } = await s!.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['check', 'diff', 'list_maps', 'list_scenarios', 'run_scenario', 'simulate_failure']);
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.ok((t.description ?? '').length > 80, `${t.name} has a description an agent can choose by`);
    }
    const simulate = tools.find((t) => t.name === 'simulate_failure')!;
    assert.deepEqual([...(simulate.inputSchema.required ?? [])].sort(), ['fail', 'map']);
  });

  it('list_maps: the samples are among the maps under the root', async () => {
    const maps = ok(await call(s!, 'list_maps'))['maps'] as string[];
    for (const m of ['samples/ai-inference/ai-inference.incidentmap', checkoutMap, 'samples/checkout/platform.incidentmap', 'samples/multi-region/multi-region.incidentmap', 'samples/streaming/streaming.incidentmap']) {
      assert.ok(maps.includes(m), m);
    }
  });

  it('check: the same findings as `incidentmap check samples --format json`', async () => {
    const data = ok(await call(s!, 'check', { paths: ['samples'] }));
    const r = spawnSync(process.execPath, [cli, 'check', 'samples', '--format', 'json', '--fail-on', 'none'], { cwd: repoRoot, encoding: 'utf8', env: envFor(cacheDir) });
    assert.equal(r.status, 0, r.stderr);
    const expected = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.map(keyOf).sort();
    const got = (data['findings'] as Finding[]).map(keyOf).sort();
    assert.ok(expected.length > 0);
    assert.deepEqual(got, expected);
    // Facts of the sample: checkout.incidentmap marks four findings with "FINDING:" comments.
    assert.deepEqual(
      (data['findings'] as Finding[])
        .filter((f) => f.path === checkoutMap)
        .map((f) => f.ruleId)
        .sort(),
      ['capacity-after-domain-loss', 'journey-rto-unachievable', 'retry-storm', 'scenario-not-survived'],
    );
    // Every finding has a message and a whole range.
    for (const f of data['findings'] as (Finding & { message: string; span: Record<string, number> })[]) {
      assert.ok(f.message.length > 0);
      assert.deepEqual(Object.keys(f.span).sort(), ['endColumn', 'endLine', 'startColumn', 'startLine']);
    }
  });

  it('check: minSeverity and maxFindings bound the answer, and it says how many were left out', async () => {
    const errors = ok(await call(s!, 'check', { paths: [checkoutMap], minSeverity: 'error' }));
    assert.deepEqual((errors['findings'] as Finding[]).map((f) => f.ruleId), ['scenario-not-survived']);
    // At the bound: all four; one below: three, and one omitted.
    const four = ok(await call(s!, 'check', { paths: [checkoutMap], maxFindings: 4 }));
    assert.equal((four['findings'] as Finding[]).length, 4);
    assert.equal(four['omitted'], 0);
    const three = await call(s!, 'check', { paths: [checkoutMap], maxFindings: 3 });
    const data = ok(three);
    assert.equal((data['findings'] as Finding[]).length, 3);
    assert.equal(data['omitted'], 1);
    assert.match(three.content[0]!.text!, /1 more finding\(s\) left out/);
  });

  it('simulate_failure: losing zone eu-west-a takes down orders-db only; its standby takes over; what spreads across the zone degrades', async () => {
    const r = await call(s!, 'simulate_failure', { map: checkoutMap, fail: ['eu-west-a'] });
    const data = ok(r) as { failed: string[]; down: { id: string }[]; degraded: { id: string }[]; failovers: { from: string; to: string; tookOver: boolean; rtoMs?: number }[] };
    assert.deepEqual(data.failed, ['eu-west-a']);
    // orders-db is the only component placed in eu-west-a alone (domains: [eu-west-a]).
    assert.deepEqual(data.down.map((a) => a.id), ['orders-db']);
    assert.deepEqual(
      data.failovers.map((f) => [f.from, f.to, f.tookOver, f.rtoMs]),
      [['orders-db', 'orders-db-standby', true, 120_000]],
    );
    // spreadAcross includes eu-west-a: six in checkout.incidentmap, edge-lb in platform.incidentmap.
    assert.deepEqual(data.degraded.map((a) => a.id).sort(), ['cart', 'checkout-api', 'edge-lb', 'order-events', 'payments', 'pricing', 'session-cache']);
    assert.match(r.content[0]!.text!, /^If eu-west-a fails:/);
  });

  it('simulate_failure: an unknown id is a tool error with the nearest known one', async () => {
    const text = errorText(await call(s!, 'simulate_failure', { map: checkoutMap, fail: ['orders-dbb'] }));
    assert.match(text, /no component or failure domain "orders-dbb" \(did you mean "orders-db"\?\)/);
  });

  it('list_scenarios: the declared scenarios and the ids to build one from', async () => {
    const data = ok(await call(s!, 'list_scenarios', { map: checkoutMap })) as {
      hasLoadData: boolean;
      scenarios: { id: string; fail: string[]; mustSurvive: boolean; load: { journey?: string; factor: number }[]; slow: { component: string; latencyMs: number }[] }[];
      journeys: { id: string; entry: string }[];
      domains: { id: string; kind: string }[];
    };
    assert.equal(data.hasLoadData, true);
    assert.deepEqual(
      data.scenarios.map((x) => [x.id, x.fail, x.mustSurvive]),
      [
        ['lose-zone-a', ['eu-west-a'], false],
        ['black-friday', [], true],
        ['session-cache-slow', [], false],
      ],
    );
    assert.deepEqual(data.scenarios[1]!.load, [
      { journey: 'place-order', factor: 2 },
      { journey: 'view-cart', factor: 1.5 },
    ]);
    assert.deepEqual(data.scenarios[2]!.slow, [{ component: 'session-cache', latencyMs: 60 }]);
    assert.deepEqual(data.journeys.map((j) => [j.id, j.entry]), [
      ['place-order', 'checkout-api'],
      ['view-cart', 'checkout-api'],
    ]);
    assert.ok(data.domains.some((d) => d.id === 'eu-west-a' && d.kind === 'zone'));
  });

  type Phase = { phase: string; down: string[]; saturated: { component: string; load: number; capacityLeft: number | null }[] };

  it('run_scenario: Black Friday brings 2 x 300 + 1.5 x 900 = 1,950 rps to checkout-api (1,800 rps): not survived', async () => {
    const data = ok(await call(s!, 'run_scenario', { map: checkoutMap, scenario: 'black-friday' })) as { survived: boolean; mustSurvive: boolean; phases: Phase[] };
    assert.equal(data.mustSurvive, true);
    assert.equal(data.survived, false);
    const sat = data.phases.flatMap((p) => p.saturated).find((x) => x.component === 'checkout-api');
    assert.deepEqual([sat?.load, sat?.capacityLeft], [1950, 1800]);
  });

  it('run_scenario: the same demand given ad hoc gives the same load; a failure ad hoc takes orders-db down at first', async () => {
    const adHoc = ok(await call(s!, 'run_scenario', { map: checkoutMap, demand: { 'place-order': 2, 'view-cart': 1.5 } })) as { phases: Phase[] };
    assert.equal(adHoc.phases.flatMap((p) => p.saturated).find((x) => x.component === 'checkout-api')?.load, 1950);
    const zone = ok(await call(s!, 'run_scenario', { map: checkoutMap, fail: ['eu-west-a'] })) as { fail: string[]; phases: Phase[] };
    assert.deepEqual(zone.fail, ['eu-west-a']);
    assert.equal(zone.phases[0]!.phase, 'failure');
    assert.ok(zone.phases[0]!.down.includes('orders-db'));
  });

  it('run_scenario: nothing to evaluate, an unknown scenario or journey, and a map without load data are tool errors that say what to do', async () => {
    assert.match(errorText(await call(s!, 'run_scenario', { map: checkoutMap })), /say what to evaluate/);
    assert.match(errorText(await call(s!, 'run_scenario', { map: checkoutMap, scenario: 'black-fridy' })), /no scenario "black-fridy".*did you mean "black-friday"/);
    assert.match(errorText(await call(s!, 'run_scenario', { map: checkoutMap, demand: { 'place-ordr': 2 } })), /no journey "place-ordr".*did you mean "place-order"/);
    assert.match(errorText(await call(s!, 'run_scenario', { map: 'test/fixtures/rules/missing-owner/good.incidentmap', fail: ['x'] })), /says nothing about load/);
  });

  it('refuses paths outside the root with a tool error, and goes on serving', async () => {
    for (const [tool, args] of [
      ['check', { paths: ['..'] }],
      ['check', { paths: ['/etc/passwd'] }],
      ['check', { paths: ['../**/*.incidentmap'] }],
      ['simulate_failure', { map: '../outside.incidentmap', fail: ['x'] }],
      ['list_scenarios', { map: '/etc/hostname' }],
      ['run_scenario', { map: '../../x.incidentmap', scenario: 'x' }],
      ['diff', { paths: ['..'] }],
    ] as const) {
      const text = errorText(await call(s!, tool, args));
      assert.match(text, /outside the root|may reach outside the root/, `${tool} ${JSON.stringify(args)}: ${text}`);
      assert.match(text, /relative to/, 'says what to give instead');
    }
    assert.match(errorText(await call(s!, 'check', { paths: ['.git/config'] })), /inside a \.git folder/);
    // Still serving.
    ok(await call(s!, 'list_scenarios', { map: checkoutMap }));
  });

  it('gives bad arguments a validation error, not a crash', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['simulate_failure', { map: checkoutMap, fail: [] }, /fail/],
      ['simulate_failure', { map: checkoutMap }, /fail/],
      ['simulate_failure', { fail: ['x'] }, /map/],
      ['check', { paths: [3] }, /paths/],
      ['check', { maxFindings: 0 }, /maxFindings/],
      ['check', { maxFindings: 10_001 }, /maxFindings/],
      ['check', { minSeverity: 'fatal' }, /minSeverity/],
      ['run_scenario', { map: checkoutMap, demand: { 'place-order': 1001 } }, /demand/],
      ['run_scenario', { map: checkoutMap, demand: { 'place-order': -1 } }, /demand/],
      ['run_scenario', { map: checkoutMap, traffic: { bulk: 2 } }, /traffic|bulk/],
      ['simulate_failure', { map: checkoutMap, fail: Array.from({ length: 101 }, (_, i) => `c${i}`) }, /fail/],
    ];
    for (const [tool, args, field] of cases) {
      const text = errorText(await call(s!, tool, args));
      assert.match(text, /Input validation error/, `${tool} ${JSON.stringify(args)}`);
      assert.match(text, field);
    }
    // At the bounds: 1000 is a factor, 100 ids are a list (unknown ones, so a tool error of another kind).
    ok(await call(s!, 'run_scenario', { map: checkoutMap, demand: { 'place-order': 1000 } }));
    const hundred = errorText(await call(s!, 'simulate_failure', { map: checkoutMap, fail: Array.from({ length: 100 }, (_, i) => `c${i}`) }));
    assert.doesNotMatch(hundred, /Input validation error/);
    assert.match(errorText(await call(s!, 'delete_everything')), /Tool delete_everything not found/);
  });

  it('serves the JSON Schema and the rule docs as resources', async () => {
    const { resources } = await s!.client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const u of ['incidentmap://schema/map', 'incidentmap://schema/config', 'incidentmap://rules', 'incidentmap://rules/single-point-of-failure']) {
      assert.ok(uris.includes(u), u);
    }
    const schema = await s!.client.readResource({ uri: 'incidentmap://schema/map' });
    const r = spawnSync(process.execPath, [cli, 'schema'], { cwd: repoRoot, encoding: 'utf8', env: envFor(cacheDir) });
    assert.deepEqual(JSON.parse((schema.contents[0] as { text: string }).text), JSON.parse(r.stdout));
    const rule = (await s!.client.readResource({ uri: 'incidentmap://rules/failover-same-domain' })).contents[0] as { text: string; mimeType?: string };
    assert.equal(rule.mimeType, 'text/markdown');
    assert.match(rule.text, /^# failover-same-domain: Failover inside the failure domain it should escape\n/);
    assert.match(rule.text, /Default severity: error/);
    assert.match(rule.text, /\*\*What to do:\*\*/);
    await assert.rejects(s!.client.readResource({ uri: 'incidentmap://rules/no-such-rule' }), /no rule "no-such-rule"/);
  });
});

describe('incidentmap mcp in a folder of its own (symbolic links, git)', function () {
  this.timeout(60_000);
  let tmp: string;
  let root: string;
  let s: Session | undefined;

  const shop = (failover: boolean) => `incidentmap: 1
domains:
  - id: zone-a
    kind: zone
  - id: zone-b
    kind: zone
components:
  - id: api
    kind: service
    tier: 1
    owner: team-shop
    runbook: https://runbooks.example.com/api
    spreadAcross: [zone-a, zone-b]
    dependsOn:
      - target: db
  - id: db
    kind: datastore
    tier: 1
    owner: team-shop
    runbook: https://runbooks.example.com/db
    domains: [zone-a]
  - id: db-replica
    kind: datastore
    owner: team-shop
    runbook: https://runbooks.example.com/db
    domains: [zone-b]
${failover ? 'failovers:\n  - from: db\n    to: db-replica\n    mode: automatic\n    rto: 1m\n    lastRehearsed: 2026-11-01\n' : ''}`;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'im-mcp-'));
    root = join(tmp, 'repo');
    mkdirSync(root);
    writeFileSync(join(root, 'shop.incidentmap'), shop(true));
    writeFileSync(join(tmp, 'secret.incidentmap'), 'incidentmap: 1\ncomponents: []\n');
    // A link inside the root to a map outside it.
    symlinkSync(join(tmp, 'secret.incidentmap'), join(root, 'linked.incidentmap'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('add', 'shop.incidentmap');
    git('commit', '-qm', 'base');
    // The change under review removes the failover: db becomes a single point of failure.
    writeFileSync(join(root, 'shop.incidentmap'), shop(false));
    s = await connect(root, join(tmp, 'cache'));
  });
  after(async () => {
    await disconnect(s);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a symbolic link to a map outside the root, by name and in a folder', async () => {
    assert.match(errorText(await call(s!, 'simulate_failure', { map: 'linked.incidentmap', fail: ['x'] })), /symbolic link to a place outside the root/);
    assert.match(errorText(await call(s!, 'check', { paths: ['linked.incidentmap'] })), /symbolic link to a place outside the root/);
    // In a folder, a link is not followed: the folder's check reads shop.incidentmap only.
    const all = ok(await call(s!, 'check', {}));
    assert.deepEqual([all['maps'], all['files']], [['shop.incidentmap'], ['shop.incidentmap']]);
  });

  it('diff: removing the failover makes db a new single point of failure, a regression', async () => {
    const r = await call(s!, 'diff', { base: 'HEAD', paths: ['shop.incidentmap'] });
    const data = ok(r) as { base: string; summary: Record<string, number>; findings: { new: { ruleId: string; message: string; path: string }[]; resolved: unknown[] } };
    assert.match(data.base, /^--base HEAD \([0-9a-f]{12}\)$/);
    assert.ok((data.summary['regressions'] ?? 0) > 0, JSON.stringify(data.summary));
    // Without the failover, db (tier 1, in zone-a only) and zone-a itself take api down with them.
    assert.deepEqual(
      data.findings.new.map((f) => [f.ruleId, f.path, (f as { key?: string }).key]).sort(),
      [
        ['single-point-of-failure', 'shop.incidentmap', 'spof:component:db'],
        ['single-point-of-failure', 'shop.incidentmap', 'spof:domain:zone-a'],
      ],
    );
    assert.deepEqual(data.findings.resolved, []);
    assert.match(r.content[0]!.text!, /^incidentmap diff against --base HEAD/);
  });

  it('diff: a ref git does not know, or one that looks like an option, is a tool error', async () => {
    assert.match(errorText(await call(s!, 'diff', { base: 'no-such-branch' })), /git knows no commit "no-such-branch"/);
    assert.match(errorText(await call(s!, 'diff', { base: '--output=/tmp/x' })), /cannot start with "-"/);
  });
});

describe('incidentmap mcp as a process', function () {
  this.timeout(60_000);

  it('answers initialize, and exits 0 by itself when the client closes its stdin', async () => {
    const child = spawn(process.execPath, [cli, 'mcp', '--root', repoRoot], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, INCIDENTMAP_COMPILE_CACHE: '0' } });
    try {
      let out = '';
      const answered = new Promise<void>((done) =>
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('\n')) {
            done();
          }
        }),
      );
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }) + '\n');
      await answered;
      const first = JSON.parse(out.split('\n')[0]!) as { id: number; result: { serverInfo: { name: string } } };
      assert.equal(first.id, 1);
      assert.equal(first.result.serverInfo.name, 'incidentmap');
      child.stdin.end();
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
      }
    }
  });

  it('refuses a root that is not a folder, and files on the command line', () => {
    const env = { ...process.env, INCIDENTMAP_COMPILE_CACHE: '0' };
    const notFolder = spawnSync(process.execPath, [cli, 'mcp', '--root', join(repoRoot, 'package.json')], { encoding: 'utf8', env, input: '' });
    assert.equal(notFolder.status, 2);
    assert.match(notFolder.stderr, /--root .*package\.json is not a folder/);
    assert.equal(notFolder.stdout, '', 'nothing on the protocol stream');
    const file = spawnSync(process.execPath, [cli, 'mcp', 'samples'], { cwd: repoRoot, encoding: 'utf8', env, input: '' });
    assert.equal(file.status, 2);
    assert.match(file.stderr, /mcp takes no files/);
  });
});
