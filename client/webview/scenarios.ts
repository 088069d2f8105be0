// Failures on the picture: a "what if" the user asks for (Fail selected, a code lens), or a declared
// scenario stepped through its phases (failure, during failover, after). Either gives the frame that
// is drawn: what failed and what it took down, and per component utilisation and staleness.
import { failureTitle, groupPrefix, isGroup, phaseTitle, type SceneOverlay, type SceneSimulation } from '../../server/src/core/graph/index';
import { parseScenarios, phaseOrder, type SceneScenario } from '../../server/src/protocol/webview';
import { openView } from './camera';
import { post } from './protocol';
import { paint } from './render';
import { dom, setStatus, state } from './state';

export interface Frame {
  simulation?: SceneSimulation;
  overlay?: SceneOverlay;
  /** "loop-1 fails", or "scenario: phase (2 of 3)". */
  title: string;
  description?: string;
}

/** What is drawn now: the scenario's phase, else the user's simulation, else nothing. */
export function currentFrame(): Frame | undefined {
  const sc = state.scenario && state.scenarios[state.scenario.index];
  if (sc && state.scenario) {
    const p = sc.phases[state.scenario.phase]!;
    return {
      simulation: p.simulation,
      overlay: { utilisation: p.utilisation, stale: p.stale, savedBy: p.savedBy },
      title: phaseTitle(sc, state.scenario.phase),
      description: p.description,
    };
  }
  if (state.simulation) {
    const f = state.simulation.fail;
    return { simulation: state.simulation.result, title: failureTitle(f) };
  }
  return undefined;
}

/** Fails the selected component or domain (a group of the overview fails as the domain it stands for). */
export function failSelected(): void {
  const sel = state.selected;
  if (sel && sel.kind !== 'edge') {
    const id = isGroup(sel.id) ? sel.id.slice(groupPrefix.length) : sel.id;
    setStatus(`Simulating the failure of ${id}…`);
    post({ type: 'simulate', fail: [id] });
  }
}

export function onSimulation(fail: string[], result: SceneSimulation): void {
  state.simulation = { fail, result };
  state.scenario = undefined;
  syncScenarioBar();
  // Failing one element selects it, whatever was selected before: the details pane then tells its
  // story, and a later re-fit (the pane resizing the canvas) keeps it, not an older selection, in view.
  if (fail.length === 1) {
    const id = fail[0]!;
    state.selected = { kind: state.view?.components.some((c) => c.id === id) ? 'component' : 'domain', id };
  }
  paint();
  // Keep what matters in view: fit the affected set (an explicit action, so it overrides a moved view).
  state.userMoved = false;
  openView();
}

export function resetSimulation(): void {
  if (state.simulation || state.scenario) {
    state.simulation = undefined;
    state.scenario = undefined;
    syncScenarioBar();
    paint();
    // Back to the view the map opens on, unless the user has moved the view since the failure's own: that
    // view was fitted to what the failure took down, and left the boxes with the map's errors cut.
    if (!state.userMoved) {
      openView();
    }
  }
}

export function resimulate(): void {
  if (state.simulation) {
    post({ type: 'simulate', fail: state.simulation.fail });
  }
}

/** The map's scenarios arrived (checked here: they come from text anyone can write). */
export function onScenarios(uri: string, raw: unknown): void {
  if (state.model && uri !== state.model.uri) {
    return;
  }
  const scenarios = parseScenarios(raw);
  if (!scenarios) {
    post({ type: 'log', level: 'error', message: 'ignored scenarios that do not have the shape of SceneScenario' });
    return;
  }
  state.scenarios = scenarios.map(sortPhases);
  if (state.scenario && !state.scenarios[state.scenario.index]) {
    state.scenario = undefined;
  }
  syncScenarioBar();
  if (state.scenario) {
    paint();
  }
}

function sortPhases(s: SceneScenario): SceneScenario {
  const rank = (name: string) => {
    const i = phaseOrder.indexOf(name);
    return i < 0 ? phaseOrder.length : i;
  };
  return { ...s, phases: s.phases.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p.name) - rank(b.p.name) || a.i - b.i).map((x) => x.p) };
}

export function chooseScenario(index: number | undefined): void {
  state.scenario = index === undefined || !state.scenarios[index] ? undefined : { index, phase: 0 };
  if (state.scenario) {
    state.simulation = undefined;
  }
  syncScenarioBar();
  paint();
  state.userMoved = false;
  openView();
}

export function stepPhase(delta: number): void {
  const s = state.scenario;
  const sc = s && state.scenarios[s.index];
  if (!s || !sc) {
    return;
  }
  const next = Math.min(sc.phases.length - 1, Math.max(0, s.phase + delta));
  if (next !== s.phase) {
    s.phase = next;
    syncScenarioBar();
    paint();
    if (!state.userMoved) {
      openView();
    }
  }
}

export function syncScenarioBar(): void {
  const bar = dom.scenarioBar;
  bar.hidden = state.scenarios.length === 0;
  const sel = dom.scenarioSelect;
  const options = [new Option('No scenario', ''), ...state.scenarios.map((s, i) => new Option(s.title, String(i)))];
  sel.replaceChildren(...options);
  sel.value = state.scenario ? String(state.scenario.index) : '';
  const sc = state.scenario && state.scenarios[state.scenario.index];
  dom.phaseLabel.textContent = sc ? `${sc.phases[state.scenario!.phase]!.name} (${state.scenario!.phase + 1}/${sc.phases.length})` : '';
  dom.buttons.prevPhase.disabled = !sc || state.scenario!.phase === 0;
  dom.buttons.nextPhase.disabled = !sc || state.scenario!.phase === sc.phases.length - 1;
  dom.buttons.reset.disabled = !state.simulation && !state.scenario;
}
