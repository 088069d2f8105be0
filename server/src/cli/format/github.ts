// GitHub Actions workflow commands: each finding becomes an annotation on the PR's diff.
// Escaping follows the runner's rules: data escapes %, CR, LF; properties also ':' and ','.
import type { Report } from './report';

const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const command = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function renderGithub(report: Report): string {
  const lines = report.findings.map((f) => {
    const s = f.span;
    const where = [`file=${prop(f.path)}`, `line=${s.startLine}`, `col=${s.startColumn}`, `endLine=${s.endLine}`];
    if (s.endLine === s.startLine) {
      where.push(`endColumn=${s.endColumn}`);
    }
    where.push(`title=${prop(`incidentmap ${f.ruleId}`)}`);
    return `::${command[f.severity]} ${where.join(',')}::${data(f.message)}`;
  });
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
