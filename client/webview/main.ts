// The graph webview. It paints the scene that the core builds (the same code the CLI's SVG comes from),
// lays it out in a worker, and turns clicks and keys into messages for the extension. Everything from a
// map is written as text (createTextNode, textContent): never as markup.
import panzoom, { type PanZoom } from 'panzoom';
import {
  anchorOf,
  buildScene,
  elkGraph,
  fallbackLayout,
  groupPrefix,
  isGroup,
  largeGraph,
  layoutMap,
  overview,
  overviewThreshold,
  legendSize,
  legendTree,
  renderSvg,
  svgTree,
  themeVariables,
  topologyKey,
  type ElkNode,
  type GraphComponent,
  type GraphModel,
  type Scene,
  type SceneSimulation,
  type SourceLocation,
  type VNode,
} from '../../server/src/core/graph/index';
import type { FromWebview, ToWebview } from '../src/graph/protocol';
import type { LayoutRequest, LayoutResponse } from './layoutWorker';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
const post = (m: FromWebview) => vscode.postMessage(m);

const SVG = 'http://www.w3.org/2000/svg';
/** ELK gets this long before the view falls back to the last (or a simple) layout; see docs/PERFORMANCE.md. */
const layoutDeadlineMs = (components: number) => (components > largeGraph ? 10_000 : 30_000);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLElement>('canvas');
const status = $<HTMLElement>('status');
const details = $<HTMLElement>('details');
const search = $<HTMLInputElement>('search');
const filters = { owner: $<HTMLSelectElement>('filter-owner'), tier: $<HTMLSelectElement>('filter-tier'), kind: $<HTMLSelectElement>('filter-kind') };
const buttons = {
  simulate: $<HTMLButtonElement>('simulate'),
  reset: $<HTMLButtonElement>('reset'),
  fit: $<HTMLButtonElement>('fit'),
  zoomIn: $<HTMLButtonElement>('zoom-in'),
  zoomOut: $<HTMLButtonElement>('zoom-out'),
  legend: $<HTMLButtonElement>('legend-toggle'),
  exportSvg: $<HTMLButtonElement>('export-svg'),
  exportPng: $<HTMLButtonElement>('export-png'),
  overview: $<HTMLButtonElement>('overview'),
};
const legend = $<HTMLElement>('legend');

type ModelMessage = Extract<ToWebview, { type: 'model' }>;
type Selection = { kind: 'component' | 'domain' | 'edge'; id: string };

const state: {
  model?: ModelMessage;
  /** What is drawn: the model, or its overview with some domains expanded (large maps). */
  view?: GraphModel;
  expanded: Set<string>;
  showAll: boolean;
  laidOut?: ElkNode;
  layoutKey?: string;
  scene?: Scene;
  simulation?: { fail: string[]; result: SceneSimulation };
  selected?: Selection;
  highlighted?: string;
  layoutSeq: number;
} = { layoutSeq: 0, expanded: new Set(), showAll: false };

// ---------------------------------------------------------------------------------------------------
// Painting: VNode → DOM, inside a persistent <svg> whose viewport group panzoom transforms.

function toDom(n: VNode | string): Node {
  if (typeof n === 'string') {
    return document.createTextNode(n);
  }
  const el = document.createElementNS(SVG, n.tag);
  for (const [k, v] of Object.entries(n.attrs)) {
    if (v !== undefined && v !== '' && k !== 'xmlns') {
      el.setAttribute(k, String(v));
    }
  }
  n.children.forEach((c) => el.appendChild(toDom(c)));
  return el;
}

const svg = document.createElementNS(SVG, 'svg');
svg.setAttribute('class', 'im');
svg.setAttribute('role', 'application');
svg.setAttribute('aria-label', 'Incident map graph');
const defsHolder = document.createElementNS(SVG, 'g');
const zoomLayer = document.createElementNS(SVG, 'g');
zoomLayer.setAttribute('id', 'im-zoom');
svg.append(defsHolder, zoomLayer);
let pz: PanZoom | undefined;

