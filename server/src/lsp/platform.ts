// What the language server needs from where it runs. The server, the workspace and the handlers are the
// same in Node (dist/server.js, over stdio or IPC) and in a browser's web worker (dist/web/server.js,
// for github.dev and vscode.dev); only these few things differ: how files on disk are found and read,
// where analyses run, and what the process around the server offers.
import type { Connection } from 'vscode-languageserver/node';
import type { AnalysisScheduler } from './scheduler';

/** The workspace's view of files that are not open in the editor. */
export interface ServerFiles {
  /** Every map file under the folders, at most `max`, in a stable order (node_modules and .git skipped). */
  scan(folders: readonly string[], max: number): Promise<string[]>;
  /** The repository holding `uri` (the nearest folder with a .git), where the platform can tell. */
  repositoryOf(uri: string): string | undefined;
  /**
   * The file's text as it is on disk, through the file gate over `root`, if it can be read at once
   * (the Node server reads it; the browser server cannot read synchronously and says undefined).
   */
  readNow(uri: string, root: string): string | undefined;
  /** Whether the file is still there (a closed document whose file was deleted stops being a map). */
  exists(uri: string): boolean;
}

export interface ServerPlatform {
  /** 'node' or 'browser': logged at start, so a log tells which server answered. */
  readonly kind: 'node' | 'browser';
  readonly files: ServerFiles;
  /** Where analyses run; `useWorker` is initializationOptions.worker (default true). */
  createScheduler(connection: Connection, useWorker: boolean): AnalysisScheduler;
  /** A path the client sent as rootPath, as a URI. */
  pathToUri(path: string): string;
  /** "Today" pinned by the environment (INCIDENTMAP_NOW), for rehearsal ages; undefined when not pinned. */
  pinnedNow(): number | undefined;
  /** Formats console arguments as one log line. */
  format(args: unknown[]): string;
  /** Reports errors nothing caught (the process's or the worker's handlers). */
  onUncaught(report: (message: string) => void): void;
  /** Extra requests the platform answers (the Node server's loop statistics for the benchmarks). */
  register?(connection: Connection): void;
}
