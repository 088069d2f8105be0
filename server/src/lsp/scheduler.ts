// Where analyses run. The workspace decides what to analyse and when; a scheduler only runs one
// analysis at a time against a mirror of the open documents layered over disk. Two implementations:
// in process (simple, for debugging, and the browser server, which is a web worker already) and in a
// worker thread (worker.ts), which keeps parsing a large map off the main loop so hover and completion
// keep answering while it runs. Where files on disk come from is a Disk: the file gate in Node
// (nodeFiles.ts), the client's vscode.workspace.fs in the browser (browser/files.ts).
import { analyze, FileCache, sceneScenarios, type Finding, type Host, type Model, type PropGraph, type Settings } from '../core/index';
import type { SceneScenario } from '../core/graph/scene';
import { stressDigest, type StressDigest } from '../core/language/index';

export interface AnalysisJob {
  entry: string;
  root?: string;
  syntaxOnly: boolean;
  baseSettings: Partial<Settings>;
  /** Epoch ms; tests pin it so rehearsal ages do not drift. */
  now?: number;
}

export interface AnalysisOutput {
  entry: string;
  files: string[];
  findings: Finding[];
  model: Model;
  /** What hover and code lens say about load, computed beside the rules (full analyses of maps with load data only). */
  stress?: StressDigest;
  /** Milliseconds the analysis took where it ran. */
  elapsedMs: number;
  /**
   * Names this analysis's graph where it ran (full analyses only): scenes() answers for it while the
   * scheduler keeps that graph, so the graph panel's scenarios are computed there, not on the editor's thread.
   */
  graphKey?: string;
}

/** An analysis's findings, before its model has arrived. */
export type EarlyFindings = Pick<AnalysisOutput, 'entry' | 'files' | 'findings'>;

export interface AnalysisScheduler {
  /** Mirrors an open document's text; the next run sees it instead of the file on disk. */
  setDocument(uri: string, text: string): void;
  /** The document was closed: the next run reads the file from disk again. */
  deleteDocument(uri: string): void;
  /**
   * Runs one analysis. The workspace never starts a second before the first settles. A scheduler that
   * receives the findings before the model may hand them to `onFindings` first.
   */
  run(job: AnalysisJob, onFindings?: (early: EarlyFindings) => void): Promise<AnalysisOutput>;
  /** The file on disk may have changed (or appeared, or gone): a scheduler that keeps copies drops its copy. */
  diskChanged?(uri: string): void;
  /** Gets ready for the first run (starts the worker) while the client is still setting up. */
  warm?(): void;
  /**
   * The declared scenarios of the analysis whose output carried `graphKey`, as the graph panel draws
   * them (sceneScenarios), computed where that analysis ran; undefined when its graph is no longer kept.
   */
  scenes?(entry: string, graphKey: string): Promise<SceneScenario[] | undefined>;
  dispose(): void;
}

/** Files on disk, as a Host confined to a root. */
export interface Disk {
  /** A Host that reads only inside `root` (a URI), or undefined when nothing under it can be read. */
  hostFor(root: string | undefined): Host | undefined;
  /** The URI after symbolic links, where the platform can resolve them. */
  realPath?(uri: string): string | undefined;
}

/**
 * Open documents over disk, with a cache of parsed files shared by every analysis. Disk reads go
 * through the disk's gate over the running job's root (its workspace folder, else its repository, else
 * its folder): a symlinked include or config, a FIFO or a file in .git is refused, never read.
 */
export class OverlayHost implements Host {
  readonly overlay = new Map<string, string>();
  readonly cache = new FileCache();
  private disk: Host | undefined;
  /**
   * The graphs of the last full analyses of maps that declare scenarios, by key (at most keptGraphs,
   * the oldest dropped first): a request that waited behind the next analysis still finds its graph.
   */
  private readonly graphs = new Map<string, { entry: string; graph: PropGraph }>();
  private runs = 0;
  /** Tells this host's graph keys from another's (a replaced worker starts counting again). */
  private readonly hostId = Math.random().toString(36).slice(2, 10);

  constructor(private readonly files: Disk) {}

  readFile(uri: string): ReturnType<Host['readFile']> {
    const text = this.overlay.get(uri);
    if (text !== undefined) {
      return { ok: true, text };
    }
    // Outside a job (no root known) nothing on disk is read.
    return this.disk ? this.disk.readFile(uri) : { ok: false, reason: 'outside-root', detail: 'no root' };
  }

  realPath(uri: string): string | undefined {
    return this.files.realPath?.(uri);
  }

  analyze(job: AnalysisJob): AnalysisOutput {
    this.disk = this.files.hostFor(job.root);
    const started = performance.now();
    const { model, graph, findings, files } = analyze(job.entry, this, {
      root: job.root,
      syntaxOnly: job.syntaxOnly,
      baseSettings: job.baseSettings,
      cache: this.cache,
      now: job.now,
    });
    // The rules have run the stress analysis already (cached on the graph): the digest only reads it.
    const stress = job.syntaxOnly ? undefined : stressDigest(graph);
    let graphKey: string | undefined;
    if (!job.syntaxOnly && model.scenarios.size > 0) {
      graphKey = `${this.hostId}:${++this.runs}`;
      this.graphs.set(graphKey, { entry: job.entry, graph });
      if (this.graphs.size > keptGraphs) {
        this.graphs.delete(this.graphs.keys().next().value!);
      }
    }
    return { entry: job.entry, files, findings, model, stress, elapsedMs: performance.now() - started, graphKey };
  }

  /** The scenes of the analysis that gave `graphKey`, from its graph (the stress analysis is cached on it). */
  scenes(entry: string, graphKey: string): SceneScenario[] | undefined {
    const kept = this.graphs.get(graphKey);
    return kept?.entry === entry ? sceneScenarios(kept.graph) : undefined;
  }
}

/**
 * Graphs kept for scenes(): a graph of 10,000 components with its stress analysis holds about 120 MB,
 * so a few (the map beside the graph panel, and the one before it while the next analysis runs).
 */
export const keptGraphs = 3;

/** Runs analyses on the main thread, one macrotask each. */
export class InProcessScheduler implements AnalysisScheduler {
  protected readonly host: OverlayHost;

  constructor(disk: Disk) {
    this.host = new OverlayHost(disk);
  }

  setDocument(uri: string, text: string): void {
    this.host.overlay.set(uri, text);
  }

  deleteDocument(uri: string): void {
    this.host.overlay.delete(uri);
  }

  run(job: AnalysisJob): Promise<AnalysisOutput> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(this.host.analyze(job));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
  }

  scenes(entry: string, graphKey: string): Promise<SceneScenario[] | undefined> {
    return Promise.resolve(this.host.scenes(entry, graphKey));
  }

  dispose(): void {
    this.host.overlay.clear();
  }
}
