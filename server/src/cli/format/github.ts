// GitHub Actions workflow commands: each finding becomes an annotation on the PR's diff.
// Escaping follows the runner's rules: data escapes %, CR, LF; properties also ':' and ','.
// Control characters are made visible first (core/escape.ts), so no CR, LF or ESC reaches the log.
import { escapeGithubData as data, escapeGithubProperty as prop } from '../../core/index';
import { omittedLine, type Report } from './report';
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
  const omitted = omittedLine(report);
  if (omitted) {
    lines.push(`::warning title=${prop('incidentmap')}::${data(omitted)}`);
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
