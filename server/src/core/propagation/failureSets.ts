import { FAILOVER, type Edges, type PropGraph } from './graph';
import { CsrBuilder, stronglyConnected, type Sccs } from './scc';
import { carriesFailure } from './semantics';
import { elidedStep, failedPathStep, failsStep, hopStep, livesInStep, maxPathHops, spreadStep, type PathStep } from './simulate';

/** A single failure (one component or one domain) and the tier-1 components it takes down. */
export interface SinglePointHit {
  kind: 'component' | 'domain';
  index: number;
  /** Up to five of the targets taken down (the failed component itself first, when `self`); `total` counts all of them. */
  down: number[];
  total: number;
  /** The failed component is a target and its own failure takes it down (no failover takes over). */
  self: boolean;
  /** Path from the first component in `down` back to the failure, as pathOf() would give it. */
  path: PathStep[];
}

/** One block's bit matrix holds at most this many 32-bit words (16 MB). */
const blockWords = 1 << 22;
/** Targets named per hit; the rest are counted. */
const keep = 5;

/**
 * Which single failures take each target down, for all candidates at once.
 *
 * Running simulate() once per candidate costs O(candidates × edges): minutes at 10,000 components.
 * Instead every candidate failure is one bit, and each component's set of "failures that take me
 * down" is a least fixpoint over the same rules as simulate(), evaluated bitwise: a broken hard edge
 * is OR, failover cover and fallback are AND (the primary and every target must fall). The fixpoint
 * is computed SCC by SCC, dependencies first, over only the components the targets read; on a map
 * without cycles that is one OR pass over each edge. Candidates are processed in blocks sized so the
 * matrix stays under 16 MB. A property test checks it against simulate().
 */
export function singleFailureHits(
  g: PropGraph,
  targets: number[],
  candidates: { components: number[]; domains: number[] },
): SinglePointHit[] {
  const cands = new Candidates(candidates.components, candidates.domains);
  if (cands.count === 0 || targets.length === 0) {
    return [];
  }
  const plan = new Plan(g, targets);
  const hitCount = new Int32Array(cands.count);
  /** Targets other than the candidate itself, and whether the candidate took itself down. */
  const otherCount = new Int32Array(cands.count);
  const selfHit = new Uint8Array(cands.count);
  const firstTargets = new Int32Array(cands.count * keep).fill(-1);
  const paths: PathStep[][] = [];
  // The target each path starts from, to name it first.
  const pathRoot = new Int32Array(cands.count);
  // The component each candidate position fails, -1 for a domain.
  const own = new Int32Array(cands.count);
  for (let pos = 0; pos < cands.count; pos++) {
    own[pos] = cands.isComponent(pos) ? cands.indexOf(pos) : -1;
  }
  const blockBits = Math.max(1024, Math.floor(blockWords / Math.max(1, plan.rows)) * 32);
  for (let b0 = 0; b0 < cands.count; b0 += blockBits) {
    const block = new Block(plan, cands, b0, Math.min(blockBits, cands.count - b0));
    block.solve();
    // Walk set bits word by word: tier-1 down-sets are large, and most words of most sets are full.
    // A target counts as lost only as its dependents see it: down, with every failover target down.
    const W = block.W;
    const lost = new Uint32Array(W);
    for (const t of targets) {
      block.effective(t, lost);
      // effective() only clears bits of t's row, so nothing outside the row's span is set.
      for (let w = block.first(t), end = block.end(t); w < end; w++) {
        let word = lost[w]!;
        while (word !== 0) {
          const low = word & -word;
          const i = (w << 5) + 31 - Math.clz32(low);
          word = (word ^ low) >>> 0;
          // A target's own failure counts (semantics.ts isOutageTarget): a lone tier-1 component is
          // its own single point of failure unless a failover target takes over.
          const pos = b0 + i;
          const k = hitCount[pos]!++;
          if (t === own[pos]) {
            selfHit[pos] = 1;
          } else {
            const s = otherCount[pos]!++;
            if (s < keep) {
              firstTargets[pos * keep + s] = t;
            }
          }
          if (k === 0) {
            const tree = cands.isComponent(pos) ? block.treePath(cands.indexOf(pos), i) : undefined;
            paths[pos] = tree ?? block.derive(t, i);
            pathRoot[pos] = tree ? plan.treeRoot[cands.indexOf(pos)]! : t;
          }
        }
      }
    }
  }
  const out: SinglePointHit[] = [];
  for (let pos = 0; pos < cands.count; pos++) {
    if (hitCount[pos] === 0) {
      continue;
    }
    // The path starts at one of the targets: name that one first, even when it was hit after the
    // five kept (the tree's root is the target nearest the failure, not the first in map order).
    // Plain loops: a typed-array view, Array.from and a spread per hit were a tenth of the walk.
    const base = pos * keep;
    const self = selfHit[pos] === 1;
    const root = pathRoot[pos]!;
    const down: number[] = self ? [own[pos]!] : [];
    if (root !== own[pos]) {
      down.push(root);
    }
    for (let k = 0, kept = Math.min(keep, otherCount[pos]!); k < kept && down.length < keep; k++) {
      if (firstTargets[base + k] !== root) {
        down.push(firstTargets[base + k]!);
      }
    }
    out.push({ kind: cands.isComponent(pos) ? 'component' : 'domain', index: cands.indexOf(pos), down, total: hitCount[pos]!, self, path: paths[pos]! });
  }
  return out;
}

