// Applies `# incidentmap-ignore` comments (parse/suppressions.ts) to an analysis's findings: a
// finding of a named rule that starts on a covered line moves to `suppressed`, with the reason, so
// every front end can count and list it. A suppression without a reason silences nothing and is
// reported (invalid-suppression); one that silenced nothing is reported too (unused-suppression),
// so stale ones do not pile up. Each finding is matched to the first suppression that covers it.
import type { Finding } from './findings';
import type { Suppression } from './parse/suppressions';
import { ruleById } from './rules/index';
import { didYouMean } from './suggest';

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  /** Where the suppression comment is. */
  at: { uri: string; range: Finding['range'] };
}

export interface Suppressed {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

/** Findings these rules report are about suppressions themselves and cannot be suppressed. */
const own = new Set(['invalid-suppression', 'unused-suppression']);

/**
 * `ran(ruleId)`: whether the rule ran in this analysis. A suppression of a rule that did not run (off,
 * or a syntax-only pass) is not called unused, since the rule could not have reported anything.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], ran: (ruleId: string) => boolean): Suppressed {
  if (suppressions.length === 0) {
    return { findings: [...findings], suppressed: [] };
  }
  const out: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const valid = suppressions.filter((s) => s.ruleIds.length > 0 && s.reason !== '' && s.lines !== undefined);
  const used = new Set<Suppression>();
  for (const f of findings) {
    const line = f.range.start.line;
    const s = own.has(f.ruleId)
      ? undefined
      : valid.find((x) => x.uri === f.uri && x.lines!.first <= line && line <= x.lines!.last && x.ruleIds.includes(f.ruleId));
    if (s) {
      used.add(s);
      suppressed.push({ finding: f, reason: s.reason, at: { uri: s.uri, range: s.range } });
    } else {
      out.push(f);
    }
  }
  for (const s of suppressions) {
    const at = { uri: s.uri, range: s.range };
    const written = `# incidentmap-ignore${s.block ? '-block' : ''} ${s.ruleIds.join(', ') || 'RULE-ID'}: REASON`;
    if (s.ruleIds.length === 0) {
      out.push({ ...at, ruleId: 'invalid-suppression', severity: 'warning', key: `invalid-suppression:${s.range.start.line}`, message: `This suppression names no rule, so it silences nothing. Write it as \`${written}\`, with the id of the rule to silence (shown in brackets after each finding).` });
      continue;
    }
    if (s.reason === '') {
      out.push({ ...at, ruleId: 'invalid-suppression', severity: 'warning', key: `invalid-suppression:${s.ruleIds.join(',')}`, message: `This suppression of ${s.ruleIds.join(', ')} gives no reason, so it silences nothing. Say why the finding is acceptable after a colon: \`${written.replace('REASON', 'why this is acceptable')}\`; reviewers read it.` });
      continue;
    }
    for (const id of s.ruleIds) {
      if (!ruleById.has(id)) {
        const guess = didYouMean(id, ruleById.keys());
        out.push({ ...at, ruleId: 'unknown-rule', severity: 'warning', key: `unknown-rule:suppression:${id}`, message: `This suppression names unknown rule \`${id}\`, so it silences nothing.${guess ? ` Did you mean \`${guess}\`?` : ' The rules are listed in docs/rules.md.'}` });
      }
    }
    if (s.lines === undefined) {
      out.push({ ...at, ruleId: 'unused-suppression', severity: 'warning', key: `unused-suppression:${s.ruleIds.join(',')}:end`, message: `This suppression of ${s.ruleIds.join(', ')} is at the end of the file, with nothing after it to silence. Remove it.` });
      continue;
    }
    if (!used.has(s) && s.ruleIds.every((id) => ruleById.has(id) && ran(id))) {
      const where = s.block ? `the block starting on line ${s.lines.first + 1}` : `line ${s.lines.first + 1}`;
      out.push({
        ...at,
        ruleId: 'unused-suppression',
        severity: 'warning',
        key: `unused-suppression:${s.ruleIds.join(',')}:${s.lines.first - s.range.start.line}`,
        message: `This suppression of ${s.ruleIds.join(', ')} silences nothing: no such finding starts on ${where}. The problem may be fixed, or the comment is above the wrong line; remove it or move it above the line the finding points at.`,
      });
    }
  }
  return { findings: out, suppressed };
}
