// The declared scenarios as the graph draws them (graph/scene.ts SceneScenario): per phase, what has
// failed and what is down, degraded or a standby lost, the utilisation of every component with a
// capacity (heat), the consumers that fall behind (stale), and the failovers that took over. Built from
// the same stress() the rules and the CLI read, so the picture and the findings never disagree.
import type { SceneScenario, SceneSimulation, ScenarioPhase } from '../graph/scene';
import type { PropGraph } from '../propagation/graph';
import { DEGRADED, DOWN, pathOf } from '../propagation/simulate';
import { isStandby } from '../propagation/semantics';
import { formatDuration } from '../values';
import { stress, type PhaseResult, type ScenarioResult } from './engine';

/** Most components a phase carries a utilisation for (the hottest first): the webview's bound is far above. */
const maxHeat = 5000;

/**
 * Every declared scenario, or only the one with `id` (`graph --scenario`). stress() has evaluated them
 * all by then for the rules (scenario-not-survived reads each) and keeps them per graph, so the engine's
 * work is shared; what `id` saves is building the picture of the others.
 */
export function sceneScenarios(g: PropGraph, id?: string): SceneScenario[] {
  const s = stress(g);
  return s.declared
    .filter((r) => id === undefined || r.case.id === id)
    .map((r) => ({ id: r.case.id, title: r.case.name, phases: r.phases.map((ph) => scenePhase(g, r, ph)) }));
}

/** The ids of the declared scenarios, in the map's order. */
export function scenarioIds(g: PropGraph): string[] {
  return [...g.model.scenarios.values()].map((sc) => sc.id);
}

function scenePhase(g: PropGraph, r: ScenarioResult, ph: PhaseResult): ScenarioPhase {
  const n = g.components.length;
  const failed = [...r.case.failComponents.map((c) => g.components[c]!.id), ...r.case.failDomains.map((d) => g.domains[d]!.id)];
  const failedSet = new Set(r.case.failComponents);
  const affected = (c: number) => ({ id: g.components[c]!.id, path: pathOf(g, ph.sim, c).map((step) => ({ component: step.component })) });
  const simulation: SceneSimulation = { failed, down: [], degraded: [], standbys: [] };
  for (let c = 0; c < n; c++) {
    const st = ph.sim.state[c];
    if (st === DOWN && !failedSet.has(c)) {
      (isStandby(g, c) ? simulation.standbys! : simulation.down).push(affected(c));
    } else if (st === DEGRADED) {
      simulation.degraded.push(affected(c));
    }
  }
  const heat: [string, number][] = [];
  for (let c = 0; c < n; c++) {
    const u = Math.max(ph.loads.utilisation[c]! || 0, ph.loads.pool[c]! || 0);
    if (u > 0 && Number.isFinite(u)) {
      heat.push([g.components[c]!.id, Math.min(u, 1000)]);
    }
  }
  heat.sort((a, b) => b[1] - a[1]);
  const savedBy: Record<string, string[]> = {};
  for (const f of ph.failovers) {
    (savedBy[g.components[f.from]!.id] ??= []).push(g.components[f.to]!.id);
  }
  if (ph.phase === 'failure') {
    // Until failover completes nobody has taken over: the primaries the next phase saves are not saved yet.
    for (const f of r.phases[r.phases.length - 1]!.failovers) {
      savedBy[g.components[f.from]!.id] = [];
    }
  }
  const name = ph.phase === 'failure' ? 'failure' : ph.phase === 'after' ? 'after' : 'during';
  const end = ph.endMs === undefined ? '' : Number.isNaN(ph.endMs) ? ' (how long: a failover declares no rto)' : ` (${formatDuration(ph.endMs)})`;
  const description =
    ph.phase === 'failure' ? `At the failure, until failover completes${end}: nobody has taken over yet.`
    : ph.phase === 'after' ? (r.phases.length > 1 ? 'After failover.' : 'From the failure on: no failover takes over.')
    : 'While the scenario lasts.';
  return {
    name,
    description,
    simulation,
    utilisation: Object.fromEntries(heat.slice(0, maxHeat)),
    stale: [...new Set(ph.stale.map((x) => g.components[x.consumer]!.id))],
    ...(Object.keys(savedBy).length > 0 ? { savedBy } : {}),
  };
}
