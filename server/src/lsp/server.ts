// Wires the connection: capabilities, the workspace and its scheduler, and one module per feature.
// Nothing here knows about components; the handlers call the core.
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { format } from 'node:util';
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
import { toUri } from '../node/nodeHost';
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
import { InProcessScheduler, type AnalysisScheduler } from './scheduler';
import { SettingsStore } from './settings';
import { WorkerScheduler } from './worker';
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

export function startServer(connection: Connection, workerScript: string | undefined): void {
  // stdout is the protocol channel under --stdio: every console call goes to the client's log instead.
  console.log = (...a: unknown[]) => connection.console.log(format(...a));
  console.info = (...a: unknown[]) => connection.console.info(format(...a));
  console.warn = (...a: unknown[]) => connection.console.warn(format(...a));
  console.error = (...a: unknown[]) => connection.console.error(format(...a));
  console.debug = (...a: unknown[]) => connection.console.log(format(...a));
  process.on('uncaughtException', (e) => connection.console.error(`incidentmap: uncaught exception: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`incidentmap: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

  const documents = new TextDocuments(TextDocument);
  const { request, notification } = makeGuard(connection);
  let workspace: Workspace | undefined;
  let init: InitializeParams | undefined;

  connection.onInitialize((params): InitializeResult => {
    init = params;
    const opts = (typeof params.initializationOptions === 'object' && params.initializationOptions !== null ? params.initializationOptions : {}) as InitializationOptions;
    const caps = params.capabilities ?? {};
    const settings = new SettingsStore(connection, caps.workspace?.configuration === true);
    const scheduler: AnalysisScheduler =
      opts.worker !== false && workerScript
        ? new WorkerScheduler({ script: workerScript, deadlineMs: 60_000, maxHeapMb: 2048, log: (m) => connection.console.warn(m) })
        : new InProcessScheduler();
    // Booting the worker (loading the server bundle in it) takes 100-200 ms; the first map opened
    // should not wait for it.
    scheduler.warm?.();
    workspace = new Workspace(connection, documents, scheduler, settings, {
      debounceMs: typeof opts.debounceMs === 'number' && opts.debounceMs >= 0 ? opts.debounceMs : 200,
      now: typeof opts.now === 'number' ? opts.now : nowFromEnvironment(),
      maxFiles: 5000,
    });
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [toUri(params.rootPath)] : []);
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
      let timer: NodeJS.Timeout | undefined;
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
  if (process.env['INCIDENTMAP_LOOP_STATS'] === '1') {
    registerLoopStats(connection);
  }
  documents.listen(connection);
  connection.listen();
}

/**
 * For the benchmarks (INCIDENTMAP_LOOP_STATS=1): `incidentmap/loopStats` answers how long the main loop
 * was blocked since the last call (Node's event-loop delay histogram, in ms), then starts again.
 */
function registerLoopStats(connection: Connection): void {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // The longest garbage-collection pause beside it, to tell a long turn of ours from a collector's.
  let gcMax = 0;
  let gcMaxKind = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration > gcMax) {
        gcMax = e.duration;
        gcMaxKind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      }
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  connection.onRequest('incidentmap/loopStats', () => {
    const stats = { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, mean: delay.mean / 1e6, gcMax, gcMaxKind };
    delay.reset();
    gcMax = 0;
    return stats;
  });
}

/**
 * `INCIDENTMAP_NOW` (an ISO date), as for the CLI: pins "today" for rehearsal ages when the client did
 * not (the real-editor tests set it in the editor's environment, which the server inherits).
 */
function nowFromEnvironment(): number | undefined {
  const raw = process.env['INCIDENTMAP_NOW'];
  const now = raw !== undefined ? Date.parse(raw) : NaN;
  return Number.isFinite(now) ? now : undefined;
}
