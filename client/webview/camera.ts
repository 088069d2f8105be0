// The camera: what part of the map is on screen, and at what zoom.
// - A fit never magnifies (at most 1) and never goes below the legible floor: text stays at least as
//   large as the editor's smallest UI text. A map too big for the pane overflows; the user zooms out.
// - The panel opens on what matters: a simulation's affected set, else the component under the
//   editor's cursor and its neighbours, else the elements with the worst findings (the boxes that carry an
//   error badge kept whole before anything else), else the map. What does not fit at the legible zoom is
//   named first in the status, read again as the view moves: the errors ("1 error off-screen, to the right:
//   …"), or during a failure what it takes down ("2 down off-screen, to the left: …").
// - A resize re-fits, unless the user has moved the view since (Fit, 0 or a double-click clear that).
// - Following the cursor pans only when the component is off-screen.
import panzoom, { type PanZoom } from 'panzoom';
import { isGroup, metrics, textWidth, type Box, type Scene, type SceneContainer } from '../../server/src/core/graph/index';
import { refreshSummary, rewrapBand, svg, zoomLayer } from './render';
import { currentFrame } from './scenarios';
import { dom, state } from './state';

/** VS Code's smallest UI text (badges, descriptions, the panel titles) is 11 px. */
export const smallestUiTextPx = 11;
/** The lowest zoom a fit may choose: the picture's text (metrics.fontSize) shown at smallestUiTextPx. */
export const legibleFloor = smallestUiTextPx / metrics.fontSize;
/** Room around a fitted set, in screen pixels. */
const margin = 24;
/** The band of shared domains sits fixed over the top of the pane (render.ts): the picture's room starts under it. */
const pads = () => ({ top: margin + (state.scene?.band ?? 0), right: margin, bottom: margin, left: margin });

let pz: PanZoom | undefined;
/** Our own moves are not the user's. */
let moving = false;

export function attachCamera(): void {
  pz = panzoom(zoomLayer, { maxZoom: 4, minZoom: 0.05, smoothScroll: false, zoomDoubleClickSpeed: 1, disableKeyboardInteraction: true });
  // The status says which errors are off-screen: read again after every move (ours or the user's).
  pz.on('transform', () => refreshOffScreen());
  const c = dom.canvas;
  c.addEventListener('wheel', () => userMoved(), { passive: true });
  let down: { x: number; y: number } | undefined;
  c.addEventListener('pointerdown', (e) => (down = { x: e.clientX, y: e.clientY }));
  c.addEventListener('pointermove', (e) => {
    if (down && e.buttons && Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4) {
      userMoved();
    }
  });
  c.addEventListener('pointerup', () => (down = undefined));
  c.addEventListener('dblclick', (e) => {
    // A double-click on empty canvas fits (LikeC4); on an element it is two clicks.
    if (!(e.target as Element).closest?.('[data-component], [data-domain], [data-edge]')) {
      fitMap();
    }
  });
  let timers: number[] = [];
  let last = `${c.clientWidth}x${c.clientHeight}`;
  new ResizeObserver(() => {
    const now = `${c.clientWidth}x${c.clientHeight}`;
    if (now === last) {
      return; // the first report, or a change that is not a resize
    }
    last = now;
    // The new size can arrive late (Kiali fits again after 500 ms): fit at 150 ms and at 500 ms.
    timers.forEach(clearTimeout);
    setPending(2); // the unfired passes of an earlier resize were cleared just above
    timers = [150, 500].map((ms) =>
      window.setTimeout(() => {
        setPending(pendingPasses - 1);
        rewrapBand();
        if (!state.userMoved) {
          openView();
        }
        // The details pane opening beside the picture must not hide what was just selected.
        if (state.selected && state.selected.kind !== 'edge') {
          panIntoView(state.selected.id);
        }
        // The band may have wrapped anew and the pane changed size without the view moving: read the note again.
        refreshOffScreen();
        if (ms === 500) {
          // The last pass of this resize is done: tests wait on this count, never on a timer.
          const w = window as unknown as { __imResized?: number };
          w.__imResized = (w.__imResized ?? 0) + 1;
        }
      }, ms),
    );
  }).observe(c);
}

/** Re-fit passes still to run (tests wait for 0: the camera has settled), on window.__imCameraPending. */
let pendingPasses = 0;
function setPending(n: number): void {
  pendingPasses = Math.max(0, n);
  (window as unknown as { __imCameraPending: number }).__imCameraPending = pendingPasses;
}

