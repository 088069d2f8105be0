// URIs are handled as strings with posix semantics so the core needs no `node:path` or `node:url`.
// Only the path part is touched; scheme and authority are kept as they are.

const schemeAuthority = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*)(.*)$/;

function split(uri: string): [prefix: string, path: string] {
  const m = schemeAuthority.exec(uri);
  return m ? [m[1] ?? '', m[2] ?? ''] : ['', uri];
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') {
        out.pop();
      } else if (!absolute) {
        out.push('..');
      }
      continue;
    }
    out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function dirname(uri: string): string {
  const [prefix, path] = split(uri);
  const i = path.lastIndexOf('/');
  return prefix + (i <= 0 ? '/' : path.slice(0, i));
}

export function basename(uri: string): string {
  const [, path] = split(uri);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Resolves an include path (always written with `/`) against the including file's URI. */
export function resolveRelative(fromUri: string, ref: string): string {
  const [prefix, path] = split(fromUri);
  const encoded = ref
    .split('/')
    .map((s) => (prefix ? encodeSegment(s) : s))
    .join('/');
  if (ref.startsWith('/')) {
    return prefix + normalizePath(encoded);
  }
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return prefix + normalizePath(dir + encoded);
}

/** True when `uri` equals `root` or lies below it. */
export function isWithin(root: string, uri: string): boolean {
  const r = root.endsWith('/') ? root.slice(0, -1) : root;
  return uri === r || uri.startsWith(r + '/');
}

/** `root`-relative path with `/` separators (SARIF, GitHub annotations, human output). */
export function relativePath(root: string, uri: string): string {
  const r = root.endsWith('/') ? root : root + '/';
  const rel = uri.startsWith(r) ? uri.slice(r.length) : uri;
  return safeDecode(rel);
}

function encodeSegment(s: string): string {
  return s === '..' || s === '.' ? s : encodeURIComponent(safeDecode(s));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
