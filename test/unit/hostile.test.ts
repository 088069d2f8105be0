// Hostile maps on disk, through the same host the CLI and the server use: sizes, bytes, include
// cycles, includes that leave the root (also through a symlinked parent folder) and symlink loops.
// Each must give a clear diagnostic and never echo the content of a file it refused.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/index';
import { nodeHost, toUri } from '../../server/src/node/nodeHost';
import { run } from '../../server/src/cli/cli';
import { analyzeText, testNow } from '../helpers/core';

const secret = 'TOP-SECRET-CONTENT-7f3a';

describe('hostile maps on disk', () => {
  let dir: string;
  let root: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'incidentmap-hostile-'));
    root = join(dir, 'repo');
    mkdirSync(join(root, 'maps'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside/secret.incidentmap'), `incidentmap: 1\n# ${secret}\ncomponents:\n  - {id: ${secret.toLowerCase()}, kind: service}\n`);
    // A folder inside the repository that is a symlink to a folder outside it.
    symlinkSync(join(dir, 'outside'), join(root, 'maps/linked'));
    // Two links that point at each other.
    symlinkSync(join(root, 'maps/loop-b.incidentmap'), join(root, 'maps/loop-a.incidentmap'));
    symlinkSync(join(root, 'maps/loop-a.incidentmap'), join(root, 'maps/loop-b.incidentmap'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = (name: string, text: string | Buffer) => {
    const path = join(root, 'maps', name);
    writeFileSync(path, text);
    return analyze(toUri(path), nodeHost(root), { root: toUri(root), now: testNow });
  };
  const rules = (a: ReturnType<typeof check>) => a.findings.map((f) => f.ruleId);
  const noSecret = (a: ReturnType<typeof check>) => assert.doesNotMatch(JSON.stringify(a.findings), new RegExp(secret, 'i'));

  it('refuses an include that leaves the repository root, naming it but not echoing it', () => {
    const a = check('escape.incidentmap', 'incidentmap: 1\ninclude: [../../outside/secret.incidentmap]\ncomponents: []\n');
    assert.ok(rules(a).includes('include-outside-root'), rules(a).join());
    assert.equal(a.files.length, 1, 'the outside file is not read');
    noSecret(a);
  });

  it('refuses an include through a symlinked parent folder after resolving real paths', () => {
    const a = check('via-link.incidentmap', 'incidentmap: 1\ninclude: [./linked/secret.incidentmap]\ncomponents: []\n');
    assert.ok(rules(a).includes('include-outside-root'), rules(a).join());
    assert.equal(a.files.length, 1);
    noSecret(a);
  });

  it('reports a symlink loop as an include that cannot be read', () => {
    const a = check('loop-entry.incidentmap', 'incidentmap: 1\ninclude: [./loop-a.incidentmap]\ncomponents: []\n');
    const f = a.findings.find((x) => x.ruleId === 'missing-include');
    assert.ok(f, rules(a).join());
    assert.match(f!.message, /loop/i);
  });

  it('shows the chain of an include cycle', () => {
    writeFileSync(join(root, 'maps/b.incidentmap'), 'incidentmap: 1\ninclude: [./c.incidentmap]\ncomponents: []\n');
    writeFileSync(join(root, 'maps/c.incidentmap'), 'incidentmap: 1\ninclude: [./a.incidentmap]\ncomponents: []\n');
    const a = check('a.incidentmap', 'incidentmap: 1\ninclude: [./b.incidentmap]\ncomponents: []\n');
    const f = a.findings.find((x) => x.ruleId === 'include-cycle');
    assert.ok(f, rules(a).join());
    assert.match(f!.message, /a\.incidentmap.*b\.incidentmap.*c\.incidentmap.*a\.incidentmap/);
  });

  it('says binary garbage and non-UTF-8 bytes are not a text map', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    assert.ok(rules(check('garbage.incidentmap', garbage)).includes('not-text'));
    const latin1 = Buffer.concat([Buffer.from('incidentmap: 1\ncomponents:\n  - id: caf'), Buffer.from([0xe9]), Buffer.from('\n    kind: service\n')]);
    const a = check('latin1.incidentmap', latin1);
    const f = a.findings.find((x) => x.ruleId === 'not-text');
    assert.ok(f, rules(a).join());
    assert.match(f!.message, /UTF-8/);
  });

  it('refuses a 50 MB file unread with a message that says why and what the limit is', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const a = check('huge.incidentmap', big);
    const f = a.findings.find((x) => x.ruleId === 'input-too-large');
    assert.ok(f, rules(a).join());
    assert.match(f!.message, /MB/);
  });

  it('handles a 10 MB scalar in memory with a clear size finding', () => {
    const a = analyzeText(`incidentmap: 1\ndescription: "${'x'.repeat(10 * 1024 * 1024)}"\ncomponents: []\n`);
    assert.ok(a.findings.some((f) => f.ruleId === 'input-too-large'), a.findings.map((f) => f.ruleId).join());
  });

  it('the CLI exits 2 on unreadable input and writes nothing it was not asked to', async () => {
    let stdout = '';
    let stderr = '';
    const written: string[] = [];
    const io = {
      stdout: { write: (s: string) => void (stdout += s) },
      stderr: { write: (s: string) => void (stderr += s) },
      cwd: root,
      env: { NO_COLOR: '1' },
      writeFile: (p: string) => void written.push(p),
    };
    assert.equal(await run(['check', join(root, 'nope.incidentmap')], io), 2);
    assert.match(stderr, /nope\.incidentmap/);
    assert.equal(stdout, '');
    assert.equal(await run(['check', join(root, 'maps/loop-a.incidentmap')], io), 2);
    assert.deepEqual(written, []);
  });
});
