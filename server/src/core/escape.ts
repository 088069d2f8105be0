// One escaping function per output format, for every string a map's author controls (ids, names,
// messages that quote them, file names, source lines in code frames). Maps come from pull requests
// and the outputs are read by terminals, CI runners and GitHub:
//
//   - a newline or CR in a CI log starts a line the GitHub Actions runner executes as a workflow
//     command (`::add-mask::`, `::stop-commands::`); ESC and OSC sequences retitle the terminal,
//     write the clipboard, clear the screen; bidi overrides reorder what a reviewer reads;
//   - in a Markdown comment, a lone CR ends a table row, `@user` pings people, `org/repo#1`
//     cross-references issues, `![](https://…)` loads images, raw HTML renders;
//   - in Mermaid, `%%{init: …}%%` anywhere in the text is a directive, even inside a label.
//
// Control characters are made visible (`\n`, `\r`, `\t`, `\0`, `\x1b`, `\u202e`), never dropped,
// so the reader sees that something odd was there.

/** C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const controlsButTab = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

function visible(ch: string): string {
  const n = named[ch];
  if (n !== undefined) {
    return n;
  }
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every control character made visible: for one-line text in terminals and CI logs (text format, messages). */
export function escapeText(s: string): string {
  return s.replace(controls, visible);
}

/** The same, but tabs kept: for source lines in code frames, whose columns must line up with the carets. */
export function escapeSourceLine(s: string): string {
  return s.replace(controlsButTab, visible);
}

/**
 * Text for a GitHub Actions workflow command's message (after `::error …::`): controls made visible,
 * then the runner's own escapes for what is left (%, and CR/LF, which escapeText already removed).
 */
export function escapeGithubData(s: string): string {
  return escapeText(s).replace(/%/g, '%25');
}

/** A workflow command property (file=, title=): also ':' and ','. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const zwsp = '\u200b';

/**
 * Text for GitHub-flavoured Markdown, inline (a table cell, a list item): controls visible (a lone CR
 * cannot end a row), HTML as entities, Markdown punctuation backslash-escaped (no links, images,
 * emphasis, code spans, table pipes), and `@name`, `#1`, `org/repo#1`, `GH-1` broken with a zero-width
 * space so GitHub neither pings nor cross-references.
 */
export function escapeMarkdown(s: string): string {
  return escapeText(s)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*_{}[\]()#+\-.!|~:"']/g, (c) => `\\${c}`)
    .replace(/@(?=[\w-])/g, `@${zwsp}`)
    .replace(/#(?=[\w-])/g, `#${zwsp}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${zwsp}`);
}

/**
 * A Mermaid label, quoted: HTML-ish characters as Mermaid entity codes, `%` as one too (no `%%`
 * directive or comment can form), controls visible.
 */
export function escapeMermaid(s: string): string {
  const coded = escapeText(s).replace(/[&"<>#`%]/g, (ch) => ({ '&': '#amp;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '#': '#35;', '`': '#96;', '%': '#37;' })[ch]!);
  return `"${coded}"`;
}
