// The browser entry's language client: the language server (dist/web/server.js) runs in a web worker,
// and this side answers its requests for files (readFile.ts) and for the workspace's maps.
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports, type ServerOptions } from 'vscode-languageclient/browser';
import { FindMapsRequest, ReadFileRequest } from '../../../server/src/protocol/lsp';
import { clientOptions, languageId, manage, type ManagedClient } from '../managedClient';
import { readWorkspaceFile } from './readFile';

/** The schemes of workspace files in the browser hosts (the Node entry serves file: and untitled:). */
export const webSchemes = ['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'] as const;

/** The globals of the web extension host used here (typed by hand: the client project has no DOM types). */
type ServerWorker = Extract<ServerOptions, { postMessage: unknown }>;
interface BrowserGlobals {
  Worker: new (url: string) => ServerWorker;
  Blob: new (parts: Uint8Array[], options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string };
}

/**
 * Starts dist/web/server.js in a web worker. On github.dev and vscode.dev the extension is served over
 * https and the URL works as it is. An extension installed on a remote (code-server, a Codespace in the
 * browser, with the extension moved to the browser's host) has a vscode-remote: location, from which
 * VS Code's web worker host refuses to start workers ("Creating workers from remote extensions is
 * currently not supported"): then the script is read through vscode.workspace.fs and started from a blob.
 */
export async function startServerWorker(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<ServerWorker> {
  const g = globalThis as unknown as BrowserGlobals;
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  if (serverMain.scheme !== 'vscode-remote') {
    return new g.Worker(serverMain.toString(true));
  }
  output.info(`Starting the language server from a copy of ${serverMain.path}: web workers cannot load a remote extension's files directly`);
  const bytes = await vscode.workspace.fs.readFile(serverMain);
  return new g.Worker(g.URL.createObjectURL(new g.Blob([bytes], { type: 'application/javascript' })));
}

export function createWebLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ManagedClient {
  // The workspace's schemes: github.dev's files are vscode-vfs://github/..., vscode.dev's local folders
  // file:, code-server's vscode-remote://...; untitled documents too. Not git: and other read-only
  // views (the base side of a diff), whose includes would resolve outside the workspace.
  const options = clientOptions(
    output,
    webSchemes.map((scheme) => ({ scheme, language: languageId })),
  );
  // A fresh worker for every start: a restart after a crash does not reuse the dead one. The transports
  // are made here: the client's own `instanceof Worker` fails for the worker VS Code's web host makes
  // (its Worker is a wrapper function, whose result is a plain Worker).
  // The client's stop() does not end a worker (vscode-languageserver's browser exit does nothing):
  // the previous one is terminated here, at the next start and when the extension is disposed.
  let current: { terminate(): void } | undefined;
  context.subscriptions.push({ dispose: () => current?.terminate() });
  const start = async (): Promise<MessageTransports> => {
    current?.terminate();
    const worker = await startServerWorker(context, output);
    current = worker as { terminate(): void };
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  return manage(new LanguageClient('incidentmap', 'Incident Map', start, options), output);
}

/** Answers the browser server's file requests, through the same gate as the Node server (readFile.ts). */
export function serveFiles(client: { onRequest: LanguageClient['onRequest'] }, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const fs = {
    stat: (uri: string) => Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.parse(uri, true))),
    readFile: (uri: string) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse(uri, true))),
  };
  return [
    client.onRequest(ReadFileRequest.method, async (p: ReadFileRequest.Params): Promise<ReadFileRequest.Result> => {
      if (typeof p?.uri !== 'string' || typeof p.root !== 'string') {
        return { ok: false, reason: 'unreadable', detail: 'a malformed request' };
      }
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
      const r = await readWorkspaceFile(p.uri, p.root, { folders, fs });
      if (!r.ok && r.reason !== 'not-found') {
        output.info(`Not read for the language server: ${p.uri} (${r.reason}${r.detail ? `: ${r.detail}` : ''})`);
      }
      return r;
    }),
    client.onRequest(FindMapsRequest.method, async (p: FindMapsRequest.Params): Promise<FindMapsRequest.Result> => {
      const max = typeof p?.max === 'number' && p.max > 0 ? Math.min(p.max, 5000) : 5000;
      const found = await vscode.workspace.findFiles('**/*.incidentmap', '{**/node_modules/**,**/.git/**}', max);
      // Sorted, so the same workspace always yields the same order (as the Node server's walk).
      return { uris: found.map((u) => u.toString()).sort() };
    }),
  ];
}
