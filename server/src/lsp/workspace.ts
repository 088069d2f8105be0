// The workspace: which maps exist, which files each one includes, what to re-analyse when a file
// changes, and which findings to publish for each file.
//
// Every map file is analysed as an entry of its own, and a file's diagnostics are the union of the
// findings every analysis that reads it reports there; so editing an included file re-analyses the
// maps that include it, and closing it keeps their findings (they now read it from disk).
//
// Analyses run one at a time through a scheduler (a worker thread by default). Pending work for a map
// is replaced by newer work, never queued twice; every result carries a snapshot of the document
// versions it read, and a result whose files changed since is dropped, never published.
import { DiagnosticSeverity, type CancellationToken, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildGraph, mergeFindings, mostImportant, mostSevere, type EntryFindings, configFileName, dirname, isWithin, ruleById, sceneScenarios, type Finding, type PropGraph } from '../core/index';
import type { View } from '../core/language/index';
import type { SceneScenario } from '../core/graph/scene';
import { AnalyzedNotification } from '../protocol/lsp';
import type { ServerFiles } from './platform';
import type { AnalysisOutput, AnalysisScheduler, EarlyFindings } from './scheduler';
import type { SettingsStore } from './settings';
import { toBaseSettings } from './settings';
import { moveFinding, rangeMapAfterEdit, type RangeMap } from './carry';
import { toDiagnostic } from './toLsp';

export interface WorkspaceOptions {
  /** Quiet time after a keystroke before the as-you-type analysis. */
  debounceMs: number;
  /** Pinned "today" for rehearsal ages (tests). */
  now?: number;
  /** Most map files a workspace scan picks up. */
  maxFiles: number;
}

interface Snapshot {
  /** Each open document's content key (contentKey). */
  open: ReadonlyMap<string, string>;
  disk: ReadonlyMap<string, number>;
  /** Each open document's text, to move a full analysis's findings across later edits. */
  texts: ReadonlyMap<string, string>;
}

interface Stored extends AnalysisOutput {
  full: boolean;
  /** Increases with every published analysis, across the workspace. */
  seq: number;
  snapshot: Snapshot;
  graph?: PropGraph;
}

interface EntryState {
  latest?: Stored;
  /** The last analysis with every rule: its propagation findings outlive as-you-type passes. */
  full?: Stored;
  /** Why the last analysis failed (a crashed or overrunning worker), shown on the entry. */
  failure?: Finding;
  /**
   * The findings of the entry's first analysis, published while its model is still being received
   * (a large map's model takes a few hundred ms more); cleared when the analysis settles.
   */
  early?: { files: string[]; findings: Finding[]; snapshot: Snapshot };
}

interface Pending {
  full: boolean;
  /** 0 for what the user is looking at, 1 for background work. */
  priority: number;
  order: number;
}

export const mapExtension = '.incidentmap';

/** VS Code shows at most this many diagnostics per file (an arbitrary subset of any more). */
export const maxDiagnosticsPerFile = 1000;

function basenameOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Findings only the propagation rules report: kept from the last full analysis while typing. */
function isPropagation(f: Finding): boolean {
  return ruleById.get(f.ruleId)?.check !== undefined;
}

export class Workspace {
  private folders: string[] = [];
  private readonly entries = new Set<string>();
  private readonly states = new Map<string, EntryState>();
  /** File → entries whose latest analysis read it. */
  private readonly readers = new Map<string, Set<string>>();
  private readonly queue = new Map<string, Pending>();
  private running: string | undefined;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly firing = new Set<string>();
  private readonly diskGen = new Map<string, number>();
  /** Open documents whose text was the file's on disk when opened: their version, and the file's generation. */
  private readonly asOnDisk = new Map<string, { version: number; gen: number }>();
  /**
   * The text of a document opened as it is on disk, and the disk generation it matched: an analysis
   * the workspace scan made from disk holds no text of it, yet its findings must move with the edits
   * that follow (issue 23, item 8, as seen in a real VS Code: open, type, no save).
   */
  private readonly openedFromDisk = new Map<string, { text: string; gen: number }>();
  private readonly sent = new Map<string, number>();
  /** What was last published per file, to skip re-sending identical diagnostics of closed files. */
  private readonly lastPublished = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>();
  private seq = 0;
  private order = 0;
  private waiters: (() => boolean)[] = [];
  private background: { remaining: Set<string>; total: number; report: (done: number, total: number) => void; end: () => void } | undefined;
  private disposed = false;
  /** Called after each published analysis (the server refreshes code lenses). */
  readonly analyzed: ((entry: string, full: boolean) => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly scheduler: AnalysisScheduler,
    private readonly settings: SettingsStore,
    private readonly files: ServerFiles,
    private readonly options: WorkspaceOptions,
  ) {}

