// The graph panel on the extension side: one webview beside the editor that follows the active map,
// refreshes when the server publishes a new analysis, and acts on the webview's messages only after
// parseFromWebview has accepted them.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { GraphRequest, ScenariosRequest, SimulateRequest, type AnalyzedNotification, type OpenGraphArgs } from '../../../server/src/protocol/lsp';
import { openingView, panelView, type ElkNode, type GraphModel } from '../../../server/src/core/graph/index';
import { embeddedJson, graphPage, makeNonce } from './html';
import type { LayoutHost } from './layoutHost';
import { isSvgDocument, isWebLink, parseFromWebview, pngBytes, type FromWebview, type ToWebview } from './protocol';
import { waitAtMost } from './wait';

const viewType = 'incidentmap.graph';
const languageId = 'incidentmap';

let current: GraphPanel | undefined;

/**
 * What the Node entry adds (graph/nodeGraph.ts): the extension's warm ELK thread, and the page's script
 * and style sheet read from the extension's files to be written into the page. The browser entry has
 * neither: its page fetches its files and lays out with its own ELK worker.
 */
export interface GraphPlatform {
  layout?: Pick<LayoutHost, 'layout'>;
  readPageFiles?(webviewRoot: vscode.Uri, media: vscode.Uri): { script: string; styles: string };
}
let graphPlatform: GraphPlatform = {};

export function setGraphPlatform(p: GraphPlatform): void {
  graphPlatform = p;
}

let pageFilesRead: { script: string; styles: string } | undefined | null;

/**
 * The page's script and style sheet, read once from the extension's own files, to be written into the page
 * (html.ts, `inline`). Undefined when they cannot be read: the page then fetches them.
 */
function pageFiles(webviewRoot: vscode.Uri, media: vscode.Uri): { script: string; styles: string } | undefined {
  if (pageFilesRead === undefined) {
    try {
      pageFilesRead = graphPlatform.readPageFiles ? graphPlatform.readPageFiles(webviewRoot, media) : null;
    } catch {
      pageFilesRead = null;
    }
  }
  return pageFilesRead ?? undefined;
}

// ---------------------------------------------------------------------------------------------------
// The active map's graph, asked for and laid out ahead of the command: after each full analysis (on open
// and on save) of the map in the active editor, on switching to a map, and on closing the panel, while no
// panel is open, the extension asks the language server for the graph and lays out its opening view in
// the warm ELK thread. "Open Graph" then starts with both in hand, and a small map goes into the page
// itself (docs/PERFORMANCE.md, first paint).
// Only in a workspace where the graph has been opened before (`graphUsedKey`, kept across windows): who
// never opens it pays no layout on each save. The very first graph gains little from it anyway: VS Code
// takes seconds to start a window's first webview, and the request and layout run beside that.

type Prepared = { result: GraphRequest.Result; layout?: { key: string; graph: ElkNode }; answered: number; laidOut: number };
/** The latest analysis the server announced for each map (AnalyzedNotification's version, GraphRequest's too). */
const latestVersion = new Map<string, number>();
let prepared: { uri: string; version: number; promise: Promise<Prepared | undefined>; value?: Prepared } | undefined;
let prepareTimer: ReturnType<typeof setTimeout> | undefined;
/** After a full analysis, wait this long for the next one (a save that re-analyses included files) before asking. */
const prepareDelayMs = 250;
/** Workspace state: the graph has been opened in this workspace, so the active map's is prepared ahead. */
const graphUsedKey = 'incidentmap.graphOpened';
/**
 * A map message up to this size goes into the page's HTML; a larger one is posted when the page is ready.
 * The samples are 20-100 KB. At 300 components (1.1 MB) the HTML made VS Code's part longer by more than
 * it saved in ours (docs/PERFORMANCE.md): those go as bytes.
 */
