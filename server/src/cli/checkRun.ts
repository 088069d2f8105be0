// The analysis behind `check`: every map as an entry, one shared cache (an included platform file
// is parsed once), merged exactly as the language server merges its workspace, so the editor and
// the CLI report the same findings for the same files.
import { analyze, compareFindings, FileCache, mergeFindings, mergeResilience, resilienceOf, type Finding, type Host, type ResilienceSummary, type Settings, type SuppressedFinding } from '../core/index';
import { toUri } from '../node/nodeHost';

export interface CheckRun {
  root: string;
  /** Entry maps, absolute paths, sorted. */
  entries: string[];
  /** Every file read (entries and what they include), as URIs, sorted. */
  files: string[];
  findings: Finding[];
  /** Findings silenced by suppression comments, once each, sorted like findings. */
  suppressed: SuppressedFinding[];
  /** Blast radii, single points of failure, failovers: only when asked for (it simulates every component). */
  resilience?: ResilienceSummary;
}

export interface CheckOptions {
  root: string;
  baseSettings?: Partial<Settings>;
  now?: number;
  /** Compute `resilience` (check --format json, diff); `pathOf` names files in it. */
  resilience?: { pathOf(uri: string): string; via?: boolean };
}

export function runCheck(entries: readonly string[], host: Host, options: CheckOptions): CheckRun {
  const cache = new FileCache();
  const root = toUri(options.root);
  const files = new Set<string>();
  const suppressed = new Map<string, SuppressedFinding>();
  const summaries: ResilienceSummary[] = [];
  const analyses = entries.map((path) => {
    const a = analyze(toUri(path), host, { root, cache, baseSettings: options.baseSettings, now: options.now });
    a.files.forEach((f) => files.add(f));
    for (const s of a.suppressed) {
      const r = s.finding.range.start;
      suppressed.set(`${s.finding.uri}\u0000${r.line}:${r.character}\u0000${s.finding.ruleId}`, s);
    }
    if (options.resilience) {
      summaries.push(resilienceOf(a, options.resilience.pathOf, { via: options.resilience.via }));
    }
    return { entry: toUri(path), files: a.files.length, closure: a.files, findings: a.findings };
  });
  return {
    root: options.root,
    entries: [...entries],
    files: [...files].sort(),
    findings: mergeFindings(analyses),
    suppressed: [...suppressed.values()].sort((a, b) => compareFindings(a.finding, b.finding)),
    resilience: options.resilience ? mergeResilience(summaries) : undefined,
  };
}
