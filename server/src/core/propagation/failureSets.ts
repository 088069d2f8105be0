import type { PropGraph } from './graph';
import { stronglyConnected } from './scc';
import type { PathStep } from './simulate';

/** A single failure (one component or one domain) and the tier-1 components it takes down. */
export interface SinglePointHit {
  kind: 'component' | 'domain';
  index: number;
  /** Up to five of the targets taken down; `total` counts all of them. */
  down: number[];
  total: number;
  /** Path from the first component in `down` back to the failure, as pathOf() would give it. */
  path: PathStep[];
}

const blockBits = 2048;

/**
 * Which single failures take each target down, for all candidates at once.
 *
 * Running simulate() once per candidate costs O(candidates × edges): minutes at 10,000 components.
 * Instead every candidate failure is one bit, and each component's set of "failures that take me
 * down" is a least fixpoint over the same rules as simulate(), evaluated bitwise: a broken hard edge
 * is OR, failover cover and fallback are AND (the primary and every target must fall). The fixpoint
 * is computed SCC by SCC, dependencies first; candidates are processed in blocks of 2048 bits so
 * memory stays at (components × 256 bytes). A property test checks it against simulate().
 */
export function singleFailureHits(
  g: PropGraph,
  targets: number[],
  candidates: { components: number[]; domains: number[] },
): SinglePointHit[] {
  const n = g.components.length;
  const cands: { kind: 'component' | 'domain'; index: number }[] = [
    ...candidates.components.map((index) => ({ kind: 'component' as const, index })),
    ...candidates.domains.map((index) => ({ kind: 'domain' as const, index })),
  ];
  if (cands.length === 0 || targets.length === 0) {
    return [];
  }
  // Domain ancestry chains: failing domain d fails everything whose chain contains d.
  const chain = (d: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let x = d; x >= 0 && !seen.has(x); x = g.domainParent[x] ?? -1) {
      seen.add(x);
      out.push(x);
    }
    return out;
  };
  // Evaluation order: what each component's set reads from.
  const reads: number[][] = g.components.map((_, u) => {
    const r: number[] = [];
    for (const ei of g.out[u]!) {
      const e = g.edges[ei]!;
      if (!e.hard || !e.sync || e.fallback === -2) {
        continue;
      }
      r.push(e.to, ...g.failoverTargets[e.to]!);
      for (const c of e.viaComponents) {
        r.push(c, ...g.failoverTargets[c]!);
      }
      if (e.fallback >= 0) {
        r.push(e.fallback);
      }
    }
    return r;
  });
  const sccs = stronglyConnected(n, (u) => reads[u]!); // dependencies come out first
  // In an SCC joined only by OR (no failover cover, no fallback), every member ends with the same set:
  // one union instead of a fixpoint iteration. Real maps rarely have cycles; generated and hostile ones do.
  const pureScc = sccs.map((scc) =>
    scc.length > 1 &&
    scc.every((u) =>
      g.out[u]!.every((ei) => {
        const e = g.edges[ei]!;
        return !e.hard || !e.sync || e.fallback === -2 || (e.fallback === -1 && g.failoverTargets[e.to]!.length === 0 && e.viaComponents.every((c) => g.failoverTargets[c]!.length === 0));
      }),
    ),
  );
  const contributingEdges = g.components.map((_, u) =>
    g.out[u]!.filter((ei) => {
      const e = g.edges[ei]!;
      return e.hard && e.sync && e.fallback !== -2;
    }),
  );

  // A hard edge with no failover behind its target, no network path and no fallback.
  const plainEdge = new Uint8Array(g.edges.length);
  g.edges.forEach((e, ei) => {
    plainEdge[ei] = e.viaDomains.length === 0 && e.viaComponents.length === 0 && e.fallback < 0 && g.failoverTargets[e.to]!.length === 0 ? 1 : 0;
  });

  // One shortest-path tree from all targets over hard edges: most hits take their path from it.
  const treeParent = new Int32Array(n).fill(-1); // edge index into the node, from its parent
  const treeRoot = new Int32Array(n).fill(-1);
  {
    const queue = [...targets];
    targets.forEach((t) => (treeRoot[t] = t));
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q]!;
      for (const ei of contributingEdges[u]!) {
        const e = g.edges[ei]!;
        for (const v of [e.to, ...e.viaComponents]) {
          if (treeRoot[v] === -1) {
            treeRoot[v] = treeRoot[u]!;
            treeParent[v] = ei;
            queue.push(v);
          }
        }
      }
    }
  }

  const keep = 5; // targets named per hit; the rest are counted
  const hitCount = new Int32Array(cands.length);
  const firstTargets = new Int32Array(cands.length * keep).fill(-1);
  const paths = new Map<number, PathStep[]>();
  for (let b0 = 0; b0 < cands.length; b0 += blockBits) {
    const block = cands.slice(b0, b0 + blockBits);
    const W = Math.ceil(block.length / 32);
    const F = new Uint32Array(n * W);
    const init = new Uint32Array(n * W);
    const domainBits = new Uint32Array(g.domains.length * W); // bits of the candidates whose failure fails domain d
    block.forEach((c, i) => {
      if (c.kind === 'component') {
        init[c.index * W + (i >>> 5)]! |= 1 << (i & 31);
      }
    });
    // Domain candidates come after the components, so in a block the domain bits occupy a few words
    // at most: [dLo, dHi) bounds every word of domainBits that can be non-zero, and the loops over
    // domain bits below touch only those (in the first blocks of a large map, none at all).
    let dLo = W;
    let dHi = 0;
    block.forEach((c, i) => {
      if (c.kind !== 'domain') {
        return;
      }
      dLo = Math.min(dLo, i >>> 5);
      dHi = Math.max(dHi, (i >>> 5) + 1);
      // every domain below c (c in its chain) fails when c fails
      for (let d = 0; d < g.domains.length; d++) {
        if (chain(d).includes(c.index)) {
          domainBits[d * W + (i >>> 5)]! |= 1 << (i & 31);
        }
      }
    });
    for (let u = 0; u < n && dLo < dHi; u++) {
      const o = u * W;
      for (const d of g.compDomains[u]!) {
        for (let w = dLo; w < dHi; w++) {
          init[o + w]! |= domainBits[d * W + w]!;
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
          init[o + w]! |= acc;
        }
      }
    }
    F.set(init);

    /** Bits under which `v` is lost to its dependents: down, and every failover target down too. */
    const effective = (v: number, out: Uint32Array) => {
      const o = v * W;
      for (let w = 0; w < W; w++) {
        out[w] = F[o + w]!;
      }
      for (const t of g.failoverTargets[v]!) {
        const ot = t * W;
        for (let w = 0; w < W; w++) {
          out[w]! &= F[ot + w]!;
        }
      }
    };
    const edgeBits = (ei: number, out: Uint32Array, scratch: Uint32Array) => {
      const e = g.edges[ei]!;
      effective(e.to, out);
      for (const d of e.viaDomains) {
        for (let w = dLo; w < dHi; w++) {
          out[w]! |= domainBits[d * W + w]!;
        }
      }
      for (const c of e.viaComponents) {
        effective(c, scratch);
        for (let w = 0; w < W; w++) {
          out[w]! |= scratch[w]!;
        }
      }
      if (e.fallback >= 0) {
        const of = e.fallback * W;
        for (let w = 0; w < W; w++) {
          out[w]! &= F[of + w]!;
        }
      }
    };
    const contributing = (u: number) => contributingEdges[u]!;
    const edgeOut = new Uint32Array(W);
    const scratch = new Uint32Array(W);
    const evaluate = (u: number): boolean => {
      const o = u * W;
      let changed = false;
      for (const ei of contributing(u)) {
        // Most edges are a plain call: u is down whenever the target is, read straight from its row.
        let src = edgeOut;
        let so = 0;
        if (plainEdge[ei] === 1) {
          src = F;
          so = g.edges[ei]!.to * W;
        } else {
          edgeBits(ei, edgeOut, scratch);
        }
        for (let w = 0; w < W; w++) {
          const cur = F[o + w]!;
          const next = (cur | src[so + w]!) >>> 0;
          if (next !== cur) {
            F[o + w] = next;
            changed = true;
          }
        }
      }
      return changed;
    };
    for (const [k, scc] of sccs.entries()) {
      if (pureScc[k]) {
        // Members still read as zero, so evaluate() accumulates exactly the external inputs.
        const union = new Uint32Array(W);
        for (const u of scc) {
          evaluate(u);
          const o = u * W;
          for (let w = 0; w < W; w++) {
            union[w]! |= F[o + w]!;
          }
        }
        for (const u of scc) {
          F.set(union, u * W);
        }
        continue;
      }
      if (scc.length === 1) {
        evaluate(scc[0]!);
        if (reads[scc[0]!]!.includes(scc[0]!)) {
          while (evaluate(scc[0]!));
        }
        continue;
      }
      // Passes in Tarjan's member order (deepest first), so values flow with the grain and a few
      // passes reach the fixpoint; a worklist in stack order was measured to be far slower.
      for (let changed = true; changed; ) {
        changed = false;
        for (const u of scc) {
          changed = evaluate(u) || changed;
        }
      }
    }

    const has = (arr: Uint32Array, node: number, i: number) => (arr[node * W + (i >>> 5)]! & (1 << (i & 31))) !== 0;
    // Walk set bits word by word: tier-1 down-sets are large, and most words of most sets are full.
    // A target counts as lost only as its dependents see it: down, with every failover target down.
    const lost = new Uint32Array(W);
    for (const t of targets) {
      effective(t, lost);
      for (let w = 0; w < W; w++) {
        let word = lost[w]!;
        while (word !== 0) {
          const low = word & -word;
          const i = (w << 5) + 31 - Math.clz32(low);
          word = (word ^ low) >>> 0;
          const c = block[i]!;
          if (c.kind === 'component' && c.index === t) {
            continue;
          }
          const pos = b0 + i;
          const k = hitCount[pos]!++;
          if (k < keep) {
            firstTargets[pos * keep + k] = t;
          }
          if (k === 0) {
            paths.set(pos, (c.kind === 'component' && treePath(c.index, i)) || derive(t, i));
          }
        }
      }
    }

    /** The tree path from a target down to component x, if every hop really carries failure i. */
    function treePath(x: number, i: number): PathStep[] | undefined {
      const root = treeRoot[x]!;
      if (root < 0 || root === x || !lostBit(root, i)) {
        return undefined;
      }
      const steps: PathStep[] = [initStep(x, i)];
      for (let v = x; v !== root; ) {
        const e = g.edges[treeParent[v]!]!;
        if (!lostBit(v, i) || (e.fallback >= 0 && !has(F, e.fallback, i))) {
          return undefined;
        }
        const viaHop = e.to !== v;
        steps.unshift({
          component: g.components[e.from]!.id,
          how: viaHop ? 'calls over' : 'hard dependency on',
          at: { uri: e.dep.uri, range: viaHop ? (e.dep.ranges['via'] ?? e.dep.range) : (e.dep.ranges['target'] ?? e.dep.range) },
        });
        v = e.from;
      }
      return steps;
    }

    /** Bit i of `v` as its dependents see it: down, and every failover target down too. */
    function lostBit(v: number, i: number): boolean {
      return has(F, v, i) && g.failoverTargets[v]!.every((t) => has(F, t, i));
    }

    /**
     * A chain of edges carrying bit i from t down to where it starts. Depth-first with a visited set:
     * every visited node has the bit, and the least fixpoint guarantees one branch reaches its origin.
     */
    function derive(t: number, i: number): PathStep[] {
      const stack: { u: number; k: number; step?: PathStep }[] = [{ u: t, k: 0 }];
      const seen = new Set([t]);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const u = top.u;
        if (top.k === 0 && has(init, u, i)) {
          return [...stack.slice(0, -1).map((f) => f.step!), initStep(u, i)];
        }
        const edges = contributing(u);
        let pushed = false;
        while (top.k < edges.length && !pushed) {
          const e = g.edges[edges[top.k++]!]!;
          if (e.fallback >= 0 && !has(F, e.fallback, i)) {
            continue;
          }
          const d = e.viaDomains.find((x) => has(domainBits, x, i));
          if (d !== undefined) {
            const dom = g.domains[d]!;
            const last = { component: g.components[u]!.id, how: `calls ${g.components[e.to]!.id} over ${dom.kind} ${dom.id}, which fails`, at: { uri: e.dep.uri, range: e.dep.ranges['via'] ?? e.dep.range } };
            return [...stack.slice(0, -1).map((f) => f.step!), last];
          }
          const next = lostBit(e.to, i) ? e.to : e.viaComponents.find((c) => lostBit(c, i));
          if (next === undefined || seen.has(next)) {
            continue;
          }
          seen.add(next);
          top.step = next === e.to
            ? { component: g.components[u]!.id, how: 'hard dependency on', at: { uri: e.dep.uri, range: e.dep.ranges['target'] ?? e.dep.range } }
            : { component: g.components[u]!.id, how: 'calls over', at: { uri: e.dep.uri, range: e.dep.ranges['via'] ?? e.dep.range } };
          stack.push({ u: next, k: 0 });
          pushed = true;
        }
        if (!pushed) {
          stack.pop();
        }
      }
      return [{ component: g.components[t]!.id, how: 'fails' }];
    }

    function initStep(u: number, i: number): PathStep {
      const comp = g.components[u]!;
      const c = block[i]!;
      if (c.kind === 'component') {
        return { component: comp.id, how: 'fails', at: { uri: comp.uri, range: comp.idRange } };
      }
      const direct = g.compDomains[u]!.find((d) => has(domainBits, d, i));
      if (direct !== undefined) {
        const dom = g.domains[direct]!;
        return { component: comp.id, how: `lives in ${dom.kind} ${dom.id}`, at: { uri: comp.uri, range: comp.ranges['domains'] ?? comp.idRange } };
      }
      const names = g.compSpread[u]!.map((ch) => g.domains[ch[0]!]!.id).join(', ');
      return { component: comp.id, how: `loses every domain it spreads across (${names})`, at: { uri: comp.uri, range: comp.ranges['spreadAcross'] ?? comp.idRange } };
    }
  }
  const out: SinglePointHit[] = [];
  for (let pos = 0; pos < cands.length; pos++) {
    if (hitCount[pos] === 0) {
      continue;
    }
    const path = paths.get(pos) ?? [];
    const down = Array.from(firstTargets.subarray(pos * keep, pos * keep + Math.min(keep, hitCount[pos]!)));
    // The path starts at one of the targets: name that one first.
    const first = down.findIndex((t) => g.components[t]!.id === path[0]?.component);
    const ordered = first > 0 ? [down[first]!, ...down.filter((_, k) => k !== first)] : down;
    out.push({ ...cands[pos]!, down: ordered, total: hitCount[pos]!, path });
  }
  return out;
}
