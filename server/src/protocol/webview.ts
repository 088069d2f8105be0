// Messages between the graph panel (extension host) and its webview (browser). Both sides import this
// file; it imports nothing at runtime, so it bundles into either. The webview is untrusted as far as the
// extension is concerned (it renders text from maps anyone can write), so the extension acts only on
// messages that parseFromWebview accepts: a closed set of shapes with bounded sizes.
import type { ElkNode } from '../core/graph/layout';
import type { GraphFinding, GraphModel, Position, Range } from '../core/graph/model';
import type { ScenarioPhase, SceneScenario, SceneSimulation } from '../core/graph/scene';

export type { ScenarioPhase, SceneOverlay, SceneScenario, SceneSimulation } from '../core/graph/scene';

/** Extension → webview. */
export type ToWebview =
  | {
      type: 'model';
      uri: string;
      /** A short name for the title and for exported file names. */
      name: string;
      version: number;
      graph: GraphModel;
      findings: GraphFinding[];
      /**
       * The opening view (panelView with nothing expanded) already laid out by the extension, which keeps
       * one ELK warm for every panel and remembers recent layouts: the page paints on arrival instead of
       * loading ELK first. Absent when the extension's layout was late or failed; used only if `key`
       * (topologyKey of the view's ELK input) matches what the page would lay out.
       */
      layout?: { key: string; graph: ElkNode };
      /**
       * When the extension asked the language server for the map, had its answer, had the layout, found the
       * page ready and posted this (epoch ms, the extension host's clock): the end-to-end measurement of the
       * first paint splits our part with them (docs/PERFORMANCE.md).
       */
      timing?: { request: number; answered: number; laidOut: number; ready: number; posted: number };
      /**
       * Set when `graph` and `findings` are only the opening view of a large map (core/graph/overview.ts
       * `openingView`: the overview, what the page paints first) and the whole map, of `components`
       * components, follows in the next model message of the same version, once the page has said `painted`.
       */
      opening?: { components: number };
    }
  /**
   * A large map: the `model` message's graph, findings and layout as UTF-8 JSON bytes. VS Code passes the
   * bytes through to the page as they are, where a deep object was turned into JSON for the way to the
   * browser, parsed there and copied twice more into the page's frames (docs/PERFORMANCE.md).
   */
  | { type: 'packedModel'; uri: string; name: string; version: number; data: Uint8Array; timing?: { request: number; answered: number; laidOut: number; ready: number; posted: number }; opening?: { components: number } }
  | { type: 'simulation'; fail: string[]; result: SceneSimulation }
  /**
   * The map's declared stress scenarios, each a list of phases (failure, during failover, after) with
   * what is down, degraded, saturated (utilisation) and stale in each. The webview checks them with
   * parseScenarios before drawing, as it checks nothing else: they are built from text anyone can write.
   */
  | { type: 'scenarios'; uri: string; scenarios: SceneScenario[] }
  | { type: 'simulationUnknown'; fail: string[]; unknown: string[] }
  | { type: 'cursor'; uri: string; position: Position }
  | { type: 'status'; level: 'info' | 'error'; message: string }
  /** Editor-side commands that act on the view (the editor title menu, keybindings). */
  | { type: 'command'; command: 'fit' | 'resetSimulation' | 'exportSvg' | 'exportPng' };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  /** The page's first picture is on screen: the extension sends the whole map after a large map's opening view. */
  | { type: 'painted' }
  /** The selection's declaration, shown only in an editor that is already visible (the graph keeps focus and layout). */
  | { type: 'reveal'; uri: string; range: Range }
  /** "Show in editor": open the declaration, in the first group if it is not visible. */
  | { type: 'open'; uri: string; range: Range }
  | { type: 'simulate'; fail: string[] }
  | { type: 'openRunbook'; url: string }
  | { type: 'export'; format: 'svg' | 'png'; data: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

export const limits = {
  scenarios: 200,
  phases: 20,
  /** Components with a state, a utilisation or a path in one phase. */
  affected: 100_000,
  pathSteps: 1000,
  /** A utilisation above this is a mistake, not a load (1 = full). */
  utilisation: 1000,
  /** An exported PNG of a 1,000-node map at 2x is a few MB; anything far beyond is not ours. */
  exportBytes: 64 * 1024 * 1024,
  ids: 1000,
  idLength: 256,
  text: 4096,
} as const;

type Check = (v: unknown) => boolean;
const isString = (max: number): Check => (v) => typeof v === 'string' && v.length <= max;
const isLine: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosition: Check = (v) => isObject(v) && exactKeys(v, { line: isLine, character: isLine });
const isRange: Check = (v) => isObject(v) && exactKeys(v, { start: isPosition, end: isPosition });
const isIdList: Check = (v) => Array.isArray(v) && v.length > 0 && v.length <= limits.ids && v.every(isString(limits.idLength));
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);

