import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsrBuilder, sccMembers, stronglyConnected } from '../../server/src/core/propagation/scc';

function csr(n: number, edges: [number, number][]) {
  const b = new CsrBuilder(n);
  for (let v = 0; v < n; v++) {
    for (const [from, to] of edges) {
      if (from === v) {
        b.add(to);
      }
    }
    b.next();
  }
  return b.build();
}

/** Reachability by brute force: u and v share a component iff each reaches the other. */
function reach(n: number, edges: [number, number][]): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [a, b] of edges) r[a]![b] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i]![k] && r[k]![j]) r[i]![j] = true;
  return r;
}

const graphArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 30 }),
    roots: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
  }),
);

describe('strongly connected components over a CSR', () => {
  it('builds the successor lists in order, with empty vertices', () => {
    const g = csr(4, [[0, 2], [0, 1], [2, 3]]);
    assert.deepEqual([...g.offsets], [0, 2, 2, 3, 3]);
    assert.deepEqual([...g.targets], [2, 1, 3]);
    // past its first guess (two successors per vertex, at least 16) the builder grows
    const dense = csr(3, Array.from({ length: 50 }, (_, i): [number, number] => [1, i % 3]));
    assert.deepEqual([...dense.offsets], [0, 0, 50, 50]);
    assert.equal(dense.targets[49], 49 % 3);
  });

  it('finds the components, successors first, and from roots visits exactly what they reach', () => {
    fc.assert(
      fc.property(graphArb, ({ n, edges, roots }) => {
        const r = reach(n, edges);
        for (const withRoots of [false, true]) {
          const flat = stronglyConnected(n, csr(n, edges), withRoots ? roots : undefined);
          const sccs = Array.from({ length: flat.count }, (_, k) => sccMembers(flat, k));
          assert.equal(flat.start[flat.count], flat.members.length);
          const seen = sccs.flat();
          const expected = withRoots ? [...Array(n).keys()].filter((v) => roots.some((root) => r[root]![v])) : [...Array(n).keys()];
          assert.deepEqual([...seen].sort((a, b) => a - b), expected);
          const order = new Map<number, number>();
          sccs.forEach((scc, k) => scc.forEach((v) => order.set(v, k)));
          for (const scc of sccs) {
            for (const v of scc) for (const w of scc) assert.ok(r[v]![w], `${v} and ${w} reach each other`);
          }
          for (const [a, b] of edges) {
            if (order.has(a)) {
              // an edge never points to a later component: successors come out first
              assert.ok(order.get(b)! <= order.get(a)!, `edge ${a}->${b}`);
              if (r[b]![a]) assert.equal(order.get(a), order.get(b));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('walks a chain of 200,000 without recursion', () => {
    const n = 200_000;
    const b = new CsrBuilder(n);
    for (let v = 0; v < n; v++) {
      if (v + 1 < n) b.add(v + 1);
      b.next();
    }
    assert.equal(stronglyConnected(n, b.build(), [0]).count, n);
  });
});