const embedLimit = 250_000;
/**
 * The longest a large map's whole map waits for the page to say its opening view is painted. The page says
 * so within a second or two (1,000 components, docs/PERFORMANCE.md); this only stops a silent page from
 * holding it for ever.
 */
const paintWaitMs = 15_000;
/** A map message larger than this (JSON characters) is posted as bytes (`packedModel`). */
const packAbove = 200_000;

/** Keeps the active map's graph and layout ready for the command (see above). */
export function prepareGraphs(context: vscode.ExtensionContext, client: LanguageClient, onAnalyzed: vscode.Event<AnalyzedNotification.Params>, log?: (line: string) => void): void {
  // When the active map was analysed in full, when the user switches to a map already analysed, and when
  // the panel closes (the map then in the editor is the likeliest next graph).
  prepareActive = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri || current || !latestVersion.has(uri) || preparedFor(uri) || !context.workspaceState.get<boolean>(graphUsedKey)) {
      return;
    }
    clearTimeout(prepareTimer);
    prepareTimer = setTimeout(() => {
      const version = latestVersion.get(uri);
      if (current || version === undefined || vscode.window.activeTextEditor?.document.uri.toString() !== uri) {
        return;
      }
      const started = Date.now();
      const promise = prepare(client, uri).catch(() => undefined);
      const entry: NonNullable<typeof prepared> = { uri, version, promise };
      prepared = entry;
      void promise.then((v) => {
        entry.value = v;
        // In the Output view: what the graph costs in the background, once per analysis of the active map,
        // and only where the graph is used (the e2e test waits for this line before it times the command).
        if (v) {
          log?.(`Graph of ${basename(uri)} prepared for Open Graph: answered in ${v.answered - started} ms, laid out in ${v.laidOut - v.answered} ms`);
        }
      });
    }, prepareDelayMs);
  };
  context.subscriptions.push(
    onAnalyzed((p) => {
      latestVersion.set(p.uri, p.version);
      if (p.full) {
        prepareActive();
      }
    }),
    vscode.window.onDidChangeActiveTextEditor(() => prepareActive()),
    { dispose: () => clearTimeout(prepareTimer) },
  );
}

/** Prepares the active map's graph if it is due (set by prepareGraphs). */
let prepareActive = (): void => undefined;

async function prepare(client: LanguageClient, uri: string): Promise<Prepared | undefined> {
  const result = await client.sendRequest(GraphRequest.type, { uri });
  const answered = Date.now();
  if (result.version !== latestVersion.get(uri)) {
    return undefined; // analysed again meanwhile
  }
  const layout = await hostLayout(client, result.graph);
  return { result, layout, answered, laidOut: Date.now() };
}

/** What was prepared for `uri`, if it is of the map's latest analysis. */
function preparedFor(uri: string): (typeof prepared & {}) | undefined {
  return prepared && prepared.uri === uri && prepared.version === latestVersion.get(uri) ? prepared : undefined;
}

/**
 * The extension's layout of the opening view, or undefined when it fails (the page then lays out itself).
 * Never raced against a timer: the thread is warm and the page's own ELK would start cold, so waiting for
 * it is always the shorter way to a picture; a runaway layout ends at layoutHost's 30 s deadline.
 */
async function hostLayout(client: LanguageClient, graph: GraphModel): Promise<{ key: string; graph: ElkNode } | undefined> {
  const layoutHost = graphPlatform.layout;
  if (!layoutHost) {
    return undefined;
  }
  const started = Date.now();
  try {
    const r = await layoutHost.layout(panelView(graph));
    client.info(`Graph panel: ${r.cached ? 'reused the layout of' : 'laid out'} ${graph.components.length} components in ${Date.now() - started} ms`);
    return { key: r.key, graph: r.graph };
  } catch (e) {
    client.warn(`Graph panel: the extension's layout failed (${(e as Error).message}); the page lays out itself.`);
    return undefined;
  }
}

