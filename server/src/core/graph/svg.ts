// Paints a Scene as an SVG element tree. The CLI serialises the tree to a string (for docs and PRs); the
// webview turns the same tree into DOM nodes with createElementNS and textContent. Text is only ever a
// text child, never markup, so a component named `<img onerror=…>` is shown, not run.
import type { Scene, SceneContainer, SceneEdge, SceneNode } from './scene';
import { fitText, metrics } from './layout';
import type { ElkPoint } from './layout';

export interface VNode {
  tag: string;
  attrs: Record<string, string | number | undefined>;
  children: (VNode | string)[];
}

export const h = (tag: string, attrs: VNode['attrs'] = {}, ...children: (VNode | string | undefined | false)[]): VNode => ({
  tag,
  attrs,
  children: children.filter((c): c is VNode | string => c !== undefined && c !== false),
});

/**
 * Colours come from VS Code's theme variables, with GitHub-like fallbacks for a standalone SVG (light,
 * or dark under prefers-color-scheme). High-contrast themes define contrastBorder, which then wins.
 */
/** The `--im-*` variables graphCss defines: an export in the current theme pins each to its computed value. */
export const themeVariables = ['bg', 'fg', 'muted', 'node', 'border', 'container', 'edge', 'failover', 'telemetry', 'error', 'warning', 'info', 'focus', 'down', 'degraded'] as const;

export const graphCss = `
.im { --im-bg: var(--vscode-editor-background, #ffffff); --im-fg: var(--vscode-editor-foreground, #1f2328);
  --im-muted: var(--vscode-descriptionForeground, #59636e); --im-node: var(--vscode-editorWidget-background, #f6f8fa);
  --im-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, #8c959f));
  --im-container: var(--vscode-editorGroupHeader-tabsBackground, #eef1f4);
  --im-edge: var(--vscode-editor-foreground, #424a53); --im-failover: var(--vscode-charts-blue, #0969da);
  --im-telemetry: var(--vscode-charts-purple, #8250df);
  --im-error: var(--vscode-editorError-foreground, #cf222e); --im-warning: var(--vscode-editorWarning-foreground, #9a6700);
  --im-info: var(--vscode-editorInfo-foreground, #0969da); --im-focus: var(--vscode-focusBorder, #0969da);
  --im-down: var(--vscode-charts-red, #cf222e); --im-degraded: var(--vscode-charts-orange, #bc4c00);
  font-family: var(--vscode-font-family, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif); font-size: ${metrics.fontSize}px; }
@media (prefers-color-scheme: dark) { .im.im-standalone { --im-bg: #0d1117; --im-fg: #e6edf3; --im-muted: #9198a1;
  --im-node: #151b23; --im-border: #3d444d; --im-container: #0f141a; --im-edge: #9198a1; --im-failover: #4493f8;
  --im-telemetry: #ab7df8; --im-error: #f85149; --im-warning: #d29922; --im-info: #4493f8; --im-down: #f85149; --im-degraded: #db6d28; } }
.im .im-bg { fill: var(--im-bg); }
.im text { fill: var(--im-fg); }
.im .im-muted { fill: var(--im-muted); }
.im .im-container > rect { fill: var(--im-container); fill-opacity: 0.55; stroke: var(--im-border); stroke-dasharray: 6 3; }
.im .im-container > text { font-weight: 600; fill: var(--im-muted); }
.im .im-node > rect.im-box { fill: var(--im-node); stroke: var(--im-border); stroke-width: 1; }
.im .im-node.tier-1 > rect.im-box { stroke-width: 2; }
.im .im-node.kind-group > rect.im-box { fill: var(--im-container); stroke-dasharray: 6 3; }
.im .im-node .im-title { font-weight: 600; }
.im [data-severity="error"] > rect.im-box, .im .im-container[data-severity="error"] > rect { stroke: var(--im-error); stroke-width: 2; }
.im [data-severity="warning"] > rect.im-box, .im .im-container[data-severity="warning"] > rect { stroke: var(--im-warning); stroke-width: 2; }
.im .im-badge circle { stroke: none; }
.im .im-badge text { fill: var(--im-bg); font-weight: 700; font-size: 10px; text-anchor: middle; }
.im .im-badge.error circle { fill: var(--im-error); } .im .im-badge.warning circle { fill: var(--im-warning); } .im .im-badge.info circle { fill: var(--im-info); }
.im .im-edge path { fill: none; stroke: var(--im-edge); stroke-width: 1.4; }
.im .im-edge.soft path { stroke-dasharray: 7 4; }
.im .im-edge.async path { stroke-dasharray: 2 3; }
.im .im-edge.failover path { stroke: var(--im-failover); stroke-width: 2; stroke-dasharray: 10 3 2 3; }
.im .im-edge.telemetry path, .im .im-edge.control path { stroke: var(--im-telemetry); }
.im .im-edge[data-severity="error"] path { stroke: var(--im-error); stroke-width: 2.2; }
.im .im-edge[data-severity="warning"] path { stroke: var(--im-warning); stroke-width: 2.2; }
.im .im-edge text { font-size: 10px; fill: var(--im-muted); paint-order: stroke; stroke: var(--im-bg); stroke-width: 3px; }
.im .im-arrow { fill: var(--im-edge); } .im .im-arrow-failover { fill: var(--im-failover); } .im .im-arrow-open { fill: none; stroke: var(--im-edge); }
.im .state-failed > rect.im-box, .im .im-container.state-failed > rect { fill: var(--im-down); fill-opacity: 0.35; stroke: var(--im-down); stroke-width: 3; }
.im .state-down > rect.im-box { fill: var(--im-down); fill-opacity: 0.2; stroke: var(--im-down); stroke-width: 2.5; }
.im .state-degraded > rect.im-box { fill: var(--im-degraded); fill-opacity: 0.18; stroke: var(--im-degraded); stroke-width: 2.5; stroke-dasharray: 5 2; }
.im .im-edge.on-path path { stroke: var(--im-down); stroke-width: 3; }
.im.simulating .im-node:not([class*="state-"]), .im.simulating .im-edge:not(.on-path) { opacity: 0.35; }
.im .dimmed { opacity: 0.18; }
.im .selected > rect.im-box, .im .highlighted > rect.im-box { stroke: var(--im-focus); stroke-width: 3; }
.im .im-node:focus { outline: none; } .im .im-node:focus-visible > rect.im-box { stroke: var(--im-focus); stroke-width: 3; stroke-dasharray: none; }
.im .im-legend rect.im-legend-bg { fill: var(--im-bg); stroke: var(--im-border); }
.im .im-legend text { font-size: 11px; stroke: none; fill: var(--im-fg); }
/* Last and most specific: the wide invisible stroke that makes thin edges easy to hover and click. */
.im g.im-edge path.im-hit { stroke: transparent; stroke-width: 10; stroke-dasharray: none; }
`;

