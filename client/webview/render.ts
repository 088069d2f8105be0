// Painting: the core's scene as an SVG tree (the same painter as the CLI's pictures), turned into DOM
// nodes inside a persistent <svg> whose viewport group the camera transforms. Everything from a map is
// written as text (createTextNode): never as markup.
import { bandTree, buildScene, largeGraph, legendSize, legendTree, overviewThreshold, placeBand, svgTree, type Scene, type VNode } from '../../server/src/core/graph/index';
import { attachCamera, refreshOffScreen } from './camera';
import { afterPaint } from './interaction';
import { currentFrame } from './scenarios';
import { dom, mapSize, setStatus, state } from './state';

const SVG = 'http://www.w3.org/2000/svg';

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

export const svg = document.createElementNS(SVG, 'svg');
svg.setAttribute('class', 'im');
svg.setAttribute('role', 'application');
svg.setAttribute('aria-label', 'Incident map graph');
const defsHolder = document.createElementNS(SVG, 'g');
export const zoomLayer = document.createElementNS(SVG, 'g');
zoomLayer.setAttribute('id', 'im-zoom');
/**
 * The band of shared domains (power feeds, cooling loops, network paths), fixed at the top of the pane at
 * zoom 1 and wrapped to its width: never cut at a side, never panned away, whatever the camera does.
 */
export const bandLayer = document.createElementNS(SVG, 'g');
bandLayer.setAttribute('id', 'im-band');
svg.append(defsHolder, zoomLayer, bandLayer);

/** The pane's width for the band (the canvas may not be laid out yet on the first paint: the window's then). */
const bandWidth = () => dom.canvas.clientWidth || document.documentElement.clientWidth || 800;

/** The scene of the current model, view and frame; `forExport` keeps the band inside the picture, as the CLI draws it. */
export function sceneFor(forExport = false): Scene | undefined {
  const { model, laidOut, view } = state;
  if (!model || !laidOut || !view) {
    return undefined;
  }
  const frame = currentFrame();
  return buildScene(view, laidOut, model.findings, frame?.simulation, frame?.overlay, forExport ? {} : { bandApart: true, bandWidth: bandWidth() });
}

/** Re-wraps the band to the pane's width (after a resize); the camera reads the band's new height. */
export function rewrapBand(): void {
  const scene = state.scene;
  if (!scene || scene.crossDomains.length === 0) {
    return;
  }
  const width = bandWidth();
  scene.band = placeBand(scene.crossDomains, width);
  drawBand(scene, width);
  // The chips are new elements: the selection's ring goes back on the selected one (nothing else in the band changes).
  const sel = state.selected;
  if (sel?.kind === 'domain') {
    bandLayer.querySelector(`[data-domain="${CSS.escape(sel.id)}"]`)?.classList.add('selected');
  }
}

function drawBand(scene: Scene, width: number): void {
  const band = bandTree(scene, true, width);
  bandLayer.replaceChildren(...(band ? [toDom(band)] : []));
}

/** Draws the current model, view and frame (simulation or scenario phase). */
export function paint(): Scene | undefined {
  const { model, laidOut, view } = state;
  if (!model || !laidOut || !view) {
    return undefined;
  }
  const frame = currentFrame();
  const scene = sceneFor()!;
  state.scene = scene;
  const tree = svgTree(scene, { simulating: !!frame?.simulation, edgeLabels: mapSize() <= largeGraph, title: model.name, interactive: true, noBand: true });
  svg.setAttribute('class', String(tree.attrs.class));
  const defs = tree.children.find((c): c is VNode => typeof c !== 'string' && c.tag === 'defs');
  const viewport = tree.children.find((c): c is VNode => typeof c !== 'string' && c.attrs.class === 'im-viewport');
  defsHolder.replaceChildren(...(defs ? [toDom(defs)] : []));
  zoomLayer.replaceChildren(...(viewport ? [toDom(viewport)] : []));
  drawBand(scene, bandWidth());
  if (!svg.isConnected) {
    dom.canvas.replaceChildren(svg);
    attachCamera();
  }
  if (mapSize() <= largeGraph) {
    cutOverflowingText();
  }
  renderLegend();
  const groups = view.components.filter((c) => c.members).length;
  dom.buttons.overview.hidden = mapSize() <= overviewThreshold;
  dom.buttons.overview.textContent = groups > 0 ? 'Show all' : 'Overview';
  lastSummary = { scene, groups, text: summary(scene, groups) };
  setStatus(lastSummary.text);
  afterPaint();
  // A new picture: which of its errors are off-screen (the camera reads it again when the view moves).
  refreshOffScreen();
  return scene;
}