const allComponentsPlan = new WeakMap<PropGraph, Plan>();

/**
 * For each domain in `domains`, which components losing it takes down: 1 where simulate(g, [], [d])
 * says DOWN. All domains at once, one bit each, by the same fixpoint as singleFailureHits; the stress
 * analysis loses every zone a spread lives in, and at 10,000 components one simulate() per zone was
 * most of its time. simulateDomainLoss() (simulate.ts) adds the degradation; a property test holds the
 * result to simulate() on random maps.
 */
export function domainLossDown(g: PropGraph, domains: number[]): Uint8Array[] {
  const n = g.components.length;
  const out = domains.map(() => new Uint8Array(n));
  if (domains.length === 0 || n === 0) {
    return out;
  }
  let plan = allComponentsPlan.get(g);
  if (!plan) {
    plan = new Plan(g, g.components.map((_, c) => c), false);
    allComponentsPlan.set(g, plan);
  }
  const cands = new Candidates([], domains);
  const blockBits = Math.max(1024, Math.floor(blockWords / Math.max(1, plan.rows)) * 32);
  for (let b0 = 0; b0 < cands.count; b0 += blockBits) {
    const block = new Block(plan, cands, b0, Math.min(blockBits, cands.count - b0));
    block.solve();
    for (let c = 0; c < n; c++) {
      block.eachDown(c, (i) => {
        out[b0 + i]![c] = 1;
      });
    }
  }
  return out;
}

/** Candidate failures by bit position: the components first, then the domains. */
class Candidates {
  readonly count: number;
  constructor(
    private readonly components: number[],
    private readonly domains: number[],
  ) {
    this.count = components.length + domains.length;
  }
  isComponent(pos: number): boolean {
    return pos < this.components.length;
  }
  indexOf(pos: number): number {
    return pos < this.components.length ? this.components[pos]! : this.domains[pos - this.components.length]!;
  }
}

/** What the blocks share: the graph as flat arrays, the evaluation order and the path tree. */
class Plan {
  readonly edges: Edges;
  /** Per component, its contributing edges (hard, synchronous, no fallback that needs nothing), as a CSR. */
  readonly cOff: Int32Array;
  readonly cEdge: Int32Array;
  /** Components whose own set reads itself (a self-loop, possibly through a failover or fallback). */
  readonly selfRead: Uint8Array;
  /** SCCs of what the targets read, dependencies first; `pure[k]`: joined only by OR. */
  readonly sccs: Sccs;
  readonly pure: Uint8Array;
  /**
   * Row of each component in the bit matrix, -1 when no target reads it: on a large map only about
   * half are read, and every row not allocated is memory the first pass need not touch.
   */
  readonly rowOf: Int32Array;
  readonly rows: number;
  /** Per edge: a hard edge with no failover behind its target, no network path and no fallback. */
  readonly plainEdge: Uint8Array;
  readonly edgeRow: Int32Array;
  /** One shortest-path tree from all targets over contributing edges: most hits take their path from it. */
  readonly treeParent: Int32Array;
  readonly treeRoot: Int32Array;
  /** The path step of the tree hop into each component, made when a path first uses it. */
  readonly treeStep: (PathStep | undefined)[];

