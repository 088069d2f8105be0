// What the MCP server's tools do, without the protocol: each takes validated arguments and returns
// data, or throws a UsageError that says what is wrong and what to do (the server turns it into a
// tool error). Every call goes through the CLI's own core calls (runCheck, loadMap, blastRadius,
// stressReport, diffAgainstRef), so an agent and `incidentmap check` / `simulate` / `diff` cannot
// disagree; only the printing differs. Every file is read through the file gate, rooted at `root`.
import { realpathSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { blastRadius, docsUrl, escapeText, hasStressData, rules, scenarioText, type Analysis, type ScenarioReport } from '../core/index';
import { isInside, isUnderGit } from '../node/fileGate';
import { nodeHost, toPath } from '../node/nodeHost';
import { runCheck } from '../cli/checkRun';
import { readOnce } from '../cli/readOnce';
import { UsageError, type CliIO } from '../cli/command';
import { simulationJson, simulationText } from '../cli/commands/simulate';
import { stressJson, stressReport, type StressFlags } from '../cli/commands/stress';
import { diffAgainstRef } from '../cli/commands/diff';
import { discoverMaps, displayPath } from '../cli/discover';
import { renderDiffJson, renderDiffText } from '../cli/format/diff';
import { buildReport, type Span } from '../cli/format/report';
import { ensureReadable, loadMap, nowFromEnv, simulationOrHint } from '../cli/loadMap';

export interface ToolContext {
  /** The folder every file must be inside (absolute, as given). */
  root: string;
  env: Record<string, string | undefined>;
  version: string;
}

/** What a tool answers: text for the agent to read, and the same as data. */
export interface ToolAnswer {
  text: string[];
  data: Record<string, unknown>;
}

/** The CLI's view of a call: paths are relative to the root, and nothing is printed. */
function ioOf(ctx: ToolContext): CliIO {
  const nowhere = { write: () => undefined };
  return { stdout: nowhere, stderr: nowhere, cwd: ctx.root, env: ctx.env };
}

/** One gate per call, each file read once in it: a map that changes between calls is read again. */
function hostsOf(ctx: ToolContext) {
  const host = readOnce(nodeHost(ctx.root));
  return { host, hostFor: () => host };
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

const outsideHint = 'This server reads only files under the folder it was started for (its --root). Give a path relative to that folder, e.g. "samples/checkout/checkout.incidentmap".';

/**
 * A path an agent gave, checked before anything touches the disk: relative to the root (or absolute
 * inside it), no `.git` folder, and after symbolic links still inside the root. Folders are listed
 * and files read only after this; the file gate checks every read again.
 */
export function pathInRoot(ctx: ToolContext, given: string, what = 'path'): string {
  if (/[\u0000-\u001f\u007f]/.test(given)) {
    throw new UsageError(`the ${what} contains control characters`, 'Give a plain path relative to the root.');
  }
  const root = resolve(ctx.root);
  const rootReal = realRoot(root);
  const abs = isAbsolute(given) ? resolve(given) : resolve(root, given);
  const shown = JSON.stringify(given);
  if (!isInside(root, abs) && !isInside(rootReal, abs)) {
    throw new UsageError(`the ${what} ${shown} is outside the root ${escapeText(root)}`, outsideHint);
  }
  if (isUnderGit(isInside(root, abs) ? root : rootReal, abs)) {
    throw new UsageError(`the ${what} ${shown} is inside a .git folder, which holds credentials, not maps`);
  }
  let real: string | undefined;
  try {
    real = realpathSync(abs);
  } catch {
    real = undefined; // missing: the caller says so in its own words
  }
  if (real !== undefined && (!isInside(rootReal, real) || isUnderGit(rootReal, real))) {
    throw new UsageError(`the ${what} ${shown} is a symbolic link to a place outside the root ${escapeText(root)}`, outsideHint);
  }
  return abs;
}

/** Files, folders and globs under the root, as `check` takes them; globs may not climb out. */
function mapsUnder(ctx: ToolContext, paths: readonly string[] | undefined): string[] {
  const args = paths === undefined || paths.length === 0 ? ['.'] : paths;
  const checked = args.map((p) => {
    if (isDynamicPattern(p)) {
      if (isAbsolute(p) || p.split(/[\\/]/).includes('..')) {
        throw new UsageError(`the pattern ${JSON.stringify(p)} may reach outside the root ${escapeText(ctx.root)}`, 'Patterns are relative to the root and may not contain "..", e.g. "samples/**/*.incidentmap".');
      }
      return p;
    }
    return pathInRoot(ctx, p);
  });
  const found = discoverMaps(checked, ctx.root);
  // A glob can still follow a symbolic link: every map is held to the root before it is read.
  found.forEach((m) => pathInRoot(ctx, m, 'map'));
  return found;
}

/** A path as the agent should write it back: relative to the root, forward slashes. */
function shown(ctx: ToolContext, abs: string): string {
  const rel = displayPath(ctx.root, abs);
  return sep === '\\' ? rel.split('\\').join('/') : rel;
}

// ---- list_maps ----

export function listMaps(ctx: ToolContext): ToolAnswer {
  let maps: string[];
  try {
    maps = mapsUnder(ctx, ['.']);
  } catch (e) {
    if (e instanceof UsageError && /^no \.incidentmap files/.test(e.message)) {
      maps = [];
    } else {
      throw e;
    }
  }
  const list = maps.map((m) => shown(ctx, m));
  return {
    text: [list.length > 0 ? `${list.length} map${list.length === 1 ? '' : 's'} under the root.` : 'No .incidentmap files under the root.', JSON.stringify({ maps: list }, null, 1)],
    data: { maps: list },
  };
}

// ---- check ----

export interface CheckArgs {
  paths?: string[];
  minSeverity?: 'error' | 'warning' | 'info';
  maxFindings?: number;
}

export interface CheckFinding {
  path: string;
  span: Span;
  ruleId: string;
  severity: string;
  message: string;
  related?: { path: string; span: Span; message: string }[];
  key?: string;
}

/** `incidentmap check --format json`: the same runCheck and report, findings without the CI-only fields. */
export function check(ctx: ToolContext, args: CheckArgs): ToolAnswer {
  const { host } = hostsOf(ctx);
  const maps = mapsUnder(ctx, args.paths);
  maps.forEach((m) => ensureReadable(host, m, shown(ctx, m), ctx.root));
  const run = runCheck(maps, host, { root: ctx.root, now: nowFromEnv(ioOf(ctx)) });
  const report = buildReport(run, args.minSeverity ?? 'info', args.maxFindings ?? defaultToolFindings);
  const findings: CheckFinding[] = report.findings.map((f) => ({
    path: f.path,
    span: f.span,
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...(f.related.length > 0 ? { related: f.related.map((r) => ({ path: r.path, span: r.span, message: r.message })) } : {}),
    ...(f.key !== undefined ? { key: f.key } : {}),
  }));
  const s = report.summary;
  const head = `${s.error} error(s), ${s.warning} warning(s), ${s.info} info in ${report.maps} map(s), ${report.files.length} file(s)${s.suppressed > 0 ? `; ${s.suppressed} suppressed by comments` : ''}.`;
  const omitted = report.omitted > 0 ? `${report.omitted} more finding(s) left out (at most ${report.maxFindings}; the most severe are kept): raise maxFindings or check fewer paths.` : undefined;
  const data = {
    maps: maps.map((m) => shown(ctx, m)),
    files: report.files,
    summary: report.summary,
    omitted: report.omitted,
    findings,
    suppressed: report.suppressed.map((x) => ({ path: x.path, line: x.line, ruleId: x.ruleId, reason: x.reason })),
  };
  return { text: [[head, ...(omitted ? [omitted] : [])].join('\n'), JSON.stringify(data, null, 1)], data };
}

/** An agent's context is smaller than a CI log: fewer findings by default than the CLI's 10,000. */
export const defaultToolFindings = 1000;

// ---- simulate_failure ----

function loaded(ctx: ToolContext, map: string): Analysis {
  const abs = pathInRoot(ctx, map, 'map');
  const { hostFor } = hostsOf(ctx);
  return loadMap(abs, undefined, ioOf(ctx), hostFor, { syntaxOnly: true }).analysis;
}

export function simulateFailure(ctx: ToolContext, args: { map: string; fail: string[] }): ToolAnswer {
  const analysis = loaded(ctx, args.map);
  const result = simulationOrHint(blastRadius(analysis.graph, args.fail), analysis, args.map);
  const data = simulationJson(result, ctx.root);
  return { text: [simulationText(result, analysis.model).split('\n').map(escapeText).join('\n'), JSON.stringify(data, null, 1)], data };
}

// ---- list_scenarios ----

export function listScenarios(ctx: ToolContext, args: { map: string }): ToolAnswer {
  const analysis = loaded(ctx, args.map);
  const m = analysis.model;
  const at = (l: { uri: string; range: { start: { line: number } } }) => ({ path: shown(ctx, uriPath(l.uri)), line: l.range.start.line + 1 });
  const scenarios = [...m.scenarios.values()].map((s) => ({
    id: s.id,
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    fail: s.fail.map((r) => r.id),
    load: s.load.map((l) => ({ ...(l.journey ? { journey: l.journey.id } : {}), ...(l.traffic ? { traffic: l.traffic } : {}), ...(l.component ? { component: l.component.id } : {}), factor: l.factor })),
    slow: s.slow.map((x) => ({ component: x.component.id, latencyMs: x.latencyMs })),
    mustSurvive: s.mustSurvive,
    at: at(s),
  }));
  const data = {
    hasLoadData: hasStressData(analysis.graph),
    scenarios,
    journeys: [...m.journeys.values()].map((j) => ({ id: j.id, ...(j.name !== undefined ? { name: j.name } : {}), entry: j.entry.id })),
    components: [...m.components.keys()],
    domains: [...m.domains.values()].map((d) => ({ id: d.id, kind: d.kind })),
  };
  const text = data.hasLoadData
    ? `${scenarios.length} declared scenario(s): ${scenarios.map((s) => s.id).join(', ') || 'none'}. Journeys (for demand): ${data.journeys.map((j) => j.id).join(', ') || 'none'}.`
    : 'This map says nothing about load (no journeys, capacities or scenarios): run_scenario cannot evaluate it; simulate_failure still can.';
  return { text: [escapeText(text), JSON.stringify(data, null, 1)], data };
}

function uriPath(uri: string): string {
  try {
    return toPath(uri);
  } catch {
    return uri;
  }
}

// ---- run_scenario ----

export interface ScenarioArgs {
  map: string;
  scenario?: string;
  fail?: string[];
  demand?: Record<string, number>;
  traffic?: Partial<Record<'business' | 'telemetry' | 'control', number>>;
  load?: Record<string, number>;
  slow?: Record<string, string>;
}

/** `simulate --scenario` and its ad-hoc flags: the same StressFlags, so the same checks and messages. */
export function runScenario(ctx: ToolContext, args: ScenarioArgs): ToolAnswer {
  const pairs = (r: Record<string, number | string> | undefined) => Object.entries(r ?? {}).map(([k, v]) => `${k}=${v}`);
  const flags: StressFlags = {
    scenario: args.scenario,
    fail: args.fail ?? [],
    demand: pairs(args.demand),
    traffic: pairs(args.traffic as Record<string, number> | undefined),
    load: pairs(args.load),
    slow: pairs(args.slow),
  };
  if (flags.scenario === undefined && flags.fail.length + flags.demand.length + flags.traffic.length + flags.load.length + flags.slow.length === 0) {
    throw new UsageError('say what to evaluate: a declared scenario (list_scenarios names them), or at least one of fail, demand, traffic, load, slow');
  }
  const analysis = loaded(ctx, args.map);
  const report: ScenarioReport = stressReport(analysis, flags, args.map);
  const json = stressJson(report);
  return { text: [scenarioText(analysis.graph, report).map(escapeText).join('\n'), json], data: JSON.parse(json) as Record<string, unknown> };
}

// ---- diff ----

export function diffRef(ctx: ToolContext, args: { base?: string; paths?: string[] }): ToolAnswer {
  const paths = (args.paths ?? []).map((p) => {
    if (isDynamicPattern(p)) {
      throw new UsageError(`diff takes files and folders, not patterns; got ${JSON.stringify(p)}`, 'Name the folder that holds the maps instead.');
    }
    return pathInRoot(ctx, p);
  });
  const { host } = hostsOf(ctx);
  const { diff, source } = diffAgainstRef({ root: ctx.root, cwd: ctx.root, ref: args.base ?? 'HEAD', paths, host, now: nowFromEnv(ioOf(ctx)) });
  const json = renderDiffJson(diff, { base: source }, ctx.version);
  return { text: [renderDiffText(diff, { base: source }), json], data: JSON.parse(json) as Record<string, unknown> };
}

// ---- resources ----

export function ruleIndexMarkdown(): string {
  const rows = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => `- \`${r.id}\` (${r.category}, default ${r.severity}): ${r.title}`);
  return ['# incidentmap rules', '', 'Each finding names one of these rules. Read `incidentmap://rules/{id}` for what a rule means and what to do about it.', '', ...rows, ''].join('\n');
}

export function ruleMarkdown(id: string): string | undefined {
  const r = rules.find((x) => x.id === id);
  if (!r) {
    return undefined;
  }
  return [`# ${r.id}: ${r.title}`, '', `Category: ${r.category}. Default severity: ${r.severity}.`, '', r.description, '', `**What to do:** ${r.help}`, '', `Examples of failing and passing maps: ${docsUrl(r.id)}`, ''].join('\n');
}
