// Selection, the editor's cursor, search and filters, keys and buttons, and export.
import { anchorOf, isGroup, groupPrefix, renderSvg, type GraphComponent, type GraphModel } from '../../server/src/core/graph/index';
import { fitMap, panBy, panIntoView, transform, userMoved, zoomBy } from './camera';
import { kindName, showDetails } from './details';
import { post, save } from './protocol';
import { paint, sceneFor, svg, toggleLegend } from './render';
import { chooseScenario, failSelected, resetSimulation, stepPhase, syncScenarioBar } from './scenarios';
import { dom, setStatus, state, type Selection } from './state';

const selectorOf = (s: Selection) =>
  s.kind === 'component' ? `[data-component="${CSS.escape(s.id)}"]` : s.kind === 'domain' ? `[data-domain="${CSS.escape(s.id)}"]` : `[data-edge="${CSS.escape(s.id)}"]`;

/** Everything that depends on the painted DOM, redone after each paint. */
export function afterPaint(): void {
  applySelection();
  applyFilters();
  applyHighlight();
  updateButtons();
  syncScenarioBar();
}

function applySelection(): void {
  svg.querySelectorAll('.selected, .member').forEach((e) => e.classList.remove('selected', 'member'));
  const sel = state.selected;
  if (sel) {
    svg.querySelector(selectorOf(sel))?.classList.add('selected');
    // A shared domain's members light up with it: the cooling loop shows the racks it cools.
    const cross = sel.kind === 'domain' ? state.scene?.crossDomains.find((d) => d.id === sel.id) : undefined;
    cross?.members.forEach((m) => svg.querySelector(`[data-component="${CSS.escape(m)}"]`)?.classList.add('member'));
  }
  showDetails(select);
}

function applyHighlight(): void {
  svg.querySelectorAll('.highlighted').forEach((e) => e.classList.remove('highlighted'));
  if (state.highlighted) {
    svg.querySelector(`[data-component="${CSS.escape(state.highlighted)}"]`)?.classList.add('highlighted');
  }
}

export function onCursor(uri: string, position: { line: number; character: number }): void {
  const g = state.view;
  const a = g && anchorOf(g, { uri, range: { start: position, end: position } });
  const id = a?.kind === 'component' ? a.id : a?.kind === 'edge' ? g!.edges[a.index]!.from : undefined;
  if (id !== state.highlighted) {
    state.highlighted = id;
    applyHighlight();
    // Follow the editor: bring the component into view, moving only when it is off-screen.
    if (id) {
      panIntoView(id);
    }
  }
}

export function fillFilters(g: GraphModel): void {
  const fill = (select: HTMLSelectElement, values: string[], all: string, text = (v: string) => v) => {
    const keep = select.value;
    const options = [new Option(all, ''), ...[...new Set(values)].sort().map((v) => new Option(text(v), v))];
    select.replaceChildren(...options);
    select.value = values.includes(keep) ? keep : '';
  };
  fill(dom.filters.owner, g.components.flatMap((c) => (c.owner ? [c.owner] : [])), 'All owners');
  fill(dom.filters.kind, g.components.map((c) => c.kind), 'All kinds', kindName);
}

/** The components of the view by id, built once per view: filtering "Show all" of a large map asks for each. */
const componentsOf = new WeakMap<GraphModel, Map<string, GraphComponent>>();

function matches(id: string): boolean {
  const view = state.view;
  let byId = view && componentsOf.get(view);
  if (view && !byId) {
    byId = new Map(view.components.map((c) => [c.id, c]));
    componentsOf.set(view, byId);
  }
  const c = byId?.get(id);
  if (!c) {
    return true;
  }
  const q = dom.search.value.trim().toLowerCase();
  const f = dom.filters;
  return (
    (!q || [c.id, c.name ?? '', c.owner ?? '', c.kind].some((s) => s.toLowerCase().includes(q))) &&
    (!f.owner.value || c.owner === f.owner.value) &&
    (!f.tier.value || String(c.tier ?? '') === f.tier.value) &&
    (!f.kind.value || c.kind === f.kind.value)
  );
}

