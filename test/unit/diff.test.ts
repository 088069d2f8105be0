import assert from 'node:assert/strict';
import { compareOutcomes, compareSnapshots, resilienceOf, type ComponentResilience, type Snapshot, type SnapshotFinding } from '../../server/src/core/index';
import { analyzeText } from '../helpers/core';

const at = (line: number, path = 'm.incidentmap') => ({ path, line });
const comp = (id: string, over: Partial<ComponentResilience> = {}): ComponentResilience => ({ id, at: at(1), down: [], degraded: [], retryAmplification: 1, worstWaitMs: 0, ...over });
const finding = (ruleId: string, line: number, extra: Partial<SnapshotFinding> = {}): SnapshotFinding => ({
  ruleId,
  severity: 'warning',
  message: `${ruleId} message`,
  path: 'm.incidentmap',
  span: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
  ...extra,
});
const snap = (over: Partial<Snapshot['resilience']> = {}, findings: SnapshotFinding[] = []): Snapshot => ({
  findings,
  suppressed: [],
  resilience: { version: 1, components: [], singlePoints: [], failovers: [], ...over },
});

describe('core diff: compareSnapshots', () => {
  it('matches findings by rule and key, not line; keyless ones by file and message, through renames', () => {
    const base = snap({}, [finding('missing-owner', 3, { key: 'missing-owner:api' }), finding('unknown-key', 9, { path: 'old.incidentmap' })]);
    const head = snap({}, [finding('missing-owner', 30, { key: 'missing-owner:api' }), finding('unknown-key', 12, { path: 'new.incidentmap' })]);
    const moved = compareSnapshots(base, head, { renames: new Map([['old.incidentmap', 'new.incidentmap']]) });
    assert.deepEqual([moved.findings.new, moved.findings.resolved], [[], []]);
    // Without the rename, the keyless finding is one resolved and one new.
    const d = compareSnapshots(base, head);
    assert.deepEqual(d.findings.new.map((f) => f.path), ['new.incidentmap']);
    assert.deepEqual(d.findings.resolved.map((f) => f.path), ['old.incidentmap']);
    assert.equal(d.summary.regressions, 1);
    assert.equal(d.summary.improvements, 1);
  });

  it('counts each occurrence of a repeated key once', () => {
    const twice = [finding('x', 1, { key: 'k' }), finding('x', 2, { key: 'k' })];
    const d = compareSnapshots(snap({}, [twice[0]!]), snap({}, twice));
    assert.deepEqual(d.findings.new.map((f) => f.span.startLine), [2]);
  });

  it('failovers: added, removed, now and no longer inside one domain', () => {
    const fo = (from: string, to: string, shared: string[] = []) => ({ from, to, sharedDomains: shared, at: at(5) });
    const d = compareSnapshots(
      snap({ components: [comp('a'), comp('c')], failovers: [fo('a', 'b'), fo('c', 'd', ['zone z1']), fo('e', 'f'), fo('g', 'h')] }),
      snap({ components: [comp('a'), comp('c')], failovers: [fo('a', 'b', ['rack r1']), fo('c', 'd'), fo('g', 'h'), fo('i', 'j'), fo('k', 'l', ['zone z2'])] }),
    );
    assert.deepEqual(d.failovers.removed.map((f) => `${f.from}>${f.to}`), ['e>f']);
    assert.deepEqual(d.failovers.added.map((f) => `${f.from}>${f.to}`), ['i>j', 'k>l']);
    assert.deepEqual(d.failovers.nowSameDomain.map((f) => `${f.from}>${f.to}:${f.sharedAfter.join()}`), ['a>b:rack r1', 'k>l:zone z2']);
    assert.deepEqual(d.failovers.noLongerSameDomain.map((f) => `${f.from}>${f.to}:${f.sharedBefore.join()}`), ['c>d:zone z1']);
    // Worse: e>f removed, a>b and k>l inside one domain. Better: i>j added, c>d escapes.
    assert.equal(d.summary.regressions, 3);
    assert.equal(d.summary.improvements, 2);
  });

  it('retry amplification and worst-case waits that grew or shrank; a component moving from down to degraded is narrower', () => {
    const d = compareSnapshots(
      snap({ components: [comp('a', { retryAmplification: 3, worstWaitMs: 1000, down: ['x'] }), comp('b', { retryAmplification: 9, worstWaitMs: 4000 })] }),
      snap({ components: [comp('a', { retryAmplification: 12, worstWaitMs: 3000, degraded: ['x'] }), comp('b', { retryAmplification: 3, worstWaitMs: 4000 })] }),
    );
    assert.deepEqual(d.retryAmplification.map((r) => `${r.id} ${r.before}→${r.after} ${r.direction}`), ['a 3→12 grew', 'b 9→3 shrank']);
    assert.deepEqual(d.worstWait.map((r) => `${r.id} ${r.before}→${r.after} ${r.direction}`), ['a 1000→3000 grew']);
    assert.deepEqual(d.blastRadius.map((b) => `${b.id} ${b.direction}`), ['a narrower']);
    assert.equal(d.summary.regressions, 2);
    assert.equal(d.summary.improvements, 2);
    assert.equal(d.headline, 'this change makes 2 things worse');
  });

  it('reports no change as no change', () => {
    const s = snap({ components: [comp('a', { down: ['b'] }), comp('b')] });
    const d = compareSnapshots(s, s);
    assert.deepEqual(d.summary, { regressions: 0, improvements: 0, newFindings: 0, resolvedFindings: 0, suppressed: 0, newSuppressions: 0 });
    assert.equal(d.headline, 'this change does not change the resilience of the maps');
  });
});

