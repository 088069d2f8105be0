// The extension's side of the graph layout: one ELK thread (layoutThread.ts) for every panel, warmed at
// activation, and the layouts of the last few views, so reopening a panel paints at once. The webview
// still lays out what the user asks for later (expanding a domain, every component) in its own worker.
import { Worker } from 'node:worker_threads';
import { elkGraph, layoutMap, topologyKey, type ElkNode, type GraphModel } from '../../../server/src/core/graph/index';
import type { ThreadRequest, ThreadResponse } from './layoutThread';

/** How many recent layouts are kept (a 1,000-component layout is a few hundred KB). */
const remembered = 8;
/** ELK cannot be interrupted: a layout still running after this ends its thread (the next one starts a new one). */
const runawayMs = 30_000;

export class LayoutHost {
  private worker?: Worker;
  private next = 0;
  private pending = new Map<number, { resolve: (g: ElkNode) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private cache = new Map<string, ElkNode>();

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts the thread and has ELK lay out one node, so its code is compiled before the first map. */
  warm(): void {
    void this.run({ id: 'warm-up', children: [{ id: 'n', width: 10, height: 10 }], edges: [] }).catch(() => undefined);
  }

  /** The laid-out view and its topology key: from the cache when the topology was laid out before. */
  async layout(view: GraphModel): Promise<{ key: string; graph: ElkNode; cached: boolean }> {
    const input = elkGraph(view);
    const key = topologyKey(input);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit); // most recently used last
      return { key, graph: hit, cached: true };
    }
    const graph = await layoutMap(input, (g) => this.run(g));
    this.cache.set(key, graph);
    while (this.cache.size > remembered) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    return { key, graph, cached: false };
  }

  dispose(): void {
    this.stop(new Error('the extension is stopping'));
  }

  private run(graph: ElkNode): Promise<ElkNode> {
    const worker = this.start();
    const id = ++this.next;
    return new Promise<ElkNode>((resolve, reject) => {
      const timer = setTimeout(() => this.stop(new Error(`the layout took longer than ${runawayMs / 1000} s`)), runawayMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, graph } satisfies ThreadRequest);
    });
  }

  private start(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const worker = new Worker(this.script);
    worker.on('message', (m: ThreadResponse) => {
      const p = this.pending.get(m.id);
      if (!p) {
        return;
      }
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) {
        p.resolve(m.graph);
      } else {
        p.reject(new Error(m.error));
      }
    });
    worker.on('error', (e) => {
      this.log(`graph layout thread failed: ${e.message}`);
      this.stop(e);
    });
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.stop(new Error('the layout thread stopped'));
      }
    });
    // The thread must not keep the extension host alive on its own.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stop(error: Error): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
