// The browser server's platform (platform.ts): files through the web extension (files.ts), analyses in
// this worker, logs and errors of a worker's global scope. Kept apart from main.ts (which starts the
// worker's connection) so tests run this server in Node over an in-memory connection.
import type { Connection } from 'vscode-languageserver/node';
import { FindMapsRequest, ReadFileRequest } from '../../protocol/lsp';
import type { ServerPlatform } from '../platform';
import { BrowserScheduler, browserFiles, type ReadFromClient } from './files';

/** Sends ReadFileRequest; a failed request or an answer of the wrong shape is "unreadable", never a throw. */
export function clientReader(connection: Pick<Connection, 'sendRequest'>): ReadFromClient {
  return async (uri, root) => {
    try {
      const r: unknown = await connection.sendRequest(ReadFileRequest.method, { uri, root } satisfies ReadFileRequest.Params);
      return ReadFileRequest.isResult(r) ? r : { ok: false, reason: 'unreadable', detail: 'the editor sent no file' };
    } catch (e) {
      return { ok: false, reason: 'unreadable', detail: e instanceof Error ? e.message : String(e) };
    }
  };
}

export function browserPlatform(connection: Connection): ServerPlatform {
  const scheduler = new BrowserScheduler(clientReader(connection));
  const findMaps = async (max: number): Promise<string[]> => {
    try {
      const r = (await connection.sendRequest(FindMapsRequest.method, { max } satisfies FindMapsRequest.Params)) as Partial<FindMapsRequest.Result> | null;
      return Array.isArray(r?.uris) ? r.uris.filter((u: unknown): u is string => typeof u === 'string').slice(0, max) : [];
    } catch (e) {
      connection.console.warn(`incidentmap: the workspace scan failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  };
  return {
    kind: 'browser',
    files: browserFiles(scheduler.disk, findMaps),
    createScheduler: () => scheduler,
    pathToUri: (path) => `file://${path.startsWith('/') ? '' : '/'}${path.split('/').map(encodeURIComponent).join('/')}`,
    // No environment in a browser: "today" is today unless the client pins it (initializationOptions.now).
    pinnedNow: () => undefined,
    format: (args) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? (a.stack ?? a.message) : safeJson(a))).join(' '),
    onUncaught(report) {
      const scope = globalThis as unknown as { addEventListener?: (type: string, fn: (e: { error?: unknown; reason?: unknown; message?: string }) => void) => void };
      scope.addEventListener?.('error', (e) => report(`incidentmap: uncaught exception: ${describe(e.error ?? e.message)}`));
      scope.addEventListener?.('unhandledrejection', (e) => report(`incidentmap: unhandled rejection: ${describe(e.reason)}`));
    },
  };
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
