// What a map says about resilience, as plain JSON: each component's blast radius, the single points
// of failure, the failovers, retry amplification and worst-case waits. `incidentmap check --format
// json` writes it (its `resilience` field) so a saved report can be the base of `incidentmap diff`,
// and diff computes the same from a git ref; compare.ts compares two of them.
import { outcomeRank, stress } from '../scenarios/engine';
import type { Analysis } from '../analyze';
import { singlePoints } from '../propagation/blastRadius';
import { retryProducts, worstWaits } from '../propagation/retries';
import { causeOf, DEGRADED, DOWN, simulate } from '../propagation/simulate';
import { sharedDomains } from '../rules/failover-same-domain';

/** A place in a file: the path as the report shows it (relative to the root), 1-based line. */
export interface Where {
  path: string;
  line: number;
}

export interface ComponentResilience {
  id: string;
  at: Where;
  /** Other components that go down when this one fails alone, sorted. */
  down: string[];
  /** Other components that degrade (and stay up), sorted. */
  degraded: string[];
  /** Largest product of attempts along its synchronous call chains (1: no retries). */
  retryAmplification: number;
  /** Longest timeout × attempts among its synchronous calls, in ms; 0 when none sets a timeout. */
  worstWaitMs: number;
  /**
   * For each component in `down` or `degraded`, the component its failure reached it through (one
   * step back along the path simulate found). Only computed when asked (diff's head, for the picture
   * of the changed paths); check's JSON report leaves it out.
   */
  via?: Record<string, string>;
}

export interface SinglePointSummary {
  kind: 'component' | 'domain';
  id: string;
  /** The tier-1 components its failure takes down, sorted. */
  down: string[];
  at: Where;
}

export interface FailoverSummary {
  from: string;
  to: string;
  /** Domains ("zone eu-1a") both sides share below the level it should escape: empty when it escapes. */
  sharedDomains: string[];
  at: Where;
}

/**
 * Outcomes of stress scenarios and user journeys (issue 20), by id: filled by the scenario engine when
 * it lands; absent until then, and compare.ts then says they were not compared.
 */
export interface OutcomeSummary {
  /** outcome: "survived", or "not survived: place-order overloaded (checkout-api)". rank: 0 fine, higher worse. */
  scenarios: { id: string; outcome: string; rank: number; at?: Where }[];
  /** outcome: the worst over the declared scenarios and single-domain losses, e.g. "overloaded in black-friday". */
  journeys: { id: string; outcome: string; rank: number; at?: Where }[];
}

export interface ResilienceSummary {
  version: 1;
  /** Sorted by id. */
  components: ComponentResilience[];
  singlePoints: SinglePointSummary[];
  failovers: FailoverSummary[];
  outcomes?: OutcomeSummary;
}

export const resilienceVersion = 1;

/**
 * The summary of one analysis. `pathOf` turns a file URI into the path reports show. Simulates each
 * component's failure alone: O(components × dependencies), the price of naming every blast radius.
 */
export function resilienceOf(analysis: Analysis, pathOf: (uri: string) => string, options: { via?: boolean } = {}): ResilienceSummary {
  const g = analysis.graph;
  const where = (uri: string, line: number): Where => ({ path: pathOf(uri), line: line + 1 });
  const { best } = retryProducts(g);
  const { worst } = worstWaits(g);
  const components: ComponentResilience[] = g.components.map((c, i) => {
    const sim = simulate(g, [i], []);
    const down: string[] = [];
    const degraded: string[] = [];
    const via: Record<string, string> = {};
    sim.state.forEach((s, j) => {
      if (j === i) {
        return;
      }
      if (s === DOWN) {
        down.push(g.components[j]!.id);
      } else if (s === DEGRADED) {
        degraded.push(g.components[j]!.id);
      } else {
        return;
      }
      if (options.via) {
        // One step back, as pathOf takes it: the dependency's target, or the component a path rides.
        const why = causeOf(g, sim, j);
        const from = why?.kind === 'dependency' ? g.edges.to[why.edge]! : why?.kind === 'via' && why.component !== undefined ? why.component : undefined;
        if (from !== undefined) {
          via[g.components[j]!.id] = g.components[from]!.id;
        }
      }
    });
    return {
      ...(options.via ? { via } : {}),
      id: c.id,
      at: where(c.uri, c.idRange.start.line),
      down: down.sort(),
      degraded: degraded.sort(),
      retryAmplification: best[i]!,
      worstWaitMs: Number.isFinite(worst[i]!) ? worst[i]! : 0,
    };
  });
  const singles = singlePoints(g).hits.map((hit): SinglePointSummary => {
    const element = hit.kind === 'component' ? g.components[hit.index]! : g.domains[hit.index]!;
    return { kind: hit.kind, id: element.id, down: hit.down.map((t) => g.components[t]!.id).sort(), at: where(element.uri, element.idRange.start.line) };
  });
  const failovers = g.failovers.map((entry): FailoverSummary => ({
    from: g.components[entry.from]!.id,
    to: g.components[entry.to]!.id,
    sharedDomains: sharedDomains(g, entry),
    at: where(entry.failover.uri, entry.failover.range.start.line),
  }));
  const outcomes = outcomesOf(analysis, where);
  return { version: 1, components: components.sort(byId), singlePoints: singles.sort((a, b) => cmp(`${a.kind}:${a.id}`, `${b.kind}:${b.id}`)), failovers, ...(outcomes ? { outcomes } : {}) };
}