/** True when `v` has exactly these keys and each passes its check. */
function exactKeys(v: Record<string, unknown>, shape: Record<string, Check>): boolean {
  const keys = Object.keys(v);
  return keys.length === Object.keys(shape).length && keys.every((k) => Object.prototype.hasOwnProperty.call(shape, k) && shape[k]!(v[k]));
}

const shapes: { [K in FromWebview['type']]: Record<string, Check> } = {
  ready: {},
  painted: {},
  reveal: { uri: isString(limits.text), range: isRange },
  open: { uri: isString(limits.text), range: isRange },
  simulate: { fail: isIdList },
  openRunbook: { url: isString(limits.text) },
  export: { format: oneOf('svg', 'png'), data: isString(limits.exportBytes) },
  log: { level: oneOf('info', 'error'), message: isString(limits.text) },
};

/** The message if it is one the webview may send, else undefined. */
export function parseFromWebview(v: unknown): FromWebview | undefined {
  if (!isObject(v) || typeof v.type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, v.type)) {
    return undefined;
  }
  const { type, ...rest } = v;
  return exactKeys(rest, shapes[type as FromWebview['type']]) ? (v as FromWebview) : undefined;
}

const isIdArray = (max: number): Check => (v) => Array.isArray(v) && v.length <= max && v.every(isString(limits.idLength));
const isAffected: Check = (v) =>
  isObject(v) &&
  isString(limits.idLength)(v.id) &&
  Array.isArray(v.path) &&
  v.path.length <= limits.pathSteps &&
  v.path.every((p) => isObject(p) && isString(limits.idLength)(p.component)) &&
  Object.keys(v).every((k) => k === 'id' || k === 'path' || k === 'pathText' || (k === 'uncovered' && isIdArray(limits.ids)(v.uncovered)));
const isAffectedList: Check = (v) => Array.isArray(v) && v.length <= limits.affected && v.every(isAffected);
const isSimulation: Check = (v) =>
  isObject(v) && isIdArray(limits.ids)(v.failed) && isAffectedList(v.down) && isAffectedList(v.degraded) && (v.standbys === undefined || isAffectedList(v.standbys));
const isRecord = (value: Check): Check => (v) => isObject(v) && Object.keys(v).length <= limits.affected && Object.entries(v).every(([k, x]) => k.length <= limits.idLength && value(x));
const isLoad: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= limits.utilisation;
const optional = (c: Check): Check => (v) => v === undefined || c(v);
const phaseShape: Record<string, Check> = {
  name: isString(200),
  description: optional(isString(limits.text)),
  simulation: isSimulation,
  utilisation: optional(isRecord(isLoad)),
  stale: optional(isIdArray(limits.affected)),
  savedBy: optional(isRecord(isIdArray(limits.ids))),
};
const isPhase: Check = (v) => isObject(v) && Object.keys(v).every((k) => Object.prototype.hasOwnProperty.call(phaseShape, k) && phaseShape[k]!(v[k])) && v.name !== undefined && v.simulation !== undefined;
const isScenario: Check = (v) =>
  isObject(v) &&
  exactKeys(v, { id: isString(limits.idLength), title: isString(limits.text), phases: (p) => Array.isArray(p) && p.length > 0 && p.length <= limits.phases && p.every(isPhase) });

