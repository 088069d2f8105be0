// A pull-request comment: counts first, then a table that links each rule to its docs; long lists
// fold away so the comment stays readable.
import { docsUrl, escapeMarkdown } from '../../core/index';
import type { Report } from './report';
import { omittedLine, summaryLine } from './report';

// Untrusted text (messages quote ids and names; paths are file names from the pull request).
const cell = escapeMarkdown;
const icon = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;

export function renderMarkdown(report: Report, visible = 50): string {
  const out = ['### incidentmap', ''];
  if (report.findings.length === 0) {
    out.push(`✅ No findings: ${summaryLine(report)}.`, '');
    return out.join('\n');
  }
  out.push(`**${summaryLine(report)}**`, '');
  const table = (rows: Report['findings']) => [
    '| Severity | Location | Rule | Finding |',
    '| --- | --- | --- | --- |',
    ...rows.map((f) => `| ${icon[f.severity]} | ${cell(`${f.path}:${f.span.startLine}`)} | [${f.ruleId}](${docsUrl(f.ruleId)}) | ${cell(f.message)} |`),
  ];
  out.push(...table(report.findings.slice(0, visible)), '');
  if (report.findings.length > visible) {
    out.push(`<details><summary>${report.findings.length - visible} more</summary>`, '', ...table(report.findings.slice(visible)), '', '</details>', '');
  }
  const omitted = omittedLine(report);
  if (omitted) {
    out.push(`_${omitted}_`, '');
  }
  return out.join('\n');
}