  constructor(
    readonly g: PropGraph,
    targets: number[],
    /** Whether to build the path tree (singleFailureHits explains its hits; domainLossDown does not). */
    paths = true,
  ) {
    const n = g.components.length;
    const edges = (this.edges = g.edges);
    const { to, fallback, viaComponents, routed } = edges;
    const { componentFlags } = g;
    const contributing = new CsrBuilder(n);
    for (let u = 0; u < n; u++) {
      for (let ei = g.outStart[u]!; ei < g.outStart[u + 1]!; ei++) {
        if (carriesFailure(edges, ei)) {
          contributing.add(ei);
        }
      }
      contributing.next();
    }
    const { offsets: cOff, targets: cEdge } = contributing.build();
    this.cOff = cOff;
    this.cEdge = cEdge;
    const selfRead = (this.selfRead = new Uint8Array(n));
    const reads = new CsrBuilder(n);
    for (let u = 0; u < n; u++) {
      for (let k = cOff[u]!; k < cOff[u + 1]!; k++) {
        const ei = cEdge[k]!;
        const v = to[ei]!;
        reads.add(v);
        if (componentFlags[v]! & FAILOVER) {
          for (const t of g.failoverTargets[v]!) {
            reads.add(t);
          }
        }
        if (routed[ei]) {
          for (const c of viaComponents[ei]!) {
            reads.add(c);
            for (const t of g.failoverTargets[c]!) {
              reads.add(t);
            }
          }
        }
        if (fallback[ei]! >= 0) {
          reads.add(fallback[ei]!);
        }
      }
      reads.next();
    }
    const readList = reads.build();
    for (let u = 0; u < n; u++) {
      for (let k = readList.offsets[u]!; k < readList.offsets[u + 1]!; k++) {
        if (readList.targets[k] === u) {
          selfRead[u] = 1;
        }
      }
    }
    const sccs = (this.sccs = stronglyConnected(n, readList, [...targets, ...targets.flatMap((t) => g.failoverTargets[t]!)]));
    // Rows in SCC order: the row of sccs.members[j] is j.
    const rowOf = (this.rowOf = new Int32Array(n).fill(-1));
    sccs.members.forEach((u, j) => (rowOf[u] = j));
    this.rows = sccs.members.length;
    const plainEdge = (this.plainEdge = new Uint8Array(edges.count));
    const edgeRow = (this.edgeRow = new Int32Array(edges.count));
    for (let ei = 0; ei < edges.count; ei++) {
      const v = to[ei]!;
      edgeRow[ei] = rowOf[v]!;
      plainEdge[ei] = routed[ei] === 0 && fallback[ei]! < 0 && (componentFlags[v]! & FAILOVER) === 0 ? 1 : 0;
    }
    // In an SCC joined only by OR (no failover cover, no fallback), every member ends with the same set:
    // one union instead of a fixpoint iteration. Real maps rarely have cycles; generated and hostile ones do.
    const pure = (this.pure = new Uint8Array(sccs.count));
    for (let k = 0; k < sccs.count; k++) {
      pure[k] = sccs.start[k + 1]! - sccs.start[k]! > 1 ? 1 : 0;
      for (let j = sccs.start[k]!; j < sccs.start[k + 1]! && pure[k]; j++) {
        const u = sccs.members[j]!;
        for (let ei = g.outStart[u]!; ei < g.outStart[u + 1]!; ei++) {
          const plainOr = fallback[ei] === -1 && (componentFlags[to[ei]!]! & FAILOVER) === 0 && viaComponents[ei]!.every((c) => (componentFlags[c]! & FAILOVER) === 0);
          if (carriesFailure(edges, ei) && !plainOr) {
            pure[k] = 0;
            break;
          }
        }
      }
    }
    const treeParent = (this.treeParent = new Int32Array(n).fill(-1)); // edge index into the node, from its parent
    const treeRoot = (this.treeRoot = new Int32Array(n).fill(-1));
    this.treeStep = new Array<PathStep | undefined>(paths ? n : 0);
    if (!paths) {
      return;
    }
    const queue = [...targets];
    targets.forEach((t) => (treeRoot[t] = t));
    const reach = (v: number, u: number, ei: number) => {
      if (treeRoot[v] === -1) {
        treeRoot[v] = treeRoot[u]!;
        treeParent[v] = ei;
        queue.push(v);
      }
    };
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q]!;
      for (let k = cOff[u]!; k < cOff[u + 1]!; k++) {
        const ei = cEdge[k]!;
        reach(to[ei]!, u, ei);
        if (routed[ei]) {
          for (const v of viaComponents[ei]!) {
            reach(v, u, ei);
          }
        }
      }
    }
  }
}

