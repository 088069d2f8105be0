/** Zero-based, LSP-shaped position: the LSP adapter passes ranges through untouched. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A rule's configured level: a severity, or `off` to silence it. */
export type Level = Severity | 'off';

export interface Related {
  uri: string;
  range: Range;
  message: string;
}

/** A machine-applicable edit that a code action (or `--fix` later) can offer. */
export interface Fix {
  title: string;
  edits: { uri: string; range: Range; newText: string }[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  related?: Related[];
  fixes?: Fix[];
  /**
   * Stable identity for SARIF partialFingerprints and de-duplication: built from ids, never from
   * line numbers, so moving a block does not raise a "new" alert.
   */
  key?: string;
  /** Structured facts for editor features (e.g. the ids on a propagation path). */
  data?: Record<string, unknown>;
}

/**
 * Most related locations one finding carries. A propagation path can be as long as the map: carried
 * whole, a chain of 1,000 tier-1 services made 168 MB of JSON (every finding repeats the path below it).
 */
export const maxRelated = 20;

/** `f` with at most maxRelated related locations; the message says how many were left out. */
export function boundRelated(f: Finding): Finding {
  const related = f.related;
  if (!related || related.length <= maxRelated) {
    return f;
  }
  const left = related.length - maxRelated;
  return { ...f, related: related.slice(0, maxRelated), message: `${f.message} (${left} more related location${left === 1 ? '' : 's'} left out.)` };
}

/**
 * At most `max` of `findings`, returned in the given order: the first finding of every rule (most
 * severe rules first), so a flood of one kind cannot hide the only finding of another, then the most
 * severe of the rest, each severity in the given order. What a report or a publish keeps when a map
 * produces more than it should carry.
 */
export function mostSevere<T extends { severity: Severity; ruleId: string }>(findings: readonly T[], max: number): T[] {
  if (findings.length <= max) {
    return [...findings];
  }
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => severityRank[b.f.severity] - severityRank[a.f.severity] || a.i - b.i);
  const keep = new Set<number>();
  const rules = new Set<string>();
  for (const { f, i } of order) {
    if (keep.size < max && !rules.has(f.ruleId)) {
      rules.add(f.ruleId);
      keep.add(i);
    }
  }
  for (const { i } of order) {
    if (keep.size >= max) {
      break;
    }
    keep.add(i);
  }
  return findings.filter((_, i) => keep.has(i));
}

export const severityRank: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** The more serious of two severities; an element shows the worst of its findings. */
export const worseSeverity = (a: Severity | undefined, b: Severity): Severity => (a && severityRank[a] >= severityRank[b] ? a : b);

export const emptyRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.uri, b.uri) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