/**
 * The scenarios of a `scenarios` message if they have the shape SceneScenario declares (and bounded
 * sizes), else undefined. The webview draws nothing it has not checked with this.
 */
export function parseScenarios(v: unknown): SceneScenario[] | undefined {
  return Array.isArray(v) && v.length <= limits.scenarios && v.every(isScenario) ? (v as SceneScenario[]) : undefined;
}

/** The phases' names in the order the stress-scenarios engine reports them; others keep their place after these. */
export const phaseOrder: readonly string[] = ['failure', 'during failover', 'after'];
export type { ScenarioPhase as Phase };

/** Runbook links open in the browser only when they are plain web links. */
export function isWebLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

const pngPrefix = 'data:image/png;base64,';

/** Decodes an exported PNG data URL; undefined if it is not one. */
export function pngBytes(data: string): Uint8Array | undefined {
  if (!data.startsWith(pngPrefix) || !/^[A-Za-z0-9+/]*={0,2}$/.test(data.slice(pngPrefix.length))) {
    return undefined;
  }
  const bin = atob(data.slice(pngPrefix.length));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  // The PNG signature: 89 50 4E 47 0D 0A 1A 0A.
  return bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 ? bytes : undefined;
}

/** The elements our SVG is drawn with (core/graph/svg.ts, the webview): nothing that runs, embeds or fetches. */
const svgElements = new Set(['svg', 'g', 'defs', 'marker', 'pattern', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc', 'style']);
const svgTag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const svgAttribute = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Only local references: `url(#id)` and `#id`; nothing that fetches, nothing that runs. */
function safeValue(value: string): boolean {
  return !/url\(\s*['"]?\s*[^#'"\s)]|@import|javascript:|expression\(/i.test(value);
}

/**
 * An exported SVG must be one SVG document our renderer could have made, checked element by element
 * (not only at its start and end, which a forged export from a compromised webview can wrap around
 * anything): an optional XML declaration, then one <svg> element of balanced tags from a short list,
 * with no script, foreignObject, image, use, DOCTYPE, CDATA, comment or processing instruction, no
 * event-handler attribute, no href but to `#fragment`, and no url() or @import that fetches.
 */
export function isSvgDocument(data: string): boolean {
  const decl = /^<\?xml[^>?]*\?>\s*/.exec(data);
  let i = decl ? decl[0].length : 0;
  const stack: string[] = [];
  let seenRoot = false;
  while (i < data.length) {
    const lt = data.indexOf('<', i);
    const text = data.slice(i, lt < 0 ? data.length : lt);
    if (stack.length === 0 ? text.trim() !== '' : stack[stack.length - 1] === 'style' && !safeValue(text)) {
      return false; // text outside the root, or a style sheet that fetches
    }
    if (lt < 0) {
      break;
    }
    svgTag.lastIndex = lt;
    const m = svgTag.exec(data);
    if (!m) {
      return false; // <!DOCTYPE, <!-- -->, <![CDATA[, <?pi?> or a malformed tag
    }
    const [whole, closing, rawName, attrs, selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (!svgElements.has(name) || (closing && (attrs || selfClosing))) {
      return false;
    }
    if (closing) {
      if (stack.pop() !== name) {
        return false;
      }
    } else {
      if (stack.length === 0 && (seenRoot || name !== 'svg')) {
        return false;
      }
      seenRoot = true;
      for (const a of attrs!.matchAll(svgAttribute)) {
        const attr = a[1]!.toLowerCase();
        const value = a[2] ?? a[3] ?? '';
        if (attr.startsWith('on') || ((attr === 'href' || attr.endsWith(':href')) && !value.startsWith('#')) || !safeValue(value)) {
          return false;
        }
      }
      if (!selfClosing) {
        stack.push(name);
      }
    }
    i = lt + whole!.length;
  }
  return seenRoot && stack.length === 0;
}