function paint(): void {
  const { model, laidOut, view } = state;
  if (!model || !laidOut || !view) {
    return;
  }
  const scene = buildScene(view, laidOut, model.findings, state.simulation?.result);
  state.scene = scene;
  const tree = svgTree(scene, { simulating: !!state.simulation, edgeLabels: model.graph.components.length <= largeGraph, title: model.name });
  svg.setAttribute('class', String(tree.attrs.class));
  const defs = tree.children.find((c): c is VNode => typeof c !== 'string' && c.tag === 'defs');
  const viewport = tree.children.find((c): c is VNode => typeof c !== 'string' && c.attrs.class === 'im-viewport');
  defsHolder.replaceChildren(...(defs ? [toDom(defs)] : []));
  zoomLayer.replaceChildren(...(viewport ? [toDom(viewport)] : []));
  if (!svg.isConnected) {
    canvas.replaceChildren(svg);
    pz = panzoom(zoomLayer, { maxZoom: 4, minZoom: 0.05, smoothScroll: false, zoomDoubleClickSpeed: 1, disableKeyboardInteraction: true });
    pz.on('transform', () => persist());
    fit();
  }
  legend.replaceChildren(legendSvg());
  applySelection();
  applyFilters();
  applyHighlight();
  updateButtons();
  const counts = countFindings(scene);
  const groups = view.components.filter((c) => c.members).length;
  buttons.overview.hidden = model.graph.components.length <= overviewThreshold;
  buttons.overview.textContent = groups > 0 ? 'Show all' : 'Overview';
  setStatus(
    `${model.name}: ${model.graph.components.length} components${groups ? ` (overview: ${groups} domains collapsed; click one to expand)` : ''}, ${counts}` +
      (scene.unanchored.length ? ` (${scene.unanchored.length} on the map as a whole or on domains not drawn as boxes: see Problems)` : '') +
      (state.simulation ? ` — simulating ${state.simulation.fail.join(' + ')}: ${state.simulation.result.down.length} down, ${state.simulation.result.degraded.length} degraded` : ''),
  );
}

function legendSvg(): SVGElement {
  const el = document.createElementNS(SVG, 'svg');
  el.setAttribute('class', 'im');
  // One pixel of margin each side keeps the rounded border inside the viewport.
  el.setAttribute('width', String(legendSize.width + 2));
  el.setAttribute('height', String(legendSize.height + 2));
  el.appendChild(toDom(legendTree(1, 1)));
  return el;
}

function countFindings(scene: Scene): string {
  const n = { error: 0, warning: 0, info: 0 };
  scene.findings.forEach((f) => n[f.severity]++);
  return n.error + n.warning + n.info === 0 ? 'no findings' : `${n.error} errors, ${n.warning} warnings, ${n.info} info`;
}

function setStatus(text: string, level: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.className = level;
}

// ---------------------------------------------------------------------------------------------------
// Layout, in a worker with a deadline; an unchanged topology reuses the last layout.

class LayoutWorker {
  private worker?: Worker;
  private script?: Promise<string>;
  private next = 0;
  private pending = new Map<number, { resolve: (g: ElkNode) => void; reject: (e: Error) => void; timer: number }>();

