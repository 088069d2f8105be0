// The analysis behind `check`: every map as an entry, one shared cache (an included platform file
// is parsed once), merged exactly as the language server merges its workspace, so the editor and
// the CLI report the same findings for the same files.
import { analyze, FileCache, mergeFindings, type Finding, type Host, type Settings } from '../core/index';
import { toUri } from '../node/nodeHost';

export interface CheckRun {
  root: string;
  /** Entry maps, absolute paths, sorted. */
  entries: string[];
  /** Every file read (entries and what they include), as URIs, sorted. */
  files: string[];
  findings: Finding[];
}

export interface CheckOptions {
  root: string;
  baseSettings?: Partial<Settings>;
  now?: number;
}

export function runCheck(entries: readonly string[], host: Host, options: CheckOptions): CheckRun {
  const cache = new FileCache();
  const root = toUri(options.root);
  const files = new Set<string>();
  const analyses = entries.map((path) => {
    const a = analyze(toUri(path), host, { root, cache, baseSettings: options.baseSettings, now: options.now });
    a.files.forEach((f) => files.add(f));
    return { entry: toUri(path), files: a.files.length, closure: a.files, findings: a.findings };
  });
  return { root: options.root, entries: [...entries], files: [...files].sort(), findings: mergeFindings(analyses) };
}
