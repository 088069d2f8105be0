// elkjs in-process, for the CLI and the benchmarks (the webview runs the same call in a worker).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from '../core/index';

let elk: InstanceType<typeof ELK> | undefined;

/** Lays out an ELK graph built by the core's elkGraph(); the answer carries root-relative coordinates. */
export async function layoutElk(graph: ElkNode): Promise<ElkNode> {
  elk ??= new ELK();
  // ELK mutates and returns its input: give it a copy so callers can reuse theirs.
  return (await elk.layout(structuredClone(graph) as never)) as unknown as ElkNode;
}