/**
 * The fixpoint for one block of candidates, and the paths that explain its bits. A class rather than
 * closures: closures made anew on every call gave V8 a new call target each time, and the optimised
 * code was thrown away on every analysis ("wrong call target").
 */
class Block {
  readonly W: number;
  /** Row r, word w: F[r * W + w]. Starts as each row's own failures, grows to the fixpoint. */
  private readonly F: Uint32Array;
  /** Bits of the candidates whose failure fails domain d (ancestors included). */
  private readonly domainBits: Uint32Array;
  /**
   * Domain candidates come after the components, so in a block the domain bits occupy a few words at
   * most: [dLo, dHi) bounds every word of domainBits that can be non-zero, and the loops over domain
   * bits touch only those (in the first blocks of a large map, none at all).
   */
  private dLo: number;
  private dHi = 0;
  private readonly edgeOut: Uint32Array;
  /** derive()'s visited marks: visited[u] === stamp when this call has seen u. */
  private readonly visited: Int32Array;
  private stamp = 0;
  private readonly scratch: Uint32Array;
  /**
   * Per row, the words [lo, hi) outside which it is zero. Most rows hold a few bits: at 10,000
   * components and 50,000 dependencies the non-zero words of a row span 40% of it on average, and
   * the OR of the fixpoint then touches only those.
   */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;

  constructor(
    private readonly plan: Plan,
    private readonly cands: Candidates,
    private readonly b0: number,
    size: number,
  ) {
    const g = plan.g;
    const W = (this.W = Math.ceil(size / 32));
    const F = (this.F = matrix(plan.rows * W));
    const domainBits = (this.domainBits = new Uint32Array(g.domains.length * W));
    this.edgeOut = new Uint32Array(W);
    this.visited = new Int32Array(g.components.length);
    this.scratch = new Uint32Array(W);
    this.dLo = W;
    for (let i = 0; i < size; i++) {
      const failed = cands.indexOf(b0 + i);
      if (cands.isComponent(b0 + i)) {
        const r = plan.rowOf[failed]!;
        if (r >= 0) {
          F[r * W + (i >>> 5)]! |= 1 << (i & 31);
        }
        continue;
      }
      this.dLo = Math.min(this.dLo, i >>> 5);
      this.dHi = Math.max(this.dHi, (i >>> 5) + 1);
      // every domain below the failed one fails with it (those whose parent chain reaches it)
      for (const d of domainsUnder(g, failed)) {
        domainBits[d * W + (i >>> 5)]! |= 1 << (i & 31);
      }
    }
    const { dLo, dHi } = this;
    for (let u = 0; u < g.components.length && dLo < dHi; u++) {
      const o = plan.rowOf[u]! * W;
      if (o < 0) {
        continue;
      }
      for (const d of g.compDomains[u]!) {
        for (let w = dLo; w < dHi; w++) {
          F[o + w]! |= domainBits[d * W + w]!;
        }
      }
      const spread = g.compSpread[u]!;
      if (spread.length > 0) {
        // all entries must fall: intersect each entry's "fails this entry" bits
        for (let w = dLo; w < dHi; w++) {
          let acc = 0xffffffff;
          for (const entry of spread) {
            acc &= domainBits[entry[0]! * W + w]!;
          }
          F[o + w]! |= acc;
        }
      }
    }
    const lo = (this.lo = new Int32Array(plan.rows).fill(W));
    const hi = (this.hi = new Int32Array(plan.rows));
    for (let r = 0; r < plan.rows; r++) {
      const o = r * W;
      let w = 0;
      while (w < W && F[o + w] === 0) {
        w++;
      }
      if (w < W) {
        lo[r] = w;
        let e = W;
        while (F[o + e - 1] === 0) {
          e--;
        }
        hi[r] = e;
      }
    }
  }

