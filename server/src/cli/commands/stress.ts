// `incidentmap simulate --scenario NAME` and the ad-hoc stress flags (--demand, --traffic, --load,
// --slow): the scenario engine's timeline and utilisation. The engine is the core's; this file only
// turns flags into a StressCase and the result into text or JSON.
import {
  computeBaseline, didYouMean, escapeText, evaluate, flowPlan, fromDeclared, hasStressData, parseDuration, scenarioReport, scenarioText, type Analysis, type ScenarioReport, type StressCase,
} from '../../core/index';
import { ExitCode, UsageError, type CliIO } from '../command';

export interface StressFlags {
  scenario?: string;
  fail: string[];
  demand: string[];
  traffic: string[];
  load: string[];
  slow: string[];
}

export function wantsStress(f: StressFlags): boolean {
  return f.scenario !== undefined || f.demand.length + f.traffic.length + f.load.length + f.slow.length > 0;
}

function pair(flag: string, text: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1) {
    throw new UsageError(`--${flag} takes NAME=VALUE; got "${text}"`, flag === 'slow' ? 'e.g. --slow payments=2s' : `e.g. --${flag} ${flag === 'traffic' ? 'telemetry' : flag === 'load' ? 'orders-queue' : 'place-order'}=2`);
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

function factor(flag: string, text: string): number {
  const v = Number(text.replace(/x$/i, ''));
  if (!Number.isFinite(v) || v < 0 || v > 1000) {
    throw new UsageError(`--${flag}: "${text}" is not a factor from 0 to 1000`, 'e.g. 2 for double, 0.5 for half');
  }
  return v;
}

/** Flags to a StressCase: a declared scenario with the ad-hoc changes on top, or the changes alone. */
export function stressCase(analysis: Analysis, f: StressFlags, file: string): StressCase {
  const g = analysis.graph;
  const model = analysis.model;
  const plan = flowPlan(g);
  let sc: StressCase;
  if (f.scenario !== undefined) {
    const declared = model.scenarios.get(f.scenario);
    if (!declared) {
      const guess = didYouMean(f.scenario, model.scenarios.keys());
      const list = [...model.scenarios.keys()];
      throw new UsageError(
        `no scenario "${f.scenario}" in ${file}${guess ? ` (did you mean "${guess}"?)` : ''}`,
        list.length ? `its scenarios: ${list.slice(0, 10).join(', ')}` : 'the map declares no scenarios: add them under `scenarios:`, or use --fail, --demand, --traffic, --load and --slow',
      );
    }
    sc = fromDeclared(g, declared);
  } else {
    const what = [...f.fail, ...f.demand, ...f.traffic, ...f.load, ...f.slow];
    sc = { id: 'ad-hoc', name: what.join(', '), failComponents: [], failDomains: [], mustSurvive: false };
  }
  const unknown = (kind: string, id: string, pool: Iterable<string>) => {
    const guess = didYouMean(id, pool);
    return new UsageError(`no ${kind} "${id}" in ${file}${guess ? ` (did you mean "${guess}"?)` : ''}`);
  };
  for (const id of f.fail) {
    const c = g.index.get(id);
    const d = g.domainIndex.get(id);
    if (c !== undefined) {
      sc.failComponents.push(c);
    } else if (d !== undefined) {
      sc.failDomains.push(d);
    } else {
      throw unknown('component or failure domain', id, [...model.components.keys(), ...model.domains.keys()]);
    }
  }
  for (const text of f.demand) {
    const [id, v] = pair('demand', text);
    const j = plan.journeys.findIndex((x) => x.id === id);
    if (j < 0) {
      throw unknown('journey', id, model.journeys.keys());
    }
    sc.journeyFactor = sc.journeyFactor ? sc.journeyFactor.slice() : new Float64Array(plan.journeys.length).fill(1);
    sc.journeyFactor[j] = sc.journeyFactor[j]! * factor('demand', v);
  }
  for (const text of f.traffic) {
    const [kind, v] = pair('traffic', text);
    if (kind !== 'business' && kind !== 'telemetry' && kind !== 'control') {
      throw new UsageError(`--traffic: "${kind}" is not a kind of traffic: business, telemetry or control`);
    }
    sc.trafficFactor = { ...sc.trafficFactor, [kind]: (sc.trafficFactor?.[kind] ?? 1) * factor('traffic', v) };
  }
  for (const text of f.load) {
    const [id, v] = pair('load', text);
    const c = g.index.get(id);
    if (c === undefined) {
      throw unknown('component', id, model.components.keys());
    }
    sc.componentFactor = sc.componentFactor ? sc.componentFactor.slice() : new Float64Array(g.components.length).fill(1);
    sc.componentFactor[c] = sc.componentFactor[c]! * factor('load', v);
  }
  for (const text of f.slow) {
    const [id, v] = pair('slow', text);
    const c = g.index.get(id);
    if (c === undefined) {
      throw unknown('component', id, model.components.keys());
    }
    const ms = parseDuration(v);
    if (!ms.ok) {
      throw new UsageError(`--slow ${id}: ${ms.message}`);
    }
    sc.slow = sc.slow ? sc.slow.slice() : new Float64Array(g.components.length);
    sc.slow[c] = sc.slow[c]! + ms.value;
  }
  return sc;
}

/**
 * The scenario's timeline as data: the map must say something about load, the flags must name what
 * it declares. Shared by `simulate --scenario` and the MCP server's stress tool.
 */
export function stressReport(analysis: Analysis, flags: StressFlags, file: string): ScenarioReport {
  const g = analysis.graph;
  if (!hasStressData(g)) {
    throw new UsageError(
      `${file} says nothing about load: no journeys, capacities or scenarios`,
      'Give components a capacity (e.g. capacity: 1800 rps) and declare journeys with their demand; see docs/language.md, "Load, capacity and scenarios".',
    );
  }
  const sc = stressCase(analysis, flags, file);
  const base = computeBaseline(g);
  return scenarioReport(g, base, evaluate(g, base, sc));
}

/** The report as JSON text: numbers JSON cannot hold (Infinity for "never drains") become strings. */
export function stressJson(report: ScenarioReport): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}

export function runStress(analysis: Analysis, flags: StressFlags, format: string, file: string, io: CliIO): number {
  const report = stressReport(analysis, flags, file);
  if (format === 'json') {
    io.stdout.write(stressJson(report) + '\n');
  } else {
    // Names, metrics and runbook steps come from the map: control characters made visible.
    io.stdout.write(scenarioText(analysis.graph, report).map(escapeText).join('\n') + '\n');
  }
  return ExitCode.ok;
}
