// `incidentmap graph --format html`: one self-contained page that onboarding docs can link to. The
// picture is the same SVG as `--format svg` (concrete colours, every label escaped as text), with a
// small script for pan, zoom and a details pane. No network: the Content-Security-Policy allows no
// request at all, only this page's own style and (by its hash) its own script.
import { quietNote, type AffectedSection } from './scene';
import { palettes } from './svg';

/**
 * The page's script, as source. Pan by dragging, zoom with the wheel or + and -, 0 fits; a click on a
 * box, a domain or a line shows its details (the text of its tooltip, as text). A fit never magnifies
 * and never goes below the legible floor, as in the editor.
 */
export const pageScript = `(() => {
  'use strict';
  const canvas = document.getElementById('canvas');
  let svg = canvas.querySelector('svg');
  const details = document.getElementById('details');
  const floor = ${11 / 12};
  let W = Number(svg.getAttribute('width')) || 1;
  let H = Number(svg.getAttribute('height')) || 1;
  let s = 1, x = 0, y = 0;
  const apply = () => { svg.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + s + ')'; };
  const fit = () => {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    s = Math.max(floor, Math.min(1, (w - 32) / W, (h - 32) / H));
    x = Math.max(16, (w - W * s) / 2);
    y = W * s > w || H * s > h ? 16 : Math.max(16, (h - H * s) / 2);
    apply();
  };
  const zoomAt = (k, cx, cy) => {
    const n = Math.min(4, Math.max(0.1, s * k));
    x = cx - (cx - x) * (n / s);
    y = cy - (cy - y) * (n / s);
    s = n;
    apply();
  };
  let drag = null, moved = false;
  canvas.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, ox: x, oy: y }; moved = false; });
  window.addEventListener('pointermove', (e) => {
    if (!drag) return;
    if (Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 4) moved = true;
    x = drag.ox + e.clientX - drag.x; y = drag.oy + e.clientY - drag.y; apply();
  });
  window.addEventListener('pointerup', () => { drag = null; });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  const show = (el) => {
    svg.querySelectorAll('.selected').forEach((n) => n.classList.remove('selected'));
    if (!el) { details.hidden = true; return; }
    el.classList.add('selected');
    const title = el.querySelector(':scope > title');
    const lines = (title ? title.textContent : '').split('\\n').filter(Boolean);
    const h = document.createElement('h2');
    h.textContent = lines[0] || '';
    const list = document.createElement('ul');
    for (const l of lines.slice(1)) { const li = document.createElement('li'); li.textContent = l; list.appendChild(li); }
    const close = document.createElement('button');
    close.type = 'button'; close.textContent = 'Close'; close.addEventListener('click', () => show(undefined));
    details.replaceChildren(h, list, close);
    details.hidden = false;
  };
  canvas.addEventListener('click', (e) => {
    if (moved) return;
    show(e.target.closest('[data-component], [data-domain], [data-edge]') || undefined);
  });
  document.addEventListener('keydown', (e) => {
    const r = canvas.getBoundingClientRect();
    if (e.key === '+' || e.key === '=') zoomAt(1.25, r.width / 2, r.height / 2);
    else if (e.key === '-') zoomAt(0.8, r.width / 2, r.height / 2);
    else if (e.key === '0') fit();
    else if (e.key === 'Escape') show(undefined);
  });
  // The map's declared scenarios, step by step: each step is a picture of its own in a template (the same
  // layout, so the view stays where it is), with what it affects beside it.
  const pick = document.getElementById('frame');
  const info = document.getElementById('frame-info');
  const prev = document.getElementById('frame-prev');
  const next = document.getElementById('frame-next');
  const showFrame = (i) => {
    const t = document.getElementById('frame-svg-' + i);
    if (!pick || !t) return;
    const fresh = t.content.firstElementChild.cloneNode(true);
    svg.replaceWith(fresh);
    svg = fresh;
    W = Number(svg.getAttribute('width')) || 1;
    H = Number(svg.getAttribute('height')) || 1;
    apply();
    const ti = document.getElementById('frame-info-' + i);
    info.replaceChildren(ti ? ti.content.cloneNode(true) : document.getElementById('frame-hint').content.cloneNode(true));
    intoView();
    pick.value = String(i);
    prev.disabled = i === 0;
    next.disabled = i === pick.options.length - 1;
    show(undefined);
  };
  // What failed and what is down (else what saturates, goes stale or degrades: a surge takes nothing down),
  // brought into view when it is not (the zoom kept when it fits, else as large as fits above the legible
  // floor), as the editor's graph opens a failure.
  const intoView = () => {
    const boxOf = (el) => el && el.querySelector(':scope > rect.im-box, :scope > rect.im-frame');
    let hit = [...svg.querySelectorAll('[data-state="failed"], [data-state="down"]')].map(boxOf).filter(Boolean);
    if (hit.length === 0) {
      hit = [...svg.querySelectorAll('.im-pill.saturated, .im-pill.stale, .im-pill.degraded')].map((p) => boxOf(p.closest('[data-component]'))).filter(Boolean);
    }
    if (hit.length === 0) return;
    const bs = hit.map((r) => r.getBBox());
    const x0 = Math.min(...bs.map((b) => b.x)), y0 = Math.min(...bs.map((b) => b.y)) - 10;
    const x1 = Math.max(...bs.map((b) => b.x + b.width)), y1 = Math.max(...bs.map((b) => b.y + b.height));
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const inside = x0 * s + x >= 0 && y0 * s + y >= 0 && x1 * s + x <= w && y1 * s + y <= h;
    if (inside) return;
    s = Math.max(floor, Math.min(s, (w - 32) / (x1 - x0), (h - 32) / (y1 - y0)));
    x = w / 2 - ((x0 + x1) / 2) * s;
    y = h / 2 - ((y0 + y1) / 2) * s;
    apply();
  };
  const step = (d) => { if (pick) showFrame(Math.min(pick.options.length - 1, Math.max(0, Number(pick.value) + d))); };
  if (pick) {
    pick.addEventListener('change', () => showFrame(Number(pick.value)));
    prev.addEventListener('click', () => step(-1));
    next.addEventListener('click', () => step(1));
    document.addEventListener('keydown', (e) => {
      if (e.target === pick) return;
      if (e.key === '[') step(-1);
      else if (e.key === ']') step(1);
    });
  }
  document.getElementById('fit').addEventListener('click', fit);
  // A resize fits again, then brings the step's failure back into view (the panel of a narrow page, under the
  // picture, changes the picture's height with every step).
  new ResizeObserver(() => { fit(); intoView(); }).observe(canvas);
  fit();
  if (pick) showFrame(Number(pick.value));
})();`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One step the page can show: a scenario's phase, or the map itself. `svg` is a renderSvg document of the
 * same layout; `sections` what it affects (affectedSections), `description` what happens in it.
 */