  /** One ELK call; a large map makes several, all within one deadline (`at`, on performance.now()). */
  async layout(graph: ElkNode, deadline: { at: number; ms: number }): Promise<ElkNode> {
    const worker = await this.start();
    const id = ++this.next;
    return new Promise<ElkNode>((resolve, reject) => {
      const timer = window.setTimeout(
        () => {
          // ELK cannot be interrupted: the only way to stop a runaway layout is to end its worker.
          this.stop(new Error(`the layout took longer than ${Math.round(deadline.ms / 1000)} s`));
        },
        Math.max(0, deadline.at - performance.now()),
      );
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, graph } satisfies LayoutRequest);
    });
  }

  /**
   * Starts the worker and has ELK lay out one node while the map is still on its way: loading ELK and
   * its first run cost about 1.5 s of the first layout in the webview test, now spent waiting anyway.
   */
  warm(): void {
    void this.layout({ id: 'warm-up', children: [{ id: 'n', width: 10, height: 10 }], edges: [] }, { at: performance.now() + 30_000, ms: 30_000 }).catch(() => undefined);
  }

  private async start(): Promise<Worker> {
    if (this.worker) {
      return this.worker;
    }
    // Webviews cannot start a worker from a resource URL; fetch the script and start it from a blob.
    this.script ??= fetch(document.body.dataset.workerUri ?? '').then(async (r) => {
      if (!r.ok) {
        throw new Error(`cannot load the layout worker (${r.status})`);
      }
      return URL.createObjectURL(new Blob([await r.text()], { type: 'text/javascript' }));
    });
    const worker = new Worker(await this.script);
    worker.onmessage = (e: MessageEvent<LayoutResponse>) => {
      const p = this.pending.get(e.data.id);
      if (!p) {
        return;
      }
      this.pending.delete(e.data.id);
      clearTimeout(p.timer);
      if (e.data.ok) {
        p.resolve(e.data.graph);
      } else {
        p.reject(new Error(e.data.error));
      }
    };
    worker.onerror = (e) => this.stop(new Error(e.message || 'the layout worker failed'));
    this.worker = worker;
    return worker;
  }

  private stop(error: Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}

const layoutWorker = new LayoutWorker();

async function onModel(m: ModelMessage): Promise<void> {
  if (state.model && m.uri === state.model.uri && m.version < state.model.version) {
    return; // an answer older than what is shown
  }
  const sameMap = state.model?.uri === m.uri;
  if (!sameMap) {
    state.simulation = undefined;
    state.selected = undefined;
    state.highlighted = undefined;
    state.expanded.clear();
    state.showAll = false;
  }
  state.model = m;
  fillFilters(m.graph);
  await relayout(sameMap);
  resimulate();
}

/** The graph to draw: large maps open on the overview (a box per innermost domain). */
function viewOf(g: GraphModel): GraphModel {
  return g.components.length > overviewThreshold && !state.showAll ? overview(g, state.expanded) : g;
}

async function relayout(keepView: boolean): Promise<void> {
  const m = state.model!;
  const view = viewOf(m.graph);
  const input = elkGraph(view);
  const key = topologyKey(input);
  if (state.laidOut && key === state.layoutKey) {
    state.view = view;
    paint(); // same boxes and edges: keep the layout, zoom and selection
    return;
  }
  const seq = ++state.layoutSeq;
  const started = performance.now();
  const timer = window.setTimeout(() => setStatus(`Laying out ${view.components.length} boxes…`), 150);
  let laidOut: ElkNode;
  try {
    const ms = layoutDeadlineMs(view.components.length);
    const deadline = { at: performance.now() + ms, ms };
    laidOut = await layoutMap(input, (graph) => layoutWorker.layout(graph, deadline));
  } catch (e) {
    post({ type: 'log', level: 'error', message: `graph layout failed: ${(e as Error).message}` });
    laidOut = fallbackLayout(input);
    window.setTimeout(() => setStatus(`The full layout failed (${(e as Error).message}); showing a simple layout.`, 'error'));
  } finally {
    clearTimeout(timer);
  }
  if (seq !== state.layoutSeq) {
    return; // a newer model arrived while this one was laid out
  }
  const first = !state.laidOut;
  state.laidOut = laidOut;
  state.layoutKey = key;
  state.view = view;
  paint();
  if (!first && !keepView) {
    fit();
  }
  post({ type: 'log', level: 'info', message: `laid out ${view.components.length} boxes in ${Math.round(performance.now() - started)} ms` });
}

