// The README's Neovim 0.7 snippet, as written there, in a headless Neovim (Debian's, installed by
// `npm run setup`): it opens a map, starts incidentmap-language-server through vim.lsp, and shows the
// server's diagnostics. The wait is vim.wait on the diagnostics themselves, bounded.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/core';
import { serverPath } from './client';

/** The ```lua blocks of the README's "Other editors" section. */
function readmeLua(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```lua\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

const map = `incidentmap: 1
components:
  - id: checkout
    kind: service
    tier: 3
    dependsOn:
      - target: payments
  - id: paymnts
    kind: service
    tier: 3
    ownr: team-payments
`;

// Written as JSON by the harness: what Neovim shows for the map.
interface Seen {
  waited: boolean;
  filetype: string;
  clients: string[];
  root: string;
  diagnostics: { lnum: number; col: number; severity: number; source: string; message: string }[];
}

const harness = (out: string, expected: number) => `
local buf = vim.api.nvim_get_current_buf()
local waited = vim.wait(30000, function() return #vim.diagnostic.get(buf) >= ${expected} end, 20)
local seen = { waited = waited, filetype = vim.bo[buf].filetype, clients = {}, root = '', diagnostics = {} }
for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
  table.insert(seen.clients, c.name)
  seen.root = c.config.root_dir
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(seen.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, source = d.source, message = d.message })
end
vim.fn.writefile({ vim.fn.json_encode(seen) }, ${JSON.stringify(out)})
vim.cmd('qa!')
`;

describe('Neovim 0.7 with the README snippet', function () {
  this.timeout(60_000);
  let tmp: string;

  before(function () {
    if (spawnSync('nvim', ['--version'], { encoding: 'utf8' }).error) {
      console.log('    (skipped: nvim is not installed; `npm run setup` installs Debian\'s neovim)');
      this.skip();
    }
  });
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'incidentmap-nvim-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('is the README snippet that starts a client without vim.lsp.start or vim.fs', () => {
    const blocks = readmeLua();
    assert.equal(blocks.length, 2, 'the README has a snippet for 0.8+ and one for 0.7');
    assert.match(blocks[0]!, /vim\.lsp\.start\(/);
    assert.doesNotMatch(blocks[1]!, /vim\.lsp\.start\(|vim\.fs\.|vim\.filetype/);
  });

  it('shows the server\'s diagnostics for the map it opens', async () => {
    const project = join(tmp, 'project');
    mkdirSync(join(project, '.git'), { recursive: true });
    mkdirSync(join(project, 'maps'));
    writeFileSync(join(project, 'maps/shop.incidentmap'), map);
    // `incidentmap-language-server` on PATH, as the npm package installs it.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'incidentmap-language-server'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(serverPath)} "$@"\n`);
    chmodSync(join(bin, 'incidentmap-language-server'), 0o755);
    writeFileSync(join(tmp, 'init.lua'), readmeLua()[1]!);
    const out = join(tmp, 'seen.json');
    writeFileSync(join(tmp, 'harness.lua'), harness(out, 2));
    const nvim = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(tmp, 'init.lua'), '-c', `luafile ${join(tmp, 'harness.lua')}`, 'maps/shop.incidentmap'], {
      cwd: project,
      env: { PATH: `${bin}:${process.env['PATH']}`, HOME: tmp, XDG_CONFIG_HOME: join(tmp, 'config'), XDG_DATA_HOME: join(tmp, 'data'), XDG_STATE_HOME: join(tmp, 'state'), XDG_CACHE_HOME: join(tmp, 'cache'), INCIDENTMAP_NOW: '2026-11-22' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    nvim.stdout.on('data', (b: Buffer) => (output += b.toString()));
    nvim.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const code = await new Promise<number | null>((done) => {
      // The harness waits at most 30 s itself; this bounds a Neovim that never gets that far.
      const timer = setTimeout(() => nvim.kill('SIGKILL'), 45_000);
      nvim.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    assert.equal(code, 0, output);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    assert.equal(seen.filetype, 'incidentmap');
    assert.deepEqual(seen.clients, ['incidentmap']);
    assert.equal(seen.root, project, 'the root is the folder with .git');
    assert.ok(seen.waited, `diagnostics did not arrive within 30 s: ${JSON.stringify(seen.diagnostics)}`);
    const shown = seen.diagnostics.map((d) => `${d.lnum + 1}:${d.col + 1} ${d.severity} ${d.source}: ${d.message}`).sort();
    assert.deepEqual(shown, [
      '11:5 1 incidentmap: Unknown key `ownr` in Component. Did you mean `owner`?',
      '7:17 1 incidentmap: Unknown component `payments` in `target`. Did you mean `paymnts`?',
    ]);
  });
});
