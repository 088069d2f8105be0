import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Host, HostReadResult } from '../core/index';

/** Files above this are refused unread: the core would refuse them anyway, after paying for the read. */
export const maxReadBytes = 8 * 1024 * 1024;

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

export function toPath(uri: string): string {
  return fileURLToPath(uri);
}

/** Disk access for the core, shared by the CLI and the language server (which layers open documents on top). */
export function nodeHost(): Host {
  return {
    readFile(uri): HostReadResult {
      let path: string;
      try {
        path = toPath(uri);
      } catch {
        return { ok: false, reason: 'not-found' };
      }
      let fd: number | undefined;
      try {
        const st = statSync(path);
        if (st.isDirectory()) {
          return { ok: false, reason: 'is-directory' };
        }
        if (st.size > maxReadBytes) {
          return { ok: false, reason: 'too-large', detail: `${st.size} bytes` };
        }
        fd = openSync(path, 'r');
        const size = fstatSync(fd).size;
        const buf = Buffer.alloc(Math.min(size, maxReadBytes + 1));
        let read = 0;
        while (read < buf.length) {
          const n = readSync(fd, buf, read, buf.length - read, read);
          if (n === 0) {
            break;
          }
          read += n;
        }
        if (read > maxReadBytes) {
          return { ok: false, reason: 'too-large' };
        }
        // Non-fatal decoding: invalid bytes become U+FFFD, which the core reports as not-text.
        return { ok: true, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(buf.subarray(0, read)) };
      } catch (e) {
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
        return { ok: false, reason: 'unreadable', detail: code };
      } finally {
        if (fd !== undefined) {
          closeSync(fd);
        }
      }
    },
    realPath(uri) {
      try {
        return toUri(realpathSync(toPath(uri)));
      } catch {
        // A missing file: resolve its folder, so a symlinked parent still counts.
        try {
          const path = toPath(uri);
          const slash = path.lastIndexOf('/');
          return toUri(realpathSync(path.slice(0, slash)) + path.slice(slash));
        } catch {
          return undefined;
        }
      }
    },
  };
}