function applyFilters(): void {
  const f = dom.filters;
  const active = dom.search.value.trim() !== '' || f.owner.value !== '' || f.tier.value !== '' || f.kind.value !== '';
  dom.buttons.filters.classList.toggle('active', f.owner.value !== '' || f.tier.value !== '' || f.kind.value !== '');
  const shown = new Set<string>();
  svg.querySelectorAll<SVGGElement>('[data-component]').forEach((el) => {
    const id = el.dataset.component!;
    const ok = !active || matches(id);
    el.classList.toggle('dimmed', !ok);
    if (ok) {
      shown.add(id);
    }
  });
  svg.querySelectorAll<SVGGElement>('[data-edge]').forEach((el) => {
    el.classList.toggle('dimmed', active && !(shown.has(el.dataset.from!) && shown.has(el.dataset.to!)));
  });
}

/**
 * Selects an element: the details pane shows it. `reveal` also shows its declaration in the editor,
 * without taking focus from the graph (a maximised panel stays maximised: see panel.ts).
 */
export function select(sel: Selection | undefined, reveal: boolean): void {
  state.selected = sel;
  applySelection();
  updateButtons();
  const s = state.scene;
  const at = sel && (sel.kind === 'component' ? s?.nodes.find((n) => n.id === sel.id) : sel.kind === 'domain' ? (s?.containers.find((c) => c.id === sel.id) ?? s?.crossDomains.find((c) => c.id === sel.id)) : s?.edges.find((e) => e.id === sel.id))?.at;
  if (reveal && at) {
    post({ type: 'reveal', uri: at.uri, range: at.range });
  }
}

function updateButtons(): void {
  dom.buttons.simulate.disabled = !state.selected || state.selected.kind === 'edge';
  dom.buttons.reset.disabled = !state.simulation && !state.scenario;
}

// ---------------------------------------------------------------------------------------------------
// Export: the picture with the current theme's colours pinned (an image does not see VS Code's variables).

function themedSvg(): string {
  // The standalone palette closest to the panel's theme: dark when its background is dark. Concrete
  // colours, as `incidentmap graph --theme` writes them, so every viewer draws the file the same.
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(document.body).backgroundColor);
  const luminance = rgb ? (0.2126 * Number(rgb[1]) + 0.7152 * Number(rgb[2]) + 0.0722 * Number(rgb[3])) / 255 : 1;
  return renderSvg(sceneFor(true)!, { title: state.model?.name, legend: true, simulating: !!(state.simulation || state.scenario), theme: luminance < 0.5 ? 'dark' : 'light' });
}

