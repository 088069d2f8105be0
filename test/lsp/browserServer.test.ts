// The browser language server (server/src/lsp/browser/) in Node, over an in-memory connection: the same
// startServer and platform the web worker runs, with a client that answers incidentmap/readFile through
// the web extension's reader (client/src/web/readFile.ts) over an in-memory file system, and
// incidentmap/findMaps. It shows includes across files read through the client, a refusal outside the
// workspace that never reaches the client, the cache dropped when a file changes, and the rounds bound.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { FileTypeBits, readWorkspaceFile, type WebFileSystem } from '../../client/src/web/readFile';
import type { HostReadResult } from '../../server/src/core/index';
import { BrowserScheduler, maxRounds } from '../../server/src/lsp/browser/files';
import { browserPlatform, clientReader } from '../../server/src/lsp/browser/platform';
import { ReadFileRequest } from '../../server/src/protocol/lsp';
import { startServer } from '../../server/src/lsp/server';
import { fixturesDir, testNow } from '../helpers/core';

// A github.dev-like workspace: not a file: URI.
const folder = 'vscode-vfs://github/acme/maps';
const fixture = (name: string) => readFileSync(join(fixturesDir, 'lsp', name), 'utf8');

interface Harness {
  client: MessageConnection;
  files: Map<string, string>;
  reads: string[];
  publishes: PublishDiagnosticsParams[];
  /** Resolves with the first publish for `uri` that satisfies `check`, within a bound. */
  published(uri: string, check: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

async function start(files: Record<string, string>): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, browserPlatform(server));
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const h: Harness = {
    client,
    files: new Map(Object.entries(files)),
    reads: [],
    publishes: [],
    published: (uri, check) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching publish for ${uri}: ${JSON.stringify(h.publishes.filter((p) => p.uri === uri).map((p) => p.diagnostics.map((d) => d.code)))}`)), 20_000);
        const poll = () => {
          const hit = h.publishes.find((p) => p.uri === uri && check(p));
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else {
            waiters.push(poll);
          }
        };
        poll();
      }),
    async close() {
      // shutdown stops the workspace (nothing is sent after it); never `exit`, which ends the process.
      await client.sendRequest('shutdown');
      client.dispose();
      server.dispose();
    },
  };
  const waiters: (() => void)[] = [];
  const fs: WebFileSystem = {
    async stat(uri) {
      const t = h.files.get(uri);
      if (t === undefined) {
        throw Object.assign(new Error('not found'), { code: 'FileNotFound' });
      }
      return { type: FileTypeBits.File, size: new TextEncoder().encode(t).byteLength };
    },
    async readFile(uri) {
      return new TextEncoder().encode(h.files.get(uri) ?? '');
    },
  };
  client.onRequest('incidentmap/readFile', (p: { uri: string; root: string }) => {
    h.reads.push(p.uri);
    return readWorkspaceFile(p.uri, p.root, { folders: [folder], fs });
  });
  client.onRequest('incidentmap/findMaps', () => ({ uris: [...h.files.keys()].filter((u) => u.endsWith('.incidentmap')).sort() }));
  client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  client.onRequest('client/registerCapability', () => null);
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    h.publishes.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  client.listen();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'maps' }],
    initializationOptions: { debounceMs: 20, now: testNow },
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await client.sendNotification('initialized', {});
  return h;
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code));

describe('the browser language server (web worker build) over an in-memory connection', function () {
  this.timeout(60_000);
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('reads an included file through the client (incidentmap/readFile): the references into it resolve', async () => {
    h = await start({ [`${folder}/main.incidentmap`]: fixture('main.incidentmap'), [`${folder}/shared.incidentmap`]: fixture('shared.incidentmap') });
    const main = `${folder}/main.incidentmap`;
    await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: main, languageId: 'incidentmap', version: 1, text: fixture('main.incidentmap') } });
    // main refers to orders-db and zone-a/zone-b, declared only in shared.incidentmap. A publish comes
    // only from a finished analysis, whose rounds have read every include.
    const final = await h.published(main, () => true);
    assert.ok(h.reads.includes(`${folder}/shared.incidentmap`), `shared.incidentmap was not asked for: ${h.reads.join(', ')}`);
    assert.ok(!codes(final).includes('unknown-reference'), `unknown references: ${JSON.stringify(final.diagnostics.map((d) => d.message))}`);
    assert.ok(!codes(final).includes('missing-include'), JSON.stringify(final.diagnostics.map((d) => d.message)));
  });

  it('without the included file, says the include is missing and its ids unknown (the control)', async () => {
    h = await start({ [`${folder}/main.incidentmap`]: fixture('main.incidentmap') });
    const main = `${folder}/main.incidentmap`;
    await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: main, languageId: 'incidentmap', version: 1, text: fixture('main.incidentmap') } });
    const p = await h.published(main, (x) => codes(x).includes('missing-include'));
    assert.ok(codes(p).includes('unknown-reference'), codes(p).join(', '));
  });

  it('refuses an include outside the workspace without asking the client for it', async () => {
    const text = fixture('main.incidentmap').replace('  - shared.incidentmap', '  - shared.incidentmap\n  - ../../other-repo/secret.incidentmap');
    h = await start({ [`${folder}/main.incidentmap`]: text, [`${folder}/shared.incidentmap`]: fixture('shared.incidentmap'), 'vscode-vfs://github/acme/other-repo/secret.incidentmap': 'incidentmap: 1\n' });
    const main = `${folder}/main.incidentmap`;
    await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: main, languageId: 'incidentmap', version: 1, text } });
    const p = await h.published(main, (x) => codes(x).includes('include-outside-root'));
    assert.ok(!codes(p).includes('unknown-reference'), 'the include inside the workspace was still read');
    assert.ok(!h.reads.some((u) => u.includes('other-repo')), `asked for a file outside the workspace: ${h.reads.join(', ')}`);
  });

  it('reads a changed file again after workspace/didChangeWatchedFiles, and not before', async () => {
    const shared = `${folder}/shared.incidentmap`;
    h = await start({ [`${folder}/main.incidentmap`]: fixture('main.incidentmap'), [shared]: fixture('shared.incidentmap') });
    const main = `${folder}/main.incidentmap`;
    await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: main, languageId: 'incidentmap', version: 1, text: fixture('main.incidentmap') } });
    await h.published(main, () => h!.reads.includes(shared));
    // orders-db disappears from the included file on "disk": main's reference to it becomes unknown.
    h.files.set(shared, fixture('shared.incidentmap').replace('id: orders-db', 'id: orders-db-renamed'));
    const readsBefore = h.reads.filter((u) => u === shared).length;
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: shared, type: 2 }] });
    const p = await h.published(main, (x) => codes(x).includes('unknown-reference'));
    assert.ok(p.diagnostics.some((d) => /orders-db/.test(String(d.message))), JSON.stringify(p.diagnostics.map((d) => d.message)));
    assert.ok(h.reads.filter((u) => u === shared).length > readsBefore, 'the changed file was not read again');
  });
});

describe('the browser scheduler (analyses in rounds over the files the client sent)', () => {
  const root = 'vscode-vfs://github/acme/maps';
  const chain = (n: number): Record<string, string> => {
    // a0 includes a1 includes a2 ... each declaring one component
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      files[`${root}/a${i}.incidentmap`] = `incidentmap: 1\n${i + 1 < n ? `include:\n  - a${i + 1}.incidentmap\n` : ''}components:\n  - id: c${i}\n    kind: service\n`;
    }
    return files;
  };

  it('takes one round per level of includes plus one, asking for each file once', async () => {
    const files = chain(4);
    const asked: string[] = [];
    const s = new BrowserScheduler(async (uri): Promise<HostReadResult> => {
      asked.push(uri);
      const t = files[uri];
      return t === undefined ? { ok: false, reason: 'not-found' } : { ok: true, text: t };
    });
    const out = await s.run({ entry: `${root}/a0.incidentmap`, root, syntaxOnly: false, baseSettings: {}, now: testNow });
    // round 1 misses a0 (nothing open), 2 misses a1, 3 a2, 4 a3 and the config files; 5 has everything
    assert.equal(s.lastRounds, 5);
    assert.deepEqual([...out.model.components.keys()].sort(), ['c0', 'c1', 'c2', 'c3']);
    assert.equal(new Set(asked).size, asked.length, `asked twice: ${asked.join(', ')}`);
    // A second run reads nothing: everything is cached until the editor says a file changed.
    const before = asked.length;
    await s.run({ entry: `${root}/a0.incidentmap`, root, syntaxOnly: false, baseSettings: {}, now: testNow });
    assert.equal(asked.length, before);
    s.diskChanged(`${root}/a2.incidentmap`);
    await s.run({ entry: `${root}/a0.incidentmap`, root, syntaxOnly: false, baseSettings: {}, now: testNow });
    assert.deepEqual(asked.slice(before), [`${root}/a2.incidentmap`]);
  });

  it('refuses reads outside the root and under .git without asking', async () => {
    const asked: string[] = [];
    const s = new BrowserScheduler(async (uri) => {
      asked.push(uri);
      return { ok: false, reason: 'not-found' };
    });
    const host = s.disk.hostFor(root)!;
    assert.deepEqual(host.readFile('vscode-vfs://github/acme/other/x.incidentmap'), { ok: false, reason: 'outside-root', detail: 'its path' });
    assert.deepEqual(host.readFile(`${root}/.Git/config`), { ok: false, reason: 'git-internal' });
    assert.equal(s.disk.missing.size, 0);
    assert.deepEqual(asked, []);
  });

  it(`stops at its round limit (${maxRounds}; here 3), at it and above it, with a message`, async () => {
    const reader = (files: Record<string, string>) => async (uri: string): Promise<HostReadResult> => {
      const t = files[uri];
      return t === undefined ? { ok: false, reason: 'not-found' } : { ok: true, text: t };
    };
    const job = { entry: `${root}/a0.incidentmap`, root, syntaxOnly: false, baseSettings: {}, now: testNow };
    // chain(2) needs 3 rounds: a0, then a1 (and the config files), then none missing.
    const at = new BrowserScheduler(reader(chain(2)), 3);
    assert.deepEqual([...(await at.run(job)).model.components.keys()].sort(), ['c0', 'c1']);
    assert.equal(at.lastRounds, 3);
    const above = new BrowserScheduler(reader(chain(3)), 3);
    await assert.rejects(above.run(job), /took more than 3 rounds of includes; check the map in a desktop VS Code or with the CLI/);
    assert.equal(maxRounds, 600);
  });
});

describe("the browser server's check of the client's answers (incidentmap/readFile)", () => {
  it('accepts a text or a known refusal, and nothing else', () => {
    assert.ok(ReadFileRequest.isResult({ ok: true, text: '' }));
    assert.ok(ReadFileRequest.isResult({ ok: false, reason: 'too-large', detail: '9 bytes' }));
    assert.ok(ReadFileRequest.isResult({ ok: false, reason: 'git-internal' }));
    for (const bad of [null, 'text', { ok: true }, { ok: true, text: 3 }, { ok: false, reason: 'nope' }, { ok: false, reason: 'not-found', detail: 4 }, { ok: 'yes', text: '' }]) {
      assert.equal(ReadFileRequest.isResult(bad), false, JSON.stringify(bad));
    }
  });

  it('turns a malformed answer or a failed request into "unreadable", never a throw', async () => {
    const answering = (v: unknown) => clientReader({ sendRequest: (async () => v) as never });
    assert.deepEqual(await answering({ ok: true, text: 'x' })('u', 'r'), { ok: true, text: 'x' });
    assert.deepEqual(await answering({ ok: true })('u', 'r'), { ok: false, reason: 'unreadable', detail: 'the editor sent no file' });
    const failing = clientReader({ sendRequest: (async () => { throw new Error('connection closed'); }) as never });
    assert.deepEqual(await failing('u', 'r'), { ok: false, reason: 'unreadable', detail: 'connection closed' });
  });
});
