// Runs elkjs off the webview's UI thread: a 1,000-node layout takes about a second and ELK cannot be
// interrupted, so only a worker keeps pan, zoom and typing smooth. The page terminates this worker when
// it misses its deadline.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from '../../server/src/core/graph/layout';

export type LayoutRequest = { id: number; graph: ElkNode };
export type LayoutResponse = { id: number; ok: true; graph: ElkNode; ms: number } | { id: number; ok: false; error: string };

const elk = new ELK();
const scope = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage(m: LayoutResponse): void };

scope.onmessage = async (e) => {
  const { id, graph } = e.data;
  const started = performance.now();
  try {
    const laidOut = (await elk.layout(graph as never)) as unknown as ElkNode;
    scope.postMessage({ id, ok: true, graph: laidOut, ms: performance.now() - started });
  } catch (err) {
    scope.postMessage({ id, ok: false, error: String((err as Error)?.message ?? err) });
  }
};