  /** Calls f with each candidate bit (block-relative) in v's row: the failures that take v down. */
  eachDown(v: number, f: (i: number) => void): void {
    const r = this.plan.rowOf[v]!;
    if (r < 0) {
      return;
    }
    const o = r * this.W;
    for (let w = this.lo[r]!, end = this.hi[r]!; w < end; w++) {
      let word = this.F[o + w]!;
      while (word !== 0) {
        const low = word & -word;
        f((w << 5) + 31 - Math.clz32(low));
        word = (word ^ low) >>> 0;
      }
    }
  }

  /** The words of v's row that may be non-zero: [first, end). */
  first(v: number): number {
    return this.lo[this.plan.rowOf[v]!]!;
  }
  end(v: number): number {
    return this.hi[this.plan.rowOf[v]!]!;
  }

  solve(): void {
    const { sccs, pure, rowOf, selfRead } = this.plan;
    const { start, members } = sccs;
    const { F, W } = this;
    for (let k = 0; k < sccs.count; k++) {
      const a = start[k]!;
      const b = start[k + 1]!;
      if (b - a === 1) {
        const u = members[a]!;
        this.evaluate(u, false);
        if (selfRead[u] === 1) {
          while (this.evaluate(u, true));
        }
        continue;
      }
      if (pure[k]) {
        // Members still hold only their own failures, so this accumulates exactly the external inputs.
        const union = new Uint32Array(W);
        let ulo = W;
        let uhi = 0;
        for (let j = a; j < b; j++) {
          const u = members[j]!;
          this.evaluate(u, false);
          const r = rowOf[u]!;
          const o = r * W;
          for (let w = this.lo[r]!; w < this.hi[r]!; w++) {
            union[w]! |= F[o + w]!;
          }
          ulo = Math.min(ulo, this.lo[r]!);
          uhi = Math.max(uhi, this.hi[r]!);
        }
        for (let j = a; j < b; j++) {
          const r = rowOf[members[j]!]!;
          F.set(union, r * W);
          this.lo[r] = ulo;
          this.hi[r] = uhi;
        }
        continue;
      }
      // Passes in Tarjan's member order (deepest first), so values flow with the grain and a few
      // passes reach the fixpoint; a worklist in stack order was measured to be far slower.
      for (let changed = true; changed; ) {
        changed = false;
        for (let j = a; j < b; j++) {
          changed = this.evaluate(members[j]!, true) || changed;
        }
      }
    }
  }

  /** ORs every contributing edge into u's row; with `track`, says whether the row grew. */
  private evaluate(u: number, track: boolean): boolean {
    const { cOff, cEdge, plainEdge, edgeRow, rowOf } = this.plan;
    const { F, W, edgeOut } = this;
    const r = rowOf[u]!;
    const o = r * W;
    let lo = this.lo[r]!;
    let hi = this.hi[r]!;
    let changed = false;
    for (let k = cOff[u]!; k < cOff[u + 1]!; k++) {
      const ei = cEdge[k]!;
      // Most edges are a plain call: u is down whenever the target is, read straight from its row.
      let src = F;
      const sr = edgeRow[ei]!;
      let so = sr * W;
      let from = this.lo[sr]!;
      let to = this.hi[sr]!;
      if (plainEdge[ei] === 0) {
        this.edgeBits(ei, edgeOut);
        src = edgeOut;
        so = 0;
        for (from = 0; from < W && edgeOut[from] === 0; from++);
        for (to = W; to > from && edgeOut[to - 1] === 0; to--);
      }
      if (from >= to) {
        continue;
      }
      lo = Math.min(lo, from);
      hi = Math.max(hi, to);
      if (!track) {
        for (let w = from; w < to; w++) {
          F[o + w]! |= src[so + w]!;
        }
        continue;
      }
      for (let w = from; w < to; w++) {
        const cur = F[o + w]!;
        const next = (cur | src[so + w]!) >>> 0;
        if (next !== cur) {
          F[o + w] = next;
          changed = true;
        }
      }
    }
    this.lo[r] = lo;
    this.hi[r] = hi;
    return changed;
  }

