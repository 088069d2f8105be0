// A minimal editor for protocol tests: starts dist/server.js --stdio as a child process and speaks
// JSON-RPC to it as VS Code or Neovim would. Waits are on messages with timeouts, never sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { WorkDoneProgress, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { toUri } from '../../server/src/node/nodeHost';
import { fixturesDir, repoRoot, testNow } from '../helpers/core';

export const serverPath = join(repoRoot, 'dist/server.js');

/** A temporary copy of test/fixtures/lsp: tests may edit it freely. */
export function tempWorkspace(): { dir: string; uri: (name: string) => string; text: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'incidentmap-lsp-'));
  cpSync(join(fixturesDir, 'lsp'), dir, { recursive: true });
  return {
    dir,
    uri: (name) => toUri(join(dir, name)),
    text: (name) => readFileSync(join(dir, name), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface StartOptions {
  folder: string;
  /** What the client answers to workspace/configuration for `incidentmap`. */
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

interface Waiter {
  check: () => boolean;
}

export class TestClient {
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  stderr = '';
  settings: Record<string, unknown>;
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: StartOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options);
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    child.on('exit', () => client.wake());
    connection.onNotification((method, params) => {
      client.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') {
        client.publishes.push(params as PublishDiagnosticsParams);
      }
      if (method === 'window/logMessage') {
        client.logs.push((params as { message: string }).message);
      }
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((i) => (i.section === 'incidentmap' ? client.settings : null)),
    );
    // jsonrpc routes $/progress by token, so listen on each token the server creates.
    connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        client.notifications.push({ method: '$/progress', params: { token: params.token, value } });
        client.wake();
      });
      return null;
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onRequest('workspace/workspaceFolders', () => [{ uri: toUri(options.folder), name: 'ws' }]);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: toUri(options.folder),
      workspaceFolders: [{ uri: toUri(options.folder), name: 'ws' }],
      initializationOptions: { debounceMs: 50, now: testNow, ...options.initializationOptions },
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          rename: { prepareSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills the server by pid; safe to call twice and after a failure. */
  kill(): void {
    try {
      this.connection.dispose();
    } catch {
      // already gone
    }
    if (this.alive && this.child.pid !== undefined) {
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string): number {
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'incidentmap', version: 1, text } });
    return 1;
  }

  /** Replaces the whole text (an editor may send full or ranged changes; both go through the same path). */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental edit. */
  edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  save(uri: string): void {
    this.notify('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** A position in the publish history: wait for publishes after it. */
  mark(): number {
    return this.publishes.length;
  }

  /**
   * The first publish for `uri` (after `after`, with `version` when given) whose diagnostics satisfy
   * `accept`. Rejects after `timeoutMs` with what was published, so a failure says what went wrong.
   */
  diagnostics(
    uri: string,
    accept: (d: Diagnostic[]) => boolean = () => true,
    opts: { after?: number; version?: number; timeoutMs?: number } = {},
  ): Promise<Diagnostic[]> {
    const after = opts.after ?? 0;
    const find = () =>
      this.publishes
        .slice(after)
        .filter((p) => p.uri === uri && (opts.version === undefined || p.version === opts.version))
        .reverse()
        .find((p) => accept(p.diagnostics));
    return this.waitUntil(() => find()?.diagnostics, opts.timeoutMs ?? 10000, () => {
      const seen = this.publishes.slice(after).filter((p) => p.uri === uri);
      return `no matching diagnostics for ${uri}; published: ${JSON.stringify(seen.map((p) => ({ v: p.version, d: p.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`) })))}`;
    });
  }

  /** The first notification of `method` (so far or to come) that `accept`s. */
  notification<P>(method: string, accept: (p: P) => boolean = () => true, timeoutMs = 10000): Promise<P> {
    return this.waitUntil(
      () => this.notifications.find((n) => n.method === method && accept(n.params as P))?.params as P | undefined,
      timeoutMs,
      () => `no ${method} notification matched; got ${JSON.stringify(this.notifications.filter((n) => n.method === method).map((n) => n.params))}`,
    );
  }

  private waitUntil<T>(get: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
    const now = get();
    if (now !== undefined) {
      return Promise.resolve(now);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${explain()}\nserver log:\n${this.logs.join('\n')}\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          if (!this.alive) {
            clearTimeout(timer);
            reject(new Error(`the server exited (${this.child.exitCode ?? this.child.signalCode})\n${this.stderr}`));
            return true;
          }
          const v = get();
          if (v !== undefined) {
            clearTimeout(timer);
            resolve(v);
            return true;
          }
          return false;
        },
      };
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }
}

export function codes(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${String(d.code)}@${d.range.start.line}`).sort();
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}
