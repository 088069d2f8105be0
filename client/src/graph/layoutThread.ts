// ELK in a Node worker thread of the extension host, for every graph panel of the window: started and
// warmed once when the extension activates, so a panel's page gets its first layout with its map instead
// of fetching, compiling and warming elkjs (3 MB) in a worker of its own (2.9-9.4 s on a loaded machine,
// docs/PERFORMANCE.md). esbuild resolves elkjs to ./elk.js beside this bundle (esbuild.mjs).
import ELK from 'elkjs/lib/elk.bundled.js';
import { parentPort } from 'node:worker_threads';
import type { ElkNode } from '../../../server/src/core/graph/layout';

export type ThreadRequest = { id: number; graph: ElkNode };
export type ThreadResponse = { id: number; ok: true; graph: ElkNode } | { id: number; ok: false; error: string };

const elk = new ELK();

parentPort?.on('message', async ({ id, graph }: ThreadRequest) => {
  try {
    const laidOut = (await elk.layout(graph as never)) as unknown as ElkNode;
    parentPort!.postMessage({ id, ok: true, graph: laidOut } satisfies ThreadResponse);
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, error: String((err as Error)?.message ?? err) } satisfies ThreadResponse);
  }
});