  /** Bits under which `v` is lost to its dependents: down, and every failover target down too. */
  effective(v: number, out: Uint32Array): void {
    const { F, W } = this;
    const { rowOf, g } = this.plan;
    const o = rowOf[v]! * W;
    // A loop, not out.set(F.subarray(...)): a view object per call, thousands per analysis.
    for (let w = 0; w < W; w++) {
      out[w] = F[o + w]!;
    }
    if ((g.componentFlags[v]! & FAILOVER) === 0) {
      return;
    }
    for (const t of g.failoverTargets[v]!) {
      const ot = rowOf[t]! * W;
      for (let w = 0; w < W; w++) {
        out[w]! &= F[ot + w]!;
      }
    }
  }

  /** Bits under which edge ei breaks: its target or a component on its path lost, or a domain on its path down, and the fallback down too. */
  private edgeBits(ei: number, out: Uint32Array): void {
    const { F, W, domainBits, dLo, dHi, scratch } = this;
    const { to, fallback, viaComponents, viaDomains } = this.plan.edges;
    this.effective(to[ei]!, out);
    for (const d of viaDomains[ei]!) {
      for (let w = dLo; w < dHi; w++) {
        out[w]! |= domainBits[d * W + w]!;
      }
    }
    for (const c of viaComponents[ei]!) {
      this.effective(c, scratch);
      for (let w = 0; w < W; w++) {
        out[w]! |= scratch[w]!;
      }
    }
    if (fallback[ei]! >= 0) {
      const of = this.plan.rowOf[fallback[ei]!]! * W;
      for (let w = 0; w < W; w++) {
        out[w]! &= F[of + w]!;
      }
    }
  }

