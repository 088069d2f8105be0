import assert from 'node:assert/strict';
import { blastRadius, type BlastRadius } from '../../server/src/core/index';
import { componentHover, impactOf, impactTitle } from '../../server/src/core/language/hover';
import { FAILOVER } from '../../server/src/core/propagation/graph';
import { analyzeText, graphOnly } from '../helpers/core';

/** Fails `ids` in the map and returns sorted down / degraded component ids. */
function fail(text: string, ids: string[], extra: Record<string, string> = {}): { down: string[]; degraded: string[]; standbys: string[]; radius: BlastRadius } {
  const { graph } = analyzeText(text, graphOnly, extra);
  const r = blastRadius(graph, ids);
  assert.ok(!('unknown' in r), `unknown ids ${JSON.stringify(r)}`);
  const radius = r as BlastRadius;
  return { down: radius.down.map((d) => d.id).sort(), degraded: radius.degraded.map((d) => d.id).sort(), standbys: radius.standbys.map((d) => d.id).sort(), radius };
}

const chain = (dep: string) => `incidentmap: 1
components:
  - id: web
    kind: service
    dependsOn:
      - target: api
  - id: api
    kind: service
    dependsOn:
      - target: db
${dep}
  - id: db
    kind: datastore
`;

describe('propagation', () => {
  it('hard sync dependencies carry failure transitively, with the path', () => {
    const { down, degraded, radius } = fail(chain(''), ['db']);
    assert.deepEqual(down, ['api', 'db', 'web']);
    assert.deepEqual(degraded, []);
    assert.equal(radius.down.find((d) => d.id === 'web')!.pathText, 'web → api → db');
  });

  it('soft dependencies carry degradation, not failure', () => {
    const { down, degraded } = fail(chain('        type: soft'), ['db']);
    assert.deepEqual(down, ['db']);
    assert.deepEqual(degraded, ['api'], 'degradation stops at the direct caller (issue 23, item 2)');
  });

  it('degradation climbs further only over dependencies that inherit it (issue 23, item 2)', () => {
    const inherits = chain('        type: soft').replace('      - target: api\n', '      - target: api\n        inheritsDegradation: true\n');
    const r = fail(inherits, ['db']);
    assert.deepEqual(r.down, ['db']);
    assert.deepEqual(r.degraded, ['api', 'web']);
    assert.equal(r.radius.degraded.find((d) => d.id === 'web')!.pathText, 'web → (inherits degradation) api → (soft) db');
    // An async call two hops down: the caller of the async call degrades, its own caller does not.
    const email = `incidentmap: 1
components:
  - {id: storefront, kind: service, dependsOn: [{target: checkout}]}
  - {id: checkout, kind: service, dependsOn: [{target: email, mode: async}, {target: orders-db}]}
  - {id: email, kind: service}
  - {id: orders-db, kind: datastore, dependsOn: [{target: disk, type: soft}]}
  - {id: disk, kind: storage}
`;
    assert.deepEqual(fail(email, ['email']), { ...fail(email, ['email']), down: ['email'], degraded: ['checkout'] });
    assert.deepEqual(fail(email, ['disk']).degraded, ['orders-db'], 'a soft dependency two hops down degrades only its caller');
    assert.deepEqual(fail(email, ['disk', 'email']).degraded, ['checkout', 'orders-db']);
  });

  it('async dependencies carry lag (degradation)', () => {
    const { down, degraded, radius } = fail(chain('        mode: async'), ['db']);
    assert.deepEqual(down, ['db']);
    assert.deepEqual(degraded, ['api']);
    assert.match(radius.degraded.find((d) => d.id === 'api')!.pathText, /async/);
  });

  it('a fallback turns failure into degradation, unless the fallback component is down too', () => {
    assert.deepEqual(fail(chain('        fallback: serve stale data'), ['db']).down, ['db']);
    const withComponent = chain('        fallback: {target: cache}') + '  - id: cache\n    kind: cache\n';
    assert.deepEqual(fail(withComponent, ['db']).down, ['db']);
    assert.deepEqual(fail(withComponent, ['db', 'cache']).down, ['api', 'cache', 'db', 'web']);
  });

  const zones = `incidentmap: 1
domains:
  - {id: eu, kind: region}
  - {id: us, kind: region}
  - {id: eu-a, kind: zone, parent: eu}
  - {id: eu-b, kind: zone, parent: eu}
  - {id: us-a, kind: zone, parent: us}
components:
  - id: api
    kind: service
    spreadAcross: [eu-a, eu-b]
    dependsOn:
      - target: db
  - id: db
    kind: datastore
    domains: [eu-a]
  - {id: db-same-zone, kind: datastore, domains: [eu-a]}
  - {id: db-other-zone, kind: datastore, domains: [eu-b]}
  - {id: db-other-region, kind: datastore, domains: [us-a]}
`;
  const withFailover = (to: string) => `${zones}failovers:\n  - {from: db, to: ${to}, lastRehearsed: 2026-10-01}\n`;

  it('a failover outside the failed domain stops the failure; one inside it does not', () => {
    assert.deepEqual(fail(zones, ['eu-a']).down, ['api', 'db', 'db-same-zone']);
    const outside = fail(withFailover('db-other-zone'), ['eu-a']);
    assert.deepEqual(outside.down, ['db', 'db-same-zone']);
    assert.deepEqual(outside.degraded, ['api'], 'failed over, and it lost part of its spread');
    const inside = fail(withFailover('db-same-zone'), ['eu-a']);
    assert.deepEqual(inside.down, ['api', 'db']);
    assert.deepEqual(inside.standbys, ['db-same-zone'], 'a failover target nothing calls is a standby, not an outage');
  });

  it('nested domains: a region failure fails its zones; a zone failover does not survive it', () => {
    const zoneFailover = fail(withFailover('db-other-zone'), ['eu']);
    assert.deepEqual(zoneFailover.down, ['api', 'db', 'db-same-zone']);
    assert.deepEqual(zoneFailover.standbys, ['db-other-zone']);
    assert.deepEqual(zoneFailover.radius.standbys[0]!.uncovered, [], 'its primary is down too: nothing left uncovered');
    assert.deepEqual(fail(withFailover('db-other-region'), ['eu']).down, ['api', 'db', 'db-other-zone', 'db-same-zone']);
    const us = fail(withFailover('db-other-region'), ['us']);
    assert.deepEqual(us.down, [], 'the standby is lost redundancy, not an outage (issue 23, item 10)');
    assert.deepEqual(us.standbys, ['db-other-region']);
    assert.deepEqual(us.radius.standbys[0]!.uncovered, ['db'], 'db is up, now without a failover');
  });

  it('code lens and hover count a lost standby as lost redundancy, not as down (issue 23, item 10)', () => {
    const { graph } = analyzeText(withFailover('db-other-region'), graphOnly);
    const us = impactOf(graph, ['us'])!;
    assert.deepEqual([us.down, us.degraded, us.standbys, us.uncovered], [[], [], ['db-other-region'], ['db']]);
    assert.equal(impactTitle(impactOf(graph, ['db-other-region'])!), 'no outage if this fails · 1 left without failover');
    assert.equal(impactTitle(impactOf(graph, ['eu-a'])!), '▼ 2 down · 1 degraded if this fails', 'db (failed over) and db-same-zone; api lost part of its spread');
    const html = componentHover(graph.model.components.get('db-other-region')!, graph);
    assert.match(html, /Without failover now: `db` \(standby `db-other-region` is down: lost redundancy, not an outage\)/);
  });

  it('losing the failover target later re-exposes the primary (coverage is re-checked)', () => {
    const r = fail(withFailover('db-other-zone'), ['db', 'db-other-zone']);
    assert.ok(r.down.includes('api'));
  });

  it('spreadAcross: losing some domains degrades, losing all takes down', () => {
    const text = `incidentmap: 1
domains:
  - {id: a, kind: zone}
  - {id: b, kind: zone}
components:
  - {id: api, kind: service, spreadAcross: [a, b]}
`;
    assert.deepEqual(fail(text, ['a']).degraded, ['api']);
    assert.deepEqual(fail(text, ['a', 'b']).down, ['api']);
  });

  it('a call over a failed network path fails, over a healthy one it does not', () => {
    const text = `incidentmap: 1
domains:
  - {id: carrier-a, kind: network-path}
  - {id: carrier-b, kind: network-path}
components:
  - id: gw
    kind: service
    dependsOn:
      - {target: upstream, via: [carrier-a]}
  - {id: upstream, kind: external}
`;
    const r = fail(text, ['carrier-a']);
    assert.deepEqual(r.down, ['gw']);
    assert.match(r.radius.down[0]!.pathText, /carrier-a/);
    assert.deepEqual(fail(text, ['carrier-b']).down, []);
  });

  it('the graph marks routed calls and components with failover targets, which the walks test first', () => {
    const text = `incidentmap: 1
domains:
  - {id: carrier-a, kind: network-path}
components:
  - id: gw
    kind: service
    dependsOn:
      - {target: upstream, via: [carrier-a]}
      - {target: api}
      - {target: cache, via: [nowhere]}
  - {id: upstream, kind: external}
  - {id: api, kind: service}
  - {id: api-b, kind: service}
  - {id: cache, kind: cache}
failovers:
  - {from: api, to: api-b}
`;
    const { graph } = analyzeText(text, graphOnly);
    const edge = (from: string, to: string) => {
      const f = graph.index.get(from)!;
      for (let ei = graph.outStart[f]!; ei < graph.outStart[f + 1]!; ei++) {
        if (graph.edges.to[ei] === graph.index.get(to)) {
          return ei;
        }
      }
      throw new Error(`no edge ${from} → ${to}`);
    };
    assert.equal(graph.edges.routed[edge('gw', 'upstream')], 1);
    assert.equal(graph.edges.routed[edge('gw', 'api')], 0);
    assert.equal(graph.edges.routed[edge('gw', 'cache')], 0, 'a via naming nothing in the model routes nowhere');
    const flags = (id: string) => graph.componentFlags[graph.index.get(id)!]!;
    assert.equal(flags('api') & FAILOVER, FAILOVER);
    assert.equal(flags('api-b') & FAILOVER, 0);
    assert.equal(flags('gw') & FAILOVER, 0);
  });

  it('cycles of hard dependencies terminate and fail together', () => {
    const text = `incidentmap: 1
components:
  - {id: a, kind: service, dependsOn: [{target: b}]}
  - {id: b, kind: service, dependsOn: [{target: c}]}
  - {id: c, kind: service, dependsOn: [{target: a}]}
  - {id: x, kind: service, dependsOn: [{target: a}]}
`;
    assert.deepEqual(fail(text, ['b']).down, ['a', 'b', 'c', 'x']);
    const { findings } = analyzeText(text);
    const cycle = findings.filter((f) => f.ruleId === 'hard-dependency-cycle');
    assert.equal(cycle.length, 1);
    assert.match(cycle[0]!.message, /a → b → c → a/);
  });

  it('references resolve across included files, and propagation follows them', () => {
    const main = `incidentmap: 1
include: [./platform.incidentmap]
components:
  - id: checkout
    kind: service
    domains: [zone-a]
    dependsOn:
      - target: shared-db
`;
    const platform = `incidentmap: 1
domains:
  - {id: zone-a, kind: zone}
components:
  - {id: shared-db, kind: datastore, domains: [zone-a]}
`;
    const { findings } = analyzeText(main, {}, { 'platform.incidentmap': platform });
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
    const r = fail(main, ['shared-db'], { 'platform.incidentmap': platform });
    assert.deepEqual(r.down, ['checkout', 'shared-db']);
    const related = r.radius.down.find((d) => d.id === 'checkout')!.path;
    assert.equal(related[0]!.at!.uri, 'file:///ws/main.incidentmap');
  });

  it('single-point-of-failure names the path and points at the failing element', () => {
    const text = `incidentmap: 1
domains:
  - {id: zone-a, kind: zone}
components:
  - {id: web, kind: service, tier: 1, replicas: 2, owner: t, runbook: https://r.example.com, signals: [{name: q, metric: q, leading: true}], dependsOn: [{target: db}]}
  - {id: db, kind: datastore, domains: [zone-a]}
`;
    const spof = analyzeText(text).findings.filter((f) => f.ruleId === 'single-point-of-failure');
    assert.deepEqual(spof.map((f) => f.range.start.line), [2, 5]);
    assert.match(spof[0]!.message, /if zone-a fails.*web → db \(lives in zone-a\)/);
    assert.ok(spof[0]!.related!.length >= 2);
    const accepted = analyzeText(text.replace('{id: zone-a, kind: zone}', '{id: zone-a, kind: zone, acceptedRisk: single-zone by design}'));
    assert.equal(accepted.findings.filter((f) => f.ruleId === 'single-point-of-failure').length, 1);
  });

  it('timeout inversion: below and at the callee worst case are inverted, above is not; sequential calls add up (issue 23, item 3)', () => {
    const map = (timeout: string, calls = '') => `incidentmap: 1
components:
  - {id: web, kind: service, dependsOn: [{target: api, timeout: ${timeout}}]}
  - id: api
    kind: service${calls}
    dependsOn:
      - {target: db, timeout: 800ms, retries: 2}
      - {target: search, timeout: 100ms}
      - {target: mail, timeout: 5s, mode: async}
  - {id: db, kind: datastore}
  - {id: search, kind: datastore}
  - {id: mail, kind: service}
`;
    const inversions = (text: string) => analyzeText(text).findings.filter((f) => f.ruleId === 'timeout-inversion').map((f) => f.data);
    // Sequential (the default): 800ms × 3 + 100ms = 2.5s; the async call does not wait.
    assert.deepEqual(inversions(map('2499ms')), [{ caller: 'web', callee: 'api', timeoutMs: 2499, calleeWorstMs: 2500 }]);
    assert.deepEqual(inversions(map('2500ms')), [{ caller: 'web', callee: 'api', timeoutMs: 2500, calleeWorstMs: 2500 }], 'equal is inverted');
    assert.deepEqual(inversions(map('2501ms')), []);
    // Parallel: the longest, 2.4s.
    const parallel = '\n    calls: parallel';
    assert.deepEqual(inversions(map('2400ms', parallel)), [{ caller: 'web', callee: 'api', timeoutMs: 2400, calleeWorstMs: 2400 }]);
    assert.deepEqual(inversions(map('2401ms', parallel)), []);
    const equal = analyzeText(map('2500ms')).findings.find((f) => f.ruleId === 'timeout-inversion')!;
    assert.equal(
      equal.message,
      "Timeout inversion: web waits 2.5s for api, no longer than api itself may wait for its 2 calls one after another (the longest: db, 800ms × 3 attempts): web gives up just as the answer would come. Raise this timeout above 2.5s or shorten api's or, if it makes them at once, say calls: parallel on api.",
    );
  });

  it('unknown ids are reported, not thrown', () => {
    const { graph } = analyzeText(chain(''), graphOnly);
    assert.deepEqual(blastRadius(graph, ['nope']), { unknown: ['nope'] });
  });
});
