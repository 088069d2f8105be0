// Files for the language server in a browser's web worker (github.dev, vscode.dev), which has no file
// system: the web extension reads for it with vscode.workspace.fs (the `incidentmap/readFile` request)
// and finds the maps (`incidentmap/findMaps`). The core reads synchronously through a Host, so an
// analysis runs in rounds: it reads from a cache of what the client sent, notes every file it missed,
// the missed files are fetched (all at once), and it runs again, until nothing is missing. Includes
// across files work, one round per level of nesting; files already read are kept until the editor says
// they changed on disk (workspace/didChangeWatchedFiles, a closed document).
//
// The gate is kept on both sides: here a read outside the job's root or under .git is refused without
// asking; the client refuses what is outside the workspace folders, links, folders and files over
// maxReadBytes (client/src/web/readFile.ts).
import { isWithin, type Host, type HostReadResult } from '../../core/index';
import type { ServerFiles } from '../platform';
import type { AnalysisJob, AnalysisOutput, AnalysisScheduler, Disk } from '../scheduler';
import { OverlayHost } from '../scheduler';

/** Asks the client for one file's text (ReadFileRequest). Never throws: a failure is a result. */
export type ReadFromClient = (uri: string, root: string) => Promise<HostReadResult>;

/**
 * Analysis rounds per run, at most. Each round but the last reads at least one file no earlier round
 * read, and an analysis reads at most 256 files (core defaultIncludeLimits) and a config file per
 * folder on the way up, so this is never reached by a real map; past it the run fails with a message.
 */
export const maxRounds = 600;

/** `uri` lies below `root` inside a `.git` folder (any case), where CI keeps credentials. */
export function underGit(root: string, uri: string): boolean {
  const r = root.endsWith('/') ? root : `${root}/`;
  return uri.startsWith(r) && uri.slice(r.length).split('/').some((s) => s.toLowerCase() === '.git');
}

/** The client's reads, cached; misses of the running round are collected to be fetched. */
export class FetchedDisk implements Disk {
  private readonly known = new Map<string, HostReadResult>();
  /** Missed in this round: URI to the root it was asked under. */
  readonly missing = new Map<string, string>();

  hostFor(root: string | undefined): Host | undefined {
    if (root === undefined) {
      return undefined;
    }
    return {
      readFile: (uri) => {
        if (!isWithin(root, uri)) {
          return { ok: false, reason: 'outside-root', detail: 'its path' };
        }
        if (underGit(root, uri)) {
          return { ok: false, reason: 'git-internal' };
        }
        const r = this.known.get(uri);
        if (r) {
          return r;
        }
        this.missing.set(uri, root);
        // Only this round sees it as missing: the run fetches it and goes again before publishing.
        return { ok: false, reason: 'not-found' };
      },
    };
  }

  /** The file changed on disk: read it again next time. */
  forget(uri: string): void {
    this.known.delete(uri);
  }

  /** Whether the last read of `uri` found it (unknown files count as present). */
  lastKnownPresent(uri: string): boolean {
    const r = this.known.get(uri);
    return !r || r.ok || r.reason !== 'not-found';
  }

  /** Fetches every file missed in the round that just ran. */
  async fetchMissing(read: ReadFromClient): Promise<number> {
    const todo = [...this.missing];
    this.missing.clear();
    const results = await Promise.all(todo.map(([uri, root]) => read(uri, root)));
    todo.forEach(([uri], i) => this.known.set(uri, results[i]!));
    return todo.length;
  }
}

/**
 * Runs analyses in the server's own thread (it is a web worker already: the editor's UI never waits on
 * it; worker_threads, which the Node server uses to keep hover answering during a long analysis, do
 * not exist here). One run is as many rounds as the includes need (see above).
 */
export class BrowserScheduler implements AnalysisScheduler {
  readonly disk = new FetchedDisk();
  private readonly host = new OverlayHost(this.disk);
  /** Rounds the last run took (tests). */
  lastRounds = 0;

  constructor(
    private readonly read: ReadFromClient,
    /** At most this many rounds per run (tests lower it to test it). */
    private readonly roundLimit = maxRounds,
  ) {}

  setDocument(uri: string, text: string): void {
    this.host.overlay.set(uri, text);
  }

  deleteDocument(uri: string): void {
    this.host.overlay.delete(uri);
  }

  diskChanged(uri: string): void {
    this.disk.forget(uri);
  }

  async run(job: AnalysisJob): Promise<AnalysisOutput> {
    for (let round = 1; round <= this.roundLimit; round++) {
      // A macrotask per round, as the in-process scheduler: requests that arrived meanwhile go first.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      this.disk.missing.clear();
      const output = this.host.analyze(job);
      if (this.disk.missing.size === 0) {
        this.lastRounds = round;
        return output;
      }
      await this.disk.fetchMissing(this.read);
    }
    throw new Error(`Reading this map's files took more than ${this.roundLimit} rounds of includes; check the map in a desktop VS Code or with the CLI.`);
  }

  dispose(): void {
    this.host.overlay.clear();
  }
}

/** The workspace's files, through the client. */
export function browserFiles(disk: FetchedDisk, findMaps: (max: number) => Promise<string[]>): ServerFiles {
  return {
    scan: (_folders, max) => findMaps(max),
    // No .git lookup without a file system: an entry outside every workspace folder reaches its folder only.
    repositoryOf: () => undefined,
    // Reads are asynchronous here: the workspace treats an opened document as edited, and analyses it.
    readNow: () => undefined,
    exists: (uri) => disk.lastKnownPresent(uri),
  };
}
