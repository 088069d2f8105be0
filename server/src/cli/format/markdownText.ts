// Writing untrusted text (ids, messages, reasons, paths from the maps under review) into GitHub
// markdown, and keeping a comment within GitHub's limit. Shared by check's and diff's markdown.

import { escapeText } from '../../core/index';

/** GitHub refuses comments and job summaries longer than this (characters). */
export const githubCommentLimit = 65_536;

/**
 * Text in running markdown or a table cell: markdown punctuation escaped, HTML and line breaks
 * neutralised, and `@` broken so a name in a map cannot mention (and notify) anyone.
 */
export function mdText(s: string): string {
  // Line breaks become spaces (a table row must stay one line); every other control character is
  // made visible (core/escape.ts), so none reaches the comment.
  return escapeText(s.replace(/\r?\n|\r/g, ' '))
    .replace(/[\\`*_[\]#|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    // No cross-reference can form: #12, org/repo#12, GH-12. Before the `@` below, whose entity
    // (`&#8203;`) has a `#` before a digit that this would break again.
    .replace(/#(?=[\w-])/g, '#&#8203;')
    .replace(/\b(GH)-(?=\d)/gi, '$1-&#8203;')
    .replace(/@/g, '@&#8203;');
}

/** Inline code that no content can close early: the fence is longer than any backtick run inside. */
export function mdCode(s: string): string {
  const text = s.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  // In a GFM table a `|` ends the cell even inside code; escaping it is the documented way.
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** Where locations link to: the commit on GitHub when the Actions variables say which, else nothing. */
export interface LinkBase {
  /** e.g. https://github.com/owner/repo/blob/SHA */
  blob: string;
}

/** GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA (set in every Actions job) make links to lines. */
export function linkBaseFromEnv(env: Record<string, string | undefined>): LinkBase | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repo = env['GITHUB_REPOSITORY'];
  const sha = env['GITHUB_SHA'];
  if (!server || !repo || !sha || !/^https?:\/\/[^\s/]+$/.test(server.replace(/\/$/, '')) || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^[0-9a-f]{7,64}$/i.test(sha)) {
    return undefined;
  }
  return { blob: `${server.replace(/\/$/, '')}/${repo}/blob/${sha}` };
}

/** `path:line` as a link to the line on GitHub, or as code when there is no link base. */
export function location(path: string, line: number, base: LinkBase | undefined): string {
  const shown = mdCode(`${path}:${line}`);
  if (!base || path.startsWith('/') || path.includes('..')) {
    return shown;
  }
  const url = `${base.blob}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}`;
  return `[${shown}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/**
 * Builds a comment that stays within `limit`: sections are added while they fit; what does not fit
 * is counted and said at the end, with where to see it all.
 */
export class Budget {
  private readonly parts: string[] = [];
  private used = 0;
  omitted = 0;

  constructor(
    private readonly limit: number,
    /** Kept free for the closing note. */
    private readonly reserve = 600,
  ) {}

  /** Adds `text` if it fits; false (and nothing added) if not. */
  add(text: string): boolean {
    if (this.used + text.length + 1 > this.limit - this.reserve) {
      return false;
    }
    this.parts.push(text);
    this.used += text.length + 1;
    return true;
  }

  /** Adds rows one by one; returns how many fitted. */
  addRows(rows: readonly string[]): number {
    let n = 0;
    for (const r of rows) {
      if (!this.add(r)) {
        break;
      }
      n++;
    }
    return n;
  }

  /** Adds text that must appear (a closing tag), using the reserve. */
  force(text: string): void {
    this.parts.push(text);
    this.used += text.length + 1;
  }

  get size(): number {
    return this.used;
  }

  toString(): string {
    return this.parts.join('\n');
  }
}
