// Layout in a worker with a deadline; an unchanged topology reuses the last layout.
import { elkGraph, fallbackLayout, largeGraph, layoutMap, panelView, topologyKey, type ElkNode, type GraphModel } from '../../server/src/core/graph/index';
import type { LayoutRequest, LayoutResponse } from './layoutWorker';
import { post } from './protocol';
import { marks, setStatus, state } from './state';

/** ELK gets this long before the view falls back to the last (or a simple) layout; see docs/PERFORMANCE.md. */
const layoutDeadlineMs = (components: number) => (components > largeGraph ? 10_000 : 30_000);

export class LayoutWorker {
  private worker?: Worker;
  /**
   * The one start in flight. start() awaits the script, so without this a layout asked for while the
   * warm-up was still loading the script started a second worker: the warm-up ran in one, the map was
   * laid out cold in the other, both on the same two cores.
   */
  private starting?: Promise<Worker>;
  private next = 0;
  private pending = new Map<number, { resolve: (g: ElkNode) => void; reject: (e: Error) => void; timer: number }>();
  /** How many workers this page has started (the webview test reads it: one, warm, is the goal). */
  started = 0;

  constructor(private readonly scriptUrl: () => string) {}

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
   * The map's layout queues behind it in the same worker.
   */
  warm(): void {
    void this.layout({ id: 'warm-up', children: [{ id: 'n', width: 10, height: 10 }], edges: [] }, { at: performance.now() + 30_000, ms: 30_000 }).catch(() => undefined);
  }

  private start(): Promise<Worker> {
    if (this.worker) {
      return Promise.resolve(this.worker);
    }
    this.starting ??= this.load().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async load(): Promise<Worker> {
    // Webviews cannot start a worker from a resource URL; fetch the script and start it from a blob.
    const r = await fetch(this.scriptUrl());
    if (!r.ok) {
      throw new Error(`cannot load the layout worker (${r.status})`);
    }
    const url = URL.createObjectURL(new Blob([await r.text()], { type: 'text/javascript' }));
    const worker = new Worker(url);
    this.started++;
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

export const layoutWorker = new LayoutWorker(() => document.body.dataset.workerUri ?? '');
(window as unknown as { __imLayoutWorker: LayoutWorker }).__imLayoutWorker = layoutWorker;

/** The graph to draw: large maps open on the overview (a box per innermost domain). */
export function viewOf(g: GraphModel): GraphModel {
  return panelView(g, state.expanded, state.showAll);
}

/** Lays out the current model's view; resolves true when a new layout was made, false when the last one still holds or a newer model won. */
export async function relayout(): Promise<'same' | 'new' | 'stale'> {
  const m = state.model!;
  const view = viewOf(m.graph);
  const input = elkGraph(view);
  const key = topologyKey(input);
  if (state.laidOut && key === state.layoutKey) {
    state.view = view;
    return 'same';
  }
  const seq = ++state.layoutSeq;
  const started = performance.now();
  if (m.layout?.key === key) {
    // Laid out by the extension (its warm ELK, or a layout it remembers): no worker needed to paint.
    state.laidOut = m.layout.graph;
    state.layoutKey = key;
    state.view = view;
    marks().layoutFrom ??= 'extension';
    return 'new';
  }
  marks().layoutFrom ??= 'webview';
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
    return 'stale'; // a newer model arrived while this one was laid out
  }
  state.laidOut = laidOut;
  state.layoutKey = key;
  state.view = view;
  const ms = Math.round(performance.now() - started);
  marks().layouts.push(ms);
  post({ type: 'log', level: 'info', message: `laid out ${view.components.length} boxes in ${ms} ms` });
  return 'new';
}
