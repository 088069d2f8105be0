// Editor latency through the stdio servers, as an editor sees it: our server (dist/server.js) and,
// side by side in the same run, yaml-language-server validating the same text against our JSON Schema.
// `node bench/lsp.js N` prints one JSON line. Debounce is 0 for both, so the numbers are the work.
// For side-by-side comparisons of two builds of ours: BENCH_SERVER=path/to/server.js, and
// BENCH_YAML_LS=0 to leave yaml-language-server out. BENCH_STRESS=1: the same platform with
// capacities, utilisation signals, call ratios, 20 journeys and 5 scenarios, so every save also runs
// the stress analysis (the baseline, the scenarios and every zone loss).
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');
const { singleFile } = require('./generate.js');
const { median } = require('./lib.js');

const repo = join(__dirname, '..');
const n = Number(process.argv[2] || 1000);
const runs = Number(process.env.BENCH_RUNS || 9);
const stress = process.env.BENCH_STRESS === '1';
const platformText = () => singleFile(n, 1, { stress });

/** A minimal LSP client: enough to open, edit, save and wait for diagnostics. */
async function startClient(command, args, { folder, settings, initializationOptions }) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, INCIDENTMAP_LOOP_STATS: '1' } });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const listeners = new Set();
  const events = [];
  conn.onNotification((method, params) => {
    events.push({ method, params, at: performance.now() });
    listeners.forEach((l) => l());
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map((i) => settings[i.section] ?? null));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(folder).href, name: 'ws' }]);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
    initializationOptions,
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { synchronization: { didSave: true }, publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: true } } },
    },
  });
  conn.sendNotification('initialized', {});
  conn.sendNotification('workspace/didChangeConfiguration', { settings });
  const wait = (pred, timeoutMs = 120000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const e = events.find(pred);
        if (e) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(e);
        }
      };
      const timer = setTimeout(() => (listeners.delete(check), reject(new Error('timed out'))), timeoutMs);
      listeners.add(check);
      check();
    });
  return {
    conn,
    events,
    wait,
    stop() {
      conn.dispose();
      child.kill('SIGKILL');
    },
  };
}

/** Flips the case of one letter of an owner half-way down: an edit that changes one component. */
function editAt(text, k) {
  const at = text.indexOf('owner: team-', Math.floor(text.length / 2) + (k % 40) * 97);
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - text.lastIndexOf('\n', at) - 1 + 7;
  const now = text[at + 7];
  const next = now === 't' ? 'T' : 't';
  return { text: text.slice(0, at + 7) + next + text.slice(at + 8), range: { start: { line, character }, end: { line, character: character + 1 } }, newText: next };
}

/**
 * How long the server's main loop goes without answering, as an editor would notice it: a request for a
 * method nobody implements is answered (MethodNotFound) by the main loop at once, so its latency is the
 * time the loop was busy when it arrived. Sent every 10 ms while `start()`..`stop()` runs.
 */
function loopProbe(conn) {
  const latencies = [];
  let timer;
  const pending = new Set();
  return {
    start() {
      timer = setInterval(() => {
        const sent = performance.now();
        const p = conn.sendRequest('incidentmap/benchLoopProbe').then(
          () => latencies.push(performance.now() - sent),
          () => latencies.push(performance.now() - sent),
        );
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }, 10);
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([...pending]);
      const sorted = latencies.slice().sort((a, b) => a - b);
      return { probes: sorted.length, max: sorted[sorted.length - 1] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, over100: sorted.filter((x) => x > 100).length };
    },
  };
}

async function measureServer(name, command, args, opts, languageId, fileName) {
  const folder = mkdtempSync(join(tmpdir(), 'incidentmap-bench-'));
  let text = platformText();
  const file = join(folder, fileName);
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const client = await startClient(command, args, { folder, ...opts });
  const publishFor = (version, since) => (e) => e.method === 'textDocument/publishDiagnostics' && e.params.uri === uri && e.at >= since && (version === undefined || e.params.version === version || e.params.version === undefined);
  const out = { server: name };
  const probe = loopProbe(client.conn);
  const ourServer = name === 'incidentmap';
  try {
    if (ourServer) {
      await client.conn.sendRequest('incidentmap/loopStats'); // start counting now
    }
    probe.start();
    let t = performance.now();
    client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await client.wait(publishFor(undefined, t));
    out.openToDiagnostics = performance.now() - t;
    let version = 1;
    const change = [];
    for (let k = 0; k < runs; k++) {
      const e = editAt(text, k);
      text = e.text;
      version++;
      t = performance.now();
      client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: e.range, text: e.newText }] });
      await client.wait(publishFor(version, t));
      change.push(performance.now() - t);
    }
    out.changeToDiagnostics = median(change);
    if (ourServer) {
      const save = [];
      for (let k = 0; k < Math.min(runs, 7); k++) {
        const e = editAt(text, k + 100);
        text = e.text;
        version++;
        client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: e.range, text: e.newText }] });
        await client.wait(publishFor(version, 0));
        writeFileSync(file, text);
        t = performance.now();
        client.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
        await client.wait((ev) => ev.method === 'incidentmap/analyzed' && ev.params.uri === uri && ev.params.full && ev.at >= t);
        save.push(performance.now() - t);
      }
      out.saveToFindings = median(save);
    }
    // Open, every edit and (for us) every save have run: what did the main loop keep waiting?
    out.loop = await probe.stop();
    if (ourServer) {
      // The same span seen from inside: Node's event-loop delay histogram, without the client's own turns.
      out.loopInside = await client.conn.sendRequest('incidentmap/loopStats');
      // Hover and completion on a dependency target half-way down.
      const lines = text.split('\n');
      const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('- target: '));
      const character = lines[line].indexOf('target: ') + 10;
      const time = async (method, params) => {
        const xs = [];
        for (let k = 0; k < 15; k++) {
          const s = performance.now();
          await client.conn.sendRequest(method, params);
          xs.push(performance.now() - s);
        }
        return median(xs);
      };
      out.hover = await time('textDocument/hover', { textDocument: { uri }, position: { line, character } });
      out.completion = await time('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      out.definition = await time('textDocument/definition', { textDocument: { uri }, position: { line, character } });
    }
  } finally {
    client.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  return out;
}

(async () => {
  const schema = pathToFileURL(join(repo, 'schemas/incidentmap.schema.json')).href;
  const server = process.env.BENCH_SERVER || join(repo, 'dist/server.js');
  const ours = await measureServer('incidentmap', process.execPath, [server, '--stdio'], { settings: { incidentmap: {} }, initializationOptions: { debounceMs: 0 } }, 'incidentmap', 'platform.incidentmap');
  const yamlLs = process.env.BENCH_YAML_LS === '0' ? undefined : await measureServer(
    'yaml-language-server',
    process.execPath,
    [join(repo, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    { settings: { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, schemas: { [schema]: '*.yaml' } } }, initializationOptions: {} },
    'yaml',
    'platform.yaml',
  );
  process.stdout.write(JSON.stringify({ n, stress, bytes: platformText().length, ours, yamlLs }) + '\n');
})().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
