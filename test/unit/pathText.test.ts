// How a propagation path reads (simulate.ts: pathOf, formatPath), in hovers, findings and `simulate`:
// every kind of hop, the last step of every kind, and the two limits, each below, at and above.
import assert from 'node:assert/strict';
import { formatPath, pathOf, simulate, type PathStep } from '../../server/src/core/index';
import { analyzeText, graphOnly } from '../helpers/core';

const hop = (component: string, how = 'hard dependency on'): PathStep => ({ component, how });

describe('propagation paths as text', () => {
  it('labels every hop that is not a hard dependency, and ends on how the last one went down', () => {
    const steps = [
      hop('web', 'inherits degradation from'),
      hop('api', 'soft dependency on'),
      hop('cart', 'async dependency on'),
      hop('search', 'falls back from'),
      hop('ranker', 'fails over from'),
      hop('ranker-b', 'calls over'),
      hop('proxy'),
      hop('db', 'lives in zone zone-a'),
    ];
    assert.equal(
      formatPath(steps),
      'web → (inherits degradation) api → (soft) cart → (async) search → (falls back) ranker → (fails over) ranker-b → (via) proxy → db (lives in zone zone-a)',
    );
    assert.equal(formatPath([hop('web'), hop('db', 'fails')]), 'web → db');
    assert.equal(formatPath([hop('db', 'fails')]), 'db');
  });

  it('names 12 steps in full; from 13 on, the first 6 and the last 6 with a count of those between', () => {
    const chain = (n: number) => [...Array.from({ length: n - 1 }, (_, i) => hop(`c${i}`)), hop(`c${n - 1}`, 'fails')];
    assert.equal(formatPath(chain(12)), 'c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → c8 → c9 → c10 → c11');
    assert.equal(formatPath(chain(13)), 'c0 → c1 → c2 → c3 → c4 → c5 → … (1 more hop) … c7 → c8 → c9 → c10 → c11 → c12');
    assert.equal(formatPath(chain(14)), 'c0 → c1 → c2 → c3 → c4 → c5 → … (2 more hops) … c8 → c9 → c10 → c11 → c12 → c13');
  });

  it('follows a path of at most 32 steps whole; a longer one is cut at its 33rd step, saying the path goes on; the cut step does not count towards the 12 named', () => {
    // c0 → c1 → … → c(n-1), hard and synchronous; the last one fails.
    const map = (n: number) =>
      `incidentmap: 1\ncomponents:\n${Array.from({ length: n }, (_, i) => `  - id: c${i}\n    kind: service\n${i < n - 1 ? `    dependsOn: [{target: c${i + 1}}]\n` : ''}`).join('')}`;
    const pathFrom0 = (n: number) => {
      const { graph } = analyzeText(map(n), graphOnly);
      return pathOf(graph, simulate(graph, [n - 1], []), 0);
    };
    // 31 steps (below), 32 (at the limit): whole, ending on the failed component.
    assert.deepEqual(pathFrom0(31).map((s) => s.component), Array.from({ length: 31 }, (_, i) => `c${i}`));
    const at = pathFrom0(32);
    assert.deepEqual(at.slice(29).map((s) => [s.component, s.how]), [
      ['c29', 'hard dependency on'],
      ['c30', 'hard dependency on'],
      ['c31', 'fails'],
    ]);
    assert.equal(formatPath(at), 'c0 → c1 → c2 → c3 → c4 → c5 → … (20 more hops) … c26 → c27 → c28 → c29 → c30 → c31');
    // 40 (above): 32 hops followed, then cut at c32.
    const above = pathFrom0(40);
    assert.equal(above.length, 33);
    assert.deepEqual(above.slice(30).map((s) => [s.component, s.how]), [
      ['c30', 'hard dependency on'],
      ['c31', 'hard dependency on'],
      ['c32', 'and on, through more hops'],
    ]);
    assert.equal(formatPath(above), 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32 → … (more than 32 hops)');
    // 13 steps of which the last is the cut: 12 named, in full.
    assert.equal(formatPath([...above.slice(0, 12), above[32]!]), 'c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → c8 → c9 → c10 → c11 → c32 → … (more than 32 hops)');
  });
});
