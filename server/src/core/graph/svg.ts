// Paints a Scene as an SVG element tree. The CLI serialises the tree to a string (for docs and PRs); the
// webview turns the same tree into DOM nodes with createElementNS and textContent. Text is only ever a
// text child, never markup, so a component named `<img onerror=…>` is shown, not run.
//
// Three channels that never share a mark (Kiali's lesson: one orange for two meanings is misread):
// - kind: the line style of an edge (solid hard, dashed soft, dotted async, dash-dot failover), its
//   colour for telemetry and control traffic, and a box's subtitle;
// - state (a simulation or a scenario step): the box's fill and border plus a pill with the state in
//   words (failed, down, degraded, takes over, stale, saturated), the path the failure travelled in
//   the down colour, utilisation as a heat bar;
// - finding severity: a badge only, whose shape says the severity (circle error, triangle warning,
//   circle "i" info). Severity never colours a border or a line.
import type { Box, Scene, SceneContainer, SceneCrossDomain, SceneEdge, SceneNode } from './scene';
import { bandTitle, crossBand, failedPill } from './scene';
import { chipWidth, fitText, metrics, textWidth } from './layout';
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

/** The colours of a picture, named as graphCss's `--im-*` variables. */
export interface Palette {
  bg: string; fg: string; muted: string; node: string; border: string; container: string; edge: string; failover: string;
  telemetry: string; error: string; warning: string; info: string; focus: string; down: string; degraded: string; saved: string;
  stale: string; chip: string; badgeText: string;
}

/**
 * Concrete colours for pictures outside VS Code (`incidentmap graph --theme light|dark`): no CSS
 * variables, which rsvg-convert and many other converters do not know. GitHub's Primer colours; every
 * stroke and glyph has at least 3:1 contrast with the background (WCAG 1.4.11).
 */
export const palettes: Record<'light' | 'dark', Palette> = {
  light: {
    bg: '#ffffff', fg: '#1f2328', muted: '#59636e', node: '#f6f8fa', border: '#818b98', container: '#eef1f4', edge: '#424a53',
    failover: '#0969da', telemetry: '#8250df', error: '#cf222e', warning: '#9a6700', info: '#0969da', focus: '#0969da',
    down: '#cf222e', degraded: '#bc4c00', saved: '#1a7f37', stale: '#6e7781', chip: '#ffffff', badgeText: '#ffffff',
  },
  dark: {
    bg: '#0d1117', fg: '#e6edf3', muted: '#9198a1', node: '#151b23', border: '#656c76', container: '#10161d', edge: '#9198a1',
    failover: '#4493f8', telemetry: '#ab7df8', error: '#f85149', warning: '#d29922', info: '#4493f8', focus: '#4493f8',
    down: '#f85149', degraded: '#db6d28', saved: '#3fb950', stale: '#8b949e', chip: '#0d1117', badgeText: '#0d1117',
  },
};

/** The `--im-*` variables graphCss defines: an export in the current theme pins each to its computed value. */
export const themeVariables = Object.keys(palettes.light) as (keyof Palette)[];

/** Heat for utilisation (1 = full): a scale of its own (blue to magenta), apart from state and severity colours. */
export function heatColour(u: number): string {
  return u < 0.6 ? '#3b8eea' : u < 0.85 ? '#8a63d2' : u < 1 ? '#c2338a' : '#9e1c6f';
}

const fontFamily = '"Liberation Sans", Arial, Helvetica, sans-serif';