export interface PageFrame {
  label: string;
  svg: string;
  description?: string;
  sections?: AffectedSection[];
  quiet?: boolean;
}

/** At most this many steps in one page (each is a whole picture); the rest are named, to draw one by one. */
export const maxPageFrames = 40;

const withoutProlog = (svgDocument: string) => svgDocument.replace(/^<\?xml[^>]*\?>\s*/, '');

function frameInfo(f: PageFrame): string {
  const parts = [`<h2>${escapeHtml(f.label)}</h2>`];
  if (f.description) {
    parts.push(`<p>${escapeHtml(f.description)}</p>`);
  }
  for (const sec of f.sections ?? []) {
    parts.push(`<h3>${escapeHtml(sec.title)} (${sec.ids.length})</h3><ul>${sec.ids.map((id) => `<li>${escapeHtml(id)}</li>`).join('')}</ul>`);
  }
  if (f.quiet) {
    parts.push(`<p>${escapeHtml(quietNote)}</p>`);
  }
  return parts.join('');
}

/**
 * The page around an SVG document from renderSvg. `scriptHash` is the base64 SHA-256 of pageScript
 * (the caller computes it: the core has no crypto), pinned in the Content-Security-Policy. With `frames`
 * (the map and its scenarios' steps, the first being the map as drawn), a picker and ‹ › step through
 * them, opening on `start`; `left` names the scenarios that did not fit (maxPageFrames).
 */
