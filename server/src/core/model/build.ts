import { lspLineBreaks } from '../values';
import type { Finding, Range } from '../findings';
import { isRefusal, type Host, type HostReadFailure } from '../host';
import { defaultLimits, parseYaml, type InputLimits } from '../parse/parseYaml';
import { loadChunked, type ChunkCache } from '../parse/chunkedLoad';
import { readSuppressions, type Suppression } from '../parse/suppressions';
import { validateDocument } from '../parse/validate';
import { configFileSpec, mapSpec } from '../schema/spec';
import { didYouMean, Suggester, suggestionBudget } from '../suggest';
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
  /** `# incidentmap-ignore` comments, applied by analyze after the rules run. */
  suppressions: Suppression[];
}

/**
 * How much one analysis reads through includes. Files are identified by real path, so links cannot
 * multiply one file into many, but a pull request can still add thousands of small files or include
 * lists: past these bounds the rest is left unread and an `include-limit` finding says so.
 */
export interface IncludeLimits {
  /** Files read, the entry included. */
  maxFiles: number;
  /** `include:` entries followed, over all files. */
  maxIncludes: number;
  /** Characters read, over all files (each file is also bounded by InputLimits.maxChars). */
  maxTotalChars: number;
}

export const defaultIncludeLimits: IncludeLimits = { maxFiles: 256, maxIncludes: 4096, maxTotalChars: 16_000_000 };

export interface BuildOptions {
  /** Includes may not resolve outside this folder URI (workspace or repository root). */
  root?: string;
  limits?: InputLimits;
  includeLimits?: IncludeLimits;
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
  /** The suppression comments of every file of the closure. */
  suppressions: Suppression[];
}

/** Files with at least this many chunks go through the incremental loader when a cache is given. */
export const chunkedFrom = 16;

