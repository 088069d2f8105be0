// A file read by several maps (an included platform file, say) is analysed once per map that reads it.
// The editor and the CLI both show one list per file, so both merge through here: the same rule at the
// same range is one finding, worded as the widest analysis (the one that read the most files) saw it,
// because that analysis knows every component that goes down.
//
// References are the exception to "union": a shared file may name components that only the maps
// including it define (a platform's telemetry `watches` the services that include it). A reference is
// unknown only if no analysis that reads the file resolves it, so an unknown-reference is kept only
// when every analysis reading its file reports it.
import { compareFindings, severityRank, type Finding } from './findings';

export interface EntryFindings {
  entry: string;
  /** How many files the analysis read (its include closure); 0 when it produced no result. */
  files: number;
  /** The files it read, when known; otherwise it is taken to read every file being merged. */
  closure?: readonly string[];
  findings: readonly Finding[];
}

// An unused suppression in a shared file may be used by another map that reads it.
const contextual = new Set(['unknown-reference', 'unused-suppression']);

/** The findings of several analyses, deduplicated and sorted; only those located in `uri` when given. */
export function mergeFindings(analyses: readonly EntryFindings[], uri?: string): Finding[] {
  const ordered = [...analyses].sort((a, b) => b.files - a.files || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
  const closures = ordered.map((a) => (a.closure ? new Set(a.closure) : undefined));
  const keyOf = (f: Finding) => {
    const r = f.range;
    return `${f.uri}\u0000${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\u0000${f.ruleId}`;
  };
  const reporters = new Map<string, number>();
  ordered.forEach((a) => new Set(a.findings.filter((f) => contextual.has(f.ruleId)).map(keyOf)).forEach((k) => reporters.set(k, (reporters.get(k) ?? 0) + 1)));
  const readers = (file: string) => ordered.filter((a, i) => a.files > 0 && (closures[i]?.has(file) ?? true)).length;

  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const a of ordered) {
    for (const f of a.findings) {
      if (uri !== undefined && f.uri !== uri) {
        continue;
      }
      const key = keyOf(f);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      if (contextual.has(f.ruleId) && (reporters.get(key) ?? 0) < readers(f.uri)) {
        continue;
      }
      out.push(f);
    }
  }
  return out.sort(compareFindings);
}

/**
 * What a person needs first when a file has more findings than an editor shows (VS Code: 1,000 per
 * file): errors, then the findings whose failure takes down the most (a single point of failure's
 * `downCount`), then the rarer rules, then file order. Returns the first `max` in that order, sorted back by
 * position, and how many were left out (issue 23, item 11).
 */
export function mostImportant(findings: readonly Finding[], max: number): { shown: Finding[]; hidden: number } {
  if (findings.length <= max) {
    return { shown: [...findings], hidden: 0 };
  }
  const reach = (f: Finding) => (typeof f.data?.['downCount'] === 'number' ? (f.data['downCount'] as number) : 0);
  // Among equals, the rarer rule first: one duplicate key among 40,000 unknown keys is news, the
  // 40,000th unknown key is not. Every kind of problem the file has gets a place.
  const perRule = new Map<string, number>();
  findings.forEach((f) => perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1));
  const ranked = findings
    .map((f, i) => ({ f, i, rank: severityRank[f.severity], reach: reach(f), count: perRule.get(f.ruleId)! }))
    .sort((a, b) => ((a.rank === 3) !== (b.rank === 3) ? (a.rank === 3 ? -1 : 1) : b.reach - a.reach || b.rank - a.rank || a.count - b.count || a.i - b.i));
  const shown = ranked.slice(0, Math.max(0, max)).map((x) => x.f).sort(compareFindings);
  return { shown, hidden: findings.length - shown.length };
}