export function standalonePage(svgDocument: string, o: { title: string; theme: 'light' | 'dark'; scriptHash: string; frames?: PageFrame[]; start?: number; left?: string[] }): string {
  const p = palettes[o.theme];
  const frames = (o.frames ?? []).slice(0, maxPageFrames);
  const start = Math.min(Math.max(0, o.start ?? 0), Math.max(0, frames.length - 1));
  const svg = withoutProlog(frames.length > 1 ? frames[start]!.svg : svgDocument);
  const picker = frames.length > 1
    ? `<span class="frames"><button id="frame-prev" type="button" title="Previous step ([)" aria-label="Previous step">‹</button><select id="frame" aria-label="Scenario and step">${frames
        .map((f, i) => `<option value="${i}"${i === start ? ' selected' : ''}>${escapeHtml(f.label)}</option>`)
        .join('')}</select><button id="frame-next" type="button" title="Next step (])" aria-label="Next step">›</button></span>`
    : '';
  const left = o.left?.length ? `<p class="left">${escapeHtml(`Not in this page: ${o.left.join(', ')} (draw one with incidentmap graph --scenario ID).`)}</p>` : '';
  const hint = '<template id="frame-hint"><p>Pick a scenario and its step above (or press ] and [) to see what fails, what goes down, who takes over and what saturates.</p></template>';
  const templates = frames.length > 1
    ? hint + frames.map((f, i) => `<template id="frame-svg-${i}">${withoutProlog(f.svg)}</template>${f.sections || f.description ? `<template id="frame-info-${i}">${frameInfo(f)}</template>` : ''}`).join('\n')
    : '';
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${o.scriptHash}'; img-src data:`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style>
html, body { height: 100%; margin: 0; }
body { display: grid; grid-template-rows: auto 1fr; background: ${p.bg}; color: ${p.fg}; font: 14px "Liberation Sans", Arial, Helvetica, sans-serif; }
header { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid ${p.border}; }
header h1 { font-size: 15px; margin: 0; flex: 1 1 8em; min-width: 6em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
header .hint { color: ${p.muted}; }
@media (max-width: 900px) { header .hint { display: none; } }
button { font: inherit; background: ${p.node}; color: ${p.fg}; border: 1px solid ${p.border}; border-radius: 4px; padding: 2px 10px; cursor: pointer; white-space: nowrap; }
#canvas { position: relative; overflow: hidden; cursor: grab; touch-action: none; }
#canvas > svg { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#canvas .im-node, #canvas .im-edge, #canvas .im-container, #canvas .im-cross { cursor: pointer; }
#canvas path.im-hit { fill: none; stroke: transparent; stroke-width: 10; }
#canvas .selected rect.im-box, #canvas .selected rect.im-frame { stroke: ${p.focus}; stroke-width: 3; }
#details { position: absolute; right: 12px; top: 52px; width: min(380px, 45vw); max-height: 70vh; overflow: auto; padding: 10px 12px;
  background: ${p.node}; border: 1px solid ${p.border}; border-radius: 6px; }
#details h2, #frame-info h2 { font-size: 15px; margin: 0 0 6px; overflow-wrap: anywhere; }
#details ul, #frame-info ul { margin: 0 0 8px; padding-left: 18px; overflow-wrap: anywhere; }
#main { display: flex; min-height: 0; min-width: 0; }
#main > #canvas { flex: 1 1 auto; min-width: 0; }
#frame-info { flex: none; width: min(320px, 35vw); overflow: auto; padding: 8px 12px; border-left: 1px solid ${p.border}; background: ${p.node}; }
@media (max-width: 600px) {
  #main { flex-direction: column; }
  #frame-info { width: auto; max-height: 35vh; border-left: none; border-top: 1px solid ${p.border}; }
}
#frame-info h3 { font-size: 13px; margin: 8px 0 2px; }
#frame-info p { margin: 2px 0; }
.frames { display: inline-flex; gap: 4px; align-items: center; min-width: 0; flex: 0 1 auto; }
.frames select { font: inherit; background: ${p.node}; color: ${p.fg}; border: 1px solid ${p.border}; border-radius: 4px; min-width: 0; max-width: min(36em, 70vw); }
button:disabled { opacity: 0.5; cursor: default; }
.left { position: absolute; right: 12px; bottom: 4px; margin: 0; color: ${p.muted}; font-size: 12px; }
</style>
</head>
<body>
<header><h1>${escapeHtml(o.title)}</h1>${picker}<span class="hint">Drag to pan, wheel or + / − to zoom, click for details</span><button id="fit" type="button">Fit (0)</button></header>
${frames.length > 1 ? '<div id="main">' : ''}<main id="canvas" aria-label="Incident map">
${svg}</main>
${frames.length > 1 ? `<aside id="frame-info" aria-live="polite"></aside></div>${left}\n${templates}` : ''}
<aside id="details" aria-live="polite" hidden></aside>
<script>${pageScript}</script>
</body>
</html>
`;
}