/** Expands one collapsed domain of the overview, or toggles between the overview and every component. */
async function expand(groupId: string): Promise<void> {
  state.expanded.add(groupId.slice(groupPrefix.length));
  state.selected = undefined;
  // The picture changes shape: fit it, as on first open.
  await relayout(false);
}

function resimulate(): void {
  if (state.simulation) {
    post({ type: 'simulate', fail: state.simulation.fail });
  }
}

// ---------------------------------------------------------------------------------------------------
// Selection, highlight, filters.

const selectorOf = (s: Selection) =>
  s.kind === 'component' ? `[data-component="${CSS.escape(s.id)}"]` : s.kind === 'domain' ? `[data-domain="${CSS.escape(s.id)}"]` : `[data-edge="${CSS.escape(s.id)}"]`;

function applySelection(): void {
  svg.querySelectorAll('.selected').forEach((e) => e.classList.remove('selected'));
  if (state.selected) {
    svg.querySelector(selectorOf(state.selected))?.classList.add('selected');
  }
  showDetails();
}

function applyHighlight(): void {
  svg.querySelectorAll('.highlighted').forEach((e) => e.classList.remove('highlighted'));
  if (state.highlighted) {
    svg.querySelector(`[data-component="${CSS.escape(state.highlighted)}"]`)?.classList.add('highlighted');
  }
}

function fillFilters(g: GraphModel): void {
  const fill = (select: HTMLSelectElement, values: string[], all: string) => {
    const keep = select.value;
    const options = [new Option(all, ''), ...[...new Set(values)].sort().map((v) => new Option(v, v))];
    select.replaceChildren(...options);
    select.value = values.includes(keep) ? keep : '';
  };
  fill(filters.owner, g.components.flatMap((c) => (c.owner ? [c.owner] : [])), 'All owners');
  fill(filters.kind, g.components.map((c) => c.kind), 'All kinds');
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
  const q = search.value.trim().toLowerCase();
  return (
    (!q || [c.id, c.name ?? '', c.owner ?? '', c.kind].some((s) => s.toLowerCase().includes(q))) &&
    (!filters.owner.value || c.owner === filters.owner.value) &&
    (!filters.tier.value || String(c.tier ?? '') === filters.tier.value) &&
    (!filters.kind.value || c.kind === filters.kind.value)
  );
}

function applyFilters(): void {
  const active = search.value.trim() !== '' || filters.owner.value !== '' || filters.tier.value !== '' || filters.kind.value !== '';
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

function showDetails(): void {
  const scene = state.scene;
  const sel = state.selected;
  if (!scene || !sel) {
    details.hidden = true;
    return;
  }
  const el = (tag: string, text?: string, cls?: string) => {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  };
  const parts: HTMLElement[] = [];
  let findings: number[] = [];
  if (sel.kind === 'component') {
    const n = scene.nodes.find((x) => x.id === sel.id);
    if (!n) {
      details.hidden = true;
      return;
    }
    parts.push(el('h2', n.title === n.id ? n.id : `${n.title} (${n.id})`), el('div', n.subtitle));
    if (n.tags) {
      parts.push(el('div', `also in ${n.tags}`));
    }
    if (n.runbook) {
      const a = el('a', 'Open runbook') as HTMLAnchorElement;
      a.href = '#';
      a.title = n.runbook;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        post({ type: 'openRunbook', url: n.runbook! });
      });
      parts.push(a);
    }
    const down = state.simulation?.result.down.find((d) => d.id === n.id) ?? state.simulation?.result.degraded.find((d) => d.id === n.id);
    if (down) {
      parts.push(el('div', `${n.state}: ${down.path.map((p) => p.component).join(' → ')}`));
    }
    findings = n.findings;
  } else if (sel.kind === 'edge') {
    const e = scene.edges.find((x) => x.id === sel.id);
    if (!e) {
      details.hidden = true;
      return;
    }
    parts.push(el('h2', `${e.from} → ${e.to}`), el('div', e.tooltip));
    findings = e.findings;
  } else {
    const c = scene.containers.find((x) => x.id === sel.id);
    if (!c) {
      details.hidden = true;
      return;
    }
    parts.push(el('h2', c.label));
    findings = c.findings;
  }
  if (findings.length) {
    const ul = el('ul');
    for (const i of findings) {
      const f = scene.findings[i]!;
      ul.appendChild(el('li', `${f.ruleId}: ${f.message}`, f.severity));
    }
    parts.push(ul);
  }
  details.replaceChildren(...parts);
  details.hidden = false;
}