export function userMoved(): void {
  if (!moving) {
    state.userMoved = true;
  }
}

const size = () => ({ w: dom.canvas.clientWidth || 800, h: dom.canvas.clientHeight || 600 });

/** The pane's room inside its padding, and the zoom at which `box` fits it, within [legibleFloor, 1]. */
function fitting(box: { width: number; height: number }): { w: number; h: number; pad: ReturnType<typeof pads>; aw: number; ah: number; scale: number } {
  const { w, h } = size();
  const pad = pads();
  const aw = Math.max(1, w - pad.left - pad.right);
  const ah = Math.max(1, h - pad.top - pad.bottom);
  return { w, h, pad, aw, ah, scale: Math.max(legibleFloor, Math.min(1, aw / Math.max(box.width, 1), ah / Math.max(box.height, 1))) };
}

/**
 * Shows `box` (scene coordinates) as large as fits within [legibleFloor, 1]; when it cannot fit, keeps `anchor`
 * in view. `zoomFor` sets the zoom instead (the whole map: as much context as stays legible) while `box` is
 * what is placed in view.
 */
export function showBox(box: Box, anchor: Box = box, zoomFor: Box = box, place: 'edge' | 'centre' = 'edge'): void {
  if (!pz) {
    return;
  }
  const { w, h, pad, aw, ah, scale } = fitting(zoomFor);
  let x = pad.left + (aw - box.width * scale) / 2 - box.x * scale;
  let y = pad.top + (ah - box.height * scale) / 2 - box.y * scale;
  // Too wide (or tall): 'edge' starts from the box's left (top) edge when the anchor is in view from there,
  // so the picture is cut at one side only; otherwise, and always for 'centre' (a failure: what lies around
  // it on either side matters), the anchor is centred. (Moving just far enough put it against the far edge,
  // with an empty container filling the pane on a 300-component map.)
  const from = (start: number, a0: number, a1: number, room: number) =>
    place === 'edge' && a1 <= start + room / scale ? start : Math.max(start, (a0 + a1) / 2 - room / scale / 2);
  if (box.width * scale > aw) {
    x = pad.left - from(box.x, anchor.x, anchor.x + anchor.width, aw) * scale;
  }
  if (box.height * scale > ah) {
    y = pad.top - from(box.y, anchor.y, anchor.y + anchor.height, ah) * scale;
  }
  // No empty margin where the map could fill the pane: clamp to the map's own edges.
  const scene = state.scene;
  if (scene) {
    const wide = scene.width * scale > w - pad.left - pad.right;
    x = clampTo(x, w, scene.width * scale, pad.left, pad.right);
    // A map wider than the pane but not taller starts at the top, under the toolbar, not mid-pane.
    y = wide && scene.height * scale <= h - pad.top - pad.bottom ? pad.top : clampTo(y, h, scene.height * scale, pad.top, pad.bottom);
  }
  set(Math.round(x), Math.round(y), scale);
}

/** Keeps a span of `size` pixels (the map, at scene 0), placed at `at`, from leaving more than the padding empty in a view of `view` pixels. */
function clampTo(at: number, view: number, size: number, before: number, after: number): number {
  if (size <= view - before - after) {
    // The whole map fits along this axis: centre the map, not the part that matters (it is in view anyway).
    return Math.round(before + (view - before - after - size) / 2);
  }
  return Math.min(before, Math.max(view - after - size, at));
}

function set(x: number, y: number, scale: number): void {
  moving = true;
  try {
    pz!.zoomAbs(0, 0, scale);
    pz!.moveTo(x, y);
  } finally {
    moving = false;
  }
}

/** The boxes of the picture (not the band of shared domains, which stays in view on its own). */
const pictureBoxes = (scene: Scene): (Box & { id: string; severity?: string })[] => [...scene.nodes, ...scene.containers];

/** The smallest box around these scene elements (those in the picture; the band's chips are always in view). */
export function around(scene: Scene, ids: Iterable<string>): Box | undefined {
  const want = new Set(ids);
  const boxes: Box[] = pictureBoxes(scene).filter((b) => want.has(b.id));
  if (boxes.length === 0) {
    return undefined;
  }
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y - 10)); // room for a state pill above the box
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/**
 * What the view should open on, most important first, in tiers: each tier is shown whole when it fits the
 * pane legibly. During a failure: what failed, what is down, the standbys lost and who takes over, then with
 * what degrades, saturates or goes stale. Otherwise the component under the cursor and its neighbours, or the
 * elements with the worst findings.
 */