// The rules, written once with var(--im-*); standaloneCss replaces each var with a concrete colour.
// Only selectors every SVG renderer knows: classes, attributes, descendants. No :not(), no var() out of VS Code.
const rules = `
.im text { fill: var(--im-fg); font-size: ${metrics.fontSize}px; }
.im .im-bg { fill: var(--im-bg); }
.im .im-muted { fill: var(--im-muted); }
.im .im-container rect.im-frame { fill: var(--im-container); fill-opacity: 0.55; stroke: var(--im-border); stroke-dasharray: 6 3; }
.im .im-container text { font-weight: 700; fill: var(--im-muted); }
.im .im-band-title { font-weight: 700; fill: var(--im-muted); }
.im .im-cross rect.im-frame { fill: var(--im-chip); stroke: var(--im-border); stroke-width: 1.2; }
.im .im-cross .im-glyph { fill: var(--im-muted); stroke: none; }
.im .im-cross .im-glyph-line { fill: none; stroke: var(--im-muted); stroke-width: 1.6; }
.im .im-cross.state-failed rect.im-frame { fill: url(#im-hatch); stroke: var(--im-down); stroke-width: 2.5; }
.im .im-node rect.im-box { fill: var(--im-node); stroke: var(--im-border); stroke-width: 1; }
.im .im-node.tier-1 rect.im-box { stroke-width: 2; }
.im .im-node.kind-group rect.im-box { fill: var(--im-container); stroke-dasharray: 6 3; }
.im .im-title { font-weight: 700; }
.im .im-chip rect { fill: var(--im-chip); stroke: var(--im-border); stroke-width: 1; }
.im .im-chip.spread rect { stroke-dasharray: 3 2; }
.im .im-chip text { fill: var(--im-muted); }
.im .im-badge text { fill: var(--im-badge-text); font-weight: 700; text-anchor: middle; }
.im .im-badge.error .im-mark { fill: var(--im-error); } .im .im-badge.warning .im-mark { fill: var(--im-warning); } .im .im-badge.info .im-mark { fill: var(--im-info); }
.im .im-edge path.im-line { fill: none; stroke: var(--im-edge); stroke-width: 1.4; }
.im .im-edge.soft path.im-line { stroke-dasharray: 7 4; }
.im .im-edge.async path.im-line { stroke-dasharray: 2 3; }
.im .im-edge.failover path.im-line { stroke: var(--im-failover); stroke-width: 2; stroke-dasharray: 10 3 2 3; }
.im .im-edge.telemetry path.im-line { stroke: var(--im-telemetry); }
.im .im-edge.control path.im-line { stroke: var(--im-telemetry); }
.im .im-edge text { fill: var(--im-muted); paint-order: stroke; stroke: var(--im-bg); stroke-width: 3px; stroke-linejoin: round; }
.im .im-arrow { fill: var(--im-edge); } .im .im-arrow-failover { fill: var(--im-failover); } .im .im-arrow-open { fill: none; stroke: var(--im-edge); }
.im .im-arrow-down { fill: var(--im-down); } .im .im-arrow-saved { fill: var(--im-saved); }
.im .im-node.state-failed rect.im-box { fill: url(#im-hatch); stroke: var(--im-down); stroke-width: 3; }
.im .im-node.state-down rect.im-box { stroke: var(--im-down); stroke-width: 3; }
.im .im-node.state-degraded rect.im-box { stroke: var(--im-degraded); stroke-width: 3; stroke-dasharray: 6 3; }
.im .im-node.saves rect.im-box { stroke: var(--im-saved); stroke-width: 3.5; }
.im .im-node.stale rect.im-box { stroke: var(--im-stale); stroke-dasharray: 2 3; }
.im .im-node.stale text { fill-opacity: 0.75; }
.im .im-pill rect { stroke: none; }
.im .im-pill text { font-weight: 700; fill: var(--im-badge-text); }
.im .im-pill.failed rect, .im .im-pill.down rect { fill: var(--im-down); }
.im .im-pill.degraded rect { fill: var(--im-degraded); }
.im .im-pill.saves rect, .im .im-pill.saved rect { fill: var(--im-saved); }
.im .im-pill.stale rect { fill: var(--im-stale); }
.im .im-pill.saturated rect { fill: #9e1c6f; }
.im .im-heat-track { fill: var(--im-border); fill-opacity: 0.35; }
/* A failed placement domain (a zone lost in a scenario, --simulate ZONE): red, as its title says in words. */
.im .im-container.state-failed > rect.im-frame { stroke: var(--im-down); stroke-width: 2.5; stroke-dasharray: none; }
.im .im-container.state-failed > text { fill: var(--im-down); }
.im .im-edge.on-path path.im-line { stroke: var(--im-down); stroke-width: 3; stroke-dasharray: none; }
.im .im-edge.saving path.im-line { stroke: var(--im-saved); stroke-width: 3.5; stroke-dasharray: none; }
.im .faded { opacity: 0.3; }
.im .im-legend rect.im-legend-bg { fill: var(--im-bg); stroke: var(--im-border); }
.im .im-hatch-bg { fill: var(--im-node); } .im .im-hatch-line { stroke: var(--im-down); stroke-width: 1.5; stroke-opacity: 0.3; }
`;

