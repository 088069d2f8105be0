/**
 * Everything the core knows of the outside world. The LSP server answers from open documents
 * first, then disk; the CLI from disk; tests from memory. Keeping I/O behind this interface is what
 * lets the core run in a browser worker and in the extension host unchanged.
 */
/**
 * Files above this are refused by every reader (the Node file gate, the web extension's reader): the
 * core refuses maps above ~4.8 MB anyway, after paying for the read.
 */
export const maxReadBytes = 8 * 1024 * 1024;

export interface Host {
  readFile(uri: string): HostReadResult;
  /**
   * The URI after resolving symlinks, or undefined if it cannot be resolved. Hosts without a
   * file system (tests, the browser) may omit it; then the lexical path is trusted.
   */
  realPath?(uri: string): string | undefined;
}

export type HostReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: HostReadFailure; detail?: string };

/**
 * Why a file was not read. The last three are the file gate's refusals (server/src/node/fileGate.ts):
 * the file was never opened (or, for `not-regular` found only after opening, never read), so its
 * content cannot appear in any message.
 */
export type HostReadFailure =
  | 'not-found'
  | 'is-directory'
  | 'too-large'
  | 'unreadable'
  | 'symlink-loop'
  /** Its real path (after symbolic links) is outside the root; `detail` says whether a link took it there. */
  | 'outside-root'
  /** A FIFO, device or socket: reading one can block forever or never end. `detail` names the kind. */
  | 'not-regular'
  /** Inside a `.git` folder, where CI keeps credentials (actions/checkout writes the token to .git/config). */
  | 'git-internal';

/** The gate's refusals, as opposed to files that are simply missing or broken. */
export function isRefusal(reason: HostReadFailure): boolean {
  return reason === 'outside-root' || reason === 'not-regular' || reason === 'git-internal';
}

/** A Host over an in-memory map of URI to text: tests, the benchmark generator, the fuzzers. */
export function memoryHost(files: Record<string, string>): Host {
  return {
    readFile(uri) {
      const text = files[uri];
      return text === undefined ? { ok: false, reason: 'not-found' } : { ok: true, text };
    },
  };
}
