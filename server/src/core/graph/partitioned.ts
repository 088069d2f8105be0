// Large maps laid out in parts. ELK's layered algorithm with nested containers took 36-44 s for
// 1,000 components (docs/PERFORMANCE.md): every dependency between two zones becomes a chain of dummy
// nodes through every layer it crosses, and crossing minimisation sweeps them all. Failure domains
// are the structure a reader looks for anyway, so the layout follows them:
//   1. each container's own components are laid out alone, with the lines between them;
//   2. the containers are packed, each container's components as one box of that size, nested as
//      the domains nest;
//   3. the two are put together: a line between two boxes leaves its component for a port on its
//      box's border that every line to the same other box shares, crosses to that box's port and
//      enters its target, so the lines between two domains read as one bundle.
// The answer has the shape of ELK's (root coordinates, one section per line), so the scene, the SVG
// painter and the webview draw it without knowing how it was made.
import { layoutOptions, type ElkEdge, type ElkNode, type ElkPoint } from './layout';

/** Runs ELK on one graph (in process in the CLI, in a worker in the webview). */
export type RunElk = (graph: ElkNode) => Promise<ElkNode>;

const blockPrefix = 'b:';

const isContainer = (n: ElkNode) => n.children !== undefined && n.width === undefined;

type Box = { x: number; y: number; width: number; height: number };

interface Block {
  id: string;
  leaves: ElkNode[];
  inner: ElkEdge[];
}

/**
 * Maps with domains are laid out in parts above this many components, or above this many lines between
 * domains. ELK's whole layout routes each line between two domains through the container walls; with
 * a few (the samples: 1-4; 10 generated components with 14) that reads best, with a score or more it
 * becomes a tangle of parallel channels several times the size of the map (looked at: the overview of a
 * generated platform, 9 boxes with 24 such lines; 20 generated components with 50, 40 with 108, 100
 * with 265). It is also slow: 1.1 s at 20 components, 1.5 s at 40, 2.8 s at 100, 6 s at 300, against
 * 0.16-0.4 s in parts; a large map's first overview, 0.4-0.5 s whole against 0.11-0.16 s in parts.
 */
export const partsAbove = { components: 150, linesBetweenDomains: 20 };

/** Whether `input` (an elkGraph answer) is laid out in parts: large or tangled enough, and with domains to divide by. */
export function layoutsInParts(input: ElkNode): boolean {
  return divides(partsOf(input));
}

/** Lays out `input` in parts (see above). Each ELK call is separate, so a caller can bound each one. */
export function layoutInParts(input: ElkNode, run: RunElk): Promise<ElkNode> {
  return layOut(input, partsOf(input), run);
}

/** The layout the webview and `incidentmap graph` draw: in parts when the map is large, else ELK's whole. */
export function layoutMap(input: ElkNode, run: RunElk): Promise<ElkNode> {
  const parts = partsOf(input);
  return divides(parts) ? layOut(input, parts, run) : run(input);
}

interface Parts {
  blocks: Map<string, Block>;
  /** Lines between two blocks; the lines inside one are in its `inner`. */
  cross: { edge: ElkEdge; from: string; to: string }[];
  leafCount: number;
}

function divides({ blocks, cross, leafCount }: Parts): boolean {
  return blocks.size >= 2 && (leafCount > partsAbove.components || cross.length > partsAbove.linesBetweenDomains);
}

function partsOf(input: ElkNode): Parts {
  const blocks = new Map<string, Block>();
  const blockOf = new Map<string, Block>();
  let leafCount = 0;
  const walk = (n: ElkNode) => {
    const leaves = n.children!.filter((c) => !isContainer(c));
    if (leaves.length > 0) {
      const block: Block = { id: blockPrefix + n.id, leaves, inner: [] };
      blocks.set(block.id, block);
      leaves.forEach((l) => blockOf.set(l.id, block));
      leafCount += leaves.length;
    }
    n.children!.filter(isContainer).forEach(walk);
  };
  walk(input);
  const cross: Parts['cross'] = [];
  for (const edge of input.edges ?? []) {
    const from = blockOf.get(edge.sources[0]!);
    const to = blockOf.get(edge.targets[0]!);
    if (from === undefined || to === undefined) {
      continue; // not a line between two drawn components: elkGraph never makes one
    }
    if (from === to) {
      from.inner.push({ id: edge.id, sources: edge.sources, targets: edge.targets });
    } else {
      cross.push({ edge, from: from.id, to: to.id });
    }
  }
  return { blocks, cross, leafCount };
}