/** The summary last put in the status, so that a change of the off-screen note replaces it, and nothing else. */
let lastSummary: { scene: Scene; groups: number; text: string } | undefined;

/** Writes the summary again (the off-screen note changed), unless the status now says something else. */
export function refreshSummary(): void {
  if (!lastSummary || lastSummary.scene !== state.scene || dom.status.textContent !== lastSummary.text) {
    return;
  }
  lastSummary.text = summary(lastSummary.scene, lastSummary.groups);
  setStatus(lastSummary.text);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * One line: the errors off-screen, the map's size and its findings (the panel's title names the map). Short, so that it is not cut
 * in a narrow pane: only the severities that occur; what is affected goes in the details pane.
 */
export function summary(scene: Scene, groups: number): string {
  const n = { error: 0, warning: 0, info: 0 };
  scene.findings.forEach((f) => n[f.severity]++);
  const counts = [n.error ? plural(n.error, 'error') : '', n.warning ? plural(n.warning, 'warning') : '', n.info ? `${n.info} info` : ''].filter(Boolean);
  return [
    // First: the status is one line, cut at the pane's edge, and this is what the person on call must act on.
    state.offScreen,
    plural(mapSize(), 'component'),
    groups ? `overview, ${plural(groups, 'domain')} collapsed (click one to open it)` : '',
    counts.length ? counts.join(', ') : 'no findings',
    scene.unanchored.length ? `${plural(scene.unanchored.length, 'map-wide finding')} in Problems` : '',
  ].filter(Boolean).join(' · ');
}

/**
 * Labels are cut by the core with Arial's widths; a font that is wider here would overflow its box.
 * Measure each label that has a room (data-max) and cut what still does not fit.
 */
function cutOverflowingText(): void {
  svg.querySelectorAll<SVGTextElement>('text[data-max]').forEach((t) => {
    const max = Number(t.dataset.max);
    const text = t.textContent ?? '';
    if (!(max > 0) || text.length < 2 || t.getComputedTextLength() <= max + 0.5) {
      return;
    }
    const ellipsis = 8;
    let lo = 1;
    let hi = text.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (t.getSubStringLength(0, mid) + ellipsis <= max) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    t.textContent = `${text.replace(/…$/, '').slice(0, lo)}…`;
  });
}

function renderLegend(): void {
  dom.legend.hidden = !state.legendOpen;
  dom.buttons.legend.setAttribute('aria-expanded', String(state.legendOpen));
  if (!state.legendOpen || dom.legend.firstChild) {
    return;
  }
  const el = document.createElementNS(SVG, 'svg');
  el.setAttribute('class', 'im');
  // One pixel of margin each side keeps the rounded border inside the viewport.
  el.setAttribute('width', String(legendSize.width + 2));
  el.setAttribute('height', String(legendSize.height + 2));
  el.appendChild(toDom(legendTree(1, 1)));
  // The markers the legend's lines use live in the graph's defs: copy them.
  const defs = defsHolder.firstElementChild?.cloneNode(true);
  if (defs) {
    el.insertBefore(defs, el.firstChild);
  }
  dom.legend.replaceChildren(el);
}

export function toggleLegend(open = !state.legendOpen): void {
  state.legendOpen = open;
  dom.legend.replaceChildren();
  renderLegend();
}