const sevLetter = { error: '!', warning: '!', info: 'i' } as const;

function pathData(points: ElkPoint[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
}
const round = (n: number) => Math.round(n * 10) / 10;

function midpoint(points: ElkPoint[]): ElkPoint | undefined {
  if (points.length < 2) {
    return undefined;
  }
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
  let half = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (half <= lengths[i]!) {
      const t = lengths[i]! === 0 ? 0 : half / lengths[i]!;
      return { x: points[i]!.x + (points[i + 1]!.x - points[i]!.x) * t, y: points[i]!.y + (points[i + 1]!.y - points[i]!.y) * t };
    }
    half -= lengths[i]!;
  }
  return points[points.length - 1];
}

function badge(severity: string, count: number, x: number, y: number): VNode {
  return h('g', { class: `im-badge ${severity}`, 'data-badge': severity, transform: `translate(${round(x)} ${round(y)})` },
    h('circle', { r: 8 }),
    h('text', { y: 3.5 }, count > 1 ? String(Math.min(count, 99)) : sevLetter[severity as keyof typeof sevLetter] ?? '!'));
}

function tooltip(lines: string[]): VNode {
  return h('title', {}, lines.join('\n'));
}

function findingLines(scene: Scene, idx: number[]): string[] {
  return idx.map((i) => {
    const f = scene.findings[i]!;
    return `${f.severity} ${f.ruleId}: ${f.message}`;
  });
}