async function layOut(input: ElkNode, { blocks, cross, leafCount }: Parts, run: RunElk): Promise<ElkNode> {
  // 1. Each block alone.
  const laidBlocks = new Map<string, ElkNode>();
  for (const b of blocks.values()) {
    laidBlocks.set(
      b.id,
      await run({
        id: b.id,
        layoutOptions: { ...layoutOptions(leafCount), 'elk.hierarchyHandling': 'INHERIT' },
        children: b.leaves.map((l) => ({ id: l.id, width: l.width, height: l.height })),
        edges: b.inner,
      }),
    );
  }

  // 2. The containers, each block as one box, packed: no lines take part, so siblings that call each
  //    other both ways do not become a staircase of layers (they did with ELK layered here).
  const skeleton = (n: ElkNode): ElkNode => {
    const children: ElkNode[] = n.children!.filter(isContainer).map(skeleton);
    const own = laidBlocks.get(blockPrefix + n.id);
    if (own) {
      children.unshift({ id: own.id, width: own.width ?? 0, height: own.height ?? 0 });
    }
    return { id: n.id, layoutOptions: { ...n.layoutOptions, ...packing }, children };
  };
  const top = await run({ ...skeleton(input), layoutOptions: { ...input.layoutOptions, ...packing } });

  // 3. Put together, in root coordinates (the packing answers relative to each parent).
  const placed = new Map<string, ElkNode>();
  const collect = (n: ElkNode, dx: number, dy: number) => {
    const x = (n.x ?? 0) + dx;
    const y = (n.y ?? 0) + dy;
    placed.set(n.id, { ...n, x, y });
    n.children?.forEach((c) => collect(c, x, y));
  };
  collect(top, -(top.x ?? 0), -(top.y ?? 0));
  const leafBox = new Map<string, Box>();
  const compose = (n: ElkNode): ElkNode => {
    const at = placed.get(n.id);
    const out: ElkNode = { id: n.id, x: at?.x, y: at?.y, width: at?.width, height: at?.height, children: [] };
    const block = laidBlocks.get(blockPrefix + n.id);
    const origin = placed.get(blockPrefix + n.id);
    if (block && origin) {
      for (const leaf of block.children ?? []) {
        const box = { x: origin.x! + leaf.x!, y: origin.y! + leaf.y!, width: leaf.width!, height: leaf.height! };
        leafBox.set(leaf.id, box);
        out.children!.push({ id: leaf.id, ...box });
      }
    }
    n.children!.filter(isContainer).forEach((c) => out.children!.push(compose(c)));
    return out;
  };
  const root = compose(input);
  root.x = 0;
  root.y = 0;

  const edges: ElkEdge[] = [];
  for (const [id, laid] of laidBlocks) {
    const origin = placed.get(id)!;
    for (const e of laid.edges ?? []) {
      edges.push({ id: e.id, sources: e.sources, targets: e.targets, sections: e.sections?.map((s) => shiftSection(s, origin.x!, origin.y!)) });
    }
  }
  // A line between two blocks leaves its component for the port of its pair on its block's border,
  // crosses to the other block's port and enters its component: the lines of a pair run as one bundle.
  for (const { edge, from, to } of cross) {
    const a = placed.get(from)!;
    const b = placed.get(to)!;
    const out = exit(box(a), centre(box(b)));
    const into = exit(box(b), centre(box(a)));
    const source = leafBox.get(edge.sources[0]!)!;
    const target = leafBox.get(edge.targets[0]!)!;
    edges.push({ id: edge.id, sources: edge.sources, targets: edge.targets, sections: [{ startPoint: exit(source, out), endPoint: exit(target, into), bendPoints: [out, into] }] });
  }
  // Same order as the input, so the answer does not depend on how the parts were grouped.
  const order = new Map((input.edges ?? []).map((e, i) => [e.id, i]));
  edges.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { ...root, width: top.width, height: top.height, edges };
}

function shiftSection(s: NonNullable<ElkEdge['sections']>[number], dx: number, dy: number): NonNullable<ElkEdge['sections']>[number] {
  const move = (p: ElkPoint) => ({ x: p.x + dx, y: p.y + dy });
  return { startPoint: move(s.startPoint), endPoint: move(s.endPoint), bendPoints: s.bendPoints?.map(move) };
}

const packing = { 'elk.algorithm': 'rectpacking', 'elk.hierarchyHandling': 'SEPARATE_CHILDREN', 'elk.json.shapeCoords': 'PARENT', 'elk.spacing.nodeNode': '48' };

const box = (n: ElkNode): Box => ({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });

const centre = (b: Box): ElkPoint => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Where the line from the centre of `box` towards `toward` leaves the box. */
function exit(box: Box, toward: ElkPoint): ElkPoint {
  const c = centre(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) {
    return c;
  }
  const t = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy));
  return { x: c.x + dx * Math.min(1, t), y: c.y + dy * Math.min(1, t) };
}