// Only in the webview: interaction states that a static picture never has.
const interactive = `
.im .dimmed { opacity: 0.18; }
/* Selection, the cursor's component and a shared domain's members get a ring outside the box, in the focus colour: the box keeps its
   own border, so a selected failed or down element still reads as failed or down (state and selection on separate channels). */
.im .selected > rect.im-ring, .im .highlighted > rect.im-ring, .im .member > rect.im-ring { stroke: var(--im-ring); stroke-width: 2.5; }
.im .im-cross.selected > rect.im-ring { stroke-width: 2; }
.im .im-container.selected rect.im-frame { stroke: var(--im-focus); stroke-width: 2.5; stroke-dasharray: none; }
.im .im-node:focus, .im .im-cross:focus { outline: none; }
.im .im-node:focus-visible > rect.im-ring, .im .im-cross:focus-visible > rect.im-ring { stroke: var(--im-ring); stroke-width: 2.5; stroke-dasharray: 3 2; }
.im .im-band-bg { fill: var(--im-bg); }
.im .im-band-rule { stroke: var(--im-border); stroke-width: 1; }
.im g.im-edge path.im-hit { fill: none; stroke: transparent; stroke-width: 10; stroke-dasharray: none; }
.im .im-edge.selected path.im-line { stroke-width: 3.5; }
`;

/** The webview's style: VS Code's theme variables, with the light palette where a variable is missing. */
export const graphCss = `
.im { --im-bg: var(--vscode-editor-background, ${palettes.light.bg}); --im-fg: var(--vscode-editor-foreground, ${palettes.light.fg});
  --im-muted: var(--vscode-descriptionForeground, ${palettes.light.muted}); --im-node: var(--vscode-editorWidget-background, ${palettes.light.node});
  --im-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, ${palettes.light.border}));
  /* High-contrast themes define no tab background: the editor's (black or white) then, never the light palette's grey
     under the theme's white text (the 1,000-component overview was unreadable in high contrast). */
  --im-container: var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-editor-background, ${palettes.light.container}));
  --im-edge: var(--vscode-editor-foreground, ${palettes.light.edge}); --im-failover: var(--vscode-charts-blue, ${palettes.light.failover});
  --im-telemetry: var(--vscode-charts-purple, ${palettes.light.telemetry});
  --im-error: var(--vscode-editorError-foreground, ${palettes.light.error}); --im-warning: var(--vscode-editorWarning-foreground, ${palettes.light.warning});
  --im-info: var(--vscode-editorInfo-foreground, ${palettes.light.info}); --im-focus: var(--vscode-focusBorder, ${palettes.light.focus});
  --im-ring: var(--im-focus);
  --im-down: var(--vscode-charts-red, ${palettes.light.down}); --im-degraded: var(--vscode-charts-orange, ${palettes.light.degraded});
  --im-saved: var(--vscode-charts-green, ${palettes.light.saved}); --im-stale: var(--vscode-disabledForeground, ${palettes.light.stale});
  --im-chip: var(--vscode-editor-background, ${palettes.light.chip}); --im-badge-text: var(--vscode-editor-background, ${palettes.light.badgeText});
  /* Not the editor's font: labels are sized with Arial's widths (layout.ts), so the box fits its text. */
  font-family: ${fontFamily.replace(/"/g, "'")}; font-size: ${metrics.fontSize}px; }
${rules}${interactive}`;

/** The style of a standalone picture: every colour concrete, one font stack, nothing any converter lacks. */
export function standaloneCss(theme: 'light' | 'dark'): string {
  const p = palettes[theme] as unknown as Record<string, string>;
  const concrete = rules.replace(/var\(--im-([a-z-]+)\)/g, (_, k: string) => p[k.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] ?? '#000000');
  return `\n.im { font-family: ${fontFamily}; font-size: ${metrics.fontSize}px; }${concrete}`;
}