function mattersTiers(scene: Scene): string[][] {
  const frame = currentFrame();
  if (frame?.simulation) {
    const s = frame.simulation;
    const saviours = scene.nodes.filter((n) => n.saves?.length).map((n) => n.id);
    const hot = scene.nodes.filter((n) => (n.utilisation ?? 0) >= 1 || n.stale).map((n) => n.id);
    const core = [...s.failed, ...s.down.map((d) => d.id), ...(s.standbys ?? []).map((d) => d.id), ...saviours];
    return [core, [...core, ...s.degraded.map((d) => d.id), ...hot]];
  }
  if (state.highlighted && scene.nodes.some((n) => n.id === state.highlighted)) {
    const id = state.highlighted;
    const near = scene.edges.flatMap((e) => (e.from === id ? [e.to] : e.to === id ? [e.from] : []));
    return [[id, ...near]];
  }
  for (const sev of ['error', 'warning'] as const) {
    const ids = findingsAt(scene, sev);
    if (ids.length) {
      return [ids];
    }
  }
  return [];
}

/**
 * The boxes of the picture that carry findings of `severity`: elements with one, and both ends of a line
 * with one (the error on the failover between two racks is about the racks). The band's chips are left out:
 * they stay in view on their own.
 */
function findingsAt(scene: Scene, severity: 'error' | 'warning'): string[] {
  const ids = new Set(pictureBoxes(scene).filter((b) => b.severity === severity).map((b) => b.id));
  const drawn = new Set(scene.nodes.map((n) => n.id));
  for (const e of scene.edges) {
    if (e.severity === severity) {
      [e.from, e.to].filter((id) => drawn.has(id)).forEach((id) => ids.add(id));
    }
  }
  return [...ids];
}

/**
 * What the opening view keeps whole, in ranks: every unit of a rank outranks all units of later ranks
 * together. Without a cursor: the boxes that carry an error badge themselves (where the finding is written),
 * then both ends of a line with an error (its badge sits mid-line, the ends are often far apart), then the
 * same for warnings. With the cursor on a component: it, then its neighbours. A unit weighs its findings.
 */
type Unit = { ids: string[]; rank: number; weight: number; severity?: 'error' | 'warning'; group?: boolean };

/** The badge of a container sits in its top right corner: that corner is what must be in view, not the whole (wide) box. */
const badgeCorner = (b: Box): Box => ({ x: b.x + b.width - 28, y: b.y, width: 28, height: 26 });

function findingUnits(scene: Scene): Unit[] {
  const units: Unit[] = [];
  const drawn = new Set(scene.nodes.map((n) => n.id));
  const count = (idx: number[], sev: string) => idx.filter((i) => scene.findings[i]?.severity === sev).length;
  (['error', 'warning'] as const).forEach((sev, i) => {
    for (const b of [...scene.nodes, ...scene.containers]) {
      if (b.severity === sev) {
        units.push({ ids: [b.id], rank: 2 * i, weight: Math.max(1, count(b.findings, sev)), severity: sev });
      }
    }
    for (const e of scene.edges) {
      const ends = [e.from, e.to].filter((id) => drawn.has(id));
      if (e.severity === sev && ends.length > 0) {
        units.push({ ids: ends, rank: 2 * i + 1, weight: Math.max(1, count(e.findings, sev)), severity: sev });
      }
    }
  });
  return units;
}

/**
 * During a failure, what the view keeps whole, in ranks: what failed (a failed zone by its title, where its
 * pill is), then what is down (standbys lost included), then who takes over, then what degrades, saturates or
 * goes stale. Centring the whole affected set cut the failure's boxes at both edges of a narrow pane.
 */
function failureUnits(scene: Scene): Unit[] {
  const units: Unit[] = [];
  for (const c of scene.containers) {
    if (c.state === 'failed') {
      units.push({ ids: [c.id], rank: 0, weight: 1 });
    }
  }
  for (const n of scene.nodes) {
    const rank = n.state === 'failed' ? 0 : n.state === 'down' ? 1 : n.saves?.length ? 2 : n.state === 'degraded' || (n.utilisation ?? 0) >= 1 || n.stale ? 3 : -1;
    if (rank >= 0) {
      // A domain box of a large map's overview stands for its components (its pill says the worst of theirs).
      units.push({ ids: [n.id], rank, weight: 1, group: isGroup(n.id) || undefined });
    }
  }
  return units;
}

