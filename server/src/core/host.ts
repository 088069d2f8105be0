/**
 * Everything the core knows of the outside world. The LSP server answers from open documents
 * first, then disk; the CLI from disk; tests from memory. Keeping I/O behind this interface is what
 * lets the core run in a browser worker and in the extension host unchanged.
 */
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
  | { ok: false; reason: 'not-found' | 'is-directory' | 'too-large' | 'unreadable' | 'symlink-loop'; detail?: string };

/** A Host over an in-memory map of URI to text: tests, the benchmark generator, the fuzzers. */
export function memoryHost(files: Record<string, string>): Host {
  return {
    readFile(uri) {
      const text = files[uri];
      return text === undefined ? { ok: false, reason: 'not-found' } : { ok: true, text };
    },
  };
}
