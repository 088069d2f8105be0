// Propagation pinned by hand (issue 26, item 2): what goes down, degrades and stands by, written out
// here from the map and docs/language.md's rules, never computed by the code under test; the same set
// failed in every order; degradation through each kind of link.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { blastRadius, type BlastRadius } from '../../server/src/core/index';
import { analyzeFile, analyzeText, graphOnly, repoRoot } from '../helpers/core';
import type { PropGraph } from '../../server/src/core/propagation/graph';

interface Outcome {
  down: string[];
  degraded: string[];
  standbys: string[];
}

function outcome(graph: PropGraph, ids: string[]): Outcome & { radius: BlastRadius } {
  const r = blastRadius(graph, ids);
  assert.ok(!('unknown' in r), JSON.stringify(r));
  const radius = r as BlastRadius;
  const sorted = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
  return { down: sorted(radius.down), degraded: sorted(radius.degraded), standbys: sorted(radius.standbys), radius };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) {
    return [xs];
  }
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Fails `ids` in every order; each must give `expected`. */
function inEveryOrder(graph: PropGraph, ids: string[], expected: Outcome): void {
  for (const order of permutations(ids)) {
    const { down, degraded, standbys } = outcome(graph, order);
    assert.deepEqual({ down, degraded, standbys }, expected, `failing ${order.join(', ')}`);
  }
}

describe('propagation pinned by hand', () => {
  describe('samples/multi-region (active-passive across two regions)', () => {
    const { graph } = analyzeFile(join(repoRoot, 'samples/multi-region/multi-region.incidentmap'), graphOnly);

    it('losing eu-central takes down what is spread only across its zones; both fail over to eu-north', () => {
      const r = outcome(graph, ['eu-central']);
      assert.deepEqual([r.down, r.degraded, r.standbys], [['ledger-api', 'ledger-db'], [], []]);
      assert.deepEqual(
        r.radius.failovers.map((f) => `${f.from}->${f.to}`).sort(),
        ['ledger-api->ledger-api-dr', 'ledger-db->ledger-db-dr'],
      );
    });

    it('losing one zone of two degrades what is spread across it, and takes nothing down', () => {
      inEveryOrder(graph, ['euc-a'], { down: [], degraded: ['ledger-api', 'ledger-db'], standbys: [] });
    });

    it('losing the provider takes down everything in it; the passive API counts as lost redundancy, not down', () => {
      inEveryOrder(graph, ['aws'], { down: ['ledger-api', 'ledger-db', 'ledger-db-dr'], degraded: [], standbys: ['ledger-api-dr'] });
    });

    it('the database and its replica, in either order: the API goes down and its standby with them', () => {
      inEveryOrder(graph, ['ledger-db', 'ledger-db-dr'], { down: ['ledger-api', 'ledger-db', 'ledger-db-dr'], degraded: [], standbys: ['ledger-api-dr'] });
    });

    it('both zones of eu-north and the primary database, in every order', () => {
      inEveryOrder(graph, ['eun-a', 'eun-b', 'ledger-db'], { down: ['ledger-api', 'ledger-db', 'ledger-db-dr'], degraded: [], standbys: ['ledger-api-dr'] });
    });
  });

  it('a failover target that goes down later, through its own dependency, no longer covers its primary, in every order', () => {
    const text = `incidentmap: 1
components:
  - {id: web, kind: service, dependsOn: [{target: db}]}
  - {id: db, kind: datastore}
  - {id: db-dr, kind: datastore, dependsOn: [{target: disk}]}
  - {id: disk, kind: storage}
  - {id: batch, kind: service, dependsOn: [{target: web, type: soft}]}
failovers:
  - {from: db, to: db-dr}
`;
    const { graph } = analyzeText(text, graphOnly);
    // db alone: db-dr takes over; web waits out the failover (degraded), batch is two hops away.
    inEveryOrder(graph, ['db'], { down: ['db'], degraded: ['web'], standbys: [] });
    // disk alone: the standby is lost, nothing serving goes down.
    inEveryOrder(graph, ['disk'], { down: ['disk'], degraded: [], standbys: ['db-dr'] });
    // Both: db-dr goes down only while the failure spreads, and web loses db with it.
    inEveryOrder(graph, ['db', 'disk'], { down: ['db', 'disk', 'web'], degraded: ['batch'], standbys: ['db-dr'] });
  });

  describe('degradation reaches the direct caller over soft, async, sync-but-soft and fallback links, and stops there', () => {
    const chain = (link: string) => `incidentmap: 1
components:
  - {id: web, kind: service, dependsOn: [{target: api}]}
  - {id: api, kind: service, dependsOn: [{target: db${link}}]}
  - {id: db, kind: datastore}
`;
    for (const [link, why] of [
      [', type: soft', 'soft'],
      [', type: soft, mode: sync', 'soft'],
      [', mode: async', 'async'],
      [', type: soft, mode: async', 'soft'],
      [', fallback: serve from the local copy', 'falls back'],
    ] as const) {
      it(`${link.slice(2)}: api degraded (${why}), web untouched`, () => {
        const r = outcome(analyzeText(chain(link), graphOnly).graph, ['db']);
        assert.deepEqual([r.down, r.degraded, r.standbys], [['db'], ['api'], []]);
        assert.equal(r.radius.degraded[0]!.pathText, `api → (${why}) db`);
      });
    }

    it('a hard synchronous link carries the failure up the chain', () => {
      const r = outcome(analyzeText(chain(''), graphOnly).graph, ['db']);
      assert.deepEqual([r.down, r.degraded], [['api', 'db', 'web'], []]);
      assert.equal(r.radius.down.find((d) => d.id === 'web')!.pathText, 'web → api → db');
    });

    it('a fallback served by a component holds while it is up, and fails with it', () => {
      const text = chain(', fallback: {target: replica}') + '  - {id: replica, kind: datastore}\n';
      const { graph } = analyzeText(text, graphOnly);
      inEveryOrder(graph, ['db'], { down: ['db'], degraded: ['api'], standbys: [] });
      inEveryOrder(graph, ['db', 'replica'], { down: ['api', 'db', 'replica', 'web'], degraded: [], standbys: [] });
    });
  });

  it('the fixture of single-point-of-failure, failed element by element', () => {
    const { graph } = analyzeFile(join(repoRoot, 'test/fixtures/rules/single-point-of-failure/bad.incidentmap'), graphOnly);
    // orders-db lives in zone-a only; checkout is spread across both zones and needs orders-db.
    inEveryOrder(graph, ['zone-a'], { down: ['checkout', 'orders-db'], degraded: [], standbys: [] });
    inEveryOrder(graph, ['zone-b'], { down: [], degraded: ['checkout'], standbys: [] });
    inEveryOrder(graph, ['orders-db'], { down: ['checkout', 'orders-db'], degraded: [], standbys: [] });
    inEveryOrder(graph, ['ledger'], { down: ['ledger'], degraded: [], standbys: [] });
    inEveryOrder(graph, ['zone-b', 'ledger', 'orders-db'], { down: ['checkout', 'ledger', 'orders-db'], degraded: [], standbys: [] });
  });
});
