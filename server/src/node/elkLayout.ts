// elkjs in-process, for the CLI and the benchmarks (the webview runs the same call in a worker).
import type ElkConstructor from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from '../core/index';

let elk: InstanceType<typeof ElkConstructor> | undefined;

/** Lays out an ELK graph built by the core's elkGraph(); the answer carries root-relative coordinates. */
export async function layoutElk(graph: ElkNode): Promise<ElkNode> {
  // Loaded on first use: evaluating elkjs costs about 140 ms, which `check` and `--version` never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  elk ??= new (require('elkjs/lib/elk.bundled.js') as typeof ElkConstructor)();
  // ELK mutates and returns its input: give it a copy so callers can reuse theirs.
  return (await elk.layout(structuredClone(graph) as never)) as unknown as ElkNode;
}
