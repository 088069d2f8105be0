// The web extension's half of the browser language server's file gate: the server (a web worker, no
// file system) asks for a file with `incidentmap/readFile`; this reads it with vscode.workspace.fs, or
// says why not. The same rules as the Node file gate (server/src/node/fileGate.ts), as far as a browser
// can tell: the file must be inside a workspace folder and inside the analysis's root, with no `.git`
// folder and no `.`/`..` segment on the way; a file, not a folder, and not a symbolic link (a browser
// file system cannot say where a link points, so it is refused rather than followed); at most
// maxReadBytes, by stat and again by the bytes read. A refusal is a reason, never the file's content.
// Pure (no `vscode` import): the file system is passed in, so unit tests hold it to these rules.
import type { HostReadResult } from '../../../server/src/core/host';
import { maxReadBytes } from '../../../server/src/core/host';

/** vscode.FileType's bits. */
export const FileTypeBits = { File: 1, Directory: 2, SymbolicLink: 64 } as const;

/** The part of vscode.workspace.fs this needs (URIs as strings, as the server sends them). */
export interface WebFileSystem {
  stat(uri: string): Promise<{ type: number; size: number }>;
  readFile(uri: string): Promise<Uint8Array>;
}

/** `uri` equals `root` or lies below it (strings, as core/uri.ts isWithin). */
function within(root: string, uri: string): boolean {
  const r = root.endsWith('/') ? root.slice(0, -1) : root;
  return uri === r || uri.startsWith(`${r}/`);
}

/** The path segments of `uri` below `root` (undefined when it is not below). */
function segmentsBelow(root: string, uri: string): string[] | undefined {
  if (!within(root, uri)) {
    return undefined;
  }
  const r = root.endsWith('/') ? root : `${root}/`;
  return uri === root || uri === r.slice(0, -1) ? [] : uri.slice(r.length).split('/');
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What a vscode.FileSystemError (or another error) means for the reader. */
function failure(e: unknown): HostReadResult {
  const code = typeof e === 'object' && e !== null ? String((e as { code?: unknown }).code ?? (e as { name?: unknown }).name ?? '') : '';
  if (/FileNotFound|EntryNotFound|ENOENT/.test(code)) {
    return { ok: false, reason: 'not-found' };
  }
  if (/FileIsADirectory|EntryIsADirectory|EISDIR/.test(code)) {
    return { ok: false, reason: 'is-directory' };
  }
  return { ok: false, reason: 'unreadable', detail: e instanceof Error ? e.message : String(e) };
}

export interface ReadOptions {
  /** The workspace folders' URIs. */
  folders: readonly string[];
  fs: WebFileSystem;
  /** Largest file read, in bytes (default maxReadBytes, the Node gate's). */
  maxBytes?: number;
}

/** Reads `uri` for the browser server, within `root` and the workspace folders. */
export async function readWorkspaceFile(uri: string, root: string, options: ReadOptions): Promise<HostReadResult> {
  const max = options.maxBytes ?? maxReadBytes;
  const folder = options.folders.filter((f) => within(f, uri)).sort((a, b) => b.length - a.length)[0];
  if (folder === undefined || !within(root, uri)) {
    return { ok: false, reason: 'outside-root', detail: 'its path' };
  }
  const below = segmentsBelow(folder, uri) ?? [];
  const names = below.map(decoded);
  if (names.some((s) => s === '.' || s === '..')) {
    return { ok: false, reason: 'outside-root', detail: 'its path' };
  }
  if (names.some((s) => s.toLowerCase() === '.git')) {
    return { ok: false, reason: 'git-internal' };
  }
  let st: { type: number; size: number };
  try {
    st = await options.fs.stat(uri);
  } catch (e) {
    return failure(e);
  }
  if (st.type & FileTypeBits.SymbolicLink) {
    return { ok: false, reason: 'outside-root', detail: 'a symbolic link' };
  }
  if (st.type & FileTypeBits.Directory) {
    return { ok: false, reason: 'is-directory' };
  }
  if (!(st.type & FileTypeBits.File)) {
    return { ok: false, reason: 'not-regular', detail: 'not a regular file' };
  }
  if (st.size > max) {
    return { ok: false, reason: 'too-large', detail: `${st.size} bytes` };
  }
  let bytes: Uint8Array;
  try {
    bytes = await options.fs.readFile(uri);
  } catch (e) {
    return failure(e);
  }
  // Counted again on what was read: a file can grow after its stat, and some report size 0.
  if (bytes.byteLength > max) {
    return { ok: false, reason: 'too-large', detail: `more than ${max} bytes` };
  }
  // Non-fatal decoding, as the Node gate: invalid bytes become U+FFFD, which the core reports as not-text.
  return { ok: true, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes) };
}