function locationOf(sel: Selection): SourceLocation | undefined {
  const s = state.scene;
  const item = sel.kind === 'component' ? s?.nodes.find((n) => n.id === sel.id) : sel.kind === 'domain' ? s?.containers.find((c) => c.id === sel.id) : s?.edges.find((e) => e.id === sel.id);
  return item?.at;
}

function select(sel: Selection | undefined, reveal: boolean): void {
  state.selected = sel;
  applySelection();
  updateButtons();
  persist();
  const at = sel && locationOf(sel);
  if (reveal && at) {
    post({ type: 'reveal', uri: at.uri, range: at.range });
  }
}

function updateButtons(): void {
  buttons.simulate.disabled = !state.selected || state.selected.kind === 'edge';
  buttons.reset.disabled = !state.simulation;
}

// ---------------------------------------------------------------------------------------------------
// Zoom and pan.

function fit(): void {
  const scene = state.scene;
  if (!pz || !scene) {
    return;
  }
  const w = canvas.clientWidth || 800;
  const h = canvas.clientHeight || 600;
  const scale = Math.min(w / Math.max(scene.width, 1), h / Math.max(scene.height, 1), 1.5) * 0.96;
  pz.zoomAbs(0, 0, scale);
  pz.moveTo((w - scene.width * scale) / 2, (h - scene.height * scale) / 2);
}

function zoomBy(factor: number): void {
  if (pz) {
    pz.zoomTo(canvas.clientWidth / 2, canvas.clientHeight / 2, factor);
  }
}

function persist(): void {
  const t = pz?.getTransform();
  vscode.setState({ uri: state.model?.uri, selected: state.selected, transform: t ? { x: t.x, y: t.y, scale: t.scale } : undefined });
}

// ---------------------------------------------------------------------------------------------------
// Export.

/** The current theme's colours, baked into an exported file (an image does not see VS Code's variables). */
function themedSvg(): string {
  const scene = state.scene!;
  const text = renderSvg(scene, { title: state.model?.name, legend: true, simulating: !!state.simulation });
  const styles = getComputedStyle(svg);
  const vars = themeVariables
    .map((v) => `--im-${v}: ${styles.getPropertyValue(`--im-${v}`).trim()};`)
    .filter((d) => !/:\s*;$/.test(d))
    .join(' ')
    .replace(/[<>]/g, '');
  return text.replace('</style>', `.im.im-standalone, .im.im-standalone * { ${vars} }\n</style>`);
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

// ---------------------------------------------------------------------------------------------------
// Input.

let pressedAt: { x: number; y: number } | undefined;
canvas.addEventListener('pointerdown', (e) => (pressedAt = { x: e.clientX, y: e.clientY }));

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

canvas.addEventListener('click', (e) => {
  // A drag that pans the view ends in a click: it is not a selection.
  if (pressedAt && Math.hypot(e.clientX - pressedAt.x, e.clientY - pressedAt.y) > 4) {
    return;
  }
  const sel = selectionFromTarget(e.target);
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
  const sel = selectionFromTarget(e.target);
  if (sel) {
    select(sel, false);
  }
});

document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (typing) {
    if (e.key === 'Escape' && e.target === search) {
      search.value = '';
      applyFilters();
      canvas.focus();
    }
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) {
    return;
  }
  const pan = 60;
  const actions: Record<string, () => void> = {
    '/': () => search.focus(),
    f: () => failSelected(),
    Escape: () => resetSimulation(),
    '0': () => fit(),
    '+': () => zoomBy(1.25),
    '=': () => zoomBy(1.25),
    '-': () => zoomBy(0.8),
    l: () => toggleLegend(),
    ArrowLeft: () => pz?.moveBy(pan, 0, false),
    ArrowRight: () => pz?.moveBy(-pan, 0, false),
    ArrowUp: () => pz?.moveBy(0, pan, false),
    ArrowDown: () => pz?.moveBy(0, -pan, false),
  };
  const act = actions[e.key];
  if (act) {
    e.preventDefault();
    act();
  }
});