  // ---- files and folders ------------------------------------------------------------------------

  setFolders(uris: string[]): void {
    this.folders = uris.map((u) => u.replace(/\/$/, ''));
  }

  isMap(uri: string): boolean {
    return uri.endsWith(mapExtension) || this.documents.get(uri)?.languageId === 'incidentmap';
  }

  /** Every map file under the workspace folders (bounded; node_modules and .git skipped; symlinks not followed). */
  scan(): Promise<string[]> {
    return this.files.scan(this.folders, this.options.maxFiles);
  }

  /** Analyses every map of the workspace in the background, reporting progress. */
  analyzeAll(uris: string[], progress?: { report: (done: number, total: number) => void; end: () => void }): void {
    uris.forEach((u) => this.entries.add(u));
    const todo = uris.filter((u) => !this.states.get(u)?.full && !this.queue.has(u) && this.running !== u);
    if (progress) {
      if (todo.length === 0) {
        progress.end();
      } else {
        this.background = { remaining: new Set(todo), total: todo.length, ...progress };
        progress.report(0, todo.length);
      }
    }
    this.schedule(todo, true, 1);
  }

  /** The folder an entry's includes must stay in: its workspace folder, else its repository, else its folder. */
  rootFor(uri: string): string {
    const folder = this.folders.filter((f) => isWithin(f, uri)).sort((a, b) => b.length - a.length)[0];
    if (folder) {
      return folder;
    }
    // Else (an untitled document, or no repository) its folder is as far as it may reach.
    return this.files.repositoryOf(uri) ?? dirname(uri);
  }

  private inFolders(uri: string): boolean {
    return this.folders.some((f) => isWithin(f, uri));
  }

  // ---- document and file events -----------------------------------------------------------------

  opened(uri: string): void {
    if (!this.isMap(uri)) {
      return;
    }
    this.entries.add(uri);
    this.cancelTimer(uri);
    // Usually a map is opened as it is on disk, and the workspace scan has analysed that file or is
    // doing so. Those results stay current: publish them, or let the running analysis finish,
    // instead of starting over (at 2,000 components that halves the wait for the first diagnostics).
    if (this.noteAsOnDisk(uri)) {
      const st = this.states.get(uri);
      if (this.running === uri && !this.queue.has(uri)) {
        return;
      }
      if (st?.full && st.latest === st.full && this.fresh(st.full, uri) && !this.busy(uri)) {
        this.publish(new Set([uri]));
        return;
      }
    }
    this.schedule(this.affected(uri), true, 0);
  }

  /** Records whether `uri`, just opened, holds the text of its file on disk. */
  private noteAsOnDisk(uri: string): boolean {
    this.asOnDisk.delete(uri);
    this.openedFromDisk.delete(uri);
    const doc = this.documents.get(uri);
    // Through the file gate like every other read (the browser server cannot read at once: undefined).
    const disk = this.files.readNow(uri, this.rootFor(uri));
    if (disk === undefined || !doc || disk !== doc.getText()) {
      return false;
    }
    this.asOnDisk.set(uri, { version: doc.version, gen: this.diskGen.get(uri) ?? 0 });
    this.openedFromDisk.set(uri, { text: disk, gen: this.diskGen.get(uri) ?? 0 });
    return true;
  }

