// The maps as they were at a git ref, read with git itself: `git ls-tree` lists the tree (mode, size,
// object) once, `git cat-file blob` reads a file. A Host over that tree gives the core the same URIs
// as the working tree, so base and head are analysed by the same code and compared path for path.
// The gate is the working tree's: regular files only (a symbolic link or submodule in the tree is
// refused), at most maxReadBytes, decoded the same way; includes are held to the root by the core.
import { execFileSync } from 'node:child_process';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Host, HostReadResult } from '../core/index';
import { maxReadBytes, toPath, toUri } from '../node/nodeHost';
import { UsageError } from './command';

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number;
}

export interface GitBase {
  /** The repository's top folder (absolute). */
  top: string;
  /** The commit the ref names. */
  commit: string;
  ref: string;
  /** Tree entries by path relative to `top`, forward slashes. */
  tree: Map<string, TreeEntry>;
  host: Host;
}

function git(cwd: string, args: string[], maxBuffer = 64 * 1024 * 1024): Buffer {
  return execFileSync('git', args, { cwd, maxBuffer, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } });
}

function gitError(e: unknown): string {
  const err = e as { code?: string; stderr?: Buffer; message?: string };
  if (err.code === 'ENOENT') {
    return 'git is not installed or not on PATH';
  }
  return (err.stderr?.toString('utf8').trim().split('\n')[0] ?? err.message ?? String(e)).slice(0, 300);
}

/** Opens `ref` of the repository around `cwd`. Usage errors for a bad ref or no repository. */
export function openGitBase(cwd: string, ref: string): GitBase {
  if (ref === '' || ref.startsWith('-')) {
    throw new UsageError(`--base must name a commit, branch or tag; got "${ref}"`, 'A ref cannot start with "-".');
  }
  if (/[\u0000-\u001f\u007f]/.test(ref)) {
    throw new UsageError('--base contains control characters');
  }
  let top: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (e) {
    throw new UsageError(`--base needs a git repository, and ${cwd} is not in one (${gitError(e)})`, 'Use --baseline REPORT.json with a report saved by `incidentmap check --format json` instead.');
  }
  let commit: string;
  try {
    commit = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new UsageError(`--base: git knows no commit "${ref}"`, 'In a shallow CI checkout, fetch the base first (actions/checkout with fetch-depth: 0, or git fetch origin BASE).');
  }
  const tree = new Map<string, TreeEntry>();
  let listing: string;
  try {
    listing = git(top, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit]).toString('utf8');
  } catch (e) {
    throw new UsageError(`--base: cannot list the files of ${ref}: ${gitError(e)}`);
  }
  for (const line of listing.split('\u0000')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+) +(-|\d+)\t(.*)$/s.exec(line);
    if (m) {
      tree.set(m[5]!, { mode: m[1]!, type: m[2]!, oid: m[3]!, size: m[4] === '-' ? 0 : Number(m[4]) });
    }
  }
  const dirs = new Set<string>();
  for (const path of tree.keys()) {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      dirs.add(path.slice(0, i));
    }
  }
  const host: Host = {
    readFile(uri): HostReadResult {
      let abs: string;
      try {
        abs = toPath(uri);
      } catch {
        return { ok: false, reason: 'not-found' };
      }
      const rel = relative(top, abs).split('\\').join('/');
      if (rel.startsWith('..') || isAbsolute(rel)) {
        return { ok: false, reason: 'not-found' };
      }
      const entry = tree.get(rel);
      if (!entry) {
        return dirs.has(rel) ? { ok: false, reason: 'is-directory' } : { ok: false, reason: 'not-found' };
      }
      if (entry.mode === '120000') {
        return { ok: false, reason: 'unreadable', detail: `a symbolic link in ${ref}; maps must be regular files` };
      }
      if (entry.type !== 'blob') {
        return { ok: false, reason: 'is-directory' };
      }
      if (entry.size > maxReadBytes) {
        return { ok: false, reason: 'too-large', detail: `${entry.size} bytes` };
      }
      try {
        const buf = git(top, ['cat-file', 'blob', entry.oid], maxReadBytes + 1);
        return { ok: true, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(buf) };
      } catch (e) {
        return { ok: false, reason: 'unreadable', detail: gitError(e) };
      }
    },
  };
  return { top, commit, ref, tree, host };
}

const ignored = (path: string) => /(^|\/)(node_modules|\.git)\//.test(path);

/** The maps of the base under the files and folders named (relative to `cwd`), as absolute paths. */
export function baseMaps(base: GitBase, args: readonly string[], cwd: string): string[] {
  const selected = new Set<string>();
  const all = [...base.tree.entries()].filter(([p, e]) => p.endsWith('.incidentmap') && e.type === 'blob' && !ignored(p)).map(([p]) => p);
  for (const arg of args.length > 0 ? args : ['.']) {
    if (/[*?[\]{}]/.test(arg)) {
      throw new UsageError(`diff takes files and folders, not globs; got "${arg}"`, 'Name the folder that holds the maps instead.');
    }
    const rel = relative(base.top, resolve(cwd, arg)).split('\\').join('/');
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError(`${arg} is outside the git repository at ${base.top}`);
    }
    for (const p of all) {
      if (rel === '' || p === rel || p.startsWith(`${rel}/`)) {
        selected.add(join(base.top, p));
      }
    }
  }
  return [...selected].sort();
}

/** Files git sees renamed between the base commit and the working tree: base path → head path, relative to `root`. */
export function renamesSince(base: GitBase, root: string): Map<string, string> {
  const out = new Map<string, string>();
  let text: string;
  try {
    text = git(base.top, ['diff', '--no-ext-diff', '-M', '--name-status', '-z', base.commit, '--']).toString('utf8');
  } catch {
    return out; // renames only refine matching of findings without a key; ids match regardless
  }
  const parts = text.split('\u0000');
  for (let i = 0; i < parts.length; i++) {
    const status = parts[i]!;
    if (/^R\d*$/.test(status) && i + 2 < parts.length) {
      const from = relative(root, join(base.top, parts[i + 1]!)).split('\\').join('/');
      const to = relative(root, join(base.top, parts[i + 2]!)).split('\\').join('/');
      out.set(from, to);
      i += 2;
    } else if (/^[ACDMTUX]/.test(status)) {
      i += 1;
    }
  }
  return out;
}

export { toUri };
