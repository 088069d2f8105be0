// Machine-readable output: the report as it is, with the tool and format version so consumers can
// check what they parse.
import type { Report } from './report';

export const jsonFormatVersion = 1;

export function renderJson(report: Report, version: string): string {
  return (
    JSON.stringify(
      {
        version: jsonFormatVersion,
        tool: { name: 'incidentmap', version },
        root: report.root,
        files: report.files,
        summary: report.summary,
        // Findings left out to stay within --max-findings (the summary counts them).
        omitted: report.omitted,
        findings: report.findings,
      },
      null,
      2,
    ) + '\n'
  );
}