  changed(uri: string): void {
    if (!this.isMap(uri)) {
      return;
    }
    this.cancelTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => void this.fire(uri), this.options.debounceMs),
    );
  }

  saved(uri: string): void {
    if (!this.isMap(uri)) {
      return;
    }
    this.cancelTimer(uri);
    this.schedule(this.affected(uri), true, 0);
  }

  closed(uri: string): void {
    this.cancelTimer(uri);
    this.asOnDisk.delete(uri);
    this.openedFromDisk.delete(uri);
    this.bumpDisk(uri);
    if (!this.isMap(uri) && !this.readers.has(uri)) {
      return;
    }
    const keep = this.inFolders(uri) && this.files.exists(uri);
    if (!keep && this.entries.has(uri)) {
      this.drop(uri);
    }
    // The maps that read it now read the file on disk again.
    this.schedule(this.affected(uri), true, 0);
  }

  /** workspace/didChangeWatchedFiles, and the config file. */
  filesChanged(changes: { uri: string; type: 'created' | 'changed' | 'deleted' }[]): void {
    const todo = new Set<string>();
    let everything = false;
    for (const c of changes) {
      this.bumpDisk(c.uri);
      if (c.uri.endsWith(`/${configFileName}`)) {
        everything = true;
        continue;
      }
      if (!c.uri.endsWith(mapExtension)) {
        continue;
      }
      if (c.type === 'deleted') {
        const readers = [...(this.readers.get(c.uri) ?? [])].filter((e) => e !== c.uri);
        if (!this.documents.get(c.uri)) {
          this.drop(c.uri);
        }
        readers.forEach((e) => todo.add(e));
        continue;
      }
      if (c.type === 'created' && this.inFolders(c.uri)) {
        this.entries.add(c.uri);
      }
      // An open document wins over its file on disk: nothing to redo for it.
      if (!this.documents.get(c.uri)) {
        this.affected(c.uri).forEach((e) => todo.add(e));
      }
      // A new file may be the missing include of another map.
      if (c.type === 'created') {
        for (const [e, st] of this.states) {
          if (st.latest?.findings.some((f) => f.ruleId === 'missing-include')) {
            todo.add(e);
          }
        }
      }
    }
    this.schedule(everything ? [...this.entries] : [...todo], true, 1);
  }

  /** didChangeConfiguration: settings may differ for every map. */
  configurationChanged(): void {
    this.schedule([...this.entries], true, 0);
  }

  private drop(entry: string): void {
    this.entries.delete(entry);
    this.queue.delete(entry);
    const st = this.states.get(entry);
    this.states.delete(entry);
    const files = st?.latest?.files ?? [entry];
    for (const f of files) {
      this.readers.get(f)?.delete(entry);
      if (this.readers.get(f)?.size === 0) {
        this.readers.delete(f);
      }
    }
    this.publish(new Set([...files, entry]));
  }

  private bumpDisk(uri: string): void {
    this.diskGen.set(uri, (this.diskGen.get(uri) ?? 0) + 1);
    this.scheduler.diskChanged?.(uri);
  }

  private cancelTimer(uri: string): void {
    const t = this.timers.get(uri);
    if (t) {
      clearTimeout(t);
      this.timers.delete(uri);
    }
  }

  /** The debounce ran out (or a request needs fresh results now). */
  private async fire(uri: string): Promise<void> {
    this.cancelTimer(uri);
    this.firing.add(uri);
    try {
      const s = await this.settings.get(uri);
      this.schedule(this.affected(uri), s.analyzeOn === 'type', 0);
    } finally {
      this.firing.delete(uri);
      this.checkWaiters();
    }
  }

  /** The entries to re-analyse when `uri` changes: itself, and every map that read it. */
  affected(uri: string): string[] {
    const out = this.entries.has(uri) ? [uri] : [];
    for (const e of this.readers.get(uri) ?? []) {
      if (e !== uri && this.entries.has(e)) {
        out.push(e);
      }
    }
    return out;
  }

  // ---- scheduling ---------------------------------------------------------------------------------

  schedule(entries: string[], full: boolean, priority: number): void {
    for (const entry of entries) {
      const prior = this.queue.get(entry);
      this.queue.set(entry, {
        full: full || (prior?.full ?? false),
        priority: Math.min(priority, prior?.priority ?? priority),
        order: prior?.order ?? this.order++,
      });
    }
    this.pump();
  }

  private pump(): void {
    if (this.running !== undefined || this.queue.size === 0 || this.disposed) {
      this.checkWaiters();
      return;
    }
    let next: [string, Pending] | undefined;
    for (const item of this.queue) {
      if (!next || item[1].priority < next[1].priority || (item[1].priority === next[1].priority && item[1].order < next[1].order)) {
        next = item;
      }
    }
    const [entry, pending] = next!;
    this.queue.delete(entry);
    this.running = entry;
    void this.start(entry, pending.full).finally(() => {
      this.running = undefined;
      this.pump();
    });
  }

  private async start(entry: string, full: boolean): Promise<void> {
    try {
      const settings = await this.settings.get(entry);
      this.sync();
      const snapshot = this.snapshot();
      const job = { entry, root: this.rootFor(entry), syntaxOnly: !full, baseSettings: toBaseSettings(settings), now: this.options.now };
      const output = await this.scheduler.run(job, (early) => this.early(entry, snapshot, early));
      this.done(entry, full, snapshot, output);
    } catch (e) {
      this.failed(entry, e instanceof Error ? e : new Error(String(e)));
    } finally {
      // After the publish done() deferred: progress ends once every map's diagnostics are out.
      afterPendingInput(() => this.finishBackground(entry));
    }
  }

  /** Sends the open documents that changed since the last job to the scheduler's mirror. */
  private sync(): void {
    const open = new Set<string>();
    for (const doc of this.documents.all()) {
      open.add(doc.uri);
      if (this.sent.get(doc.uri) !== doc.version) {
        this.scheduler.setDocument(doc.uri, doc.getText());
        this.sent.set(doc.uri, doc.version);
      }
    }
    for (const uri of [...this.sent.keys()]) {
      if (!open.has(uri)) {
        this.scheduler.deleteDocument(uri);
        this.sent.delete(uri);
      }
    }
  }

  private snapshot(): Snapshot {
    const docs = this.documents.all();
    return { open: new Map(docs.map((d) => [d.uri, this.contentKey(d)])), disk: new Map(this.diskGen), texts: new Map(docs.map((d) => [d.uri, d.getText()])) };
  }

  /**
   * An open document's content: the file on disk as it was when the document was opened with the same
   * text, until the document is edited; otherwise its version. (The file may change on disk later; the
   * open document, and so the key, does not.)
   */
  private contentKey(doc: TextDocument): string {
    const same = this.asOnDisk.get(doc.uri);
    return same && same.version === doc.version ? `disk:${same.gen}` : `open:${doc.version}`;
  }

  private contentVersion(uri: string, s?: Snapshot): string {
    if (s) {
      return s.open.get(uri) ?? `disk:${s.disk.get(uri) ?? 0}`;
    }
    const doc = this.documents.get(uri);
    return doc ? this.contentKey(doc) : `disk:${this.diskGen.get(uri) ?? 0}`;
  }

  private fresh(stored: { snapshot: Snapshot }, uri: string): boolean {
    return this.contentVersion(uri, stored.snapshot) === this.contentVersion(uri);
  }

  /** A first analysis's findings, ahead of its model: published if nothing has been yet and they are current. */
  private early(entry: string, snapshot: Snapshot, early: EarlyFindings): void {
    const st = this.states.get(entry);
    if (!this.entries.has(entry) || st?.latest || early.files.some((f) => this.contentVersion(f, snapshot) !== this.contentVersion(f))) {
      return;
    }
    this.states.set(entry, { ...st, early: { files: early.files, findings: early.findings, snapshot } });
    this.addReader(entry, early.files);
    afterPendingInput(() => {
      if (!this.disposed) {
        this.publish(new Set([...early.files, entry]));
      }
    });
  }

  /** Records that `entry`'s analysis read `files`, so a change to any of them re-analyses it. */
  private addReader(entry: string, files: readonly string[]): void {
    for (const f of files) {
      let set = this.readers.get(f);
      if (!set) {
        set = new Set();
        this.readers.set(f, set);
      }
      set.add(entry);
    }
  }

  private done(entry: string, full: boolean, snapshot: Snapshot, output: AnalysisOutput): void {
    if (!this.entries.has(entry)) {
      return; // dropped while it ran
    }
    const stale = output.files.some((f) => this.contentVersion(f, snapshot) !== this.contentVersion(f));
    if (stale) {
      // A newer version is waiting or running; make sure this map is part of that work.
      if (!this.queue.has(entry)) {
        this.schedule([entry], full, 1);
      }
      return;
    }
    const st = this.states.get(entry) ?? {};
    const before = new Set(st.latest?.files ?? []);
    const stored: Stored = { ...output, full, seq: ++this.seq, snapshot };
    st.latest = stored;
    st.failure = undefined;
    st.early = undefined;
    if (full) {
      st.full = stored;
    }
    this.states.set(entry, st);
    for (const f of before) {
      this.readers.get(f)?.delete(entry);
    }
    this.addReader(entry, output.files);
    // Receiving the worker's reply was this turn's work. Converting and encoding every diagnostic
    // waits until the loop has read its input once more, so a request that came in meanwhile (a
    // hover, a keystroke) is not held up by both (docs/PERFORMANCE.md, "The main loop, measured").
    // Publishing later is safe: diagnosticsFor leaves out any result the text has moved past.
    afterPendingInput(() => {
      if (!this.disposed) {
        this.publish(new Set([...before, ...output.files, entry]));
        this.notifyAnalyzed(entry, stored);
      }
    });
  }

  private failed(entry: string, error: Error): void {
    this.connection.console.error(`incidentmap: analysis of ${entry} failed: ${error.stack ?? error.message}`);
    if (!this.entries.has(entry)) {
      return;
    }
    const st = this.states.get(entry) ?? {};
    st.early = undefined;
    st.failure = {
      ruleId: 'internal-error',
      severity: 'error',
      uri: entry,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `This map could not be analysed: ${error.message.split('\n')[0]}`,
    };
    this.states.set(entry, st);
    this.publish(new Set([entry]));
  }

  private finishBackground(entry: string): void {
    const bg = this.background;
    if (bg?.remaining.delete(entry)) {
      bg.report(bg.total - bg.remaining.size, bg.total);
      if (bg.remaining.size === 0) {
        this.background = undefined;
        bg.end();
      }
    }
  }

  // ---- results ------------------------------------------------------------------------------------

  /** Entries whose latest analysis read `uri` (its own first). */
  private covering(uri: string): string[] {
    const out = this.states.has(uri) ? [uri] : [];
    for (const e of this.readers.get(uri) ?? []) {
      if (e !== uri && this.states.has(e)) {
        out.push(e);
      }
    }
    return out;
  }

  private busy(entry: string): boolean {
    return this.queue.has(entry) || this.running === entry;
  }

  /** An edit of `uri` not yet handed to the scheduler (its debounce is running, or about to schedule). */
  private editPending(uri: string): boolean {
    return this.timers.has(uri) || this.firing.has(uri);
  }

  /**
   * The propagation findings of `full` (an entry's last full analysis) in `uri`, on the current text:
   * as they are if `uri` has not changed since; moved across the edits if it is open and has; those on
   * the items the edits touched are left out (carry.ts).
   */
  private carried(full: Stored, uri: string): Finding[] {
    const own = full.findings.filter((f) => f.uri === uri && isPropagation(f));
    if (own.length === 0 || this.fresh(full, uri)) {
      return own;
    }
    const map = this.rangeMap(full, uri);
    return map ? own.map((f) => moveFinding(f, map)).filter((f): f is Finding => f !== undefined) : [];
  }

  private readonly rangeMaps = new Map<string, { seq: number; version: number; map: RangeMap }>();

  private rangeMap(full: Stored, uri: string): RangeMap | undefined {
    const doc = this.documents.get(uri);
    let old = full.snapshot.texts.get(uri);
    const opened = this.openedFromDisk.get(uri);
    if (old === undefined && opened && (full.snapshot.disk.get(uri) ?? 0) === opened.gen) {
      old = opened.text; // analysed from disk, opened unchanged: that is the text the findings are on
    }
    if (!doc || old === undefined) {
      this.rangeMaps.delete(uri);
      return undefined; // a file on disk changed: its old findings cannot be placed
    }
    const cached = this.rangeMaps.get(uri);
    if (cached && cached.seq === full.seq && cached.version === doc.version) {
      return cached.map;
    }
    const m = full.model;
    const items = [...m.components.values(), ...m.domains.values(), ...m.failovers].filter((x) => x.uri === uri).map((x) => x.range);
    const map = rangeMapAfterEdit(old, doc.getText(), items);
    this.rangeMaps.set(uri, { seq: full.seq, version: doc.version, map });
    return map;
  }

  /**
   * The diagnostics to show for `uri` now, or undefined while a newer analysis of it is under way.
   * At most maxDiagnosticsPerFile: the errors and widest blast radii first, and one more diagnostic
   * that says how many were left out and where to see them all.
   */
  diagnosticsFor(uri: string): Diagnostic[] | undefined {
    const all = this.findingsFor(uri);
    if (!all) {
      return undefined;
    }
    if (all.length <= maxDiagnosticsPerFile) {
      return all.map(toDiagnostic);
    }
    const { shown, hidden } = mostImportant(all, maxDiagnosticsPerFile - 1);
    const errors = all.filter((f) => f.severity === 'error').length;
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        source: 'incidentmap',
        message: `This file has ${all.length} findings (${errors} error${errors === 1 ? '' : 's'}); the editor shows at most ${maxDiagnosticsPerFile} per file, so ${hidden} are not listed here. Listed first: every error, then the widest blast radius, then the rarer kinds. See all ${all.length}: run the command "Incident Map: Show All Findings of This File", or \`incidentmap check ${basenameOf(uri)}\` in a terminal.`,
        data: { hidden, total: all.length },
      },
      ...shown.map(toDiagnostic),
    ];
  }

  /** Every finding to show for `uri`, uncapped (the "show all findings" command), or undefined while a newer analysis is under way. */
  findingsFor(uri: string): Finding[] | undefined {
    const analyses: EntryFindings[] = [];
    for (const e of this.covering(uri)) {
      const st = this.states.get(e)!;
      const latest = st.latest;
      const findings: Finding[] = [];
      if (st.failure && e === uri) {
        findings.push(st.failure);
      }
      const current = latest ?? st.early;
      if (current) {
        if (!this.fresh(current, uri)) {
          // A newer analysis is coming: publishing now would label old (or no) findings with the new
          // version. The editor keeps showing the last ones until it arrives.
          if (this.busy(e) || this.editPending(uri)) {
            return undefined;
          }
          if (st.full) {
            findings.push(...this.carried(st.full, uri));
          }
        } else {
          findings.push(...current.findings);
          if (latest && !latest.full && st.full) {
            findings.push(...this.carried(st.full, uri));
          }
        }
      }
      analyses.push({ entry: e, files: current?.files.length ?? 0, findings });
    }
    return mergeFindings(analyses, uri);
  }

  private publish(uris: Set<string>): void {
    for (const uri of uris) {
      const diagnostics = this.diagnosticsFor(uri);
      if (diagnostics) {
        const version = this.documents.get(uri)?.version;
        const last = this.lastPublished.get(uri);
        // Compared by value, not as JSON: at 2,000 components the diagnostics are 2.8 MB of JSON,
        // and serializing them here as well as in sendDiagnostics made this turn of the loop twice as long.
        if (!last || last.version !== version || !sameJson(last.diagnostics, diagnostics)) {
          this.lastPublished.set(uri, { version, diagnostics });
          void this.connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
        }
      }
    }
    this.checkWaiters();
  }

  private notifyAnalyzed(entry: string, stored: Stored): void {
    const findings = this.findingsOf(entry);
    const counts = { error: 0, warning: 0, info: 0 };
    findings.forEach((f) => counts[f.severity]++);
    void this.connection.sendNotification(AnalyzedNotification.method, {
      uri: entry,
      version: stored.seq,
      full: stored.full,
      counts,
      singlePointsOfFailure: findings.filter((f) => f.ruleId === 'single-point-of-failure').length,
    } satisfies AnalyzedNotification.Params);
    this.analyzed.forEach((listener) => listener(entry, stored.full));
  }

  /** Every finding of one map's analysis (its include closure), as the graph view shows them. */
  findingsOf(entry: string): Finding[] {
    const st = this.states.get(entry);
    const latest = st?.latest;
    if (!st || !latest) {
      return st?.failure ? [st.failure] : [];
    }
    const out = [...latest.findings];
    if (!latest.full && st.full) {
      for (const uri of st.full.files) {
        out.push(...this.carried(st.full, uri));
      }
    }
    if (st.failure) {
      out.push(st.failure);
    }
    return mergeFindings([{ entry, files: latest.files.length, findings: out }]);
  }

  /**
   * The graph panel's scenarios for an analysis: computed where it ran (the worker keeps its graph,
   * with the stress analysis the rules made on it), else here from its model (a replaced worker, or
   * a syntax-only pass).
   */
  async scenes(a: Stored & { view: View }): Promise<SceneScenario[]> {
    if (a.model.scenarios.size === 0) {
      return [];
    }
    // While as-you-type passes run, the last full analysis's graph (the scenarios do not change as the user types).
    const key = a.graphKey ?? this.states.get(a.entry)?.full?.graphKey;
    const there = key ? await this.scheduler.scenes?.(a.entry, key) : undefined;
    return there ?? sceneScenarios(a.view.graph());
  }

  /** The latest analysis of a map, with its graph built on first use. */
  analysisOf(entry: string): (Stored & { view: View }) | undefined {
    const latest = this.states.get(entry)?.latest;
    return latest ? { ...latest, view: this.view(latest) } : undefined;
  }

  private view(stored: Stored): View {
    // Hover and lens read the load figures the worker computed: this analysis's, or while as-you-type
    // passes run, the last full analysis's (by id). Never computed here, on the editor's thread.
    const full = this.states.get(stored.entry)?.full;
    return { entry: stored.entry, model: stored.model, graph: () => (stored.graph ??= buildGraph(stored.model)), stress: () => stored.stress ?? full?.stress };
  }

  /** The analyses that read `uri`: its own first, then the largest maps that include it. */
  viewsFor(uri: string): View[] {
    const stored = this.covering(uri)
      .map((e) => this.states.get(e)?.latest)
      .filter((s): s is Stored => s !== undefined);
    const own = stored.filter((s) => s.entry === uri);
    const others = stored.filter((s) => s.entry !== uri).sort((a, b) => b.model.components.size - a.model.components.size);
    return [...own, ...others].map((s) => this.view(s));
  }

  /** Every map's latest analysis (workspace symbols). */
  allViews(): View[] {
    return [...this.states.values()].map((s) => s.latest).filter((s): s is Stored => s !== undefined).map((s) => this.view(s));
  }

  /** Makes sure `uri` is known and analysed (a graph request for a map nobody opened yet). */
  ensure(uri: string): void {
    if (!this.entries.has(uri) && this.isMap(uri)) {
      this.entries.add(uri);
    }
    if (this.entries.has(uri) && !this.states.get(uri)?.latest && !this.busy(uri)) {
      this.schedule([uri], true, 0);
    }
  }

  // ---- waiting for fresh results -------------------------------------------------------------------

  private settled(uri: string): boolean {
    return !this.timers.has(uri) && !this.firing.has(uri) && this.affected(uri).every((e) => !this.busy(e));
  }

  /**
   * Resolves once the analyses that read `uri` reflect its current text (or after `timeoutMs`), so a
   * request right after an edit answers from the edited text. A pending debounce runs now, and the
   * maps involved move to the front of the queue.
   */
  whenSettled(uri: string, token: CancellationToken | undefined, timeoutMs = 5000): Promise<void> {
    if (this.timers.has(uri)) {
      void this.fire(uri);
    }
    for (const e of this.affected(uri)) {
      const p = this.queue.get(e);
      if (p) {
        p.priority = 0;
      }
    }
    if (this.settled(uri)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      const sub = token?.onCancellationRequested(finish);
      let finished = false;
      function finish(): void {
        if (!finished) {
          finished = true;
          clearTimeout(timer);
          sub?.dispose();
          resolve();
        }
      }
      this.waiters.push(() => {
        if (finished) {
          return true;
        }
        if (this.settled(uri)) {
          finish();
          return true;
        }
        return false;
      });
    });
  }

  private checkWaiters(): void {
    if (this.waiters.length > 0) {
      this.waiters = this.waiters.filter((w) => !w());
    }
  }

  dispose(): void {
    this.disposed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.scheduler.dispose();
  }
}


