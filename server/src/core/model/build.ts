import { lspLineBreaks } from '../values';
import type { Finding, Range } from '../findings';
import type { Host } from '../host';
import { defaultLimits, parseYaml, type InputLimits } from '../parse/parseYaml';
import { loadChunked, type ChunkCache } from '../parse/chunkedLoad';
import { validateDocument } from '../parse/validate';
import { configFileSpec, mapSpec } from '../schema/spec';
import { didYouMean } from '../suggest';
import { basename, dirname, isWithin, relativePath } from '../uri';
import { extractFile, extractSettings, type FileModel } from './extract';
import type { Component, Domain, Model, Ref, Settings } from './types';
import { kindNamed } from '../words';

export const defaultSettings: Settings = {
  retryAmplificationMax: 10,
  rehearsalMaxAgeMs: 180 * 86_400_000,
  rules: {},
};

export const configFileName = 'incidentmap.config.yaml';

/** Parsed and validated files keyed by URI; reused while a file's text is unchanged. */
export class FileCache {
  private readonly entries = new Map<string, { text: string; result: FileResult }>();
  /** Parsed workspace config files (incidentmap.config.yaml), by URI and text. */
  readonly configs = new Map<string, { text: string; settings: Partial<Settings>; findings: Finding[] }>();
  /** Per file: parsed chunks by text, so an edit reparses only the block it touched. */
  readonly chunks = new Map<string, ChunkCache>();

  get(uri: string, text: string, parse: () => FileResult): FileResult {
    const hit = this.entries.get(uri);
    if (hit && hit.text === text) {
      return hit.result;
    }
    const result = parse();
    this.entries.set(uri, { text, result });
    return result;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.chunks.delete(uri);
  }

