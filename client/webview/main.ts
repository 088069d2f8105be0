// The graph webview. It paints the scene that the core builds (the same code the CLI's SVG comes from),
// lays it out in a worker, and turns clicks and keys into messages for the extension.
//   state.ts        what the panel knows, and its elements
//   protocol.ts     messages out, and the state VS Code keeps while the panel is hidden
//   layout.ts       the ELK worker (one, started once and warmed) and relayout
//   render.ts       scene → DOM, the legend drawer, the one-line summary
//   camera.ts       fit limits, opening on what matters, re-fit on resize, following the cursor
//   interaction.ts  selection, filters, keys, buttons, export
//   scenarios.ts    "what if" simulations and declared scenarios stepped through their phases
//   details.ts      the details pane
import { groupPrefix } from '../../server/src/core/graph/index';
import type { ToWebview } from '../../server/src/protocol/webview';
import { openView } from './camera';
import { commands, fillFilters, installInput, onCursor } from './interaction';
import { layoutWorker, relayout } from './layout';
import { post, save, saved } from './protocol';
import { paint, toggleLegend } from './render';
import { onScenarios, onSimulation, resimulate } from './scenarios';
import { marks, setStatus, state, type ModelMessage } from './state';

marks(); // the script's start

let firstPaint = true;

async function onModel(m: ModelMessage): Promise<void> {
  // When the first map arrived (ms since the page started): the end-to-end test splits the time to first paint with it.
  marks().model ??= performance.now();
  marks().sent ??= m.timing;
  if (state.model && m.uri === state.model.uri && m.version < state.model.version) {
    return; // an answer older than what is shown
  }
  const sameMap = state.model?.uri === m.uri;
  if (!sameMap) {
    state.simulation = undefined;
    state.scenario = undefined;
    state.scenarios = [];
    state.selected = undefined;
    state.expanded.clear();
    state.showAll = false;
    state.userMoved = false;
  }
  state.model = m;
  save({ uri: m.uri });
  if (!m.opening) {
    fillFilters(m.graph); // an opening view's graph holds the domains' groups, not the owners and kinds of the map
  }
  await redraw(!sameMap);
  resimulate();
}

/** Lays out (when the topology changed) and paints; opens on what matters when the picture is new. */
async function redraw(newPicture: boolean): Promise<void> {
  const r = await relayout();
  if (r === 'stale') {
    return;
  }
  paint();
  if (firstPaint) {
    firstPaint = false;
    openView();
    // Time to first paint: the end-to-end test reads this mark (ms since the page started).
    requestAnimationFrame(() => {
      const m = marks();
      m.firstPaint = performance.now();
      // Tests wait for this (webview/graph.test.ts), not for a timer.
      (window as unknown as { __imFirstPaint: number }).__imFirstPaint = m.firstPaint;
      // A large map's whole map waits for this (it came first as its opening view: panel.ts).
      post({ type: 'painted' });
      post({ type: 'log', level: 'info', message: `first paint at ${Math.round(m.firstPaint)} ms after the page started (script ${Math.round(m.script)} ms, map ${Math.round(m.model ?? 0)} ms, laid out by the ${m.layoutFrom})` });
      // The page's own ELK is for what the user asks for next (expanding a domain, every component): start it
      // now that the first picture is up, not while the page loads, where it competed with the first paint.
      window.setTimeout(() => layoutWorker.warm(), 300);
    });
  } else if (r === 'new' && (newPicture || !state.userMoved)) {
    openView();
  }
}

/** Expands one collapsed domain of the overview. */
async function expand(groupId: string): Promise<void> {
  state.expanded.add(groupId.slice(groupPrefix.length));
  state.selected = undefined;
  state.userMoved = false;
  await redraw(true);
}

installInput(expand, () => {
  state.userMoved = false;
  void redraw(true);
});

/** Draws a map (or drops it as older), then counts it: tests wait on that count, never on a timer. */
function handleModel(m: ModelMessage | undefined): void {
  void (m ? onModel(m) : Promise.resolve())
    .catch((e: unknown) => {
      post({ type: 'log', level: 'error', message: `the map could not be drawn: ${(e as Error)?.message ?? e}` });
      if (m?.opening) {
        post({ type: 'painted' }); // no first picture from it: the extension must not wait for one to send the whole map
      }
    })
    .finally(() => {
      const w = window as unknown as { __imModels?: number };
      w.__imModels = (w.__imModels ?? 0) + 1;
    });
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  switch (m?.type) {
    case 'model':
      handleModel(m);
      break;
    case 'packedModel': {
      // A large map as JSON bytes (panel.ts postModel): read it, then as any map.
      let unpacked: ModelMessage | undefined;
      try {
        const body = JSON.parse(new TextDecoder().decode(m.data)) as Pick<ModelMessage, 'graph' | 'findings' | 'layout'>;
        unpacked = { type: 'model', uri: m.uri, name: m.name, version: m.version, timing: m.timing, graph: body.graph, findings: body.findings, layout: body.layout, ...(m.opening ? { opening: m.opening } : {}) };
      } catch (err) {
        post({ type: 'log', level: 'error', message: `a map sent as bytes could not be read: ${(err as Error).message}` });
      }
      handleModel(unpacked);
      break;
    }
    case 'simulation':
      onSimulation(m.fail, m.result);
      break;
    case 'scenarios':
      onScenarios(m.uri, m.scenarios);
      break;
    case 'simulationUnknown':
      setStatus(`Nothing called ${m.unknown.join(', ')} in this map to fail.`, 'error');
      break;
    case 'cursor':
      onCursor(m.uri, m.position);
      break;
    case 'status':
      setStatus(m.message, m.level);
      break;
    case 'command':
      commands[m.command]?.();
      break;
  }
});

if (saved().legendOpen) {
  toggleLegend(true);
}
// The first map, when the extension had it before the panel existed, is in the page itself (panel.ts).
const embedded = document.getElementById('im-model')?.textContent;
if (embedded) {
  try {
    const m = JSON.parse(embedded) as ModelMessage;
    if (m?.type === 'model') {
      handleModel(m);
    }
  } catch (e) {
    post({ type: 'log', level: 'error', message: `the map written into the page could not be read: ${(e as Error).message}` });
  }
}
post({ type: 'ready' });
