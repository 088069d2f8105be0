// A file read by several maps (an included platform file, say) is analysed once per map that reads it.
// The editor and the CLI both show one list per file, so both merge through here: the same rule at the
// same range is one finding, worded as the widest analysis (the one that read the most files) saw it,
// because that analysis knows every component that goes down.
import { compareFindings, type Finding } from './findings';

export interface EntryFindings {
  entry: string;
  /** How many files the analysis read (its include closure). */
  files: number;
  findings: readonly Finding[];
}

/** The findings of several analyses, deduplicated and sorted; only those located in `uri` when given. */
export function mergeFindings(analyses: readonly EntryFindings[], uri?: string): Finding[] {
  const ordered = [...analyses].sort((a, b) => b.files - a.files || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const a of ordered) {
    for (const f of a.findings) {
      if (uri !== undefined && f.uri !== uri) {
        continue;
      }
      const r = f.range;
      const key = `${f.uri}\u0000${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\u0000${f.ruleId}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(f);
      }
    }
  }
  return out.sort(compareFindings);
}
