// GitHub Actions workflow commands: each finding becomes an annotation on the PR's diff.
// Escaping follows the runner's rules: data escapes %, CR, LF; properties also ':' and ','.
// GitHub shows at most 10 annotations of each level per step (the rest are dropped from the diff
// view): errors come first, and when a level has more, a last notice says how many and where to look.
// Control characters are made visible first (core/escape.ts), so no CR, LF or ESC reaches the log.
import { escapeGithubData as data, escapeGithubProperty as prop, severityRank } from '../../core/index';
import { omittedLine, type Report, type ReportFinding } from './report';

export { data as escapeData, prop };
const command = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Annotations GitHub shows per level in one step. */
export const annotationsShownPerLevel = 10;

export function annotation(level: 'error' | 'warning' | 'notice', path: string, span: ReportFinding['span'], title: string, message: string): string {
  const where = [`file=${prop(path)}`, `line=${span.startLine}`, `col=${span.startColumn}`, `endLine=${span.endLine}`];
  if (span.endLine === span.startLine) {
    where.push(`endColumn=${span.endColumn}`);
  }
  where.push(`title=${prop(title)}`);
  return `::${level} ${where.join(',')}::${data(message)}`;
}

export function renderGithub(report: Report): string {
  // Errors first; Array.prototype.sort is stable, so the report's order within a severity.
  const ordered = [...report.findings].sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
  const lines = ordered.map((f) => annotation(command[f.severity], f.path, f.span, `incidentmap ${f.ruleId}`, f.message));
  const omitted = omittedLine(report);
  if (omitted) {
    lines.push(`::warning title=${prop('incidentmap')}::${data(omitted)}`);
  }
  const over = (['error', 'warning', 'info'] as const).filter((s) => report.summary[s] > annotationsShownPerLevel);
  if (over.length > 0 || report.summary.suppressed > 0) {
    lines.push(`::notice title=${prop('incidentmap summary')}::${data(limitNote(report, over))}`);
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

function limitNote(report: Report, over: readonly ('error' | 'warning' | 'info')[]): string {
  const s = report.summary;
  const parts = [`incidentmap: ${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info`];
  if (over.length > 0) {
    const hidden = over.map((l) => ({ level: l, count: s[l] - annotationsShownPerLevel }));
    const words = hidden.map(({ level, count }) => `${count} ${level === 'info' || count === 1 ? level : `${level}s`}`);
    parts.push(
      `GitHub shows only ${annotationsShownPerLevel} annotations per level in a step, so ${words.join(' and ')} ${hidden.length === 1 && hidden[0]!.count === 1 ? 'is' : 'are'} not shown on the diff. Run \`incidentmap check\` locally, or use --format sarif or markdown, for all of them.`,
    );
  }
  if (s.suppressed > 0) {
    const listed = report.suppressed.slice(0, 10).map((x) => `${x.path}:${x.line} ${x.ruleId} (${x.reason})`);
    const more = report.suppressed.length - listed.length;
    parts.push(`${s.suppressed} suppressed by incidentmap-ignore comments: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`);
  }
  return parts.join('. ');
}
