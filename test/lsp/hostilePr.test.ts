// Issue 24 through the running server: a map whose includes and config are a FIFO, a link out of the
// folder and .git/config must get findings (not a blocked worker, not the token in a message), and a
// chain of 2,000 tier-1 services must leave hover answering with a bounded publish.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toUri } from '../../server/src/node/fileGate';
import { chainMap } from '../helpers/attacks';
import { TestClient } from './client';

const secret = 'ghs_LSP-TOKEN-91ce';

(process.platform === 'win32' ? describe.skip : describe)('language server: issue 24', function () {
  this.timeout(120_000);
  let dir: string;
  let folder: string;
  let c: TestClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'incidentmap-lsp-gate-'));
    folder = join(dir, 'ws');
    mkdirSync(join(folder, '.git'), { recursive: true });
    writeFileSync(join(folder, '.git/config'), `[http]\n\textraheader = AUTHORIZATION: basic ${secret}\n`);
    writeFileSync(join(dir, 'secret.yaml'), `settings: [${secret}\n`);
    symlinkSync(join(dir, 'secret.yaml'), join(folder, 'incidentmap.config.yaml'));
    execFileSync('mkfifo', [join(folder, 'pipe.incidentmap')]);
    c = await TestClient.start({ folder });
  });

  after(() => {
    c?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a FIFO include, a .git include and a config linked out of the folder, and serves on', async () => {
    const uri = toUri(join(folder, 'prod.incidentmap'));
    c.open(uri, 'incidentmap: 1\ninclude:\n  - ./pipe.incidentmap\n  - .git/config\ncomponents:\n  - id: api\n    kind: service\n');
    const diags = await c.diagnostics(uri, (d) => d.filter((x) => x.code === 'file-refused').length === 3, { timeoutMs: 30_000 });
    const refused = diags.filter((d) => d.code === 'file-refused').map((d) => `${d.range.start.line}: ${d.message}`);
    assert.match(refused.join('\n'), /^0: The settings file incidentmap\.config\.yaml resolves outside the workspace root/m);
    assert.match(refused.join('\n'), /^2: Include "\.\/pipe\.incidentmap" is a FIFO \(named pipe\)/m);
    assert.match(refused.join('\n'), /^3: Include "\.git\/config" is inside a \.git folder/m);
    assert.doesNotMatch(JSON.stringify(diags), new RegExp(secret));
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 9 } });
    assert.ok(hover, 'hover answers');
    assert.ok(c.alive);
  });

  it('a chain of 2,000 tier-1 services: a bounded publish, and hover answers', async () => {
    const uri = toUri(join(folder, 'chain.incidentmap'));
    c.open(uri, chainMap(2000));
    // 3 findings per service (no runbook, no leading signal, a single point of failure), and the refused
    // config: 6,001. The editor gets 1,000: a note that says how many more exist, then 999 (errors first).
    const note = (d: { message: unknown }) => /^This file has \d+ findings/.test(String(d.message));
    const diags = await c.diagnostics(uri, (d) => d.some(note), { timeoutMs: 90_000 });
    assert.equal(diags.length, 1000);
    assert.ok(diags.every((d) => (d.relatedInformation?.length ?? 0) <= 20));
    assert.match(String(diags.find(note)!.message), /^This file has 6001 findings \(1 error\); the editor shows at most 1000 per file, so 5002 are not listed here\./);
    assert.equal(diags.filter((d) => d.code === 'file-refused').length, 1, 'the error is among those shown');
    // s1999 is the bottom of the chain: line 2 + 6 x 1999.
    const hover = (await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 2 + 6 * 1999, character: 9 } })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /▼ 1999 down · 0 degraded/);
    assert.ok(c.alive);
  });
});