function pathData(points: ElkPoint[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
}
const round = (n: number) => Math.round(n * 10) / 10;

/** The point `t` (0..1) of the way along a polyline. */
export function along(points: ElkPoint[], t: number): ElkPoint | undefined {
  if (points.length < 2) {
    return undefined;
  }
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
  let rest = lengths.reduce((a, b) => a + b, 0) * t;
  for (let i = 0; i < lengths.length; i++) {
    if (rest <= lengths[i]!) {
      const k = lengths[i]! === 0 ? 0 : rest / lengths[i]!;
      return { x: points[i]!.x + (points[i + 1]!.x - points[i]!.x) * k, y: points[i]!.y + (points[i + 1]!.y - points[i]!.y) * k };
    }
    rest -= lengths[i]!;
  }
  return points[points.length - 1];
}

export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Half the size of a badge: a badge drawn at (x, y) covers x ± badgeRadius, y ± badgeRadius. */
export const badgeRadius = 10;

const sevWord = { error: 'error', warning: 'warning', info: 'info' } as const;

/** A finding badge whose shape says its severity: circle (error), triangle (warning), circle with "i" (info). */
function badge(severity: string, count: number, x: number, y: number): VNode {
  const glyph = count > 1 ? String(Math.min(count, 99)) : severity === 'info' ? 'i' : '!';
  const mark =
    severity === 'warning'
      ? h('path', { class: 'im-mark', d: 'M0 -10 L10 8 L-10 8 Z' })
      : h('circle', { class: 'im-mark', r: 9 });
  return h('g', { class: `im-badge ${severity}`, 'data-badge': severity, transform: `translate(${round(x)} ${round(y)})` },
    h('title', {}, `${count} ${sevWord[severity as keyof typeof sevWord] ?? severity} finding${count === 1 ? '' : 's'}`),
    mark,
    h('text', { y: severity === 'warning' ? 6 : 4 }, glyph));
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

function containerTree(scene: Scene, c: SceneContainer, faded: boolean): VNode {
  const room = c.width - 2 * metrics.containerPad - (c.severity ? metrics.badge : 0);
  return h('g', {
      class: ['im-container', c.state ? `state-${c.state}` : '', faded && !c.state ? '' : ''].filter(Boolean).join(' '),
      'data-domain': c.id, 'data-kind': c.kind, 'data-severity': c.severity, 'data-state': c.state,
    },
    tooltip([c.label, ...findingLines(scene, c.findings)]),
    h('rect', { class: 'im-frame', x: round(c.x), y: round(c.y), width: round(c.width), height: round(c.height), rx: 8 }),
    // A failed domain says so in words too (never colour alone): "zone eu-west-a · failed".
    h('text', { x: round(c.x + metrics.containerPad), y: round(c.y + 17), 'data-max': round(room) }, fitText(c.state === 'failed' ? `${c.label} · failed` : c.label, room, true)),
    c.severity && badge(c.severity, c.findings.length, c.x + c.width - 14, c.y + 13));
}

/** A small picture of a domain's kind: a bolt for power, a drop for cooling, two arrows for a network path. */
function glyph(kind: string, x: number, y: number): VNode {
  const t = `translate(${round(x)} ${round(y)})`;
  if (/power|feed|ups|pdu/.test(kind)) {
    return h('path', { class: 'im-glyph', transform: t, d: 'M8 0 L2 8 L6 8 L5 14 L12 5 L8 5 L9 0 Z' });
  }
  if (/cool|chill|hvac|thermal/.test(kind)) {
    return h('path', { class: 'im-glyph', transform: t, d: 'M7 0 C7 0 2 6 2 9 A5 5 0 0 0 12 9 C12 6 7 0 7 0 Z' });
  }
  if (/network|carrier|link|path|fiber|transit/.test(kind)) {
    return h('path', { class: 'im-glyph-line', transform: t, d: 'M1 4 L12 4 M9 1 L12 4 L9 7 M13 10 L2 10 M5 7 L2 10 L5 13' });
  }
  return h('circle', { class: 'im-glyph', cx: round(x + 7), cy: round(y + 7), r: 4 });
}

/** A ring around a box for the webview's selection (CSS draws it; it is invisible until then). */
const ring = (b: Box, r: number, gap = 3) =>
  h('rect', { class: 'im-ring', x: round(b.x - gap), y: round(b.y - gap), width: round(b.width + 2 * gap), height: round(b.height + 2 * gap), rx: r + gap, fill: 'none', stroke: 'none' });

function crossTree(scene: Scene, c: SceneCrossDomain, interactive: boolean): VNode {
  const failed = c.state === 'failed';
  const pillW = failed ? textWidth(failedPill.text, true) + 2 * failedPill.pad : 0;
  const badgeRoom = c.severity ? metrics.badge : 0; // as crossChipWidth made it
  const room = c.width - 7 - crossBand.glyph - 2 - metrics.chipPad - badgeRoom - 6 - (failed ? pillW + failedPill.gap : 0);
  const what = [`${c.label} (${c.kind}, crosses the placement boxes)`, failed ? 'failed (the simulated failure)' : '', c.members.length ? `holds ${c.members.join(', ')}` : '', c.rides.length ? `${c.rides.length} dependenc${c.rides.length === 1 ? 'y rides' : 'ies ride'} it` : ''];
  const pillX = c.x + c.width - badgeRoom - 6 - pillW;
  return h('g', {
      class: ['im-cross', c.state ? `state-${c.state}` : ''].filter(Boolean).join(' '),
      'data-domain': c.id, 'data-kind': c.kind, 'data-severity': c.severity, 'data-state': c.state, 'data-cross': 'true',
      tabindex: interactive ? 0 : undefined, role: interactive ? 'button' : undefined,
      'aria-label': [c.label, c.kind, c.findings.length ? `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}` : '', c.state ?? ''].filter(Boolean).join(', '),
    },
    tooltip([...what.filter(Boolean), ...findingLines(scene, c.findings)]),
    interactive ? ring(c, c.height / 2) : undefined,
    h('rect', { class: 'im-frame', x: round(c.x), y: round(c.y), width: round(c.width), height: round(c.height), rx: c.height / 2 }),
    glyph(c.kind, c.x + 7, c.y + 3),
    h('text', { x: round(c.x + 7 + crossBand.glyph + 2), y: round(c.y + 14.5), 'data-max': round(room) }, fitText(c.label, room)),
    // Failed, in words, in the state's colour (the pill nodes carry): apart from a finding's badge and from selection's ring.
    failed ? h('g', { class: 'im-pill failed', 'data-pill': 'failed' },
      h('rect', { x: round(pillX), y: round(c.y + 2), width: round(pillW), height: round(c.height - 4), rx: (c.height - 4) / 2 }),
      h('text', { x: round(pillX + failedPill.pad), y: round(c.y + 14.5) }, failedPill.text)) : undefined,
    c.severity && badge(c.severity, c.findings.length, c.x + c.width - 14, c.y + c.height / 2 + 1));
}

/**
 * The band of shared domains (power feeds, cooling loops, network paths): its title and a chip per domain.
 * `width` adds a background across the band (the webview draws the band over the picture, fixed).
 */
export function bandTree(scene: Scene, interactive: boolean, width?: number): VNode | undefined {
  if (scene.crossDomains.length === 0) {
    return undefined;
  }
  return h('g', { class: 'im-band' },
    width !== undefined ? h('rect', { class: 'im-band-bg', x: 0, y: 0, width: round(width), height: scene.band }) : undefined,
    width !== undefined ? h('line', { class: 'im-band-rule', x1: 0, y1: scene.band - 0.5, x2: round(width), y2: scene.band - 0.5 }) : undefined,
    h('text', { class: 'im-band-title', x: crossBand.pad, y: round(scene.crossDomains[0]!.y + 14.5) }, bandTitle),
    ...scene.crossDomains.map((c) => crossTree(scene, c, interactive)));
}

/** The words of a box's state, and the class that colours its pill. */
export function stateWords(n: SceneNode): { cls: string; text: string } | undefined {
  const words: string[] = [];
  let cls = '';
  if (n.state) {
    words.push(n.savedBy?.length ? `${n.state}, failed over` : n.state);
    cls = n.state;
  }
  if (n.saves?.length) {
    words.push('takes over');
    cls ||= 'saves';
  }
  if (n.utilisation !== undefined && n.utilisation >= 1) {
    words.push(`saturated ${Math.round(n.utilisation * 100)}%`);
    cls ||= 'saturated';
  }
  if (n.stale) {
    words.push('stale');
    cls ||= 'stale';
  }
  return words.length ? { cls, text: words.join(' · ') } : undefined;
}

/** Where the label of an edge goes, and its box (to keep badges off it). */
function edgeLabelBox(e: SceneEdge): (Box & { tx: number; ty: number }) | undefined {
  const mid = along(e.points, 0.5);
  if (!e.label || !mid) {
    return undefined;
  }
  const w = textWidth(e.label);
  return { tx: mid.x + 6, ty: mid.y - 5, x: mid.x + 4, y: mid.y - 5 - metrics.fontSize, width: w + 4, height: metrics.fontSize + 5 };
}

/** Where an edge's badge sits: a quarter of the way along, or three quarters, never on its label. */
export function edgeBadgeAt(e: SceneEdge, labelled = true): ElkPoint | undefined {
  const label = labelled ? edgeLabelBox(e) : undefined;
  for (const t of [0.3, 0.7, 0.15, 0.85, 0.5]) {
    const p = along(e.points, t);
    if (p && (!label || !overlaps({ x: p.x - badgeRadius, y: p.y - badgeRadius, width: 2 * badgeRadius, height: 2 * badgeRadius }, label))) {
      return p;
    }
  }
  return along(e.points, 0.3);
}

function nodeTree(scene: Scene, n: SceneNode, faded: boolean, interactive: boolean): VNode {
  const inner = n.width - 2 * metrics.nodePadX;
  const line = (i: number) => round(n.y + metrics.nodePadY + metrics.lineHeight * i + 12);
  const state = stateWords(n);
  const titleRoom = inner - (n.severity ? metrics.badge : 0);
  // Chips, left to right; those that do not fit become "+N".
  let cx = n.x + metrics.nodePadX;
  const chipY = n.y + metrics.nodePadY + 2 * metrics.lineHeight + 1;
  const chips: VNode[] = [];
  n.chips.forEach((ch, i) => {
    const w = chipWidth(ch.id);
    const rest = n.chips.length - i;
    const more = rest > 1 ? chipWidth(`+${rest - 1}`) + metrics.chipGap : 0;
    if (chips.length >= 0 && cx + w + more > n.x + n.width - metrics.nodePadX + 0.5 && i > 0) {
      if (!chips.some((c) => c.attrs['data-more'])) {
        chips.push(h('g', { class: 'im-chip', 'data-more': rest },
          h('rect', { x: round(cx), y: round(chipY), width: round(chipWidth(`+${rest}`)), height: 16, rx: 8 }),
          h('text', { x: round(cx + metrics.chipPad), y: round(chipY + 12.5) }, `+${rest}`)));
        cx = Infinity;
      }
      return;
    }
    if (cx === Infinity) {
      return;
    }
    chips.push(h('g', { class: `im-chip${ch.spread ? ' spread' : ''}`, 'data-chip': ch.id },
      h('rect', { x: round(cx), y: round(chipY), width: round(w), height: 16, rx: 8 }),
      h('text', { x: round(cx + metrics.chipPad), y: round(chipY + 12.5) }, ch.id)));
    cx += w + metrics.chipGap;
  });
  const pillW = state ? Math.min(textWidth(state.text, true) + 12, n.width - 16 - (n.severity ? metrics.badge + 6 : 0)) : 0;
  const u = n.utilisation;
  return h('g', {
      class: ['im-node', `kind-${n.kind}`, n.tier ? `tier-${n.tier}` : '', n.state ? `state-${n.state}` : '', n.saves?.length ? 'saves' : '', n.stale ? 'stale' : '',
        u !== undefined && u >= 1 ? 'saturated' : '', faded && !state ? 'faded' : ''].filter(Boolean).join(' '),
      'data-component': n.id, 'data-kind': n.kind, 'data-tier': n.tier, 'data-owner': n.owner, 'data-severity': n.severity, 'data-state': n.state,
      'data-saves': n.saves?.join(' '), 'data-utilisation': u, 'data-stale': n.stale ? 'true' : undefined,
      tabindex: interactive ? 0 : undefined, role: interactive ? 'button' : undefined,
      'aria-label': [n.title, n.subtitle, n.findings.length ? `${n.findings.length} finding${n.findings.length === 1 ? '' : 's'}` : '', state?.text ?? ''].filter(Boolean).join(', '),
    },
    tooltip([n.title === n.id ? n.id : `${n.title} (${n.id})`, n.subtitle, n.tags ? `also in ${n.tags}` : '', state ? state.text : '',
      n.saves?.length ? `takes over from ${n.saves.join(', ')}` : '', n.savedBy?.length ? `${n.savedBy.join(', ')} takes over` : '',
      u !== undefined ? `utilisation ${Math.round(u * 100)}%` : '', n.runbook ? `runbook ${n.runbook}` : '', ...findingLines(scene, n.findings)].filter(Boolean)),
    interactive ? ring(n, 6) : undefined,
    h('rect', { class: 'im-box', x: round(n.x), y: round(n.y), width: round(n.width), height: round(n.height), rx: 6 }),
    h('text', { class: 'im-title', x: round(n.x + metrics.nodePadX), y: line(0), 'data-max': round(titleRoom) }, fitText(n.title, titleRoom, true)),
    h('text', { class: 'im-muted', x: round(n.x + metrics.nodePadX), y: line(1), 'data-max': round(inner) }, fitText(n.subtitle, inner)),
    ...chips,
    u !== undefined ? h('g', { class: 'im-heat-bar' },
      h('rect', { class: 'im-heat-track', x: round(n.x + 3), y: round(n.y + n.height - 6), width: round(n.width - 6), height: 4, rx: 2 }),
      h('rect', { class: 'im-heat', fill: heatColour(u), x: round(n.x + 3), y: round(n.y + n.height - 6), width: round((n.width - 6) * Math.min(1, u)), height: 4, rx: 2 })) : undefined,
    state ? h('g', { class: `im-pill ${state.cls}`, 'data-pill': state.cls },
      h('rect', { x: round(n.x + 8), y: round(n.y - 9), width: round(pillW), height: 17, rx: 8.5 }),
      h('text', { x: round(n.x + 14), y: round(n.y + 4), 'data-max': round(pillW - 12) }, fitText(state.text, pillW - 12, true))) : undefined,
    n.severity && badge(n.severity, n.findings.length, n.x + n.width - 14, n.y + 14));
}

function edgeTree(scene: Scene, e: SceneEdge, labels: boolean, faded: boolean, interactive: boolean): VNode | undefined {
  if (e.points.length < 2) {
    return undefined;
  }
  const d = pathData(e.points);
  const marker = e.saving ? 'url(#im-arrow-saved)' : e.onPath ? 'url(#im-arrow-down)' : e.kind === 'failover' ? 'url(#im-arrow-failover)' : e.kind === 'async' ? 'url(#im-arrow-open)' : 'url(#im-arrow)';
  const label = labels ? edgeLabelBox(e) : undefined;
  const at = e.severity ? edgeBadgeAt(e, labels) : undefined;
  return h('g', {
      class: ['im-edge', e.kind, e.traffic !== 'business' ? e.traffic : '', e.onPath ? 'on-path' : '', e.saving ? 'saving' : '', faded && !e.onPath && !e.saving ? 'faded' : ''].filter(Boolean).join(' '),
      'data-edge': e.id, 'data-from': e.from, 'data-to': e.to, 'data-kind': e.kind, 'data-severity': e.severity,
    },
    tooltip([e.tooltip, ...findingLines(scene, e.findings)]),
    interactive ? h('path', { class: 'im-hit', d }) : undefined,
    h('path', { class: 'im-line', d, 'marker-end': marker }),
    label ? h('text', { class: 'im-edge-label', x: round(label.tx), y: round(label.ty) }, e.label!) : undefined,
    at ? badge(e.severity!, e.findings.length, at.x, at.y) : undefined);
}

const marker = (id: string, cls: string, open = false) =>
  h('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: open ? 11 : 10, markerHeight: open ? 11 : 10, orient: 'auto-start-reverse' },
    h('path', { class: cls, d: open ? 'M1 1 L9 5 L1 9' : 'M0 0 L10 5 L0 10 z' }));

const defs = () =>
  h('defs', {},
    marker('im-arrow', 'im-arrow'),
    marker('im-arrow-failover', 'im-arrow-failover'),
    marker('im-arrow-open', 'im-arrow-open', true),
    marker('im-arrow-down', 'im-arrow-down'),
    marker('im-arrow-saved', 'im-arrow-saved'),
    h('pattern', { id: 'im-hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      h('rect', { class: 'im-hatch-bg', width: 8, height: 8 }),
      h('line', { class: 'im-hatch-line', x1: 0, y1: 0, x2: 0, y2: 8 })));

const legendLines: [string, string][] = [
  ['hard', 'hard dependency (failure travels)'],
  ['soft', 'soft dependency (degrades)'],
  ['async', 'async dependency (lag)'],
  ['failover', 'failover'],
  ['hard telemetry', 'telemetry or control traffic'],
];
const legendStates: [string, string][] = [
  ['failed', 'failed (the simulated failure)'],
  ['down', 'down'],
  ['degraded', 'degraded'],
  ['saves', 'takes over (the failover that saves it)'],
  ['stale', 'stale telemetry'],
];
const legendRow = 20;

export const legendSize = { width: 300, height: 28 + (legendLines.length + legendStates.length + 5) * legendRow + 8 };

/** The legend: what each line, state and badge means. Also the webview's legend drawer. */
export function legendTree(x = 0, y = 0): VNode {
  let row = 0;
  const at = () => 34 + row++ * legendRow;
  return h('g', { class: 'im-legend', transform: `translate(${x} ${y})` },
    h('rect', { class: 'im-legend-bg', width: legendSize.width, height: legendSize.height, rx: 6 }),
    h('text', { x: 10, y: 18, class: 'im-title' }, 'Legend'),
    ...legendLines.map(([kind, text]) => {
      const y0 = at();
      return h('g', { class: `im-edge ${kind}`, transform: `translate(10 ${y0})` },
        h('path', { class: 'im-line', d: 'M0 0 L40 0', 'marker-end': kind === 'failover' ? 'url(#im-arrow-failover)' : kind === 'async' ? 'url(#im-arrow-open)' : 'url(#im-arrow)' }),
        h('text', { x: 50, y: 4 }, text));
    }),
    ...legendStates.map(([cls, text]) => {
      const y0 = at();
      return h('g', { class: `im-node ${cls === 'saves' || cls === 'stale' ? cls : `state-${cls}`}`, transform: `translate(10 ${y0})` },
        h('rect', { class: 'im-box', x: 0, y: -7, width: 40, height: 14, rx: 3 }),
        h('text', { x: 50, y: 4 }, text));
    }),
    (() => {
      const y0 = at();
      return h('g', { transform: `translate(10 ${y0})` },
        ...[0.4, 0.75, 0.95, 1.2].map((u, i) => h('rect', { fill: heatColour(u), x: i * 10, y: -3, width: 10, height: 6 })),
        h('text', { x: 50, y: 4 }, 'utilisation, low to saturated'));
    })(),
    (() => {
      const y0 = at();
      return h('g', { class: 'im-chip', transform: `translate(10 ${y0})` },
        h('rect', { x: 0, y: -8, width: 40, height: 16, rx: 8 }),
        h('text', { x: 50, y: 4, class: '' }, 'shared domain (power, cooling, network)'));
    })(),
    ...(['error', 'warning', 'info'] as const).map((s) => {
      const y0 = at();
      return h('g', { transform: `translate(0 ${y0})` }, badge(s, 1, 30, 0), h('text', { x: 60, y: 4 }, `${s} finding (a count when several)`));
    }));
}

export interface SvgOptions {
  /** A standalone document (CLI, export) carries its style with concrete colours. */
  standalone?: boolean;
  /** The palette of a standalone picture (default light). */
  theme?: 'light' | 'dark';
  legend?: boolean;
  title?: string;
  /** Edge labels cost paint time on very large maps. */
  edgeLabels?: boolean;
  simulating?: boolean;
  /** Hit areas and keyboard focus for the webview and the interactive page. */
  interactive?: boolean;
  /** Leave the band of shared domains out of the picture (the webview draws it apart: bandTree). */
  noBand?: boolean;
}

/** The whole picture. Drawing order: containers, edges, nodes, so boxes stay readable over lines. */
export function svgTree(scene: Scene, opts: SvgOptions = {}): VNode {
  const legendGap = opts.legend ? legendSize.height + 16 : 0;
  const width = Math.max(round(scene.width), opts.legend ? legendSize.width + 24 : 0, 1);
  const height = round(scene.height + legendGap) || 1;
  const containers = [...scene.containers].sort((a, b) => a.depth - b.depth);
  const faded = !!opts.simulating;
  const interactive = !!opts.interactive;
  return h('svg', {
      xmlns: 'http://www.w3.org/2000/svg', class: ['im', opts.standalone ? 'im-standalone' : '', opts.simulating ? 'simulating' : ''].filter(Boolean).join(' '),
      width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': opts.title ?? 'incident map',
    },
    opts.title ? h('title', {}, opts.title) : undefined,
    opts.standalone ? h('style', {}, standaloneCss(opts.theme ?? 'light')) : undefined,
    defs(),
    opts.standalone ? h('rect', { class: 'im-bg', width, height }) : undefined,
    h('g', { class: 'im-viewport' },
      opts.noBand ? undefined : bandTree(scene, interactive),
      h('g', { class: 'im-containers' }, ...containers.map((c) => containerTree(scene, c, faded))),
      h('g', { class: 'im-edges' }, ...scene.edges.map((e) => edgeTree(scene, e, opts.edgeLabels ?? true, faded, interactive))),
      h('g', { class: 'im-nodes' }, ...scene.nodes.map((n) => nodeTree(scene, n, faded, interactive)))),
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