function openingUnits(scene: Scene): Unit[] {
  if (currentFrame()?.simulation) {
    return failureUnits(scene);
  }
  if (state.highlighted && scene.nodes.some((n) => n.id === state.highlighted)) {
    const [id, ...near] = mattersTiers(scene)[0]!;
    return [{ ids: [id!], rank: 0, weight: 1 }, ...near.map((n) => ({ ids: [n], rank: 1, weight: 1 }))];
  }
  return findingUnits(scene);
}

/** The title of a failed container, "zone eu-west-a · failed" (svg.ts containerTree), in its top left corner. */
const titleCorner = (c: SceneContainer): Box => ({
  x: c.x, y: c.y, width: Math.min(c.width, 2 * metrics.containerPad + textWidth(`${c.label} · failed`, true)), height: 26,
});

/** The picture's boxes by id, once per scene (the off-screen note reads them on every frame of a drag). */
const boxIndex = new WeakMap<Scene, Map<string, { box: Box; container?: SceneContainer }>>();

/** The boxes of a unit, in scene coordinates (a container by its badge's corner, or a failed one by its title's). */
function unitBoxes(scene: Scene, u: Unit): Box[] {
  let index = boxIndex.get(scene);
  if (!index) {
    index = new Map<string, { box: Box; container?: SceneContainer }>([
      ...scene.nodes.map((n) => [n.id, { box: n }] as const),
      ...scene.containers.map((c) => [c.id, { box: c, container: c }] as const),
    ]);
    boxIndex.set(scene, index);
  }
  return u.ids.flatMap((id) => {
    const at = index!.get(id);
    const c = at?.container;
    return !at ? [] : !c ? [at.box] : c.state === 'failed' && currentFrame()?.simulation ? [titleCorner(c)] : [badgeCorner(c)];
  });
}

type Span = { a0: number; a1: number; rank: number; weight: number };

/**
 * Where a window `room` long starts along one axis of a picture `length` long: the start that shows whole
 * the most of what matters rank by rank (all of rank 0 first: the boxes with an error badge are never given
 * up for anything of a later rank), then cuts the fewest boxes (`cuttable`) at its two edges, then is as near
 * the start as can be. Weighing everything together showed the two racks of a failover with two errors and
 * cut the box that carried the third error badge.
 */
export function windowStart(units: Span[], cuttable: { a0: number; a1: number }[], length: number, room: number): number {
  const last = Math.max(0, length - room);
  const m = 8;
  const ranks = Math.max(0, ...units.map((u) => u.rank + 1));
  const candidates = new Set<number>([0, last]);
  for (const s of [...units, ...cuttable]) {
    candidates.add(s.a0 - m);
    candidates.add(s.a1 + m - room);
    candidates.add(s.a1 + m);
  }
  let best = 0;
  let bestScore: number[] | undefined;
  for (const raw of [...candidates].sort((a, b) => a - b)) {
    const at = Math.min(last, Math.max(0, raw));
    const score = new Array<number>(ranks + 2).fill(0);
    for (const u of units) {
      if (u.a0 >= at - 0.5 && u.a1 <= at + room + 0.5) {
        score[u.rank]! += u.weight;
      }
    }
    for (const s of cuttable) {
      if (!(s.a0 >= at - 0.5 && s.a1 <= at + room + 0.5) && s.a1 > at && s.a0 < at + room) {
        score[ranks]! -= 1;
      }
    }
    score[ranks + 1] = -at;
    if (!bestScore || better(score, bestScore)) {
      best = at;
      bestScore = score;
    }
  }
  return best;
}

const better = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return a[i]! > b[i]!;
    }
  }
  return false;
};

/** A unit's extent along one axis (x or y, with room for a state pill above a box). */
function extent(boxes: Box[], axis: 'x' | 'y'): { a0: number; a1: number } {
  return axis === 'x'
    ? { a0: Math.min(...boxes.map((b) => b.x)), a1: Math.max(...boxes.map((b) => b.x + b.width)) }
    : { a0: Math.min(...boxes.map((b) => b.y - 10)), a1: Math.max(...boxes.map((b) => b.y + b.height)) };
}

/**
 * The whole map at Fit's zoom (as large as fits, within [legibleFloor, 1]); when it overflows the pane,
 * the part that shows whole the most of what matters (rank by rank), cutting the fewest boxes.
 */
