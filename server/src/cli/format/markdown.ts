// check's pull-request comment: a summary line that says how many files have findings, then errors,
// warnings and information in that order, each location a link to its line when run in GitHub
// Actions; suppressed findings listed with their reasons. Within GitHub's comment limit: the first
// rows in a table, more in a folded list, and a note of what did not fit.
import { docsUrl, severityRank } from '../../core/index';
import { Budget, githubCommentLimit, location, mdCode, mdText, type LinkBase } from './markdownText';
import type { Report, ReportFinding } from './report';
import { omittedLine, summaryLine } from './report';

const icon = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;

export interface MarkdownOptions {
  links?: LinkBase;
  /** Rows shown before the rest fold away. */
  visible?: number;
  maxChars?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  // Everything when it fits; otherwise a version that folds, keeping room for the note that says so.
  const full = markdown(report, { ...options, maxChars: Infinity });
  return full.length <= (options.maxChars ?? githubCommentLimit) ? full : markdown(report, options);
}

function markdown(report: Report, options: MarkdownOptions): string {
  const { links, visible = 50, maxChars = githubCommentLimit } = options;
  const out = new Budget(maxChars);
  out.add('### incidentmap\n');
  if (report.findings.length === 0) {
    out.add(`✅ No findings: ${mdText(summaryLine(report))}.\n`);
    suppressedSection(report, out, links);
    return out.toString() + '\n';
  }
  out.add(`**${mdText(summaryLine(report))}**\n`);
  // Errors first; the report's own order (file, position) within a severity: the sort is stable.
  const ordered = [...report.findings].sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
  const header = ['| Severity | Location | Rule | Finding |', '| --- | --- | --- | --- |'];
  const row = (f: ReportFinding) => `| ${icon[f.severity]} | ${location(f.path, f.span.startLine, links)} | [${mdText(f.ruleId)}](${docsUrl(f.ruleId)}) | ${mdText(f.message)} |`;
  const rows = ordered.map(row);
  let shown = 0;
  if (out.add(header.join('\n'))) {
    shown = out.addRows(rows.slice(0, visible));
    out.add('');
  }
  if (shown < rows.length && shown === Math.min(visible, rows.length) && out.add(`<details><summary>${rows.length - shown} more</summary>\n\n${header.join('\n')}`)) {
    shown += out.addRows(rows.slice(shown));
    out.force('\n</details>\n');
  }
  suppressedSection(report, out, links);
  const omitted = omittedLine(report);
  if (omitted) {
    out.force(`_${mdText(omitted)}_\n`);
  }
  const left = rows.length - shown;
  if (left > 0) {
    out.force(`**${left} of ${rows.length} findings are not shown: GitHub limits a comment to ${maxChars.toLocaleString('en-US')} characters.** Run \`incidentmap check\` locally, or see the annotations or SARIF results, for all of them.\n`);
  }
  return out.toString() + '\n';
}

function suppressedSection(report: Report, out: Budget, links: LinkBase | undefined): void {
  if (report.suppressed.length === 0) {
    return;
  }
  const rows = report.suppressed.map((s) => `| ${location(s.path, s.line, links)} | ${mdText(s.ruleId)} | ${mdText(s.reason)} | ${mdText(s.message)} |`);
  if (!out.add(`<details><summary>${report.suppressed.length} suppressed by <code>incidentmap-ignore</code> comments</summary>\n\n| Location | Rule | Reason | Finding |\n| --- | --- | --- | --- |`)) {
    out.force(`${report.suppressed.length} finding${report.suppressed.length === 1 ? ' is' : 's are'} suppressed by \`incidentmap-ignore\` comments (not listed: the comment is full).\n`);
    return;
  }
  const n = out.addRows(rows);
  out.force(`${n < rows.length ? `\n${rows.length - n} more not listed.\n` : ''}\n</details>\n`);
}

export { mdCode };
