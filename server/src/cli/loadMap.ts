// What `graph` and `simulate` share with `check`: how a map argument becomes an analysis, which
// problems stop a command (exit 2) rather than become findings, and how an unknown id is answered.
// One place, so the three commands accept and refuse the same inputs.
import { resolve } from 'node:path';
import { analyze, didYouMean, type Analysis, type BlastRadius, type Host } from '../core/index';
import { toUri } from '../node/nodeHost';
import { type CliIO, UsageError } from './command';
import { defaultRoot } from './discover';
import { escapeText } from '../core/index';

/** Problems after which there is no map to speak of: the file is not YAML, or not text at all. */
const unreadableRules = new Set(['yaml-syntax', 'input-too-deep', 'input-too-large', 'not-text']);

/** `INCIDENTMAP_NOW` pins "today" for rules that age (rehearsals), so reports and pictures are reproducible. */
export function nowFromEnv(io: CliIO): number | undefined {
  const raw = io.env['INCIDENTMAP_NOW'];
  const now = raw !== undefined ? Date.parse(raw) : NaN;
  return Number.isFinite(now) ? now : undefined;
}

/** The includes boundary: `--root`, else the repository root above the current folder. */
export function rootOf(io: CliIO, rootFlag: string | undefined): string {
  return rootFlag !== undefined ? resolve(io.cwd, rootFlag) : defaultRoot(io.cwd);
}

/**
 * Reading a map the user named: a read failure or a refusal by the file gate is a usage error (exit 2,
 * saying what was refused and why, never what the file holds); too large is the core's finding.
 */
export function ensureReadable(host: Host, path: string, shown: string, root: string): void {
  const read = host.readFile(toUri(path));
  if (read.ok || read.reason === 'too-large') {
    return;
  }
  const name = escapeText(shown);
  if (read.reason === 'outside-root') {
    throw new UsageError(
      `refused to read ${name}: ${read.detail === 'a symbolic link' ? 'it is a symbolic link to a file' : 'it is'} outside the root ${escapeText(root)}`,
      'Maps are read only inside the repository (or --root DIR). If this map came from a pull request, do not trust it.',
    );
  }
  if (read.reason === 'git-internal') {
    throw new UsageError(`refused to read ${name}: it is inside a .git folder, which holds credentials, not maps`);
  }
  if (read.reason === 'not-regular') {
    throw new UsageError(`refused to read ${name}: it is ${read.detail ?? 'not a regular file'}, which could block or never end`, 'Maps must be regular files.');
  }
  throw new UsageError(`cannot read ${name}: ${read.reason}${read.detail ? ` (${escapeText(read.detail)})` : ''}`);
}

export interface LoadedMap {
  uri: string;
  root: string;
  analysis: Analysis;
}

export interface LoadOptions {
  /** Structure only: skip the propagation rules (simulate needs the graph, not the findings). */
  syntaxOnly?: boolean;
  /**
   * Go on when part of the file is unreadable but components remain, as the editor's graph does.
   * Off for simulate: an outcome computed from half a map would read as the whole answer.
   */
  partial?: boolean;
}

/** One map (and its includes) for a command that needs a model to work on, not a report. */
export function loadMap(file: string, rootFlag: string | undefined, io: CliIO, hostFor: (root: string) => Host, options: LoadOptions = {}): LoadedMap {
  const path = resolve(io.cwd, file);
  const root = rootOf(io, rootFlag);
  const host = hostFor(root);
  ensureReadable(host, path, file, root);
  const uri = toUri(path);
  const analysis = analyze(uri, host, { root: toUri(root), syntaxOnly: options.syntaxOnly, now: nowFromEnv(io) });
  const fatal = analysis.findings.find((f) => f.severity === 'error' && unreadableRules.has(f.ruleId));
  if (fatal && !(options.partial && analysis.model.components.size > 0)) {
    throw new UsageError(`${file} cannot be read as a map: ${fatal.message}`, 'Run `incidentmap check` on it for details.');
  }
  return { uri, root, analysis };
}

/** The simulation's outcome, or a usage error naming each unknown id with the nearest known one. */
export function simulationOrHint(result: BlastRadius | { unknown: string[] }, analysis: Analysis, file: string): BlastRadius {
  if (!('unknown' in result)) {
    return result;
  }
  const known = [...analysis.model.components.keys(), ...analysis.model.domains.keys()];
  const hints = result.unknown.map((id) => {
    const guess = didYouMean(id, known);
    return `"${id}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
  });
  throw new UsageError(`no component or failure domain ${hints.join(', ')} in ${file} or what it includes`);
}
