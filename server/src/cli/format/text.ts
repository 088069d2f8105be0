// Human output: `path:line:col  severity  message  [rule]`, a code frame under each finding, the
// path's other locations, and a summary. Colour only on a terminal, never with NO_COLOR.
// Everything from the map (messages quote ids and names, paths are file names, frames quote source
// lines) goes through escapeText / escapeSourceLine: no control character reaches the terminal or the
// CI log, so no line of ours can become a workflow command or an escape sequence.
import { escapeSourceLine, escapeText, type Severity } from '../../core/index';
import type { Report, ReportFinding } from './report';
import { omittedLine, summaryLine } from './report';

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const colors: Style = { red: code(31, 39), yellow: code(33, 39), blue: code(34, 39), dim: code(2, 22), bold: code(1, 22) };
const id = (s: string) => s;
export const plain: Style = { red: id, yellow: id, blue: id, dim: id, bold: id };

/** Lines around the finding with a gutter and a caret underline; tabs kept so columns line up. */
export function codeFrame(lines: readonly string[], f: ReportFinding, style: Style, context = 2): string {
  const first = Math.max(1, f.span.startLine - context);
  const last = Math.min(lines.length, f.span.endLine + context, f.span.startLine + context + 4);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    // Columns are counted on the source line; the escaped line is what is shown, so the carets are
    // placed under the escaped text of the same characters.
    const source = lines[n - 1]!; // n <= last <= lines.length
    const text = escapeSourceLine(source);
    const marked = n >= f.span.startLine && n <= f.span.endLine;
    out.push(`${marked ? style.bold('>') : ' '} ${style.dim(`${String(n).padStart(width)} |`)} ${text}`);
    if (marked) {
      const from = Math.min(source.length, n === f.span.startLine ? f.span.startColumn - 1 : source.search(/\S|$/));
      const to = Math.min(source.length, n === f.span.endLine ? f.span.endColumn - 1 : source.length);
      const pad = escapeSourceLine(source.slice(0, from)).replace(/[^\t]/g, ' ');
      const carets = '^'.repeat(Math.max(1, escapeSourceLine(source.slice(from, Math.max(from, to))).length));
      out.push(`  ${' '.repeat(width)} ${style.dim('|')} ${pad}${paintFor(f.severity, style)(carets)}`);
    }
  }
  return out.join('\n');
}

/** Errors red, warnings yellow, information blue: in the header and under the code alike. */
function paintFor(severity: Severity, style: Style): (text: string) => string {
  return severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.blue;
}

/** Lines as the core counts them: CRLF, a lone CR and LF each end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * A path at the start of a line (after any indentation, which the Actions runner trims before it reads
 * a workflow command): escaped, and never starting with `::`.
 */
function linePath(path: string): string {
  const p = escapeText(path);
  return p.startsWith(':') ? `./${p}` : p;
}

export function renderText(report: Report, readLines: (uri: string) => string[] | undefined, style: Style): string {
  const out: string[] = [];
  for (const f of report.findings) {
    out.push(`${style.bold(`${linePath(f.path)}:${f.span.startLine}:${f.span.startColumn}`)}  ${paintFor(f.severity, style)(f.severity)}  ${escapeText(f.message)}  ${style.dim(`[${f.ruleId}]`)}`);
    const lines = readLines(f.uri);
    if (lines) {
      out.push(codeFrame(lines, f, style));
    }
    for (const r of f.related) {
      out.push(`    ${style.dim('·')} ${escapeText(r.path)}:${r.span.startLine}:${r.span.startColumn}  ${escapeText(r.message)}`);
    }
    out.push('');
  }
  if (report.suppressed.length > 0) {
    out.push(style.dim(`Suppressed by incidentmap-ignore comments (${report.suppressed.length}):`));
    for (const x of report.suppressed) {
      out.push(style.dim(`  ${linePath(x.path)}:${x.line}  ${x.ruleId}: ${escapeText(x.reason)}`));
    }
    out.push('');
  }
  const omitted = omittedLine(report);
  if (omitted) {
    out.push(omitted, '');
  }
  const s = summaryLine(report);
  out.push(report.summary.error > 0 ? style.red(s) : report.summary.warning > 0 ? style.yellow(s) : s);
  return out.join('\n') + '\n';
}