/** The file's findings as diagnostics, the most severe maxDiagnosticsPerFile, and one saying how many were left out. */
export function boundedDiagnostics(findings: Finding[], uri: string, max = maxDiagnosticsPerFile): Diagnostic[] {
  const kept = mostSevere(findings, max);
  const out = kept.map(toDiagnostic);
  const left = findings.length - kept.length;
  if (left > 0) {
    out.push(
      toDiagnostic({
        ruleId: 'finding-limit',
        severity: 'info',
        uri,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `${left} more finding${left === 1 ? '' : 's'} in this file ${left === 1 ? 'is' : 'are'} not shown: the editor shows at most ${max} per file (the most severe). Fix these first, or run \`incidentmap check\` on the map for the full list.`,
      }),
    );
  }
  return out;
}

/**
 * Runs `fn` after the event loop has polled for input once more: a setImmediate callback runs before the
 * next poll, one scheduled from inside it runs after.
 */
function afterPendingInput(fn: () => void): void {
  setImmediate(() => setImmediate(fn));
}

/** Deep equality of JSON-like values (what JSON.stringify would write the same), without writing it. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (!sameJson(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  // for...in, not Object.keys: no arrays made per object (a publish compares tens of thousands).
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (x[k] !== undefined) {
      if (!sameJson(x[k], y[k])) {
        return false;
      }
      count++;
    }
  }
  for (const k in y) {
    if (y[k] !== undefined) {
      count--;
    }
  }
  return count === 0;
}
