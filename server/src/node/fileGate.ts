// The file gate: the one way the CLI and the language server read a file from disk (maps named on
// the command line or found in folders, includes, incidentmap.config.yaml, code frames, the editor's
// look at a file it just opened). Maps come from pull requests, so a file is read only when
//
//   - its path, and its real path after symbolic links, are inside the root (the repository or
//     workspace folder): a symlinked map or config cannot make CI print /etc/passwd or ~/.ssh;
//   - neither path has a `.git` folder in it: actions/checkout keeps the job's token in .git/config;
//   - it is a regular file: a FIFO would block the reader forever, /dev/zero never ends. The type
//     is checked with stat before opening, the file is opened with O_NONBLOCK and O_NOFOLLOW (so a
//     FIFO swapped in after the stat cannot block the open and a symlink swapped in is not followed),
//     and checked again with fstat on the opened descriptor, which is what is actually read;
//   - it fits the size limit, counted while reading, not only by stat (a file can grow, and some
//     files report size 0).
//
// A refusal is a HostReadResult with a reason (outside-root, git-internal, not-regular, too-large);
// the core turns it into a finding that says what was refused and why. A refused file is never
// read, so nothing of its content can reach a message.
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Host, HostReadResult } from '../core/index';

/** Files above this are refused (defined in core/host.ts, which the browser's reader shares). */
export { maxReadBytes } from '../core/host';
import { maxReadBytes } from '../core/host';

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

export function toPath(uri: string): string {
  return fileURLToPath(uri);
}

export interface GateOptions {
  /** The folder every file must be inside (absolute path). */
  root: string;
  /** Largest file read, in bytes (default maxReadBytes). */
  maxBytes?: number;
}

/** `path` is `root` or below it (both absolute, already normalised). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** A `.git` folder (any case: macOS and Windows file systems ignore it) between `root` and `path`. */
export function isUnderGit(root: string, path: string): boolean {
  return relative(root, path)
    .split(/[\\/]/)
    .some((s) => s.toLowerCase() === '.git');
}

function kindOf(st: Stats): string {
  return st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The real path of an open descriptor, where the system tells it (Linux /proc); else undefined. */
function pathOfFd(fd: number): string | undefined {
  try {
    const p = readlinkSync(`/proc/self/fd/${fd}`);
    return p.startsWith('/') ? p : undefined;
  } catch {
    return undefined;
  }
}

const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** Reads `path` through the gate. Exported for the few callers that hold a path, not a Host. */
export function readGated(path: string, options: GateOptions & { rootReal?: string }): HostReadResult {
  const root = resolve(options.root);
  const rootReal = options.rootReal ?? realOrResolved(root);
  const max = options.maxBytes ?? maxReadBytes;
  const abs = resolve(path);
  if (!isInside(root, abs) && !isInside(rootReal, abs)) {
    return { ok: false, reason: 'outside-root', detail: 'its path' };
  }
  if (isUnderGit(isInside(root, abs) ? root : rootReal, abs)) {
    return { ok: false, reason: 'git-internal' };
  }
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    return failure(e);
  }
  if (!isInside(rootReal, real)) {
    return { ok: false, reason: 'outside-root', detail: 'a symbolic link' };
  }
  if (isUnderGit(rootReal, real)) {
    return { ok: false, reason: 'git-internal' };
  }
  let before: Stats;
  try {
    before = statSync(real);
  } catch (e) {
    return failure(e);
  }
  if (before.isDirectory()) {
    return { ok: false, reason: 'is-directory' };
  }
  if (!before.isFile()) {
    return { ok: false, reason: 'not-regular', detail: kindOf(before) };
  }
  if (before.size > max) {
    return { ok: false, reason: 'too-large', detail: `${before.size} bytes` };
  }
  let fd: number | undefined;
  try {
    fd = openSync(real, openFlags);
    // What was opened, not what was stat'ed: a file swapped between the two is caught here.
    const st = fstatSync(fd);
    if (!st.isFile()) {
      return { ok: false, reason: 'not-regular', detail: kindOf(st) };
    }
    if (st.ino !== before.ino || st.dev !== before.dev) {
      return { ok: false, reason: 'unreadable', detail: 'the file was replaced while it was being opened' };
    }
    const opened = pathOfFd(fd);
    if (opened !== undefined && (!isInside(rootReal, opened) || isUnderGit(rootReal, opened))) {
      return { ok: false, reason: 'outside-root', detail: 'a symbolic link' };
    }
    // Read in chunks and count: the limit holds even if the file grows or stat under-reports it.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        break;
      }
      total += n;
      if (total > max) {
        return { ok: false, reason: 'too-large', detail: `more than ${max} bytes` };
      }
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    // Non-fatal decoding: invalid bytes become U+FFFD, which the core reports as not-text.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(Buffer.concat(chunks, total)) };
  } catch (e) {
    return failure(e);
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

function failure(e: unknown): HostReadResult {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { ok: false, reason: 'not-found' };
  }
  if (code === 'ELOOP') {
    return { ok: false, reason: 'symlink-loop' };
  }
  if (code === 'EISDIR') {
    return { ok: false, reason: 'is-directory' };
  }
  if (code === 'EAGAIN' || code === 'ENXIO') {
    return { ok: false, reason: 'not-regular', detail: 'it would block' };
  }
  return { ok: false, reason: 'unreadable', detail: code };
}

/** Disk access for the core, through the gate, for files under `root` (the CLI's --root, the workspace folder). */
export function fileGate(options: GateOptions): Host {
  const root = resolve(options.root);
  const rootReal = realOrResolved(root);
  return {
    readFile(uri): HostReadResult {
      let path: string;
      try {
        path = toPath(uri);
      } catch {
        return { ok: false, reason: 'not-found' };
      }
      return readGated(path, { ...options, root, rootReal });
    },
    realPath,
  };
}

/** The URI after resolving symbolic links; for a missing file, its folder resolved (a symlinked parent still counts). */
export function realPath(uri: string): string | undefined {
  try {
    return toUri(realpathSync(toPath(uri)));
  } catch {
    try {
      const path = toPath(uri);
      return toUri(`${realpathSync(dirname(path))}${sep}${path.slice(dirname(path).length + 1)}`);
    } catch {
      return undefined;
    }
  }
}
