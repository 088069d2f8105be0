/** Adjacency in compressed sparse rows: the successors of v are `targets[offsets[v]]` up to `targets[offsets[v + 1]]`. */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

/**
 * Builds a Csr vertex by vertex: `add` the successors of vertex 0, `next()`, those of vertex 1, and
 * so on. Typed arrays instead of one array per vertex (walks over 10,000 components allocate two
 * arrays, not 10,000), and methods rather than a visitor callback, which V8 would see as a new call
 * target on every analysis.
 */
export class CsrBuilder {
  private readonly offsets: Int32Array;
  private targets: Int32Array;
  private length = 0;
  private vertex = 0;

  constructor(n: number) {
    this.offsets = new Int32Array(n + 1);
    this.targets = new Int32Array(Math.max(16, n * 2));
  }

  add(w: number): void {
    if (this.length === this.targets.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.targets);
      this.targets = grown;
    }
    this.targets[this.length++] = w;
  }

  /** Ends the current vertex's successors. */
  next(): void {
    this.offsets[++this.vertex] = this.length;
  }

  build(): Csr {
    return { offsets: this.offsets, targets: this.targets.subarray(0, this.length) };
  }
}

/**
 * Strongly connected components, flat: component k is `members[start[k]]` up to `members[start[k + 1]]`.
 * Two typed arrays rather than an array per component: nearly every component of a map is a single
 * vertex, and 10,000 one-element arrays that live through the analysis made its young collections slow.
 */
export interface Sccs {
  count: number;
  start: Int32Array;
  members: Int32Array;
}

/** The members of component k, as an array: for the few components a caller looks at closely. */
export function sccMembers(sccs: Sccs, k: number): number[] {
  return Array.from(sccs.members.subarray(sccs.start[k], sccs.start[k + 1]));
}

/**
 * Tarjan's strongly connected components, iterative (maps can be deep; no recursion). Components come
 * out successors first. With `roots`, only what the roots reach is visited.
 */
export function stronglyConnected(n: number, adj: Csr, roots?: ArrayLike<number>): Sccs {
  const { offsets, targets } = adj;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  // The depth-first path: vertex and the position of its next successor to try.
  const pathVertex = new Int32Array(n);
  const pathNext = new Int32Array(n);
  const start = new Int32Array(n + 1);
  const members = new Int32Array(n);
  let sccCount = 0;
  let written = 0;
  let counter = 0;
  const count = roots ? roots.length : n;
  for (let r = 0; r < count; r++) {
    const root = roots ? roots[r]! : r;
    if (index[root] !== -1) {
      continue;
    }
    let depth = 0;
    pathVertex[0] = root;
    pathNext[0] = offsets[root]!;
    index[root] = low[root] = counter++;
    stack[top++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = pathVertex[depth]!;
      const k = pathNext[depth]!;
      if (k < offsets[v + 1]!) {
        pathNext[depth] = k + 1;
        const w = targets[k]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[top++] = w;
          onStack[w] = 1;
          depth++;
          pathVertex[depth] = w;
          pathNext[depth] = offsets[w]!;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      depth--;
      if (depth >= 0) {
        const parent = pathVertex[depth]!;
        if (low[v]! < low[parent]!) {
          low[parent] = low[v]!;
        }
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--top]!;
          onStack[w] = 0;
          members[written++] = w;
        } while (w !== v);
        start[++sccCount] = written;
      }
    }
  }
  return { count: sccCount, start: start.subarray(0, sccCount + 1), members: members.subarray(0, written) };
}
