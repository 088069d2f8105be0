// The Host over the file system, for the CLI and the language server: the file gate (fileGate.ts)
// over a root. There is no ungated disk Host: every file the tools read passes the gate.
import type { Host } from '../core/index';
import { fileGate } from './fileGate';

export { maxReadBytes, realPath, toPath, toUri } from './fileGate';

/** Disk access for the core, limited to files under `root` (an absolute path). */
export function nodeHost(root: string): Host {
  return fileGate({ root });
}