function showOnMatters(scene: Scene): void {
  if (!pz) {
    return;
  }
  const { w, h, pad, aw, ah, scale } = fitting(scene);
  const units = openingUnits(scene).map((u) => ({ u, boxes: unitBoxes(scene, u) })).filter((x) => x.boxes.length > 0);
  const boxes = scene.nodes; // containers are wide and may be cut; the boxes inside them may not
  const roomX = aw / scale;
  const roomY = ah / scale;
  let x = clampTo(pad.left, w, scene.width * scale, pad.left, pad.right);
  // A map wider than the pane but not taller starts at the top, under the band, not mid-pane.
  let y = scene.width > roomX && scene.height <= roomY ? pad.top : clampTo(pad.top, h, scene.height * scale, pad.top, pad.bottom);
  if (scene.width > roomX) {
    const spans = units.map(({ u, boxes: bs }) => ({ ...extent(bs, 'x'), rank: u.rank, weight: u.weight }));
    const at = windowStart(spans, boxes.map((b) => extent([b], 'x')), scene.width, roomX);
    x = pad.left - at * scale;
  }
  if (scene.height > roomY) {
    // Along the other axis, only what the chosen columns show counts.
    const left = (pad.left - x) / scale;
    const inColumns = (bs: Box[]) => bs.every((b) => b.x >= left - 0.5 && b.x + b.width <= left + roomX + 0.5);
    const spans = units.filter(({ boxes: bs }) => inColumns(bs)).map(({ u, boxes: bs }) => ({ ...extent(bs, 'y'), rank: u.rank, weight: u.weight }));
    const at = windowStart(spans, boxes.filter((b) => inColumns([b])).map((b) => extent([b], 'y')), scene.height, roomY);
    y = pad.top - at * scale;
  }
  set(Math.round(x), Math.round(y), scale);
  refreshOffScreen();
}

/** Puts offScreenNote() in the status when it changed (the picture or the view changed). */
export function refreshOffScreen(): void {
  const note = offScreenNote();
  if (note !== state.offScreen) {
    state.offScreen = note;
    refreshSummary();
  }
}

/** What the off-screen note counts, once per scene and mode (it is read on every frame of a drag). */
const noteUnitsOf = new WeakMap<Scene, { failure?: Unit[]; errors?: Unit[] }>();
function noteUnits(scene: Scene, failure: boolean): Unit[] {
  const memo = noteUnitsOf.get(scene) ?? {};
  noteUnitsOf.set(scene, memo);
  // Errors only: on a large map most warnings sit on long merged lines, and "1001 warnings off-screen" in
  // front of the summary said nothing a person could act on. During a failure: what failed and what is down.
  return failure
    ? (memo.failure ??= failureUnits(scene).filter((u) => u.rank <= 1))
    : (memo.errors ??= findingUnits(scene).filter((u) => u.severity === 'error'));
}

/**
 * What matters that is not wholly on screen, as a line for the status ('' when all of it is), read again
 * whenever the view moves, so it goes when they come in:
 * - without a failure, the errors: "2 errors off-screen, to the right: drag the picture or zoom out (−)";
 * - during a failure, what failed and what it takes down: "1 failed and 2 down off-screen, to the left: …"
 *   (a narrow pane cannot show all of it at a legible zoom; the details pane lists every one); on a large
 *   map's overview, the domain boxes whose components it hits: "3 domains hit off-screen, below: …".
 */