function failSelected(): void {
  const sel = state.selected;
  if (sel && sel.kind !== 'edge') {
    // A group of the overview fails as the domain it stands for.
    const id = isGroup(sel.id) ? sel.id.slice(groupPrefix.length) : sel.id;
    setStatus(`Simulating the failure of ${id}…`);
    post({ type: 'simulate', fail: [id] });
  }
}

function resetSimulation(): void {
  if (state.simulation) {
    state.simulation = undefined;
    paint();
  }
}

function toggleLegend(): void {
  legend.hidden = !legend.hidden;
  buttons.legend.setAttribute('aria-pressed', String(!legend.hidden));
}

search.addEventListener('input', applyFilters);
search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    const first = state.view?.components.find((c) => matches(c.id));
    const el = first && svg.querySelector<SVGGElement>(`[data-component="${CSS.escape(first.id)}"]`);
    if (first && el) {
      select({ kind: 'component', id: first.id }, false);
      pz?.centerOn(el);
      el.focus();
    }
  }
});
Object.values(filters).forEach((s) => s.addEventListener('change', applyFilters));
buttons.simulate.addEventListener('click', failSelected);
buttons.reset.addEventListener('click', resetSimulation);
buttons.fit.addEventListener('click', fit);
buttons.zoomIn.addEventListener('click', () => zoomBy(1.25));
buttons.zoomOut.addEventListener('click', () => zoomBy(0.8));
buttons.legend.addEventListener('click', toggleLegend);
buttons.exportSvg.addEventListener('click', () => void exportAs('svg'));
buttons.exportPng.addEventListener('click', () => void exportAs('png'));
buttons.overview.addEventListener('click', () => {
  const collapsed = state.view?.components.some((c) => c.members) ?? false;
  state.showAll = collapsed;
  state.expanded.clear();
  void relayout(false);
});

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  switch (m?.type) {
    case 'model':
      void onModel(m);
      break;
    case 'simulation':
      state.simulation = { fail: m.fail, result: m.result };
      if (m.fail.length === 1 && !state.selected) {
        state.selected = { kind: state.view?.components.some((c) => c.id === m.fail[0]) ? 'component' : 'domain', id: m.fail[0]! };
      }
      paint();
      break;
    case 'simulationUnknown':
      setStatus(`Nothing called ${m.unknown.join(', ')} in this map to fail.`, 'error');
      break;
    case 'cursor': {
      const g = state.view;
      const a = g && anchorOf(g, { uri: m.uri, range: { start: m.position, end: m.position } });
      const id = a?.kind === 'component' ? a.id : a?.kind === 'edge' ? g!.edges[a.index]!.from : undefined;
      if (id !== state.highlighted) {
        state.highlighted = id;
        applyHighlight();
      }
      break;
    }
    case 'status':
      setStatus(m.message, m.level);
      break;
    case 'command':
      ({ fit, resetSimulation, exportSvg: () => void exportAs('svg'), exportPng: () => void exportAs('png') })[m.command]?.();
      break;
  }
});

post({ type: 'ready' });
layoutWorker.warm();