  chunkCache(uri: string): ChunkCache {
    let c = this.chunks.get(uri);
    if (!c) {
      c = new Map();
      this.chunks.set(uri, c);
    }
    return c;
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface FileResult {
  model: FileModel;
  /** Findings local to the file: syntax, schema. */
  findings: Finding[];
}

export interface BuildOptions {
  /** Includes may not resolve outside this folder URI (workspace or repository root). */
  root?: string;
  limits?: InputLimits;
  cache?: FileCache;
  /**
   * Settings from the editor or the CLI. Precedence, lowest first: defaults, these, the workspace
   * config file, included maps, the entry map.
   */
  baseSettings?: Partial<Settings>;
}

export interface BuildResult {
  model: Model;
  findings: Finding[];
  /** Every file of the closure, entry first; the LSP re-analyses the entry when one changes. */
  files: string[];
}

/** Files with at least this many chunks go through the incremental loader when a cache is given. */
export const chunkedFrom = 16;

export function loadFile(uri: string, text: string, limits: InputLimits, chunks?: ChunkCache, minChunks = chunkedFrom): FileResult {
  if (chunks) {
    const chunked = loadChunked(uri, text, limits, chunks, minChunks);
    if (chunked) {
      const lines = text.split('\n');
      const docRange = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
      return { model: extractFile(uri, chunked.value, docRange), findings: chunked.findings };
    }
  }
  const parsed = parseYaml(uri, text, limits);
  const findings = [...parsed.findings];
  let value;
  if (parsed.doc) {
    const validated = validateDocument(parsed, parsed.doc, mapSpec, limits.maxAliasNodes);
    // yaml recovers from syntax errors by guessing; schema findings about its guesses only add noise.
    const broken = new Set(parsed.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.range.start.line));
    findings.push(...validated.findings.filter((f) => !overlapsLines(f, broken)));
    value = validated.value;
  }
  const docRange = parsed.range(0, text.length);
  return { model: extractFile(uri, value, docRange), findings };
}

function overlapsLines(f: Finding, lines: Set<number>): boolean {
  if (lines.size === 0) {
    return false;
  }
  for (let l = f.range.start.line; l <= f.range.end.line; l++) {
    if (lines.has(l)) {
      return true;
    }
  }
  return false;
}

export function buildModel(entry: string, host: Host, options: BuildOptions = {}): BuildResult {
  const limits = options.limits ?? defaultLimits;
  const findings: Finding[] = [];
  const fileModels: FileModel[] = [];
  const visited = new Set<string>();
  const rootReal = options.root ? (host.realPath?.(options.root) ?? options.root) : undefined;

  const read = (uri: string): FileResult | { error: string; reason: string } => {
    const r = host.readFile(uri);
    if (!r.ok) {
      const bytes = r.reason === 'too-large' ? /^(\d+) bytes$/.exec(r.detail ?? '')?.[1] : undefined;
      const size = bytes ? ` (${(Number(bytes) / 1024 / 1024).toFixed(1)} MB)` : '';
      const why = {
        'not-found': 'does not exist',
        'is-directory': 'is a folder, not a map file',
        'too-large': `is too large to read${size}; maps above ${(limits.maxChars / 1024 / 1024).toFixed(1)} MB are refused unread. Split it with include:`,
        unreadable: 'cannot be read',
        'symlink-loop': 'is a symbolic link loop',
      }[r.reason];
      return { error: why, reason: r.reason };
    }
    const text = lspLineBreaks(r.text);
    return options.cache ? options.cache.get(uri, text, () => loadFile(uri, text, limits, options.cache!.chunkCache(uri))) : loadFile(uri, text, limits);
  };

  // Depth-first over includes with an explicit stack of the current chain, to name cycles.
  const visit = (uri: string, loaded: FileResult, chain: string[]): void => {
    visited.add(uri);
    findings.push(...loaded.findings);
    fileModels.push(loaded.model);
    for (const inc of loaded.model.file.includes) {
      const at = { uri, range: inc.range };
      if (rootReal !== undefined) {
        const real = host.realPath?.(inc.uri);
        const lexicalOutside = !isWithin(options.root!, inc.uri);
        if (lexicalOutside || (real !== undefined && !isWithin(rootReal, real))) {
          // Never read or echo the target: a PR could point an include at a secret.
          findings.push({ ...at, ruleId: 'include-outside-root', severity: 'error', message: `Include "${inc.path}" resolves outside the workspace root${real !== undefined && !lexicalOutside ? ' (through a symbolic link)' : ''}; includes must stay inside it.` });
          continue;
        }
      }
      const cycleStart = chain.indexOf(inc.uri);
      if (cycleStart >= 0) {
        const loop = [...chain.slice(cycleStart), inc.uri].map((u) => basename(u));
        findings.push({ ...at, ruleId: 'include-cycle', severity: 'error', message: `Include cycle: ${loop.join(' → ')}. Remove one of these includes.` });
        continue;
      }
      if (visited.has(inc.uri)) {
        continue; // diamond: already loaded through another path
      }
      const next = read(inc.uri);
      if ('error' in next) {
        findings.push({ ...at, ruleId: 'missing-include', severity: 'error', message: `Included file "${inc.path}" ${next.error}.${next.reason === 'not-found' ? nearbyHint(inc.path) : ''}` });
        continue;
      }
      visit(inc.uri, next, [...chain, inc.uri]);
    }
  };
  const first = read(entry);
  if ('error' in first) {
    findings.push({ ruleId: first.reason === 'too-large' ? 'input-too-large' : 'missing-include', severity: 'error', message: `${basename(entry)} ${first.error}.`, uri: entry, range: zero });
  } else {
    visit(entry, first, [entry]);
  }

  const settings = resolveSettings(entry, host, options, fileModels, findings, limits);
  const ruleSettingSources = new Map<string, { uri: string; range: Range }>();
  for (const fm of fileModels) {
    fm.settingsRanges.forEach((range, id) => ruleSettingSources.set(id, { uri: fm.file.uri, range }));
  }
  const model: Model = { files: fileModels.map((f) => f.file), components: new Map(), domains: new Map(), failovers: [], settings, ruleSettingSources };
  const definedAt = new Map<string, { uri: string; range: Range; what: string }>();
  const claim = (id: string, uri: string, range: Range, what: string): boolean => {
    const prior = definedAt.get(id);
    if (prior) {
      findings.push({
        ruleId: 'duplicate-id', severity: 'error', uri, range,
        message: `Id \`${id}\` is already used by a ${prior.what}${prior.uri !== uri ? ` in ${basename(prior.uri)}` : ''}; ids must be unique across all included files.`,
        related: [{ uri: prior.uri, range: prior.range, message: `first definition of ${id}` }],
      });
      return false;
    }
    definedAt.set(id, { uri, range, what });
    return true;
  };
  for (const fm of fileModels) {
    for (const d of fm.domains) {
      if (claim(d.id, d.uri, d.idRange, 'failure domain')) {
        model.domains.set(d.id, d);
      }
    }
  }
  for (const fm of fileModels) {
    for (const c of fm.components) {
      if (claim(c.id, c.uri, c.idRange, 'component')) {
        model.components.set(c.id, c);
      }
    }
    model.failovers.push(...fm.failovers);
  }
  resolveReferences(model, findings);
  return { model, findings, files: fileModels.map((f) => f.file.uri) };
}

const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function nearbyHint(path: string): string {
  return path.endsWith('.incidentmap') ? '' : ' Map files end in .incidentmap.';
}

function resolveSettings(entry: string, host: Host, options: BuildOptions, files: FileModel[], findings: Finding[], limits: InputLimits): Settings {
  const settings: Settings = { ...defaultSettings, rules: {} };
  merge(settings, options.baseSettings ?? {});
  // Workspace config: the nearest incidentmap.config.yaml from the entry's folder up to the root.
  let dir = dirname(entry);
  for (let i = 0; i < 64; i++) {
    const uri = `${dir}/${configFileName}`;
    const r = host.readFile(uri);
    if (r.ok) {
      let config = options.cache?.configs.get(uri);
      if (config?.text !== r.text) {
        config = { text: r.text, ...loadConfig(uri, r.text, limits) };
        options.cache?.configs.set(uri, config);
      }
      findings.push(...config.findings);
      merge(settings, config.settings);
      break;
    }
    const up = dirname(dir);
    if (up === dir || (options.root !== undefined && !isWithin(options.root, up))) {
      break;
    }
    dir = up;
  }
  // Included files first, the entry last: the map being checked has the final word.
  for (const fm of [...files.slice(1), ...files.slice(0, 1)]) {
    merge(settings, fm.settings);
  }
  return settings;
}

function loadConfig(uri: string, text: string, limits: InputLimits): { settings: Partial<Settings>; findings: Finding[] } {
  const parsed = parseYaml(uri, text, limits);
  const findings = [...parsed.findings];
  let settings: Partial<Settings> = {};
  if (parsed.doc) {
    const v = validateDocument(parsed, parsed.doc, configFileSpec, limits.maxAliasNodes);
    findings.push(...v.findings);
    if (v.value?.k === 'obj') {
      settings = extractSettings(v.value).settings;
    }
  }
  return { settings, findings };
}

function merge(into: Settings, from: Partial<Settings>): void {
  if (from.retryAmplificationMax !== undefined) {
    into.retryAmplificationMax = from.retryAmplificationMax;
  }
  if (from.rehearsalMaxAgeMs !== undefined) {
    into.rehearsalMaxAgeMs = from.rehearsalMaxAgeMs;
  }
  Object.assign(into.rules, from.rules ?? {});
}

function resolveReferences(model: Model, findings: Finding[]): void {
  const componentIds = [...model.components.keys()];
  const domainIds = [...model.domains.keys()];
  const check = (r: Ref | undefined, to: 'component' | 'domain' | 'either', field: string): void => {
    if (!r) {
      return;
    }
    const ok = (to !== 'domain' && model.components.has(r.id)) || (to !== 'component' && model.domains.has(r.id));
    if (ok) {
      return;
    }
    const wrongKind = to === 'component' ? model.domains.has(r.id) : to === 'domain' ? model.components.has(r.id) : false;
    const pool = to === 'component' ? componentIds : to === 'domain' ? domainIds : [...componentIds, ...domainIds];
    const guess = wrongKind ? undefined : didYouMean(r.id, pool);
    const noun = to === 'component' ? 'component' : to === 'domain' ? 'failure domain' : 'component or failure domain';
    findings.push({
      ruleId: 'unknown-reference',
      severity: 'error',
      uri: r.uri,
      range: r.range,
      message: wrongKind
        ? `\`${r.id}\` is a ${to === 'component' ? 'failure domain' : 'component'}, but \`${field}\` needs a ${noun}.`
        : `Unknown ${noun} \`${r.id}\` in \`${field}\`.${guess ? ` Did you mean \`${guess}\`?` : ' Define it, or include the file that does.'}`,
      fixes: guess ? [{ title: `Change to ${guess}`, edits: [{ uri: r.uri, range: r.range, newText: guess }] }] : undefined,
      data: { reference: r.id, expects: to },
    });
  };
  for (const d of model.domains.values()) {
    check(d.parent, 'domain', 'parent');
  }
  for (const c of model.components.values()) {
    c.domains.forEach((r) => check(r, 'domain', 'domains'));
    c.spreadAcross.forEach((r) => check(r, 'domain', 'spreadAcross'));
    c.watches.forEach((r) => check(r, 'component', 'watches'));
    for (const dep of c.dependsOn) {
      check(dep.target, 'component', 'target');
      check(dep.fallback?.target, 'component', 'fallback.target');
      dep.via.forEach((r) => check(r, 'either', 'via'));
      const kind = model.components.get(dep.target.id)?.kind;
      dep.traffic = dep.trafficDeclared ?? (kind === 'telemetry' ? 'telemetry' : kind === 'control-plane' ? 'control' : 'business');
    }
  }
  for (const f of model.failovers) {
    check(f.from, 'component', 'from');
    check(f.to, 'component', 'to');
  }
}

/** Display helper shared by messages: `checkout-api (service, tier 1)`. */
export function describeComponent(c: Component): string {
  return `${c.id} (${c.kind}${c.tier ? `, tier ${c.tier}` : ''})`;
}

export function describeDomain(d: Domain): string {
  return kindNamed(d.kind, d.id);
}

export { relativePath };
