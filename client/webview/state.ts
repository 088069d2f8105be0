// What the graph panel knows and shows, shared by the webview's modules, and the page's elements.
import type { ElkNode, GraphModel, Scene, SceneScenario, SceneSimulation } from '../../server/src/core/graph/index';
import type { ToWebview } from '../../server/src/protocol/webview';

export type ModelMessage = Extract<ToWebview, { type: 'model' }>;
export type Selection = { kind: 'component' | 'domain' | 'edge'; id: string };

export const state: {
  model?: ModelMessage;
  /** What is drawn: the model, or its overview with some domains expanded (large maps). */
  view?: GraphModel;
  expanded: Set<string>;
  showAll: boolean;
  laidOut?: ElkNode;
  layoutKey?: string;
  scene?: Scene;
  /** A "what if" the user asked for (Fail selected, a code lens). */
  simulation?: { fail: string[]; result: SceneSimulation };
  /** The map's declared scenarios, and the one being stepped through. */
  scenarios: SceneScenario[];
  scenario?: { index: number; phase: number };
  selected?: Selection;
  /** The component under the editor's cursor. */
  highlighted?: string;
  layoutSeq: number;
  /** The user panned or zoomed: a resize no longer re-fits (Fit clears it). */
  userMoved: boolean;
  legendOpen: boolean;
  /** The errors not wholly on screen, in words for the status ('' when all are): camera.ts offScreenNote. */
  offScreen: string;
} = { layoutSeq: 0, expanded: new Set(), showAll: false, scenarios: [], userMoved: false, legendOpen: false, offScreen: '' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export const dom = {
  canvas: $<HTMLElement>('canvas'),
  status: $<HTMLElement>('status'),
  details: $<HTMLElement>('details'),
  legend: $<HTMLElement>('legend'),
  search: $<HTMLInputElement>('search'),
  filterRow: $<HTMLElement>('filters'),
  filters: { owner: $<HTMLSelectElement>('filter-owner'), tier: $<HTMLSelectElement>('filter-tier'), kind: $<HTMLSelectElement>('filter-kind') },
  scenarioBar: $<HTMLElement>('scenario-bar'),
  scenarioSelect: $<HTMLSelectElement>('scenario'),
  phaseLabel: $<HTMLElement>('phase'),
  buttons: {
    filters: $<HTMLButtonElement>('filters-toggle'),
    simulate: $<HTMLButtonElement>('simulate'),
    reset: $<HTMLButtonElement>('reset'),
    fit: $<HTMLButtonElement>('fit'),
    zoomIn: $<HTMLButtonElement>('zoom-in'),
    zoomOut: $<HTMLButtonElement>('zoom-out'),
    legend: $<HTMLButtonElement>('legend-toggle'),
    exportSvg: $<HTMLButtonElement>('export-svg'),
    exportPng: $<HTMLButtonElement>('export-png'),
    overview: $<HTMLButtonElement>('overview'),
    prevPhase: $<HTMLButtonElement>('phase-prev'),
    nextPhase: $<HTMLButtonElement>('phase-next'),
  },
};

/** How many components the map has: a large map's opening view (the overview) says so, its graph holds only the groups. */
export function mapSize(): number {
  const m = state.model;
  return m ? (m.opening?.components ?? m.graph.components.length) : 0;
}

export function setStatus(text: string, level: 'info' | 'error' = 'info'): void {
  dom.status.textContent = text;
  dom.status.title = text;
  dom.status.className = level;
}

/**
 * Times on the page's clock (ms since VS Code started the webview's page) that the end-to-end test reads
 * to split the time from the command to the first paint between VS Code and us.
 */
export interface Marks {
  /** Our script started running. */
  script: number;
  /** The first map arrived. */
  model?: number;
  /** The first picture was painted (the frame after the first paint). */
  firstPaint?: number;
  /** Who laid out the first picture: the extension (sent with the map) or the page's worker. */
  layoutFrom?: 'extension' | 'webview';
  /** Each layout the page's worker made, in ms from asking it. */
  layouts: number[];
  /** The extension's times for the first map (epoch ms): asked the server, answered, laid out, page ready, posted. */
  sent?: { request: number; answered: number; laidOut: number; ready: number; posted: number };
}

export function marks(): Marks {
  const w = window as unknown as { __imMarks?: Marks };
  return (w.__imMarks ??= { script: performance.now(), layouts: [] });
}
