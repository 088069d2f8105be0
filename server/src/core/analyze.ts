import { boundRelated, compareFindings, severityRank, type Finding, type Severity } from './findings';
import type { Host } from './host';
import { buildModel, type BuildOptions } from './model/build';
import type { Model } from './model/types';
import { buildGraph, type PropGraph } from './propagation/graph';
import { ruleById, rules } from './rules/index';
import { didYouMean } from './suggest';
import { applySuppressions, type SuppressedFinding } from './suppress';

export interface AnalyzeOptions extends BuildOptions {
  /** Epoch ms for rehearsal age; defaults to the current time. */
  now?: number;
  /** Skip propagation rules: the language server's as-you-type pass. */
  syntaxOnly?: boolean;
}

export interface Analysis {
  model: Model;
  graph: PropGraph;
  /** Sorted by file, position and rule; `off` rules removed; severities as configured. */
  findings: Finding[];
  /** The include closure, entry first. */
  files: string[];
  /** Findings silenced by `# incidentmap-ignore` comments, with their reasons: counted in every report. */
  suppressed: SuppressedFinding[];
}

/**
 * Reads a map and everything it includes, validates it and runs every rule. Never throws on input: a
 * failing rule becomes an `internal-error` finding and the other rules still run.
 */
export function analyze(entry: string, host: Host, options: AnalyzeOptions = {}): Analysis {
  const built = buildModel(entry, host, options);
  const { model } = built;
  const settings = model.settings;
  const levels = settings.rules;
  const findings: Finding[] = [...built.findings];
  for (const id of Object.keys(settings.rules)) {
    if (!ruleById.has(id)) {
      const guess = didYouMean(id, ruleById.keys());
      const source = model.ruleSettingSources.get(id);
      findings.push({
        ruleId: 'unknown-rule',
        severity: 'warning',
        uri: source?.uri ?? entry,
        range: source?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        fixes: guess && source ? [{ title: `Change to ${guess}`, edits: [{ uri: source.uri, range: source.range, newText: guess }] }] : undefined,
        message: `settings.rules names unknown rule \`${id}\`.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      });
    }
  }
  const graph = buildGraph(model);
  if (!options.syntaxOnly) {
    const now = options.now ?? Date.now();
    for (const rule of rules) {
      if (!rule.check || levels[rule.id] === 'off') {
        continue;
      }
      try {
        rule.check({
          model,
          graph,
          settings,
          now,
          report: (f) => findings.push(boundRelated({ ...f, ruleId: rule.id, severity: rule.severity })),
        });
      } catch (e) {
        findings.push({
          ruleId: 'internal-error',
          severity: 'error',
          uri: entry,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `Rule ${rule.id} failed on this map (a bug in incidentmap, please report it): ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
  }
  const ran = (id: string) => levels[id] !== 'off' && (!options.syntaxOnly || !ruleById.get(id)?.check);
  const applied = applySuppressions(finalize(findings, levels), built.suppressions, ran);
  return { model, graph, findings: finalize(applied.findings, levels), files: built.files, suppressed: applied.suppressed };
}

/** Applies configured levels, drops `off`, removes exact duplicates and sorts. */
export function finalize(findings: Finding[], levels: Record<string, string>): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const level = levels[f.ruleId];
    if (level === 'off') {
      continue;
    }
    const severity: Severity = level === 'error' || level === 'warning' || level === 'info' ? level : f.severity;
    const key = `${f.uri}\u0000${f.range.start.line}:${f.range.start.character}\u0000${f.ruleId}\u0000${f.message}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out.sort(compareFindings);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank[severity] >= severityRank[threshold];
}
