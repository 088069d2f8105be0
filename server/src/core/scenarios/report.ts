// A scenario's result as plain data (every number, ids instead of indices) and as the text the
// person on call reads: what happened, then each phase in order: down, failed over, saturated (worst
// first), stale, journeys, signals that fire (leading first), who is paged, what to open.
import type { PropGraph } from '../propagation/graph';
import { DEGRADED, DOWN } from '../propagation/simulate';
import { formatDuration } from '../values';
import { formatPercent } from '../units';
import { loadText } from './describe';
import type { Baseline, JourneyOutcome, PhaseResult, ScenarioResult } from './engine';

export interface ScenarioReport {
  id: string;
  name: string;
  declared: boolean;
  mustSurvive: boolean;
  survived: boolean;
  fail: string[];
  load: { journey?: string; traffic?: string; component?: string; factor: number }[];
  slow: { component: string; addedMs: number }[];
  phases: PhaseReport[];
  journeys: { id: string; outcome: JourneyOutcome; downForMs?: number | null; because?: string; text: string }[];
  retryStorms: { component: string; utilisation: number; withoutRetries: number; limit: number }[];
}

export interface PhaseReport {
  phase: 'failure' | 'after' | 'during';
  title: string;
  startMs: number;
  /** null when a failover in it declares no rto (its end is unknown). */
  endMs?: number | null;
  down: string[];
  degraded: string[];
  failovers: { from: string; to: string; detectionMs: number; rtoMs: number | null }[];
  saturated: { component: string; utilisation: number; measure: 'capacity' | 'pool'; limit: number; load: number; capacityLeft: number | null; unit: string; withoutRetries: number }[];
  nearSaturation: string[];
  stale: { consumer: string; queue: string; inflow: number; capacity: number }[];
  journeys: { id: string; outcome: JourneyOutcome; because?: string }[];
  signals: { component: string; signal: string; level: 'warn' | 'crit'; leading: boolean; metric: string }[];
  pagers: string[];
  runbooks: { component: string; runbook?: string; steps: string[]; rollbacks: string[] }[];
  utilisation: Record<string, number>;
}

export function journeyOutcomeText(g: PropGraph, base: Baseline, ph: PhaseResult, o: PhaseResult['journeys'][number]): string {
  const id = base.plan.journeys[o.journey]!.id;
  const by = o.because !== undefined ? g.components[o.because]! : undefined;
  switch (o.outcome) {
    case 'down':
      return `${id} is down (${by ? `${by.id} is down` : 'its entry is down'})`;
    case 'overloaded': {
      const sat = ph.saturated.find((s) => s.component === o.because);
      return `${id} is overloaded (${by?.id} at ${sat ? formatPercent(sat.utilisation) : 'over 100%'} of ${sat?.measure === 'pool' ? 'its concurrency' : 'the capacity it has left'})`;
    }
    case 'stale':
      return `${id} goes stale (${by?.id} falls behind its queue)`;
    case 'degraded':
      return `${id} is degraded (${by?.id})`;
    default:
      return `${id} is fine`;
  }
}

