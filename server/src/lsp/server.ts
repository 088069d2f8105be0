// Wires the connection: capabilities, the workspace and its scheduler, and one module per feature.
// Nothing here knows about components; the handlers call the core. Nothing here knows whether it runs
// in Node or in a browser's web worker either: that is the platform (platform.ts).
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from './context';
import { makeGuard } from './guard';
import { registerCodeActions } from './handlers/codeActions';
import { registerCodeLens } from './handlers/codeLens';
import { registerCompletion } from './handlers/completion';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerFolding } from './handlers/folding';
import { registerGraph } from './handlers/graph';
import { registerHover } from './handlers/hover';
import { registerNavigation } from './handlers/navigation';
import { registerRename } from './handlers/rename';
import { registerSymbols } from './handlers/symbols';
import type { ServerPlatform } from './platform';
import { SettingsStore } from './settings';
import { Workspace } from './workspace';

/** `initializationOptions` the server understands; every field is optional. */
export interface InitializationOptions {
  /** Debounce of the as-you-type analysis, default 200 ms. */
  debounceMs?: number;
  /** Run analyses in a worker thread (default true); false runs them on the main thread. */
  worker?: boolean;
  /** Epoch ms used as "today" for rehearsal ages (tests). */
  now?: number;
}

export function startServer(connection: Connection, platform: ServerPlatform): void {
  // stdout is the protocol channel under --stdio: every console call goes to the client's log instead.
  const format = (a: unknown[]) => platform.format(a);
  console.log = (...a: unknown[]) => connection.console.log(format(a));
  console.info = (...a: unknown[]) => connection.console.info(format(a));
  console.warn = (...a: unknown[]) => connection.console.warn(format(a));
  console.error = (...a: unknown[]) => connection.console.error(format(a));
  console.debug = (...a: unknown[]) => connection.console.log(format(a));
  platform.onUncaught((m) => connection.console.error(m));

  const documents = new TextDocuments(TextDocument);
  const { request, notification } = makeGuard(connection);
  let workspace: Workspace | undefined;
  let init: InitializeParams | undefined;

  connection.onInitialize((params): InitializeResult => {
    init = params;
    const opts = (typeof params.initializationOptions === 'object' && params.initializationOptions !== null ? params.initializationOptions : {}) as InitializationOptions;
    const caps = params.capabilities ?? {};
    const settings = new SettingsStore(connection, caps.workspace?.configuration === true);
    const scheduler = platform.createScheduler(connection, opts.worker !== false);
    // Booting the worker (loading the server bundle in it) takes 100-200 ms; the first map opened
    // should not wait for it.
    scheduler.warm?.();
    workspace = new Workspace(connection, documents, scheduler, settings, platform.files, {
      debounceMs: typeof opts.debounceMs === 'number' && opts.debounceMs >= 0 ? opts.debounceMs : 200,
      now: typeof opts.now === 'number' ? opts.now : platform.pinnedNow(),
      maxFiles: 5000,
    });
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [platform.pathToUri(params.rootPath)] : []);
    workspace.setFolders(folders);

    const ctx: ServerContext = {
      connection,
      documents,
      workspace,
      request,
      notification,
      client: {
        codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
        markdown: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? true,
      },
    };
    registerDiagnostics(ctx, settings);
    registerHover(ctx);
    registerCompletion(ctx);
    registerNavigation(ctx);
    registerRename(ctx);
    registerSymbols(ctx);
    registerFolding(ctx);
    registerCodeActions(ctx);
    registerCodeLens(ctx);
    registerGraph(ctx);

    if (ctx.client.codeLensRefresh) {
      // Blast radius depends on other files too: refresh lenses after full analyses, at most every 500 ms.
      let timer: ReturnType<typeof setTimeout> | undefined;
      workspace.analyzed.push((_entry, full) => {
        if (full && !timer) {
          timer = setTimeout(() => {
            timer = undefined;
            connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
          }, 500);
        }
      });
    }

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-', '['], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: caps.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        documentSymbolProvider: { label: 'Incident map' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'incidentmap-language-server' },
    };
  });

  connection.onInitialized(
    notification('initialized', async () => {
      // Which server answered (Node or the browser's web worker): the web end-to-end test looks for it.
      connection.console.info(`incidentmap language server started (${platform.kind})`);
      const ws = workspace!;
      const caps = init?.capabilities ?? {};
      if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.incidentmap' }, { globPattern: '**/incidentmap.config.yaml' }],
        });
      }
      if (caps.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          notification('didChangeWorkspaceFolders', async () => {
            const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
            ws.setFolders(folders.map((f) => f.uri));
            ws.analyzeAll(await ws.scan());
          }),
        );
      }
      const uris = await ws.scan();
      if (caps.window?.workDoneProgress && uris.length > 0) {
        const progress = await connection.window.createWorkDoneProgress();
        progress.begin('incidentmap', 0, `analysing ${uris.length} map${uris.length === 1 ? '' : 's'}`);
        ws.analyzeAll(uris, {
          report: (done, total) => progress.report(Math.round((done / total) * 100), `${done}/${total} maps`),
          end: () => progress.done(),
        });
      } else {
        ws.analyzeAll(uris);
      }
    }),
  );

  connection.onShutdown(() => workspace?.dispose());
  platform.register?.(connection);
  documents.listen(connection);
  connection.listen();
}