async function exportAs(format: 'svg' | 'png'): Promise<void> {
  if (!state.scene) {
    return;
  }
  const text = themedSvg();
  if (format === 'svg') {
    post({ type: 'export', format, data: text });
    return;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn'));
      img.src = url;
    });
    const scale = Math.min(2, 16384 / Math.max(img.width, img.height, 1));
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(img.width * scale));
    c.height = Math.max(1, Math.round(img.height * scale));
    const ctx = c.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    post({ type: 'export', format, data: c.toDataURL('image/png') });
  } catch (e) {
    setStatus(`PNG export failed: ${(e as Error).message}`, 'error');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export const commands = {
  fit: fitMap,
  resetSimulation,
  exportSvg: () => void exportAs('svg'),
  exportPng: () => void exportAs('png'),
};

// ---------------------------------------------------------------------------------------------------
// Input.

function selectionFromTarget(target: EventTarget | null): Selection | undefined {
  const el = (target as Element | null)?.closest?.('[data-component], [data-edge], [data-domain]') as (SVGElement & { dataset: DOMStringMap }) | null;
  if (!el) {
    return undefined;
  }
  if (el.dataset.component) {
    return { kind: 'component', id: el.dataset.component };
  }
  if (el.dataset.edge) {
    return { kind: 'edge', id: el.dataset.edge };
  }
  return el.dataset.domain ? { kind: 'domain', id: el.dataset.domain } : undefined;
}

export function installInput(expand: (groupId: string) => Promise<void>, relayoutAll: () => void): void {
  const canvas = dom.canvas;
  // A press and release in (nearly) the same place is a click; a drag that pans the view is not. The
  // press focuses the element (which selects it and opens the details pane, resizing the canvas), and
  // the browser then drops the click event: act on the release instead.
  let pressedAt: { x: number; y: number; target: Selection | undefined } | undefined;
  canvas.addEventListener('pointerdown', (e) => (pressedAt = e.button === 0 ? { x: e.clientX, y: e.clientY, target: selectionFromTarget(e.target) } : undefined));
  // On the window: the details pane may open under the pointer between the press and the release.
  window.addEventListener('pointerup', (e) => {
    const p = pressedAt;
    pressedAt = undefined;
    if (!p || e.button !== 0 || Math.hypot(e.clientX - p.x, e.clientY - p.y) > 4) {
      return;
    }
    const sel = p.target;
    select(sel, sel !== undefined);
    if (sel?.kind === 'component' && isGroup(sel.id)) {
      void expand(sel.id);
    }
  });
  canvas.addEventListener('keydown', (e) => {
    const sel = selectionFromTarget(e.target);
    if (sel && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      select(sel, true);
      if (sel.kind === 'component' && isGroup(sel.id)) {
        void expand(sel.id);
      }
    }
  });
  canvas.addEventListener('focusin', (e) => {
    // Keyboard focus selects; a press selects on release (above).
    if (pressedAt) {
      return;
    }
    const sel = selectionFromTarget(e.target);
    if (sel) {
      select(sel, false);
    }
  });

  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if (typing) {
      if (e.key === 'Escape' && e.target === dom.search) {
        dom.search.value = '';
        applyFilters();
        canvas.focus();
      }
      return;
    }
    if (e.altKey || ((e.ctrlKey || e.metaKey) && e.key !== '0')) {
      return;
    }
    const pan = 60;
    const actions: Record<string, () => void> = {
      '/': () => dom.search.focus(),
      f: () => failSelected(),
      Escape: () => (state.simulation || state.scenario ? resetSimulation() : select(undefined, false)),
      '0': () => fitMap(),
      '+': () => zoomBy(1.25),
      '=': () => zoomBy(1.25),
      '-': () => zoomBy(0.8),
      '?': () => toggleLegend(),
      l: () => toggleLegend(),
      '[': () => stepPhase(-1),
      ']': () => stepPhase(1),
      ArrowLeft: () => panBy(pan, 0),
      ArrowRight: () => panBy(-pan, 0),
      ArrowUp: () => panBy(0, pan),
      ArrowDown: () => panBy(0, -pan),
    };
    const act = actions[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  });

  const b = dom.buttons;
  dom.search.addEventListener('input', applyFilters);
  dom.search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      const first = state.view?.components.find((c) => matches(c.id));
      const el = first && svg.querySelector<SVGGElement>(`[data-component="${CSS.escape(first.id)}"]`);
      if (first && el) {
        select({ kind: 'component', id: first.id }, false);
        panIntoView(first.id);
        el.focus();
      }
    }
  });
  Object.values(dom.filters).forEach((s) => s.addEventListener('change', applyFilters));
  b.filters.addEventListener('click', () => {
    dom.filterRow.hidden = !dom.filterRow.hidden;
    b.filters.setAttribute('aria-expanded', String(!dom.filterRow.hidden));
  });
  b.simulate.addEventListener('click', failSelected);
  b.reset.addEventListener('click', resetSimulation);
  b.fit.addEventListener('click', fitMap);
  b.zoomIn.addEventListener('click', () => zoomBy(1.25));
  b.zoomOut.addEventListener('click', () => zoomBy(0.8));
  b.legend.addEventListener('click', () => {
    toggleLegend();
    save({ legendOpen: state.legendOpen });
  });
  b.exportSvg.addEventListener('click', () => void exportAs('svg'));
  b.exportPng.addEventListener('click', () => void exportAs('png'));
  b.overview.addEventListener('click', () => {
    const collapsed = state.view?.components.some((c) => c.members) ?? false;
    state.showAll = collapsed;
    state.expanded.clear();
    relayoutAll();
  });
  dom.scenarioSelect.addEventListener('change', () => chooseScenario(dom.scenarioSelect.value === '' ? undefined : Number(dom.scenarioSelect.value)));
  b.prevPhase.addEventListener('click', () => stepPhase(-1));
  b.nextPhase.addEventListener('click', () => stepPhase(1));
  void userMoved;
  void transform;
  void groupPrefix;
  void paint;
}
