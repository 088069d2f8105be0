// Which maps a `check` covers: files as named, folders searched for *.incidentmap, globs expanded.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './command';

const ignore = ['**/node_modules/**', '**/.git/**'];

/** The repository root above `cwd` (the nearest folder holding .git), else `cwd`. */
export function defaultRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      return resolve(cwd);
    }
  }
}

/** Absolute paths of the maps named by `args`, sorted and unique. Throws UsageError for what matches nothing. */
export function discoverMaps(args: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const arg of args.length > 0 ? args : ['.']) {
    const abs = isAbsolute(arg) ? arg : resolve(cwd, arg);
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw new UsageError(`cannot read ${arg}: ${code ?? String(e)}`);
      }
    }
    if (st && !st.isFile() && !st.isDirectory()) {
      // A FIFO, device or socket named on the command line: refused here, never opened.
      const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : 'a device';
      throw new UsageError(`refused to read ${arg}: it is ${kind}, which could block or never end`, 'Maps must be regular files.');
    }
    if (st?.isFile()) {
      found.add(abs);
    } else if (st?.isDirectory()) {
      const maps = globSync('**/*.incidentmap', { cwd: abs, ignore, absolute: true, dot: false, followSymbolicLinks: false });
      if (maps.length === 0) {
        throw new UsageError(`no .incidentmap files under ${arg}`);
      }
      maps.forEach((m) => found.add(resolve(m)));
    } else if (isDynamicPattern(arg)) {
      const maps = globSync(arg, { cwd, ignore, absolute: true, followSymbolicLinks: false }).filter((m) => m.endsWith('.incidentmap'));
      if (maps.length === 0) {
        throw new UsageError(`no .incidentmap files match ${arg}`);
      }
      maps.forEach((m) => found.add(resolve(m)));
    } else {
      throw new UsageError(`cannot read ${arg}: no such file or folder`, `(relative to ${cwd})`);
    }
  }
  return [...found].sort();
}

/**
 * `path` relative to `root` with forward slashes, or absolute when outside it. Only Windows
 * separators become `/`: on POSIX a `\` is part of a file name, and turning it into `/` names another file.
 */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    return path;
  }
  return sep === '\\' ? rel.split('\\').join('/') : rel;
}
