// A pull-request comment: counts first, then a table that links each rule to its docs; long lists
// fold away so the comment stays readable.
import { docsUrl } from '../../core/index';
import type { Report } from './report';
import { summaryLine } from './report';

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
    ...rows.map((f) => `| ${icon[f.severity]} | \`${cell(f.path)}:${f.span.startLine}\` | [${f.ruleId}](${docsUrl(f.ruleId)}) | ${cell(f.message)} |`),
  ];
  out.push(...table(report.findings.slice(0, visible)), '');
  if (report.findings.length > visible) {
    out.push(`<details><summary>${report.findings.length - visible} more</summary>`, '', ...table(report.findings.slice(visible)), '', '</details>', '');
  }
  return out.join('\n');
}
