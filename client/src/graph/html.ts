// The graph webview's page. Pure (no vscode import) so the browser tests load exactly this page.
import { graphCss } from '../../../server/src/core/graph/svg';

export interface PageOptions {
  /** The webview's cspSource (where its resources may come from). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  workerUri: string;
  stylesUri: string;
  /**
   * The page's script and style sheet themselves, written into the page (each under the nonce) instead of
   * fetched: a webview fetches its resources through VS Code's service worker and, in code-server, from
   * the server, which cost 0.5-0.7 s before our script ran (docs/PERFORMANCE.md).
   */
  inline?: { script: string; styles: string };
  /** When the command reached the extension and when the panel was created (ms since the epoch), for the time-to-first-paint split. */
  openedAt?: { command: number; panel: number };
  /**
   * The first map's message, when the extension had it (and its layout) before the panel existed: written
   * into the page as data, so the page paints as its script runs, without waiting for a message after
   * saying it is ready (docs/PERFORMANCE.md). Serialised by embeddedJson.
   */
  model?: string;
}

/**
 * A value as the text of a <script type="application/json"> element: JSON with every "<" written as
 * "\u003c", so no "</script" or "<!--" can occur in it; JSON.parse reads it back unchanged.
 */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A nonce for the Content-Security-Policy; from the platform's CSPRNG (Node and browsers both have it). */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
}

export function contentSecurityPolicy(o: Pick<PageOptions, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    // The layout worker is fetched from our own resources and started from a blob: (webviews cannot
    // start workers from their resource URLs); exports are drawn through blob: and data: images.
    'worker-src blob:',
    `connect-src ${o.cspSource}`,
    `img-src ${o.cspSource} blob: data:`,
    `font-src ${o.cspSource}`,
  ].join('; ');
}

/**
 * Our own bundle or style sheet as the body of a <script> or <style> element. Only "</script" ("</style")
 * could end it early and "<!--" changes how a script element is parsed; neither occurs in our bundles
 * today. Where they could (inside a JavaScript string or regular expression), "\x3C" means "<" in both,
 * with or without the u flag; in CSS, "\3c " does.
 */
export function inlineText(text: string, tag: 'script' | 'style'): string {
  return tag === 'script' ? text.replace(/<(\/script|!--)/gi, '\\x3C$1') : text.replace(/<\/style/gi, '\\3c /style');
}

export function graphPage(o: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.inline ? `<style nonce="${attr(o.nonce)}">${inlineText(o.inline.styles, 'style')}</style>` : `<link rel="stylesheet" href="${attr(o.stylesUri)}">`}
<style nonce="${attr(o.nonce)}">${graphCss}</style>
<title>Incident Map</title>
</head>
<body data-worker-uri="${attr(o.workerUri)}"${o.openedAt ? ` data-command-at="${Math.round(o.openedAt.command)}" data-panel-at="${Math.round(o.openedAt.panel)}"` : ''}>
<header class="toolbar" role="toolbar" aria-label="Graph tools">
  <input id="search" type="search" placeholder="Search (/)" aria-label="Search components">
  <button id="filters-toggle" type="button" aria-expanded="false" aria-controls="filters" title="Filter by owner, tier or kind">Filter</button>
  <button id="simulate" type="button" title="Fail the selected component or domain (F)" disabled>Fail</button>
  <button id="reset" type="button" title="Back to the map without a failure (Esc)" disabled>Reset</button>
  <span class="group">
    <button id="zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">−</button>
    <button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
    <button id="fit" type="button" title="Fit the map within legible zoom (0, or double-click the canvas)">Fit</button>
  </span>
  <button id="legend-toggle" type="button" aria-expanded="false" aria-controls="legend" title="Legend (?)" aria-label="Legend">?</button>
  <button id="overview" type="button" title="Switch between the domain overview and every component" hidden>Overview</button>
  <span class="group wide">
    <button id="export-svg" type="button" title="Export the view as SVG">SVG</button>
    <button id="export-png" type="button" title="Export the view as PNG">PNG</button>
  </span>
</header>
<div id="filters" class="filters" hidden>
  <select id="filter-owner" aria-label="Filter by owner"><option value="">All owners</option></select>
  <select id="filter-tier" aria-label="Filter by tier"><option value="">All tiers</option><option value="1">Tier 1</option><option value="2">Tier 2</option><option value="3">Tier 3</option></select>
  <select id="filter-kind" aria-label="Filter by kind"><option value="">All kinds</option></select>
</div>
<div id="scenario-bar" class="filters" role="group" aria-label="Scenario" hidden>
  <select id="scenario" aria-label="Scenario"></select>
  <button id="phase-prev" type="button" title="Previous phase ([)" aria-label="Previous phase" disabled>‹</button>
  <span id="phase" aria-live="polite"></span>
  <button id="phase-next" type="button" title="Next phase (])" aria-label="Next phase" disabled>›</button>
</div>
<div id="status" role="status" aria-live="polite"></div>
<div id="main">
  <main id="canvas" tabindex="-1" aria-label="Incident map graph"><p class="placeholder">Laying out the map…</p></main>
  <aside id="details" aria-label="Details" aria-live="polite" hidden></aside>
  <aside id="legend" aria-label="Legend" hidden></aside>
</div>
${o.model !== undefined ? `<script type="application/json" id="im-model">${o.model.replace(/</g, '\\u003c')}</script>\n` : ''}${o.inline ? `<script nonce="${attr(o.nonce)}">${inlineText(o.inline.script, 'script')}</script>` : `<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>`}
</body>
</html>
`;
}