/** Opens (or reveals) the graph beside the editor for `args.uri`, simulating `args.simulate` if given. */
export async function openGraphPanel(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  args: OpenGraphArgs,
  onAnalyzed?: vscode.Event<AnalyzedNotification.Params>,
): Promise<void> {
  if (!current) {
    current = new GraphPanel(context, client, Date.now(), onAnalyzed, args.uri);
    void context.workspaceState.update(graphUsedKey, true);
  }
  await current.show(args);
}

/** Runs a view command (fit, export…) on the open graph, if any. */
export function postToGraph(command: Extract<ToWebview, { type: 'command' }>['command']): void {
  current?.post({ type: 'command', command });
}

class GraphPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private uri?: string;
  /** The files of the graph shown: reveal requests may only point into these. */
  private files = new Set<string>();
  private ready: Promise<void>;
  private markReady!: () => void;
  /** Whether the page has said it is ready once: a second 'ready' is a reloaded page, which asks again. */
  private wasReady = false;
  private refreshing?: AbortController;

  /**
   * Resolved when the page has painted its first picture ('painted'): a large map's whole map is posted only
   * then, after its opening view, so that carrying and reading it does not hold up that first picture.
   */
  private painted!: Promise<void>;
  private markPainted!: () => void;
  private pagePainted = false;

  /** The map written into the page's HTML, if any: not posted again when the page is ready. */
  private embedded?: { uri: string; version: number };

  constructor(
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    commandAt: number,
    onAnalyzed?: vscode.Event<AnalyzedNotification.Params>,
    firstUri?: string,
  ) {
    const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(context.extensionUri, 'client', 'media');
    this.panel = vscode.window.createWebviewPanel(
      viewType,
      'Incident Map',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: true, localResourceRoots: [webviewRoot, media] },
    );
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'icons', 'incidentmap.svg');
    const webview = this.panel.webview;
    // The map, when it was prepared before the command and is small: in the page itself.
    const ready = firstUri ? preparedFor(firstUri)?.value : undefined;
    let model: string | undefined;
    if (firstUri && ready) {
      const { result: r, layout } = ready;
      const now = Date.now();
      const text = embeddedJson({
        type: 'model', uri: firstUri, name: basename(firstUri), version: r.version, graph: r.graph, findings: r.findings, layout,
        timing: { request: commandAt, answered: ready.answered, laidOut: ready.laidOut, ready: now, posted: now },
      } satisfies ToWebview);
      if (text.length <= embedLimit) {
        model = text;
        this.embedded = { uri: firstUri, version: r.version };
        this.files = new Set(r.graph.files);
      }
    }
    webview.html = graphPage({
      model,
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.js')).toString(),
      workerUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'layoutWorker.js')).toString(),
      stylesUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.css')).toString(),
      inline: pageFiles(webviewRoot, media),
      openedAt: { command: commandAt, panel: Date.now() },
    });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.waitForPaint();

    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const m = parseFromWebview(raw);
        if (!m) {
          this.client.warn('Ignored a malformed message from the graph webview.');
          return;
        }
        void this.handle(m).catch((e) => this.client.error('Graph panel: handling a webview message failed', e, false));
      }),
      this.panel.onDidDispose(() => this.dispose()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the active map; other editors (output, settings) leave the graph as it is.
        if (editor?.document.languageId === languageId && editor.document.uri.toString() !== this.uri) {
          void this.show({ uri: editor.document.uri.toString() }, false);
        }
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const uri = e.textEditor.document.uri.toString();
        if (e.textEditor.document.languageId === languageId && this.files.has(uri)) {
          const p = e.selections[0]!.active;
          this.post({ type: 'cursor', uri, position: { line: p.line, character: p.character } });
        }
      }),
    );
    if (onAnalyzed) {
      this.disposables.push(
        onAnalyzed((p) => {
          // Full analyses arrive on open and on save; the as-you-type pass would make the picture flicker.
          if (p.full && (p.uri === this.uri || this.files.has(p.uri))) {
            void this.refresh();
          }
        }),
      );
    }
  }

  async show(args: OpenGraphArgs, reveal = true): Promise<void> {
    if (reveal) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.uri = args.uri;
    this.panel.title = `Incident Map: ${basename(args.uri)}`;
    // Asks the server (and lays out) while VS Code is still loading the page: refresh waits for the page only to post.
    await this.refresh();
    if (args.simulate && args.simulate.length > 0) {
      await this.simulate(args.simulate);
    }
  }

  private waitForPaint(): void {
    this.pagePainted = false;
    this.painted = new Promise((resolve) => (this.markPainted = resolve));
  }

  post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  /** A map as it is, or packed as JSON bytes when it is large (a few hundred components and up). */
  private postModel(m: Extract<ToWebview, { type: 'model' }>): void {
    const { type: _type, uri, name, version, timing, opening, ...body } = m;
    const json = JSON.stringify(body);
    if (json.length < packAbove) {
      this.post({ ...m, timing: timing && { ...timing, posted: Date.now() } });
      return;
    }
    const data = new TextEncoder().encode(json);
    this.post({ type: 'packedModel', uri, name, version, data, timing: timing && { ...timing, posted: Date.now() }, ...(opening ? { opening } : {}) });
  }

  /** Whether the webview holds scenarios from this panel (so that a map without any clears them). */
  private sentScenarios = false;

  private async refresh(): Promise<void> {
    const uri = this.uri;
    if (!uri) {
      return;
    }
    this.refreshing?.abort();
    const controller = new AbortController();
    this.refreshing = controller;
    try {
      const token = new vscode.CancellationTokenSource();
      controller.signal.addEventListener('abort', () => token.cancel());
      const request = Date.now();
      // Asked for and laid out ahead of the command (prepareGraphs), or now.
      const early = preparedFor(uri);
      const pre = early && (await early.promise);
      let r: GraphRequest.Result;
      let layout: { key: string; graph: ElkNode } | undefined;
      let answered: number;
      let laidOut: number;
      if (pre && pre.result.version === latestVersion.get(uri)) {
        ({ result: r, layout, answered, laidOut } = pre);
      } else {
        r = await this.client.sendRequest(GraphRequest.type, { uri }, token.token);
        if (controller.signal.aborted || uri !== this.uri) {
          return;
        }
        answered = Date.now();
        layout = await hostLayout(this.client, r.graph);
        laidOut = Date.now();
      }
      this.files = new Set(r.graph.files);
      await this.ready;
      if (controller.signal.aborted || uri !== this.uri) {
        return;
      }
      const ready = Date.now();
      const inPage = this.embedded?.uri === uri && this.embedded.version === r.version;
      this.embedded = undefined;
      if (!inPage) {
        const model = { type: 'model', uri, name: basename(uri), version: r.version, graph: r.graph, findings: r.findings, layout, timing: { request, answered, laidOut, ready, posted: 0 } } as const;
        // A large map's first picture is its overview: send that first (a third of the bytes), the whole map
        // once it is painted (docs/PERFORMANCE.md). Only for the page's first picture: later, the page may
        // show other views (domains expanded), which only the whole map has.
        const opening = this.pagePainted ? undefined : openingView(r.graph, r.findings);
        if (opening) {
          this.postModel({ ...model, graph: opening.graph, findings: opening.findings, opening: { components: r.graph.components.length } });
          // Bounded: a page that never says it painted (a script error) still gets the whole map.
          await waitAtMost(this.painted, paintWaitMs, controller.signal);
          if (controller.signal.aborted || uri !== this.uri) {
            return;
          }
        }
        this.postModel(model);
      }
      // The map's declared stress scenarios, phase by phase, for the scenario picker.
      const sc = await this.client.sendRequest(ScenariosRequest.type, { uri }, token.token);
      // An empty list is sent only to clear the previous map's: a map without scenarios sends nothing.
      if (!controller.signal.aborted && uri === this.uri && (sc.scenarios.length > 0 || this.sentScenarios)) {
        this.post({ type: 'scenarios', uri, scenarios: sc.scenarios });
        this.sentScenarios = sc.scenarios.length > 0;
      }
    } catch (e) {
      if (!controller.signal.aborted) {
        this.post({ type: 'status', level: 'error', message: `Cannot show ${basename(uri)}: ${(e as Error).message}` });
      }
    }
  }

  private async simulate(fail: string[]): Promise<void> {
    if (!this.uri) {
      return;
    }
    const r = await this.client.sendRequest(SimulateRequest.type, { uri: this.uri, fail });
    if ('unknown' in r) {
      this.post({ type: 'simulationUnknown', fail, unknown: r.unknown });
    } else {
      this.post({ type: 'simulation', fail, result: r });
    }
  }

  private async handle(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.markReady();
        // A reloaded webview (after a crash or a reload command) asks again; the first is served by show().
        if (this.wasReady) {
          this.markPainted(); // anything still waiting for the old page's picture goes on
          this.waitForPaint();
          await this.refresh();
        }
        this.wasReady = true;
        return;
      case 'painted':
        this.pagePainted = true;
        this.markPainted();
        return;
      case 'reveal':
      case 'open': {
        if (!this.files.has(m.uri)) {
          this.client.warn(`Graph panel: refused to reveal ${m.uri}, which is not part of the map shown.`);
          return;
        }
        const visible = vscode.window.visibleTextEditors.find((ed) => ed.document.uri.toString() === m.uri);
        if (!visible && m.type === 'reveal') {
          // A click in a maximised graph selects; it does not open an editor (which would restore the layout).
          return;
        }
        const doc = visible?.document ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(m.uri, true)));
        const range = doc.validateRange(new vscode.Range(m.range.start.line, m.range.start.character, m.range.end.line, m.range.end.character));
        // The graph keeps focus: the editor follows, the panel stays as it was (maximised or not).
        const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: m.type === 'reveal' });
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'simulate':
        await this.simulate(m.fail);
        return;
      case 'openRunbook':
        if (isWebLink(m.url)) {
          await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        } else {
          // Never the webview's text in a notification: VS Code turns [x](command:...) there into a link.
          void vscode.window.showWarningMessage('Incident Map opens only plain http(s) runbook links; this link was not opened. Check the runbook field of the component in the map.');
        }
        return;
      case 'export':
        await this.export(m.format, m.data);
        return;
      case 'log':
        if (m.level === 'error') {
          this.client.error(`Graph panel: ${m.message}`, undefined, false);
        } else {
          this.client.info(`Graph panel: ${m.message}`);
        }
        return;
    }
  }

  private async export(format: 'svg' | 'png', data: string): Promise<void> {
    const bytes = format === 'png' ? pngBytes(data) : isSvgDocument(data) ? new TextEncoder().encode(data) : undefined;
    if (!bytes) {
      this.client.warn(`Graph panel: ignored an export that is not a ${format.toUpperCase()} file.`);
      return;
    }
    const base = this.uri ? basename(this.uri).replace(/\.incidentmap$/, '') : 'incidentmap';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${format}`) : undefined,
      filters: format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
      title: `Export the incident map as ${format.toUpperCase()}`,
    });
    if (target) {
      await vscode.workspace.fs.writeFile(target, bytes);
      void vscode.window.showInformationMessage(`Exported ${vscode.workspace.asRelativePath(target)}.`);
    }
  }

  private dispose(): void {
    current = undefined;
    this.refreshing?.abort();
    this.disposables.forEach((d) => d.dispose());
    prepareActive();
  }
}

function basename(uri: string): string {
  // Uri.parse decodes the path (and never throws on a stray %, where decodeURIComponent would).
  return vscode.Uri.parse(uri).path.split('/').pop() ?? uri;
}