export function offScreenNote(): string {
  const scene = state.scene;
  if (!scene || !pz) {
    return '';
  }
  const failure = !!currentFrame()?.simulation;
  const units = noteUnits(scene, failure);
  const t = pz.getTransform();
  const { w, h } = size();
  const top = scene.band ?? 0;
  const off = [0, 0, 0]; // [rank 0 (errors, or failed), rank 1 (down), domain boxes of the overview with either]
  const sides = new Set<string>();
  for (const u of units) {
    const bs = unitBoxes(scene, u).map((b) => ({ x: b.x * t.scale + t.x, y: b.y * t.scale + t.y, width: b.width * t.scale, height: b.height * t.scale }));
    if (bs.length === 0) {
      continue;
    }
    const x0 = Math.min(...bs.map((b) => b.x));
    const x1 = Math.max(...bs.map((b) => b.x + b.width));
    const y0 = Math.min(...bs.map((b) => b.y));
    const y1 = Math.max(...bs.map((b) => b.y + b.height));
    if (x0 >= -0.5 && x1 <= w + 0.5 && y0 >= top - 0.5 && y1 <= h + 0.5) {
      continue;
    }
    off[!failure ? 0 : u.group ? 2 : u.rank]! += u.weight;
    sides.add(x1 > w + 0.5 ? 'to the right' : x0 < -0.5 ? 'to the left' : y1 > h + 0.5 ? 'below' : 'above');
  }
  const [first, second, groups] = off as [number, number, number];
  if (first + second + groups === 0) {
    return '';
  }
  const parts = [first ? `${first} failed` : '', second ? `${second} down` : '', groups ? `${groups} domain${groups === 1 ? '' : 's'} hit` : ''].filter(Boolean);
  const what = failure
    ? parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!
    : `${first} error${first === 1 ? '' : 's'}`;
  const list = [...sides];
  const where = list.length ? `, ${list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`}` : '';
  return `${what} off-screen${where}: drag the picture or zoom out (−)`;
}

/** Opens on what matters (see the top of this file). */
export function openView(): void {
  const scene = state.scene;
  if (!scene || !pz) {
    return;
  }
  const tiers = mattersTiers(scene);
  const all = tiers.at(-1) ?? [];
  const whole = { x: 0, y: 0, width: scene.width, height: scene.height };
  const { w, h } = size();
  const pad = pads();
  const fits = (b: Box) => b.width * legibleFloor <= w - pad.left - pad.right && b.height * legibleFloor <= h - pad.top - pad.bottom;
  // When the whole map fits legibly, show it all: context costs nothing then.
  if (all.length === 0 || fits(whole)) {
    showBox(whole, around(scene, all) ?? whole);
    return;
  }
  // The largest tier that fits the pane legibly.
  const boxes = [...tiers].reverse().map((ids) => around(scene, ids)).filter((b): b is Box => !!b);
  const fitting = boxes.find(fits);
  if (currentFrame()?.simulation && fitting) {
    // A failure: what it takes down matters more than context. The largest tier that fits, as large as
    // fits (at most 1).
    showBox(fitting, fitting, fitting, 'centre');
    return;
  }
  // No tier fits (a failure that takes down more than the pane holds legibly), or no failure: Fit's zoom
  // (the most context that stays legible), placed to show what matters whole, rank by rank. Zooming in on
  // the findings (up to 1) cut the map at both sides until Fit; centring a failure's whole affected set
  // cut what it takes down at both edges of a narrow pane.
  showOnMatters(scene);
}

/** Fit (the button, 0, a double-click): the whole map within the zoom limits; resizes re-fit again. */
export function fitMap(): void {
  state.userMoved = false;
  const scene = state.scene;
  if (!scene) {
    return;
  }
  // The whole map when it fits legibly; else the view the panel opens on without a zoom-in, so Fit never
  // shows less of what matters than the opening did (during a failure: what failed, then what is down).
  showOnMatters(scene);
}

export function zoomBy(factor: number): void {
  userMoved();
  pz?.zoomTo(dom.canvas.clientWidth / 2, dom.canvas.clientHeight / 2, factor);
}

export function panBy(dx: number, dy: number): void {
  userMoved();
  pz?.moveBy(dx, dy, false);
}

/** Where a scene box is on screen, in canvas pixels. */
function onScreen(b: Box): Box {
  const t = pz!.getTransform();
  return { x: b.x * t.scale + t.x, y: b.y * t.scale + t.y, width: b.width * t.scale, height: b.height * t.scale };
}

/** Pans (never zooms) so that `id` is in view, as little as needed; does nothing when it already is. */
export function panIntoView(id: string): void {
  const scene = state.scene;
  const b = scene && around(scene, [id]);
  if (!b || !pz) {
    return;
  }
  const s = onScreen(b);
  const { w, h } = size();
  const top = state.scene?.band ?? 0;
  if (s.x >= 0 && s.y >= top && s.x + s.width <= w && s.y + s.height <= h) {
    return;
  }
  // The smallest move that brings it in with a margin (centring would leave the map's edge mid-pane).
  const m = 24;
  const shift = (at: number, size: number, view: number) =>
    size > view - 2 * m ? view / 2 - (at + size / 2) : at < m ? m - at : at + size > view - m ? view - m - (at + size) : 0;
  const t = pz.getTransform();
  set(Math.round(t.x + shift(s.x, s.width, w)), Math.round(t.y + shift(s.y, s.height, h)), t.scale);
}

export function transform(): { x: number; y: number; scale: number } | undefined {
  const t = pz?.getTransform();
  return t && { x: t.x, y: t.y, scale: t.scale };
}

void svg;