describe('core diff: scenario and journey outcomes', () => {
  it('are not compared when neither side has any', () => {
    assert.deepEqual(compareOutcomes(undefined, undefined), { compared: false, reason: 'neither side declares journeys, capacities or scenarios' });
  });

  it('compare by id: worse, better, new and gone, by rank', () => {
    const d = compareOutcomes(
      { scenarios: [{ id: 'zone-loss', outcome: 'survived', rank: 0 }, { id: 'sale', outcome: 'not survived: pay overloaded (api)', rank: 3 }, { id: 'old', outcome: 'survived', rank: 0 }], journeys: [{ id: 'pay', outcome: 'ok', rank: 0 }] },
      { scenarios: [{ id: 'zone-loss', outcome: 'not survived: pay down (db)', rank: 4 }, { id: 'sale', outcome: 'survived', rank: 0 }, { id: 'new', outcome: 'survived', rank: 0 }], journeys: [{ id: 'pay', outcome: 'ok', rank: 0 }] },
    );
    assert.deepEqual(d, {
      compared: true,
      changed: [
        { kind: 'scenario', id: 'zone-loss', before: 'survived', after: 'not survived: pay down (db)', direction: 'worse', at: undefined },
        { kind: 'scenario', id: 'sale', before: 'not survived: pay overloaded (api)', after: 'survived', direction: 'better', at: undefined },
        { kind: 'scenario', id: 'new', before: undefined, after: 'survived', direction: 'new', at: undefined },
        { kind: 'scenario', id: 'old', before: 'survived', direction: 'gone', at: undefined },
      ],
    });
  });

  it('a side without outcomes counts as none: a map that starts declaring journeys', () => {
    const d = compareOutcomes(undefined, { scenarios: [{ id: 'sale', outcome: 'survived', rank: 0 }], journeys: [] });
    assert.deepEqual(d, { compared: true, changed: [{ kind: 'scenario', id: 'sale', before: undefined, after: 'survived', direction: 'new', at: undefined }] });
  });
});

describe('core diff: resilienceOf', () => {
  it('names each component blast radius, the single points and the failovers of a map', () => {
    // api → db (hard, 3 attempts of 1 s); db fails over to db2 in the same zone; web → api (soft, sync).
    const a = analyzeText(`incidentmap: 1
domains:
  - {id: z1, kind: zone}
components:
  - id: api
    kind: service
    tier: 1
    dependsOn:
      - {target: db, timeout: 1s, retries: 2}
  - id: db
    kind: datastore
    domains: [z1]
  - id: db2
    kind: datastore
    domains: [z1]
  - id: web
    kind: service
    dependsOn:
      - {target: api, type: soft}
failovers:
  - {from: db, to: db2}
`);
    const r = resilienceOf(a, () => 'm.incidentmap', { via: true });
    assert.deepEqual(
      r.components.map((c) => [c.id, c.down, c.degraded, c.retryAmplification, c.worstWaitMs]),
      [
        // api down: web loses a soft dependency and degrades. api may wait 1 s × 3 attempts.
        ['api', [], ['web'], 3, 3000],
        // db's failure is covered by db2: api degrades (failed over); a degraded api reaches web only
        // through a hard dependency, and web's is soft.
        ['db', [], ['api'], 1, 0],
        ['db2', [], [], 1, 0],
        // web's synchronous chain: web → api (1 attempt) → db (3): one request becomes 3 calls on db.
        ['web', [], [], 3, 0],
      ],
    );
    assert.deepEqual(r.components.find((c) => c.id === 'db')!.via, { api: 'db' });
    assert.deepEqual(r.components.find((c) => c.id === 'api')!.via, { web: 'api' });
    // api is tier 1 with one instance and no failover: its own single point of failure (and z1's).
    assert.deepEqual(r.singlePoints.map((p) => `${p.kind}:${p.id}:${p.down.join()}`), ['component:api:api', 'domain:z1:api']);
    assert.deepEqual(r.failovers.map((f) => `${f.from}>${f.to}:${f.sharedDomains.join()}`), ['db>db2:zone z1']);
  });
});