function containerTree(scene: Scene, c: SceneContainer): VNode {
  return h('g', {
      class: ['im-container', c.state ? `state-${c.state}` : ''].filter(Boolean).join(' '),
      'data-domain': c.id, 'data-kind': c.kind, 'data-severity': c.severity,
    },
    tooltip([`${c.kind} ${c.id}`, ...findingLines(scene, c.findings)]),
    h('rect', { x: round(c.x), y: round(c.y), width: round(c.width), height: round(c.height), rx: 8 }),
    h('text', { x: round(c.x + metrics.containerPad), y: round(c.y + 17) }, fitText(c.label, c.width - 2 * metrics.containerPad - (c.severity ? metrics.badge : 0))),
    c.severity && badge(c.severity, c.findings.length, c.x + c.width - 12, c.y + 12));
}

function nodeTree(scene: Scene, n: SceneNode): VNode {
  const inner = n.width - 2 * metrics.nodePadX;
  const line = (i: number) => round(n.y + metrics.nodePadY + metrics.lineHeight * i + 12);
  return h('g', {
      class: ['im-node', `kind-${n.kind}`, n.tier ? `tier-${n.tier}` : '', n.state ? `state-${n.state}` : ''].filter(Boolean).join(' '),
      'data-component': n.id, 'data-kind': n.kind, 'data-tier': n.tier, 'data-owner': n.owner, 'data-severity': n.severity, 'data-state': n.state,
      tabindex: 0, role: 'button',
      'aria-label': [n.title, n.subtitle, n.findings.length ? `${n.findings.length} findings` : '', n.state ?? ''].filter(Boolean).join(', '),
    },
    tooltip([n.title === n.id ? n.id : `${n.title} (${n.id})`, n.subtitle, n.tags ? `also in ${n.tags}` : '', n.runbook ? `runbook ${n.runbook}` : '', ...findingLines(scene, n.findings)].filter(Boolean)),
    h('rect', { class: 'im-box', x: round(n.x), y: round(n.y), width: round(n.width), height: round(n.height), rx: 6 }),
    h('text', { class: 'im-title', x: round(n.x + metrics.nodePadX), y: line(0) }, fitText(n.title, inner - (n.severity ? metrics.badge : 0))),
    h('text', { class: 'im-muted', x: round(n.x + metrics.nodePadX), y: line(1) }, fitText(n.subtitle, inner)),
    n.tags ? h('text', { class: 'im-muted', x: round(n.x + metrics.nodePadX), y: line(2) }, fitText(n.tags, inner)) : undefined,
    n.severity && badge(n.severity, n.findings.length, n.x + n.width - 12, n.y + 12));
}

function edgeTree(scene: Scene, e: SceneEdge, labels: boolean): VNode | undefined {
  if (e.points.length < 2) {
    return undefined;
  }
  const d = pathData(e.points);
  const marker = e.kind === 'failover' ? 'url(#im-arrow-failover)' : e.kind === 'async' ? 'url(#im-arrow-open)' : 'url(#im-arrow)';
  const mid = midpoint(e.points);
  return h('g', {
      class: ['im-edge', e.kind, e.traffic !== 'business' ? e.traffic : '', e.onPath ? 'on-path' : ''].filter(Boolean).join(' '),
      'data-edge': e.id, 'data-from': e.from, 'data-to': e.to, 'data-kind': e.kind, 'data-severity': e.severity,
    },
    tooltip([e.tooltip, ...findingLines(scene, e.findings)]),
    h('path', { class: 'im-hit', d }),
    h('path', { d, 'marker-end': marker }),
    labels && e.label && mid ? h('text', { x: round(mid.x + 4), y: round(mid.y - 4) }, e.label) : undefined,
    e.severity && mid ? badge(e.severity, e.findings.length, mid.x, mid.y) : undefined);
}