export function scenarioReport(g: PropGraph, base: Baseline, r: ScenarioResult): ScenarioReport {
  const sc = r.case;
  const ids = (xs: number[]) => xs.map((c) => g.components[c]!.id);
  const n = g.components.length;
  const phases = r.phases.map((ph): PhaseReport => {
    const down: number[] = [];
    const degraded: number[] = [];
    for (let c = 0; c < n; c++) {
      if (ph.sim.state[c] === DOWN) {
        down.push(c);
      } else if (ph.sim.state[c] === DEGRADED) {
        degraded.push(c);
      }
    }
    const affected = [...new Set([...down, ...ph.saturated.map((s) => s.component), ...ph.stale.map((s) => s.consumer)])];
    const utilisation: Record<string, number> = {};
    for (let c = 0; c < n; c++) {
      const u = ph.loads.utilisation[c]!;
      if (!Number.isNaN(u)) {
        utilisation[g.components[c]!.id] = round(u);
      }
    }
    return {
      phase: ph.phase,
      title: ph.phase === 'failure' ? 'At the failure, until failover completes' : ph.phase === 'after' ? (r.phases.length > 1 ? 'After failover' : 'From the failure on (no failover takes over)') : 'During the scenario',
      startMs: ph.startMs,
      endMs: ph.endMs === undefined ? undefined : Number.isNaN(ph.endMs) ? null : ph.endMs,
      down: ids(down),
      degraded: ids(degraded),
      failovers: ph.failovers.map((f) => ({ from: g.components[f.from]!.id, to: g.components[f.to]!.id, detectionMs: f.detectionMs, rtoMs: Number.isNaN(f.rtoMs) ? null : f.rtoMs })),
      saturated: ph.saturated.map((s) => {
        const comp = g.components[s.component]!;
        return {
          component: comp.id,
          utilisation: round(s.utilisation),
          measure: s.measure,
          limit: s.limit,
          load: round(ph.loads.rate[s.component]!),
          capacityLeft: Number.isNaN(ph.loads.capacity[s.component]!) ? null : round(ph.loads.capacity[s.component]!),
          unit: comp.capacityQ?.unit ?? '/s',
          withoutRetries: round(s.withoutRetries),
        };
      }),
      nearSaturation: ids(ph.warning),
      stale: ph.stale.map((s) => ({ consumer: g.components[s.consumer]!.id, queue: g.components[s.queue]!.id, inflow: round(s.inflow), capacity: round(s.capacity) })),
      journeys: ph.journeys.map((o) => ({ id: base.plan.journeys[o.journey]!.id, outcome: o.outcome, because: o.because !== undefined ? g.components[o.because]!.id : undefined })),
      signals: ph.signals.map((s) => ({ component: g.components[s.component]!.id, signal: s.signal.name, level: s.level, leading: s.signal.leading, metric: s.signal.metric })),
      pagers: ph.pagers,
      runbooks: affected.flatMap((c) => {
        const comp = g.components[c]!;
        const steps = comp.runbookSteps.map((st) => `${st.check}${st.do ? ` → ${st.do}` : ''}`);
        const rollbacks = comp.rollback.filter((rb) => rb.safe).map((rb) => `${rb.name}: ${rb.action}`);
        return comp.runbook || steps.length || rollbacks.length ? [{ component: comp.id, runbook: comp.runbook, steps, rollbacks }] : [];
      }),
      utilisation,
    };
  });
  const last = r.phases[r.phases.length - 1]!;
  return {
    id: sc.id,
    name: sc.name,
    declared: sc.declared !== undefined,
    mustSurvive: sc.mustSurvive,
    survived: r.survived,
    fail: [...ids(sc.failComponents), ...sc.failDomains.map((d) => g.domains[d]!.id)],
    load: [
      ...(sc.journeyFactor ? [...sc.journeyFactor].flatMap((f, j) => (f !== 1 ? [{ journey: base.plan.journeys[j]!.id, factor: f }] : [])) : []),
      ...Object.entries(sc.trafficFactor ?? {}).map(([traffic, factor]) => ({ traffic, factor: factor! })),
      ...(sc.componentFactor ? [...sc.componentFactor].flatMap((f, c) => (f !== 1 ? [{ component: g.components[c]!.id, factor: f }] : [])) : []),
    ],
    slow: sc.slow ? [...sc.slow].flatMap((ms, c) => (ms > 0 ? [{ component: g.components[c]!.id, addedMs: ms }] : [])) : [],
    phases,
    journeys: r.journeys.map((o) => {
      const lastOutcome = last.journeys[o.journey]!;
      const worstPhase = r.phases.find((p) => p.journeys[o.journey]!.outcome === o.outcome) ?? last;
      return {
        id: base.plan.journeys[o.journey]!.id,
        outcome: o.outcome,
        downForMs: o.downForMs === undefined ? undefined : Number.isNaN(o.downForMs) ? null : o.downForMs,
        because: o.because !== undefined ? g.components[o.because]!.id : undefined,
        text: journeyOutcomeText(g, base, worstPhase, { ...worstPhase.journeys[o.journey]!, outcome: o.outcome }) + (o.downForMs !== undefined && lastOutcome.outcome !== o.outcome ? `, until failover completes (${Number.isNaN(o.downForMs) ? 'time unknown: a failover declares no rto' : formatDuration(o.downForMs)})` : ''),
      };
    }),
    retryStorms: r.retryStorms.map((s) => ({ component: g.components[s.component]!.id, utilisation: round(s.utilisation), withoutRetries: round(s.withoutRetries), limit: s.limit })),
  };
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x;
}