/** The stress scenarios' outcomes (core/scenarios), when the map says anything about load. */
function outcomesOf(analysis: Analysis, where: (uri: string, line: number) => Where): OutcomeSummary | undefined {
  const g = analysis.graph;
  const s = stress(g);
  if (!s.active) {
    return undefined;
  }
  const plan = s.baseline.plan;
  const scenarios = s.declared.map((r) => {
    const last = r.phases[r.phases.length - 1]!;
    const broken = last.journeys.filter((o) => o.outcome !== 'ok' && o.outcome !== 'degraded');
    const rank = Math.max(0, ...broken.map((o) => outcomeRank[o.outcome]));
    const text = broken.map((o) => `${plan.journeys[o.journey]!.id} ${o.outcome}${o.because !== undefined ? ` (${g.components[o.because]!.id})` : ''}`).join(', ');
    const sc = r.case.declared!;
    return { id: sc.id, outcome: r.survived ? 'survived' : `not survived: ${text}`, rank, at: where(sc.uri, sc.idRange.start.line) };
  });
  const journeys = plan.journeys.map((jr, j) => {
    let worst: { rank: number; outcome: string } = { rank: 0, outcome: 'ok' };
    for (const r of [...s.declared, ...s.domainLoss]) {
      const o = r.phases[r.phases.length - 1]!.journeys[j]!;
      const rank = outcomeRank[o.outcome];
      if (rank > worst.rank) {
        worst = { rank, outcome: `${o.outcome} in ${r.case.declared ? r.case.id : r.case.name}` };
      }
    }
    const journey = g.model.journeys.get(jr.id)!;
    return { id: jr.id, ...worst, at: where(journey.uri, journey.idRange.start.line) };
  });
  return { scenarios: scenarios.sort(byId), journeys: journeys.sort(byId) };
}

/**
 * Several maps' summaries as one (a check covers every map under a folder). A component or failover
 * read by two maps (a shared include) is one entry, with the union of what each map saw it reach.
 */
export function mergeResilience(list: readonly ResilienceSummary[]): ResilienceSummary {
  const components = new Map<string, ComponentResilience>();
  const singles = new Map<string, SinglePointSummary>();
  const failovers = new Map<string, FailoverSummary>();
  for (const s of list) {
    for (const c of s.components) {
      const prior = components.get(c.id);
      components.set(
        c.id,
        prior
          ? {
              ...prior,
              down: union(prior.down, c.down),
              degraded: union(prior.degraded, c.degraded).filter((x) => !prior.down.includes(x) && !c.down.includes(x)),
              retryAmplification: Math.max(prior.retryAmplification, c.retryAmplification),
              worstWaitMs: Math.max(prior.worstWaitMs, c.worstWaitMs),
              ...(prior.via || c.via ? { via: { ...c.via, ...prior.via } } : {}),
            }
          : c,
      );
    }
    for (const p of s.singlePoints) {
      const key = `${p.kind}:${p.id}`;
      const prior = singles.get(key);
      singles.set(key, prior ? { ...prior, down: union(prior.down, p.down) } : p);
    }
    for (const f of s.failovers) {
      const key = `${f.from}\u0000${f.to}`;
      const prior = failovers.get(key);
      failovers.set(key, prior ? { ...prior, sharedDomains: union(prior.sharedDomains, f.sharedDomains) } : f);
    }
  }
  const outcomes = new Map<string, OutcomeSummary['scenarios'][number]>();
  const journeys = new Map<string, OutcomeSummary['journeys'][number]>();
  let anyOutcomes = false;
  for (const s of list) {
    if (!s.outcomes) {
      continue;
    }
    anyOutcomes = true;
    for (const x of s.outcomes.scenarios) {
      const prior = outcomes.get(x.id);
      if (!prior || x.rank > prior.rank) {
        outcomes.set(x.id, x);
      }
    }
    for (const x of s.outcomes.journeys) {
      const prior = journeys.get(x.id);
      if (!prior || x.rank > prior.rank) {
        journeys.set(x.id, x);
      }
    }
  }
  return {
    ...(anyOutcomes ? { outcomes: { scenarios: [...outcomes.values()].sort(byId), journeys: [...journeys.values()].sort(byId) } } : {}),
    version: 1,
    components: [...components.values()].sort(byId),
    singlePoints: [...singles.values()].sort((a, b) => cmp(`${a.kind}:${a.id}`, `${b.kind}:${b.id}`)),
    failovers: [...failovers.values()].sort((a, b) => cmp(`${a.from}\u0000${a.to}`, `${b.from}\u0000${b.to}`)),
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byId = (a: { id: string }, b: { id: string }) => cmp(a.id, b.id);