  private bit(arr: Uint32Array, row: number, i: number): boolean {
    return (arr[row * this.W + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  /** Bit i of component v's row. */
  private down(v: number, i: number): boolean {
    return this.bit(this.F, this.plan.rowOf[v]!, i);
  }

  /** Bit i of `v` as its dependents see it: down, and every failover target down too. */
  private lost(v: number, i: number): boolean {
    if (!this.down(v, i)) {
      return false;
    }
    if ((this.plan.g.componentFlags[v]! & FAILOVER) === 0) {
      return true;
    }
    for (const t of this.plan.g.failoverTargets[v]!) {
      if (!this.down(t, i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether failure i takes component u down by itself: u is the candidate, or loses its domains. */
  private starts(u: number, i: number): boolean {
    const { g } = this.plan;
    const pos = this.b0 + i;
    if (this.cands.isComponent(pos)) {
      return this.cands.indexOf(pos) === u;
    }
    for (const d of g.compDomains[u]!) {
      if (this.bit(this.domainBits, d, i)) {
        return true;
      }
    }
    const spread = g.compSpread[u]!;
    for (const entry of spread) {
      if (!this.bit(this.domainBits, entry[0]!, i)) {
        return false;
      }
    }
    return spread.length > 0;
  }

  /** The tree path from a target down to component x, if every hop really carries failure i. */
  treePath(x: number, i: number): PathStep[] | undefined {
    const { treeRoot, treeParent, treeStep, edges, g } = this.plan;
    const root = treeRoot[x]!;
    if (root < 0 || root === x || !this.lost(root, i)) {
      return undefined;
    }
    const steps: PathStep[] = [];
    for (let v = x; v !== root; ) {
      if (steps.length >= maxPathHops) {
        return undefined; // a long path: derive() names its first hops, at a bounded cost per hit
      }
      const ei = treeParent[v]!;
      const fallback = edges.fallback[ei]!;
      if (!this.lost(v, i) || (fallback >= 0 && !this.down(fallback, i))) {
        return undefined;
      }
      // Hits share the tree's upper hops: each hop's step is made once and shared (steps are read-only).
      steps.push((treeStep[v] ??= hopStep(g, ei, edges.to[ei] === v)));
      v = edges.from[ei]!;
    }
    // Made last: a tree path that breaks on the way (a tenth of them) then never reads x's component.
    steps.reverse();
    steps.push(this.initStep(x, i));
    return steps;
  }

  /**
   * A chain of edges carrying bit i from t down to where it starts. Depth-first with a visited set:
   * every visited node has the bit, and the least fixpoint guarantees one branch reaches its origin.
   * The walk keeps edge numbers; only the chain it returns is turned into steps, which read the
   * model (a dependency's ranges, a component's id), so dead ends cost no reads of it.
   */
  derive(t: number, i: number): PathStep[] {
    const { cOff, cEdge, edges, g } = this.plan;
    const { to, fallback, viaDomains, viaComponents } = edges;
    const visited = this.visited;
    const stamp = ++this.stamp;
    // nodes[d]: the chain so far; next[d]: the next contributing edge of nodes[d] to try; taken[d]:
    // the edge from nodes[d] to nodes[d + 1].
    const nodes = [t];
    const next = [cOff[t]!];
    const taken: number[] = [];
    visited[t] = stamp;
    while (nodes.length > 0) {
      const d = nodes.length - 1;
      const u = nodes[d]!;
      if (next[d] === cOff[u] && this.starts(u, i)) {
        return this.chain(nodes, taken, this.initStep(u, i));
      }
      // Every node on the chain is lost under i, so a way on to the origin exists: after maxPathHops
      // hops the path says it goes on rather than walking it (per hit, a chain's whole length: its
      // square), as pathOf() does; only an end here (above, or a failed network path below) is named.
      const atLimit = d >= maxPathHops; // d hops from t to u
      let pushed = false;
      while (next[d]! < cOff[u + 1]! && !pushed) {
        const ei = cEdge[next[d]!++]!;
        if (fallback[ei]! >= 0 && !this.down(fallback[ei]!, i)) {
          continue;
        }
        for (const x of viaDomains[ei]!) {
          if (this.bit(this.domainBits, x, i)) {
            return this.chain(nodes, taken, failedPathStep(g, ei, x));
          }
        }
        if (atLimit) {
          continue;
        }
        let v = this.lost(to[ei]!, i) ? to[ei]! : -1;
        for (let k = 0; v < 0 && k < viaComponents[ei]!.length; k++) {
          if (this.lost(viaComponents[ei]![k]!, i)) {
            v = viaComponents[ei]![k]!;
          }
        }
        if (v < 0 || visited[v] === stamp) {
          continue;
        }
        visited[v] = stamp;
        taken[d] = ei;
        nodes.push(v);
        next.push(cOff[v]!);
        pushed = true;
      }
      if (atLimit) {
        return this.chain(nodes, taken, elidedStep(g.components[u]!.id));
      }
      if (!pushed) {
        nodes.pop();
        next.pop();
      }
    }
    return [{ component: g.components[t]!.id, how: 'fails' }];
  }

  /** The steps of derive()'s chain: one per hop, then `last`. */
  private chain(nodes: number[], taken: number[], last: PathStep): PathStep[] {
    const { edges, g } = this.plan;
    const steps: PathStep[] = [];
    for (let d = 0; d + 1 < nodes.length; d++) {
      steps.push(hopStep(g, taken[d]!, nodes[d + 1] === edges.to[taken[d]!]));
    }
    steps.push(last);
    return steps;
  }

  private initStep(u: number, i: number): PathStep {
    const { g } = this.plan;
    const comp = g.components[u]!;
    if (this.cands.isComponent(this.b0 + i)) {
      return failsStep(comp);
    }
    const direct = g.compDomains[u]!.find((d) => this.bit(this.domainBits, d, i));
    if (direct !== undefined) {
      return livesInStep(comp, g.domains[direct]!);
    }
    return spreadStep(comp, g.compSpread[u]!.map((ch) => g.domains[ch[0]!]!.id).join(', '), true);
  }
}

// The matrix is kept from one analysis to the next: a fresh one of a few MB is zero pages, and the
// first pass then paid a page fault per 4 KB, measured as costly as the fixpoint itself. At most
// blockWords (16 MB); one block at a time uses it, and the analysis is synchronous.
let spare: Uint32Array | undefined;
function matrix(words: number): Uint32Array {
  if (!spare || spare.length < words) {
    spare = new Uint32Array(words);
  }
  const m = spare.subarray(0, words);
  m.fill(0);
  return m;
}

/** Per graph: each domain's direct children by parent pointer, parent cycles included. */

/**
 * The domains whose parent chain reaches `failed` (itself included): what fails with it. A walk down
 * from it, O(what it finds); asking every domain's ancestor chain instead cost 25 s at 1,000 nested
 * domains. A parent cycle (reported elsewhere) is walked once.
 */
function domainsUnder(g: PropGraph, failed: number): number[] {
  const out = [failed];
  const seen = new Set(out);
  for (let k = 0; k < out.length; k++) {
    for (const c of g.domainChildren[out[k]!]!) {
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
  }
  return out;
}
