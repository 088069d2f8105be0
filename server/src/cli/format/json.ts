// Machine-readable output: the report as it is, with the tool and format version so consumers can
// check what they parse. The resilience summary (what `incidentmap diff --baseline` reads) is written
// one entry per line: pretty-printed, its id lists made a 2,000-component map's report 10 MB, above
// the 8 MB every file read is held to.
import type { Report } from './report';

export const jsonFormatVersion = 1;

export function renderJson(report: Report, version: string): string {
  const body = JSON.stringify(
    {
      version: jsonFormatVersion,
      tool: { name: 'incidentmap', version },
      root: report.root,
      files: report.files,
      summary: report.summary,
      // Findings left out to stay within --max-findings (the summary counts them).
      omitted: report.omitted,
      findings: report.findings,
      suppressed: report.suppressed,
    },
    null,
    2,
  );
  if (!report.resilience) {
    return body + '\n';
  }
  const r = report.resilience;
  const list = (items: readonly unknown[]) => (items.length === 0 ? '[]' : `[\n${items.map((x) => `      ${JSON.stringify(x)}`).join(',\n')}\n    ]`);
  const fields = [
    `    "version": ${JSON.stringify(r.version)}`,
    `    "components": ${list(r.components)}`,
    `    "singlePoints": ${list(r.singlePoints)}`,
    `    "failovers": ${list(r.failovers)}`,
    ...(r.outcomes ? [`    "outcomes": ${JSON.stringify(r.outcomes)}`] : []),
  ];
  return `${body.slice(0, -2)},\n  "resilience": {\n${fields.join(',\n')}\n  }\n}\n`;
}