/** The timeline as text, for the CLI and the hover. */
export function scenarioText(g: PropGraph, rep: ScenarioReport): string[] {
  const out: string[] = [];
  const what: string[] = [];
  if (rep.fail.length) {
    what.push(`${rep.fail.join(', ')} ${rep.fail.length === 1 ? 'fails' : 'fail'}`);
  }
  for (const l of rep.load) {
    what.push(`${l.journey ? `journey ${l.journey}` : l.traffic ? `${l.traffic} traffic` : `load on ${l.component}`} ×${l.factor}`);
  }
  for (const s of rep.slow) {
    what.push(`${s.component} answers ${formatDuration(s.addedMs)} slower`);
  }
  out.push(`Scenario ${rep.name}${rep.name !== rep.id ? ` (${rep.id})` : ''}: ${what.join('; ') || 'peak load, nothing changed'}.`);
  out.push(rep.survived ? `Survived: every journey comes through${rep.phases.length > 1 ? ' once failover completes' : ''}.` : `Not survived${rep.mustSurvive ? ' (the map says it must be)' : ''}.`);
  for (const ph of rep.phases) {
    const when = ph.endMs === undefined ? (ph.startMs === 0 ? 'from the failure on' : `from ${formatDuration(ph.startMs)} on`) : `0 to ${ph.endMs === null ? '? (a failover declares no rto)' : formatDuration(ph.endMs)}`;
    // A lone phase from the failure on needs no time span: its title says it.
    const span = ph.phase === 'during' ? ' (while it lasts)' : ph.endMs === undefined && ph.startMs === 0 ? '' : ` (${when})`;
    out.push('', `${ph.title}${span}:`);
    if (ph.down.length) {
      out.push(`  Down: ${ph.down.join(', ')}`);
    }
    for (const f of ph.failovers) {
      out.push(`  Failed over: ${f.from} → ${f.to} (detect ${formatDuration(f.detectionMs)}, fail over ${f.rtoMs === null ? 'in unknown time: no rto' : formatDuration(f.rtoMs)})`);
    }
    for (const s of ph.saturated) {
      const c = g.index.get(s.component)!;
      out.push(
        s.measure === 'pool'
          ? `  Saturated: ${s.component}, ${formatPercent(s.utilisation)} of its concurrency in use (slow calls pile up)`
          : `  Saturated: ${s.component} at ${formatPercent(s.utilisation)} (${loadText(g, c, s.load)} on ${s.capacityLeft === null ? '?' : loadText(g, c, s.capacityLeft)}${s.limit < 1 ? `, line ${formatPercent(s.limit)}` : ''})${s.withoutRetries < s.utilisation - 0.005 ? `, ${formatPercent(s.withoutRetries)} before retries` : ''}`,
      );
    }
    if (ph.nearSaturation.length) {
      out.push(`  Near saturation (warn): ${ph.nearSaturation.join(', ')}`);
    }
    for (const s of ph.stale) {
      const c = g.index.get(s.consumer)!;
      out.push(`  Stale: ${s.consumer} falls behind ${s.queue} (${loadText(g, c, s.inflow)} in, ${s.capacity === 0 ? 'down' : `${loadText(g, c, s.capacity)} out`})`);
    }
    if (ph.degraded.length) {
      out.push(`  Degraded: ${ph.degraded.join(', ')}`);
    }
    if (ph.journeys.length) {
      out.push(`  Journeys: ${ph.journeys.map((j) => `${j.id} ${j.outcome}${j.because && j.outcome !== 'ok' ? ` (${j.because})` : ''}`).join(', ')}`);
    }
    if (ph.signals.length) {
      out.push(`  Signals: ${ph.signals.slice(0, 8).map((s) => `${s.component} "${s.signal}" ${s.level}${s.leading ? ' (leading)' : ''}`).join('; ')}${ph.signals.length > 8 ? `; and ${ph.signals.length - 8} more` : ''}`);
    }
    if (ph.pagers.length) {
      out.push(`  Paged: ${ph.pagers.join(', ')}`);
    }
    for (const rb of ph.runbooks.slice(0, 6)) {
      const bits = [rb.runbook, ...rb.rollbacks.map((x) => `rollback ${x}`)].filter(Boolean);
      if (bits.length) {
        out.push(`  Open: ${rb.component}: ${bits.join('; ')}`);
      }
    }
  }
  return out;
}
