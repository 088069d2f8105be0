// The report every format renders: findings with paths relative to the root and 1-based positions
// (what people and CI systems read), in a deterministic order so CI diffs are stable.
import { createHash } from 'node:crypto';
import { compareFindings, mostSevere, severityRank, type Finding, type ResilienceSummary, type Severity } from '../../core/index';
import { toPath } from '../../node/nodeHost';
import type { CheckRun } from '../checkRun';
import { displayPath } from '../discover';

export interface Span {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the root, forward slashes. */
  path: string;
  uri: string;
  span: Span;
  related: { path: string; uri: string; span: Span; message: string }[];
  /** Stable across edits elsewhere in the file: built from ids, not lines. */
  fingerprint: string;
  /** The rule's stable key (ids, no lines), when it gives one: how `incidentmap diff` matches findings. */
  key?: string;
}

/** A finding a `# incidentmap-ignore` comment silenced: listed and counted, never hidden. */
export interface ReportSuppressed {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  uri: string;
  line: number;
  reason: string;
  /** Where the suppression comment is (1-based). */
  suppressedAt: { path: string; line: number };
  /** The fingerprint the finding would have: SARIF viewers match the suppression to the alert. */
  fingerprint: string;
  key?: string;
}

export interface Report {
  root: string;
  files: string[];
  maps: number;
  findings: ReportFinding[];
  /** Counts of every finding, those left out included; and of the suppressed ones. */
  summary: Record<Severity, number> & { suppressed: number };
  suppressed: ReportSuppressed[];
  resilience?: ResilienceSummary;
  /** Findings left out to stay within the report's bound (the most severe are kept). */
  omitted: number;
  /** The bound: most findings one report carries. */
  maxFindings: number;
}

/**
 * Most findings one report carries. Each finding is bounded (a line of message, at most maxRelated
 * related locations); this bounds their number, so a map at the size limit cannot make CI write
 * hundreds of megabytes (a chain of 50,000 services made 413 MB of JSON). Every format says how many
 * were left out; the summary still counts all of them.
 */
export const defaultMaxFindings = 10_000;

const span = (r: Finding['range']): Span => ({
  startLine: r.start.line + 1,
  startColumn: r.start.character + 1,
  endLine: r.end.line + 1,
  endColumn: r.end.character + 1,
});

export function pathOf(root: string, uri: string): string {
  try {
    return displayPath(root, toPath(uri));
  } catch {
    return uri;
  }
}

export function buildReport(run: CheckRun, minSeverity: Severity = 'info', maxFindings = defaultMaxFindings): Report {
  // Once per file, not per finding: a large map can have tens of thousands.
  const paths = new Map<string, string>();
  const pathOfUri = (uri: string) => {
    let path = paths.get(uri);
    if (path === undefined) {
      path = pathOf(run.root, uri);
      paths.set(uri, path);
    }
    return path;
  };
  const all = run.findings.filter((f) => severityRank[f.severity] >= severityRank[minSeverity]).sort(compareFindings);
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  all.forEach((f) => summary[f.severity]++);
  // Over the bound: the most severe, each severity in report order, then back in report order.
  const kept = mostSevere(all, maxFindings);
  const findings = kept
    .map((f): ReportFinding => {
      const path = pathOfUri(f.uri);
      return {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        path,
        uri: f.uri,
        span: span(f.range),
        related: (f.related ?? []).map((r) => ({ path: pathOfUri(r.uri), uri: r.uri, span: span(r.range), message: r.message })),
        // Without a key (schema findings), the message names what is wrong and where in the model,
        // which also survives unrelated edits.
        fingerprint: fingerprintOf(f.ruleId, path, f.key ?? f.message),
        ...(f.key !== undefined ? { key: f.key } : {}),
      };
    });
  const suppressed = run.suppressed.map(
    (s): ReportSuppressed => ({
      ruleId: s.finding.ruleId,
      severity: s.finding.severity,
      message: s.finding.message,
      path: pathOfUri(s.finding.uri),
      uri: s.finding.uri,
      line: s.finding.range.start.line + 1,
      reason: s.reason,
      suppressedAt: { path: pathOfUri(s.at.uri), line: s.at.range.start.line + 1 },
      fingerprint: fingerprintOf(s.finding.ruleId, pathOfUri(s.finding.uri), s.finding.key ?? s.finding.message),
      ...(s.finding.key !== undefined ? { key: s.finding.key } : {}),
    }),
  );
  const counts = { ...summary, suppressed: suppressed.length };
  return { root: run.root, files: run.files.map((u) => pathOfUri(u)), maps: run.entries.length, findings, summary: counts, suppressed, omitted: all.length - kept.length, maxFindings, ...(run.resilience ? { resilience: run.resilience } : {}) };
}

function fingerprintOf(ruleId: string, path: string, identity: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${path}\u0000${identity}`).digest('hex').slice(0, 32);
}

/** The sentence every format adds when findings were left out, or undefined. */
export function omittedLine(r: Report): string | undefined {
  return r.omitted > 0
    ? `${r.omitted} more finding${r.omitted === 1 ? ' was' : 's were'} left out: a report carries at most ${r.maxFindings} (the most severe are kept). Fix these first, or raise --max-findings.`
    : undefined;
}

export function summaryLine(r: Report): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const withFindings = new Set(r.findings.map((f) => f.path)).size;
  const suppressed = r.summary.suppressed > 0 ? `; ${r.summary.suppressed} suppressed` : '';
  return `${n(r.summary.error, 'error')}, ${n(r.summary.warning, 'warning')}, ${r.summary.info} info in ${withFindings} of ${n(r.files.length, 'file')} (${n(r.maps, 'map')} checked)${suppressed}`;
}