export function loadFile(uri: string, text: string, limits: InputLimits, chunks?: ChunkCache, minChunks = chunkedFrom): FileResult {
  if (chunks) {
    const chunked = loadChunked(uri, text, limits, chunks, minChunks);
    if (chunked) {
      const lines = text.split('\n');
      const docRange = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
      return { model: extractFile(uri, chunked.value, docRange), findings: chunked.findings, suppressions: readSuppressions(uri, text) };
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
  return { model: extractFile(uri, value, docRange), findings, suppressions: parsed.doc ? readSuppressions(uri, text) : [] };
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
  const suppressions: Suppression[] = [];
  const bounds = options.includeLimits ?? defaultIncludeLimits;
  // Files by real path (after symbolic links): two links to `.` cannot turn one file into 2^40 paths.
  const visited = new Set<string>();
  const identity = (uri: string): string => host.realPath?.(uri) ?? uri;
  const rootReal = options.root ? (host.realPath?.(options.root) ?? options.root) : undefined;
  let filesRead = 0;
  let includesFollowed = 0;
  let charsRead = 0;
  let limitHit = false;

  const read = (uri: string): FileResult | { error: string; reason: HostReadFailure | 'over-budget'; detail?: string } => {
    const r = host.readFile(uri);
    if (!r.ok) {
      return { error: readFailure(r.reason, r.detail, limits), reason: r.reason, detail: r.detail };
    }
    filesRead++;
    charsRead += r.text.length;
    if (charsRead > bounds.maxTotalChars) {
      return { error: `was not analysed: with it this analysis would read more than ${bounds.maxTotalChars.toLocaleString('en-US')} characters, the most one analysis reads`, reason: 'over-budget' };
    }
    const text = lspLineBreaks(r.text);
    return options.cache ? options.cache.get(uri, text, () => loadFile(uri, text, limits, options.cache!.chunkCache(uri))) : loadFile(uri, text, limits);
  };

  // Depth-first over includes with an explicit stack of the current chain (real paths), to name cycles.
  const visit = (uri: string, loaded: FileResult, chain: string[], names: string[]): void => {
    visited.add(chain[chain.length - 1]!);
    findings.push(...loaded.findings);
    suppressions.push(...loaded.suppressions);
    fileModels.push(loaded.model);
    for (const inc of loaded.model.file.includes) {
      const at = { uri, range: inc.range };
      if (limitHit) {
        break;
      }
      if (++includesFollowed > bounds.maxIncludes || filesRead >= bounds.maxFiles) {
        limitHit = true;
        const what = includesFollowed > bounds.maxIncludes ? `${bounds.maxIncludes.toLocaleString('en-US')} includes` : `${bounds.maxFiles.toLocaleString('en-US')} files`;
        findings.push({ ...at, ruleId: 'include-limit', severity: 'error', message: `This analysis stopped reading includes at "${inc.path}": it has already followed ${what}, the most one analysis reads. The components of the files left unread are missing from it. Include fewer, larger files, or check the parts as separate maps.` });
        break;
      }
      if (isGitInternal(options.root, inc.uri)) {
        findings.push({ ...at, ruleId: 'file-refused', severity: 'error', message: refusedMessage(`Include "${inc.path}"`, 'git-internal') });
        continue;
      }
      if (rootReal !== undefined) {
        const real = host.realPath?.(inc.uri);
        const lexicalOutside = !isWithin(options.root!, inc.uri);
        if (lexicalOutside || (real !== undefined && !isWithin(rootReal, real))) {
          // Never read or echo the target: a PR could point an include at a secret.
          findings.push({ ...at, ruleId: 'include-outside-root', severity: 'error', message: `Include "${inc.path}" resolves outside the workspace root${real !== undefined && !lexicalOutside ? ' (through a symbolic link)' : ''}; includes must stay inside it.` });
          continue;
        }
      }
      const id = identity(inc.uri);
      const cycleStart = chain.indexOf(id);
      if (cycleStart >= 0) {
        const loop = [...names.slice(cycleStart), inc.uri].map((u) => basename(u));
        findings.push({ ...at, ruleId: 'include-cycle', severity: 'error', message: `Include cycle: ${loop.join(' → ')}. Remove one of these includes.` });
        continue;
      }
      if (visited.has(id)) {
        continue; // diamond, or the same file through another link: already loaded
      }
      const next = read(inc.uri);
      if ('error' in next) {
        const ruleId = next.reason === 'over-budget' ? 'include-limit' : next.reason === 'outside-root' ? 'include-outside-root' : isRefusal(next.reason) ? 'file-refused' : 'missing-include';
        findings.push({ ...at, ruleId, severity: 'error', message: ruleId === 'missing-include' || ruleId === 'include-limit' ? `Included file "${inc.path}" ${next.error}.${next.reason === 'not-found' ? nearbyHint(inc.path) : ''}` : refusedMessage(`Include "${inc.path}"`, next.reason as HostReadFailure, next.detail) });
        if (next.reason === 'over-budget') {
          limitHit = true;
        }
        continue;
      }
      visit(inc.uri, next, [...chain, id], [...names, inc.uri]);
    }
  };
  const first = read(entry);
  if ('error' in first) {
    const ruleId = first.reason === 'too-large' ? 'input-too-large' : isRefusal(first.reason as HostReadFailure) ? 'file-refused' : 'missing-include';
    findings.push({ ruleId, severity: 'error', message: ruleId === 'file-refused' ? refusedMessage(basename(entry), first.reason as HostReadFailure, first.detail) : `${basename(entry)} ${first.error}.`, uri: entry, range: zero });
  } else {
    visit(entry, first, [identity(entry)], [entry]);
  }

  const settings = resolveSettings(entry, host, options, fileModels, findings, limits);
  const ruleSettingSources = new Map<string, { uri: string; range: Range }>();
  for (const fm of fileModels) {
    fm.settingsRanges.forEach((range, id) => ruleSettingSources.set(id, { uri: fm.file.uri, range }));
  }
  const model: Model = { files: fileModels.map((f) => f.file), components: new Map(), domains: new Map(), failovers: [], journeys: new Map(), scenarios: new Map(), settings, ruleSettingSources };
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
  for (const fm of fileModels) {
    for (const j of fm.journeys) {
      if (claim(j.id, j.uri, j.idRange, 'journey')) {
        model.journeys.set(j.id, j);
      }
    }
    for (const sc of fm.scenarios) {
      if (claim(sc.id, sc.uri, sc.idRange, 'scenario')) {
        model.scenarios.set(sc.id, sc);
      }
    }
  }
  resolveReferences(model, findings);
  boundDomainDepth(model, findings);
  return { model, findings, files: fileModels.map((f) => f.file.uri), suppressions };
}

const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Why a file could not be read, as the end of a sentence starting with its name. */
function readFailure(reason: HostReadFailure, detail: string | undefined, limits: InputLimits): string {
  const bytes = reason === 'too-large' ? /^(\d+) bytes$/.exec(detail ?? '')?.[1] : undefined;
  const size = bytes ? ` (${(Number(bytes) / 1024 / 1024).toFixed(1)} MB)` : '';
  return {
    'not-found': 'does not exist',
    'is-directory': 'is a folder, not a map file',
    'too-large': `is too large to read${size}; maps above ${(limits.maxChars / 1024 / 1024).toFixed(1)} MB are refused unread. Split it with include:`,
    unreadable: 'cannot be read',
    'symlink-loop': 'is a symbolic link loop',
    'outside-root': 'resolves outside the workspace root; it was not read',
    'not-regular': 'is not a regular file; it was not read',
    'git-internal': 'is inside a .git folder; it was not read',
  }[reason];
}

/** A refusal by the file gate: what was refused and why, never anything the file holds (it was not read). */
function refusedMessage(what: string, reason: HostReadFailure, detail?: string): string {
  if (reason === 'outside-root') {
    return `${what} resolves outside the workspace root (through a symbolic link); it was not read. Maps and their config must stay inside the repository.`;
  }
  if (reason === 'git-internal') {
    return `${what} is inside a .git folder, which holds credentials (CI keeps its token in .git/config), not maps; it was not read. Include map files only.`;
  }
  return `${what} is ${detail ?? 'not a regular file'} (a FIFO, device or socket, whose reading can block forever); it was not opened. Maps and config must be regular files.`;
}

/** An include path through a `.git` folder below the root (checked before any read, whatever the host). */
function isGitInternal(root: string | undefined, uri: string): boolean {
  const rel = root !== undefined && isWithin(root, uri) ? relativePath(root, uri) : uri;
  return rel.split('/').some((s) => s.toLowerCase() === '.git');
}

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
    if (!r.ok && isRefusal(r.reason)) {
      // A config that is a link out of the repository, a FIFO or the like: said, not read, not used.
      findings.push({ ruleId: 'file-refused', severity: 'error', uri: entry, range: zero, message: refusedMessage(`The settings file ${relativeConfig(entry, uri)}`, r.reason, r.detail) + ' The defaults apply instead.' });
      break;
    }
    if (!r.ok && r.reason !== 'not-found' && r.reason !== 'is-directory') {
      findings.push({ ruleId: 'file-refused', severity: 'error', uri: entry, range: zero, message: `The settings file ${relativeConfig(entry, uri)} ${readFailure(r.reason, r.detail, limits)}. The defaults apply instead; fix or remove it.` });
      break;
    }
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

/** The config's path as seen from the entry's folder, e.g. `../incidentmap.config.yaml`. */
function relativeConfig(entry: string, config: string): string {
  let from = dirname(entry);
  let up = '';
  while (!isWithin(from, config) && dirname(from) !== from) {
    from = dirname(from);
    up += '../';
  }
  return up + relativePath(from, config);
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
  // Built once per analysis, on first need, sharing one comparison budget (suggest.ts).
  const budget = { left: suggestionBudget };
  const suggesters = new Map<string, Suggester>();
  const suggester = (to: 'component' | 'domain' | 'either'): Suggester => {
    let s = suggesters.get(to);
    if (!s) {
      const ids = to === 'component' ? model.components.keys() : to === 'domain' ? model.domains.keys() : [...model.components.keys(), ...model.domains.keys()];
      s = new Suggester(ids, budget);
      suggesters.set(to, s);
    }
    return s;
  };
  // Among equally close ids, the kind expected at the field wins: the kind of the list's other entries
  // (zones beside zones), else zones for where a component lives, network paths for `via`.
  const kindPreference = (refs: readonly Ref[], fallback: string): ((id: string) => boolean) => {
    const kinds = new Set(refs.map((x) => model.domains.get(x.id)?.kind).filter((k) => k !== undefined));
    return (id) => {
      const kind = model.domains.get(id)?.kind;
      return kind !== undefined && (kinds.size > 0 ? kinds.has(kind) : kind === fallback);
    };
  };
  const check = (r: Ref | undefined, to: 'component' | 'domain' | 'either' | 'journey', field: string, prefer: (id: string) => boolean = () => false): void => {
    if (!r) {
      return;
    }
    if (to === 'journey') {
      if (model.journeys.has(r.id)) {
        return;
      }
      const guess = didYouMean(r.id, model.journeys.keys());
      findings.push({
        ruleId: 'unknown-reference',
        severity: 'error',
        uri: r.uri,
        range: r.range,
        message: `Unknown journey \`${r.id}\` in \`${field}\`.${guess ? ` Did you mean \`${guess}\`?` : model.journeys.size === 0 ? ' This map declares no journeys: add it under `journeys:`.' : ` The journeys are: ${[...model.journeys.keys()].slice(0, 8).join(', ')}.`}`,
        fixes: guess ? [{ title: `Change to ${guess}`, edits: [{ uri: r.uri, range: r.range, newText: guess }] }] : undefined,
        data: { reference: r.id, expects: to },
      });
      return;
    }
    const ok = (to !== 'domain' && model.components.has(r.id)) || (to !== 'component' && model.domains.has(r.id));
    if (ok) {
      return;
    }
    const wrongKind = to === 'component' ? model.domains.has(r.id) : to === 'domain' ? model.components.has(r.id) : false;
    const guess = wrongKind ? undefined : suggester(to).suggest(r.id, prefer);
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
    c.domains.forEach((r) => check(r, 'domain', 'domains', kindPreference(c.domains, 'zone')));
    c.spreadAcross.forEach((r) => check(r, 'domain', 'spreadAcross', kindPreference(c.spreadAcross, 'zone')));
    c.watches.forEach((r) => check(r, 'component', 'watches'));
    for (const dep of c.dependsOn) {
      check(dep.target, 'component', 'target');
      check(dep.fallback?.target, 'component', 'fallback.target');
      dep.via.forEach((r) => check(r, 'either', 'via', kindPreference(dep.via, 'network-path')));
      dep.journeys.forEach((r) => check(r, 'journey', 'journeys'));
      const kind = model.components.get(dep.target.id)?.kind;
      dep.traffic = dep.trafficDeclared ?? (kind === 'telemetry' ? 'telemetry' : kind === 'control-plane' ? 'control' : 'business');
    }
  }
  for (const f of model.failovers) {
    check(f.from, 'component', 'from');
    check(f.to, 'component', 'to');
  }
  for (const j of model.journeys.values()) {
    check(j.entry, 'component', 'entry');
  }
  for (const sc of model.scenarios.values()) {
    if (sc.fail.length + sc.load.length + sc.slow.length === 0 && !sc.ranges['fail'] && !sc.ranges['load'] && !sc.ranges['slow']) {
      findings.push({
        ruleId: 'missing-field',
        severity: 'error',
        uri: sc.uri,
        range: sc.idRange,
        message: `Scenario \`${sc.id}\` changes nothing: say what fails (\`fail: [id]\`), what demand grows (\`load:\`) or what slows down (\`slow:\`).`,
      });
    }
    sc.fail.forEach((r) => check(r, 'either', 'fail'));
    sc.slow.forEach((w) => check(w.component, 'component', 'slow.component'));
    for (const l of sc.load) {
      check(l.journey, 'journey', 'load.journey');
      check(l.component, 'component', 'load.component');
      const named = (l.journey ? 1 : 0) + (l.traffic ? 1 : 0) + (l.component ? 1 : 0);
      if (named !== 1) {
        findings.push({
          ruleId: named === 0 ? 'missing-field' : 'invalid-value',
          severity: 'error',
          uri: l.uri,
          range: l.ranges['factor'] ?? l.range,
          message: named === 0
            ? `This load change multiplies nothing: name the \`journey\`, the \`traffic\` kind or the \`component\` whose load is multiplied by ${l.factor}.`
            : 'A load change names one of `journey`, `traffic` or `component`, not several: write one entry per change.',
        });
      }
    }
  }
}

/**
 * Deepest nesting of failure domains (a rack in a room in a hall in a zone in a region is five).
 * Everything that walks a domain's ancestors (propagation, the failure sets, the domain-cycle rule,
 * the graph's nested containers) then costs at most this per domain: 1,000 nested domains (41 KB)
 * took 25 s in the failure sets before.
 */
export const maxDomainDepth = 32;

/** Cuts parent links that would nest a domain deeper than maxDomainDepth (a domain-too-deep finding each). */
function boundDomainDepth(model: Model, findings: Finding[]): void {
  for (const d of model.domains.values()) {
    let depth = 0;
    const seen = new Set<string>([d.id]);
    let cur = d.parent ? model.domains.get(d.parent.id) : undefined;
    while (cur && !seen.has(cur.id) && depth <= maxDomainDepth) {
      seen.add(cur.id);
      depth++;
      cur = cur.parent ? model.domains.get(cur.parent.id) : undefined;
    }
    if (depth > maxDomainDepth && d.parent) {
      findings.push({
        ruleId: 'domain-too-deep',
        severity: 'error',
        uri: d.uri,
        range: d.parent.range,
        message: `Failure domain \`${d.id}\` would be nested more than ${maxDomainDepth} domains deep through \`parent: ${d.parent.id}\`; this parent is ignored, so \`${d.id}\` counts as a top-level domain. Real nesting (region, zone, hall, rack) is a few levels: flatten it.`,
      });
      // A copy: the domain object belongs to the file cache, and the next analysis must see the parent too.
      model.domains.set(d.id, { ...d, parent: undefined });
    }
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