const defs = () =>
  h('defs', {},
    h('marker', { id: 'im-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 10, markerHeight: 10, orient: 'auto-start-reverse' }, h('path', { class: 'im-arrow', d: 'M0 0 L10 5 L0 10 z' })),
    h('marker', { id: 'im-arrow-failover', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 10, markerHeight: 10, orient: 'auto-start-reverse' }, h('path', { class: 'im-arrow-failover', d: 'M0 0 L10 5 L0 10 z' })),
    h('marker', { id: 'im-arrow-open', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 11, markerHeight: 11, orient: 'auto-start-reverse' }, h('path', { class: 'im-arrow-open', d: 'M1 1 L9 5 L1 9' })));

const legendRows: [string, string][] = [
  ['hard', 'hard dependency (failure travels)'],
  ['soft', 'soft dependency (degrades)'],
  ['async', 'async dependency (lag)'],
  ['failover', 'failover path'],
  ['telemetry', 'telemetry / control traffic'],
];

export const legendSize = { width: 250, height: 22 + legendRows.length * 18 + 3 * 18 + 8 };

/** The legend: what each line style and badge means. Also used by the webview as its own overlay. */
export function legendTree(x = 0, y = 0): VNode {
  const rows = legendRows;
  return h('g', { class: 'im-legend', transform: `translate(${x} ${y})` },
    h('rect', { class: 'im-legend-bg', width: legendSize.width, height: legendSize.height, rx: 6 }),
    h('text', { x: 10, y: 16, class: 'im-title' }, 'Legend'),
    ...rows.map(([kind, text], i) =>
      h('g', { class: `im-edge ${kind === 'telemetry' ? 'hard telemetry' : kind}`, transform: `translate(10 ${30 + i * 18})` },
        h('path', { d: 'M0 0 L40 0', 'marker-end': kind === 'failover' ? 'url(#im-arrow-failover)' : kind === 'async' ? 'url(#im-arrow-open)' : 'url(#im-arrow)' }),
        h('text', { x: 50, y: 4 }, text))),
    ...(['error', 'warning', 'info'] as const).map((s, i) =>
      h('g', { transform: `translate(0 ${30 + rows.length * 18 + i * 18})` }, badge(s, 1, 16, 0), h('text', { x: 34, y: 4 }, `${s} finding (count when several)`))));
}

export interface SvgOptions {
  /** A standalone document (CLI, export) carries its style and follows prefers-color-scheme. */
  standalone?: boolean;
  legend?: boolean;
  title?: string;
  /** Edge labels cost paint time on very large maps. */
  edgeLabels?: boolean;
  simulating?: boolean;
}

/** The whole picture. Drawing order: containers, edges, nodes, so boxes stay readable over lines. */
export function svgTree(scene: Scene, opts: SvgOptions = {}): VNode {
  const legendGap = opts.legend ? legendSize.height + 16 : 0;
  const width = Math.max(round(scene.width), opts.legend ? legendSize.width + 24 : 0, 1);
  const height = round(scene.height + legendGap) || 1;
  const containers = [...scene.containers].sort((a, b) => a.depth - b.depth);
  return h('svg', {
      xmlns: 'http://www.w3.org/2000/svg', class: ['im', opts.standalone ? 'im-standalone' : '', opts.simulating ? 'simulating' : ''].filter(Boolean).join(' '),
      width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': opts.title ?? 'incident map',
    },
    opts.title ? h('title', {}, opts.title) : undefined,
    opts.standalone ? h('style', {}, graphCss) : undefined,
    defs(),
    opts.standalone ? h('rect', { class: 'im-bg', width, height }) : undefined,
    h('g', { class: 'im-viewport' },
      h('g', { class: 'im-containers' }, ...containers.map((c) => containerTree(scene, c))),
      h('g', { class: 'im-edges' }, ...scene.edges.map((e) => edgeTree(scene, e, opts.edgeLabels ?? true))),
      h('g', { class: 'im-nodes' }, ...scene.nodes.map((n) => nodeTree(scene, n)))),
    opts.legend ? legendTree(12, round(scene.height + 8)) : undefined);
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
// XML 1.0 forbids most control characters even as references: drop them rather than emit a broken file.
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** Serialises a tree as XML; every text and attribute value is escaped. */
export function toXml(node: VNode | string, indent = ''): string {
  if (typeof node === 'string') {
    return escapeText(xmlSafe(node));
  }
  const attrs = Object.entries(node.attrs)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escapeAttr(xmlSafe(String(v)))}"`)
    .join('');
  if (node.children.length === 0) {
    return `${indent}<${node.tag}${attrs}/>`;
  }
  if (node.children.every((c) => typeof c === 'string')) {
    return `${indent}<${node.tag}${attrs}>${node.children.map((c) => toXml(c)).join('')}</${node.tag}>`;
  }
  const inner = node.children.map((c) => (typeof c === 'string' ? indent + '  ' + toXml(c) : toXml(c, indent + '  '))).join('\n');
  return `${indent}<${node.tag}${attrs}>\n${inner}\n${indent}</${node.tag}>`;
}

export function renderSvg(scene: Scene, opts: SvgOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(svgTree(scene, { standalone: true, legend: true, ...opts }))}\n`;
}
