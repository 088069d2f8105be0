// `incidentmap graph --format html`: one self-contained page that onboarding docs can link to. The
// picture is the same SVG as `--format svg` (concrete colours, every label escaped as text), with a
// small script for pan, zoom and a details pane. No network: the Content-Security-Policy allows no
// request at all, only this page's own style and (by its hash) its own script.
import { palettes } from './svg';

/**
 * The page's script, as source. Pan by dragging, zoom with the wheel or + and -, 0 fits; a click on a
 * box, a domain or a line shows its details (the text of its tooltip, as text). A fit never magnifies
 * and never goes below the legible floor, as in the editor.
 */
export const pageScript = `(() => {
  'use strict';
  const canvas = document.getElementById('canvas');
  const svg = canvas.querySelector('svg');
  const details = document.getElementById('details');
  const floor = ${11 / 12};
  const W = Number(svg.getAttribute('width')) || 1;
  const H = Number(svg.getAttribute('height')) || 1;
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
  document.getElementById('fit').addEventListener('click', fit);
  new ResizeObserver(() => fit()).observe(canvas);
  fit();
})();`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The page around an SVG document from renderSvg. `scriptHash` is the base64 SHA-256 of pageScript
 * (the caller computes it: the core has no crypto), pinned in the Content-Security-Policy.
 */
export function standalonePage(svgDocument: string, o: { title: string; theme: 'light' | 'dark'; scriptHash: string }): string {
  const p = palettes[o.theme];
  const svg = svgDocument.replace(/^<\?xml[^>]*\?>\s*/, '');
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
header { display: flex; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid ${p.border}; }
header h1 { font-size: 15px; margin: 0; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
header span { color: ${p.muted}; }
button { font: inherit; background: ${p.node}; color: ${p.fg}; border: 1px solid ${p.border}; border-radius: 4px; padding: 2px 10px; cursor: pointer; }
#canvas { position: relative; overflow: hidden; cursor: grab; touch-action: none; }
#canvas > svg { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#canvas .im-node, #canvas .im-edge, #canvas .im-container, #canvas .im-cross { cursor: pointer; }
#canvas path.im-hit { fill: none; stroke: transparent; stroke-width: 10; }
#canvas .selected rect.im-box, #canvas .selected rect.im-frame { stroke: ${p.focus}; stroke-width: 3; }
#details { position: absolute; right: 12px; top: 52px; width: min(380px, 45vw); max-height: 70vh; overflow: auto; padding: 10px 12px;
  background: ${p.node}; border: 1px solid ${p.border}; border-radius: 6px; }
#details h2 { font-size: 15px; margin: 0 0 6px; overflow-wrap: anywhere; }
#details ul { margin: 0 0 8px; padding-left: 18px; overflow-wrap: anywhere; }
</style>
</head>
<body>
<header><h1>${escapeHtml(o.title)}</h1><span>Drag to pan, wheel or + / − to zoom, click for details</span><button id="fit" type="button">Fit (0)</button></header>
<main id="canvas" aria-label="Incident map">
${svg}</main>
<aside id="details" aria-live="polite" hidden></aside>
<script>${pageScript}</script>
</body>
</html>
`;
}
