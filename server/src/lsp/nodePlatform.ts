// The language server on Node (dist/server.js): files through the file gate, analyses in a worker
// thread (worker.ts), the process's environment and handlers. platform.ts says what this provides.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname as pathDirname, join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { format } from 'node:util';
import type { Connection } from 'vscode-languageserver/node';
import type { Host } from '../core/index';
import { fileGate, readGated, realPath, toPath, toUri } from '../node/fileGate';
import type { ServerFiles, ServerPlatform } from './platform';
import { InProcessScheduler, type Disk } from './scheduler';
import { WorkerScheduler } from './worker';

const mapExtension = '.incidentmap';

/** The file gate over each job's root (one gate per root, kept). */
export function nodeDisk(): Disk {
  const gates = new Map<string, Host>();
  return {
    hostFor(root) {
      let path: string;
      try {
        path = toPath(root ?? '');
      } catch {
        return undefined; // not a file: URI (an untitled document): open documents only
      }
      let gate = gates.get(path);
      if (!gate) {
        gate = fileGate({ root: path });
        gates.set(path, gate);
      }
      return gate;
    },
    realPath,
  };
}

export const nodeFiles: ServerFiles = {
  async scan(folders, max) {
    const found: string[] = [];
    for (const folder of folders) {
      let dir: string;
      try {
        dir = toPath(folder);
      } catch {
        continue;
      }
      await walk(dir, found, max);
    }
    return found.map((p) => toUri(p));
  },
  repositoryOf(uri) {
    try {
      let dir = pathDirname(toPath(uri));
      for (let i = 0; i < 64; i++) {
        if (existsSync(join(dir, '.git'))) {
          return toUri(dir);
        }
        const up = pathDirname(dir);
        if (up === dir) {
          break;
        }
        dir = up;
      }
    } catch {
      // not a file: URI (an untitled document)
    }
    return undefined;
  },
  readNow(uri, root) {
    try {
      // Through the file gate like every other read: an opened FIFO or link out of the folder is not read here.
      const r = readGated(toPath(uri), { root: toPath(root) });
      return r.ok ? r.text : undefined;
    } catch {
      return undefined; // unsaved, or not a file: URI
    }
  },
  exists(uri) {
    try {
      return existsSync(toPath(uri));
    } catch {
      return false;
    }
  },
};

/** Breadth-first, sorted per folder, so the same workspace always yields the same order. */
async function walk(root: string, out: string[], max: number): Promise<void> {
  const queue = [root];
  while (queue.length > 0 && out.length < max) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') {
        queue.push(join(dir, e.name));
      } else if (e.isFile() && e.name.endsWith(mapExtension) && out.length < max) {
        out.push(join(dir, e.name));
      }
    }
  }
}

/** The Node platform; `workerScript` is the server bundle, which also runs as the analysis worker. */
export function nodePlatform(workerScript: string | undefined): ServerPlatform {
  return {
    kind: 'node',
    files: nodeFiles,
    createScheduler(connection, useWorker) {
      return useWorker && workerScript
        ? new WorkerScheduler({ script: workerScript, deadlineMs: 60_000, maxHeapMb: 2048, log: (m) => connection.console.warn(m) })
        : new InProcessScheduler(nodeDisk());
    },
    pathToUri: toUri,
    pinnedNow() {
      // INCIDENTMAP_NOW (an ISO date), as for the CLI: the real-editor tests set it in the editor's
      // environment, which the server inherits.
      const raw = process.env['INCIDENTMAP_NOW'];
      const now = raw !== undefined ? Date.parse(raw) : NaN;
      return Number.isFinite(now) ? now : undefined;
    },
    format: (args) => format(...args),
    onUncaught(report) {
      process.on('uncaughtException', (e) => report(`incidentmap: uncaught exception: ${e.stack ?? e.message}`));
      process.on('unhandledRejection', (e) => report(`incidentmap: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    },
    register(connection) {
      if (process.env['INCIDENTMAP_LOOP_STATS'] === '1') {
        registerLoopStats(connection);
      }
    },
  };
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
