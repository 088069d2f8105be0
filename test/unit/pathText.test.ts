// How a propagation path reads (simulate.ts: pathOf, formatPath), in hovers, findings and `simulate`:
// every kind of hop, the last step of every kind, and the two limits, each below, at and above.
import assert from 'node:assert/strict';
import { formatPath, pathOf, simulate, type PathStep } from '../../server/src/core/index';
import { maxPathHops } from '../../server/src/core/propagation/simulate';
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

  it('follows a path of at most 32 hops (33 components) whole; a longer one is cut after its 32nd hop, saying the path goes on; the cut step does not count towards the 12 named', () => {
    assert.equal(maxPathHops, 32);
    // c0 → c1 → … → c(n-1), hard and synchronous; the last one fails.
    const map = (n: number) =>
      `incidentmap: 1\ncomponents:\n${Array.from({ length: n }, (_, i) => `  - id: c${i}\n    kind: service\n${i < n - 1 ? `    dependsOn: [{target: c${i + 1}}]\n` : ''}`).join('')}`;
    const pathFrom0 = (n: number) => {
      const { graph } = analyzeText(map(n), graphOnly);
      return pathOf(graph, simulate(graph, [n - 1], []), 0);
    };
    // 31 hops (below): whole, ending on the failed component.
    const below = pathFrom0(32);
    assert.equal(below.length, 32);
    assert.deepEqual(below.slice(29).map((s) => [s.component, s.how]), [
      ['c29', 'hard dependency on'],
      ['c30', 'hard dependency on'],
      ['c31', 'fails'],
    ]);
    assert.equal(formatPath(below), 'c0 → c1 → c2 → c3 → c4 → c5 → … (20 more hops) … c26 → c27 → c28 → c29 → c30 → c31');
    // 32 hops (at the limit): whole. Until 2026-12-07 it was cut at c32, its failed component, saying
    // "(more than 32 hops)".
    const at = pathFrom0(33);
    assert.equal(at.length, 33);
    assert.deepEqual(at.slice(30).map((s) => [s.component, s.how]), [
      ['c30', 'hard dependency on'],
      ['c31', 'hard dependency on'],
      ['c32', 'fails'],
    ]);
    assert.equal(formatPath(at), 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32');
    // 33 hops and 39 (above): 32 hops followed, then cut at c32.
    for (const n of [34, 40]) {
      const above = pathFrom0(n);
      assert.equal(above.length, 33);
      assert.deepEqual(above.slice(30).map((s) => [s.component, s.how]), [
        ['c30', 'hard dependency on'],
        ['c31', 'hard dependency on'],
        ['c32', 'and on, through more hops'],
      ]);
      assert.equal(formatPath(above), 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32 → … (more than 32 hops)');
      // 13 steps of which the last is the cut: 12 named, in full.
      assert.equal(formatPath([...above.slice(0, 12), above[32]!]), 'c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → c8 → c9 → c10 → c11 → c32 → … (more than 32 hops)');
    }
  });

  it('a path that ends 32 hops away on a domain, a spread or a failed network path ends there, not cut', () => {
    // c0 → … → c32, hard and synchronous; c32 is lost by the way named in `last`.
    const map = (last: string, extra: string) =>
      `incidentmap: 1\ndomains:\n  - {id: z1, kind: zone}\n  - {id: z2, kind: zone}\ncomponents:\n${Array.from({ length: 33 }, (_, i) => `  - id: c${i}\n    kind: service\n${i < 32 ? `    dependsOn: [{target: c${i + 1}}]\n` : last}`).join('')}${extra}`;
    const lastStep = (last: string, extra: string, failedDomains: number[]) => {
      const { graph } = analyzeText(map(last, extra), graphOnly);
      const steps = pathOf(graph, simulate(graph, [], failedDomains), 0);
      return { count: steps.length, last: [steps[32]!.component, steps[32]!.how], text: formatPath(steps) };
    };
    assert.deepEqual(lastStep('    domains: [z1]\n', '', [0]), {
      count: 33,
      last: ['c32', 'lives in zone z1'],
      text: 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32 (lives in zone z1)',
    });
    assert.deepEqual(lastStep('    spreadAcross: [z1, z2]\n', '', [0, 1]), {
      count: 33,
      last: ['c32', 'loses every domain it spreads across (z1, z2)'],
      text: 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32 (loses every domain it spreads across (z1, z2))',
    });
    assert.deepEqual(lastStep('    dependsOn: [{target: db, via: [z1]}]\n', '  - id: db\n    kind: datastore\n', [0]), {
      count: 33,
      last: ['c32', 'calls db over zone z1, which fails'],
      text: 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32 (calls db over zone z1, which fails)',
    });
  });
});
