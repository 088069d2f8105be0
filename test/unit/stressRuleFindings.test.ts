// The stress rules' findings whole (retry-storm, scenario-not-survived, capacity-after-domain-loss,
// journey-rto-unachievable), one rule at a time, on small maps written for the branches the mutation
// run showed untested (docs/TESTING.md, "Surviving mutants of core/rules"). Every expected number is
// worked out by hand in the comment above it; the loads are chosen so that no retry loop has to
// converge (a timeout fails every attempt; a retry budget caps the factor at once).
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/index';
import { findingsOfRule } from '../helpers/core';

/** A finding as the author reads it: line:column (1-based line, 0-based column, as LSP), key, message, related, data. */
function whole(f: Finding) {
  return {
    at: `${f.range.start.line + 1}:${f.range.start.character}`,
    key: f.key,
    message: f.message,
    related: (f.related ?? []).map((r) => `${r.range.start.line + 1}:${r.range.start.character} ${r.message}`),
    data: f.data,
  };
}

function run(ruleId: string, text: string) {
  return findingsOfRule(ruleId, text).map(whole);
}

describe('stress rules: findings whole', () => {
  describe('retry-storm', () => {
    it('names the caller that retries most into the component: synchronous or not, not behind a circuit breaker, not a consumer, the first of equals', () => {
      // events answers 300 ms late; every caller below gives up after 200 ms, so every attempt times
      // out and each caller sends all of its attempts: web 3, audit 1 (its circuit breaker opens),
      // worker 4, twin 4, late 2 (100 rps each): 1,400 rps on 1,000 (140%); without retries 500 (50%).
      // reader consumes the queue: its reads are not load on it, and its 7 attempts do not count.
      // worker (async, 4 attempts) is named: twin has as many but comes after it; audit has 5 but a
      // circuit breaker; reader 7 but reads; web fewer. Worker's call first in the map (edge 0: a
      // search that took edge 0 for "none yet" would move on to web), then third (the most is not
      // simply the first).
      const worker = '  - id: worker\n    kind: service\n    dependsOn: [ { target: events, mode: async, timeout: 200ms, retries: 3 } ]\n';
      const web = '  - id: web\n    kind: service\n    dependsOn: [ { target: events, timeout: 200ms, retries: 2 } ]\n';
      const audit = '  - id: audit\n    kind: service\n    dependsOn: [ { target: events, timeout: 200ms, retries: 4, circuitBreaker: true } ]\n';
      const map = (first: string) => `incidentmap: 1
journeys:
  - { id: j-web, entry: web, demand: 100 rps }
  - { id: j-audit, entry: audit, demand: 100 rps }
  - { id: j-worker, entry: worker, demand: 100 rps }
  - { id: j-twin, entry: twin, demand: 100 rps }
  - { id: j-late, entry: late, demand: 100 rps }
scenarios:
  - { id: events-slow, slow: [ { component: events, latency: 300ms } ] }
components:
${first}  - id: twin
    kind: service
    dependsOn: [ { target: events, timeout: 200ms, retries: 3 } ]
  - id: late
    kind: service
    dependsOn: [ { target: events, timeout: 200ms, retries: 1 } ]
  - id: reader
    kind: service
    dependsOn: [ { target: events, mode: async, consumes: true, retries: 6 } ]
  - id: events
    kind: queue
    capacity: 1000 rps
`;
      // Worker first (line 13), then after web and audit (line 19): named either way, on its retries.
      for (const [first, at] of [
        [worker + web + audit, '13:73'],
        [web + audit + worker, '19:73'],
      ] as const) {
        assert.deepEqual(
          run('retry-storm', map(first)),
          [
            {
              at,
              key: 'retry-storm:events',
              message:
                'In scenario events-slow, retries push events to 140% of the capacity it has left (1,400 rps on 1,000 rps), above its capacity; without the retries it would be at 50%. The retry load keeps it overloaded after the trigger is gone. Give worker → events a retry budget (retryBudget: 10%) or a circuit breaker, or retry at one layer only.',
              related: ['31:14 events: capacity', '9:10 scenario events-slow'],
              data: {
                component: 'events',
                scenario: 'events-slow',
                utilisation: 1.4,
                withoutRetries: 0.5,
                limit: 1,
              },
            },
          ],
          at,
        );
      }
    });

    it('the only retrying caller is asynchronous: it is named, on its retries (it was "the callers above it", on the capacity)', () => {
      // 600 rps × 3 attempts, all timed out: 1,800 on 1,000 (180%); without retries 60%.
      const map = `incidentmap: 1
journeys:
  - { id: ingest, entry: web, demand: 600 rps }
scenarios:
  - { id: q-slow, slow: [ { component: events, latency: 300ms } ] }
components:
  - id: web
    kind: service
    dependsOn:
      - { target: events, mode: async, timeout: 200ms, retries: 2 }
  - id: events
    kind: queue
    capacity: 1000 rps
`;
      assert.deepEqual(run('retry-storm', map), [
        {
          at: '10:64',
          key: 'retry-storm:events',
          message:
            'In scenario q-slow, retries push events to 180% of the capacity it has left (1,800 rps on 1,000 rps), above its capacity; without the retries it would be at 60%. The retry load keeps it overloaded after the trigger is gone. Give web → events a retry budget (retryBudget: 10%) or a circuit breaker, or retry at one layer only.',
          related: ['13:14 events: capacity', '5:10 scenario q-slow'],
          data: {
            component: 'events',
            scenario: 'q-slow',
            utilisation: 1.8,
            withoutRetries: 0.6,
            limit: 1,
          },
        },
      ]);
    });

    const callersAbove = (scenarios: string) => `incidentmap: 1
domains:
  - { id: za, kind: zone }
  - { id: zb, kind: zone }
journeys:
  - { id: browse, entry: web, demand: 600 rps }
${scenarios}components:
  - id: web
    kind: service
    dependsOn:
      - { target: api, retries: 2, retryBudget: 10% }
      - { target: mail, retries: 5 }
  - id: api
    kind: service
    capacity: 1000 rps
    spreadAcross: [za, zb]
    dependsOn: [ { target: db } ]
  - id: audit
    kind: service
    dependsOn: [ { target: db, retries: 3, circuitBreaker: true } ]
  - id: db
    kind: datastore
    capacity: 650 rps
  - id: mail
    kind: service
`;
    it('a zone loss whose retries come from the callers above: the capacity line, "If zone za fails", one finding for both zones', () => {
      // Losing either zone leaves api 500 rps for 600 (120%): it refuses some attempts and web
      // retries, capped by its budget at 1.1 attempts a request: 660 rps through api to db, 660 on 650
      // (102%); without the retries 600 on 650 (92%). db's callers: api without retries, audit behind
      // a circuit breaker, so no caller into db is named. mail, right after db, has a caller with 6
      // attempts that has nothing to do with it. lose-zb storms db the same way: one finding, the first.
      assert.deepEqual(run('retry-storm', callersAbove('')), [
        {
          at: '23:14',
          key: 'retry-storm:db',
          message:
            'If zone za fails, retries push db to 102% of the capacity it has left (660 rps on 650 rps), above its capacity; without the retries it would be at 92%. The retry load keeps it overloaded after the trigger is gone. Bound the retries of the callers above it (a retry budget or a circuit breaker), or retry at one layer only.',
          related: ['23:14 db: capacity'],
          data: {
            component: 'db',
            scenario: 'lose-za',
            utilisation: 660 / 650,
            withoutRetries: 600 / 650,
            limit: 1,
          },
        },
      ]);
    });

    it('a declared scenario storming the same component comes first and is the only finding; a name is quoted', () => {
      const map = callersAbove('scenarios:\n  - { id: zone-a, name: Zone A lost, fail: [za] }\n');
      assert.deepEqual(run('retry-storm', map), [
        {
          at: '25:14',
          key: 'retry-storm:db',
          message:
            'In scenario "Zone A lost", retries push db to 102% of the capacity it has left (660 rps on 650 rps), above its capacity; without the retries it would be at 92%. The retry load keeps it overloaded after the trigger is gone. Bound the retries of the callers above it (a retry budget or a circuit breaker), or retry at one layer only.',
          related: ['25:14 db: capacity', '8:10 scenario zone-a'],
          data: {
            component: 'db',
            scenario: 'zone-a',
            utilisation: 660 / 650,
            withoutRetries: 600 / 650,
            limit: 1,
          },
        },
      ]);
    });

    it('a storm after failover quotes the loads of that phase, not of an earlier one where demand alone overloaded it', () => {
      // p fails. Before s takes over, web's calls to p fall back to db: 600 + 600 = 1,200 rps offered
      // (120%, demand alone: no storm), 2,400 with every attempt timed out. After failover db gets
      // web's own 600 rps × 3 attempts: 1,800 on 1,000 (180%), 60% without: the storm, in that phase.
      // (The message quoted the first phase's 2,400 rps next to the storm's 180%.)
      const map = `incidentmap: 1
journeys:
  - { id: browse, entry: web, demand: 600 rps }
scenarios:
  - id: p-down
    fail: [p]
    slow: [ { component: db, latency: 300ms } ]
components:
  - id: web
    kind: service
    dependsOn:
      - { target: db, timeout: 200ms, retries: 2 }
      - { target: p, fallback: { target: db } }
  - id: p
    kind: service
  - id: s
    kind: service
  - id: db
    kind: datastore
    capacity: 1000 rps
failovers:
  - { from: p, to: s, mode: automatic, rto: 1m }
`;
      assert.deepEqual(run('retry-storm', map), [
        {
          at: '12:47',
          key: 'retry-storm:db',
          message:
            'In scenario p-down, retries push db to 180% of the capacity it has left (1,800 rps on 1,000 rps), above its capacity; without the retries it would be at 60%. The retry load keeps it overloaded after the trigger is gone. Give web → db a retry budget (retryBudget: 10%) or a circuit breaker, or retry at one layer only.',
          related: ['20:14 db: capacity', '5:8 scenario p-down'],
          data: {
            component: 'db',
            scenario: 'p-down',
            utilisation: 1.8,
            withoutRetries: 0.6,
            limit: 1,
          },
        },
      ]);
    });
  });

  describe('scenario-not-survived', () => {
    it('lists the journeys that are down or stale, in order, and leaves out the degraded and the fine ones', () => {
      // db and reader fail. order needs db (hard): down. browse reads db softly: degraded, not listed.
      // report's data passes through reader, which consumes events and is down: stale (report has a
      // freshness target). search needs neither: fine. One phase (no failover): no "even after failover".
      const map = `incidentmap: 1
journeys:
  - { id: order, entry: api, demand: 100 rps }
  - { id: browse, entry: web, demand: 100 rps }
  - { id: report, entry: etl, demand: 100 rps, target: { freshness: 15m } }
  - { id: search, entry: finder, demand: 100 rps }
scenarios:
  - { id: lose-db, fail: [db, reader], mustSurvive: true }
components:
  - id: api
    kind: service
    dependsOn: [ { target: db } ]
  - id: web
    kind: service
    dependsOn: [ { target: db, type: soft } ]
  - id: db
    kind: datastore
  - id: etl
    kind: service
    dependsOn: [ { target: events, mode: async } ]
  - id: events
    kind: queue
  - id: reader
    kind: service
    dependsOn: [ { target: events, mode: async, consumes: true } ]
  - id: finder
    kind: service
`;
      assert.deepEqual(run('scenario-not-survived', map), [
        {
          at: '8:52',
          key: 'scenario-not-survived:lose-db',
          message: 'Scenario lose-db must be survived, but order is down (db is down); report goes stale (reader falls behind its queue). Run `incidentmap simulate --scenario lose-db` for the timeline.',
          related: ['16:8 db', '23:8 reader'],
          data: {
            scenario: 'lose-db',
            journeys: [
              { journey: 'order', outcome: 'down' },
              { journey: 'report', outcome: 'stale' },
            ],
          },
        },
      ]);
    });

    it('a journey still down once a failover has taken over says "even after failover"', () => {
      // db fails over to db2; cache has no failover, so order stays down after it, because of cache.
      const map = `incidentmap: 1
journeys:
  - { id: order, entry: api, demand: 100 rps }
scenarios:
  - { id: lose-both, fail: [db, cache], mustSurvive: true }
components:
  - id: api
    kind: service
    dependsOn: [ { target: db }, { target: cache } ]
  - id: db
    kind: datastore
  - id: db2
    kind: datastore
  - id: cache
    kind: cache
failovers:
  - { from: db, to: db2, mode: automatic, rto: 1m }
`;
      assert.deepEqual(run('scenario-not-survived', map), [
        {
          at: '5:53',
          key: 'scenario-not-survived:lose-both',
          message: 'Scenario lose-both must be survived, but even after failover, order is down (cache is down). Run `incidentmap simulate --scenario lose-both` for the timeline.',
          related: ['14:8 cache'],
          data: {
            scenario: 'lose-both',
            journeys: [{ journey: 'order', outcome: 'down' }],
          },
        },
      ]);
    });
  });

  describe('capacity-after-domain-loss', () => {
    const twoCallers = (local: string, main: string, capacity: string, zones: string[], signal = '') => `incidentmap: 1
domains:
${zones.map((z) => `  - { id: ${z}, kind: zone }`).join('\n')}
journeys:
  - { id: local, entry: shop, demand: ${local} }
  - { id: main, entry: web, demand: ${main} }
components:
  - id: shop
    kind: service
    domains: [za]
    dependsOn: [ { target: api } ]
  - id: web
    kind: service
    dependsOn: [ { target: api } ]
  - id: api
    kind: service
    capacity: ${capacity}
    spreadAcross: [${zones.join(', ')}]
${signal}`;

    it('two domains, only one of whose loss overloads it: "other domain carries", no "any of", the need from a saturation line of 90%', () => {
      // 1,400 rps over two zones: 700 left when one goes. Losing za takes shop (it lives there) and its
      // 300 rps: 600 on 700 (86%), under the 90% line. Losing zb: 900 on 700 (129%). Needed: 900 / 0.9
      // × 2 / 1 = 2,000 rps in total, 1,000 per domain.
      const map = twoCallers('300 rps', '600 rps', '1400 rps', ['za', 'zb'], '    signals: [ { name: pool, metric: m, crit: 0.9, leading: true, measures: utilisation } ]\n');
      assert.deepEqual(run('capacity-after-domain-loss', map), [
        {
          at: '18:14',
          key: 'capacity-after-domain-loss:api',
          message:
            'If zone zb fails, api\'s other domain carries 900 rps on 700 rps: 129%, above its saturation line of 90% (the crit of "pool"). To ride out the loss of one domain it needs about 2,000 rps in total (1,000 rps per domain): add capacity, or spread across more domains.',
          related: ['19:18 spread across 2 domains', '4:10 zone zb'],
          data: {
            component: 'api',
            domain: 'zb',
            utilisation: 900 / 700,
            load: 900,
            capacityLeft: 700,
            limit: 0.9,
            capacityNeeded: 2000,
          },
        },
      ]);
    });

    it('three domains: the worst loss is named, not the first, and every loss that overloads it is counted', () => {
      // 1,140 rps over three zones: 760 left when one goes. Losing za: 800 on 760 (105%, shop's 100
      // rps gone); zb or zc: 900 on 760 (118%). zb is the first of the worst; all three overload it.
      // Needed: 900 × 3 / 2 = 1,350 rps, 450 per domain.
      const map = twoCallers('100 rps', '800 rps', '1140 rps', ['za', 'zb', 'zc']);
      assert.deepEqual(run('capacity-after-domain-loss', map), [
        {
          at: '19:14',
          key: 'capacity-after-domain-loss:api',
          message:
            "If zone zb fails, api's other 2 domains carry 900 rps on 760 rps: 118%, above its capacity. Losing any of 3 of its domains does the same. To ride out the loss of one domain it needs about 1,350 rps in total (450 rps per domain): add capacity, or spread across more domains.",
          related: ['20:18 spread across 3 domains', '4:10 zone zb'],
          data: {
            component: 'api',
            domain: 'zb',
            utilisation: 900 / 760,
            load: 900,
            capacityLeft: 760,
            limit: 1,
            capacityNeeded: 1350,
          },
        },
      ]);
    });

    it('power and bandwidth in their own units; a full pool and a component that does not spread are not its business', () => {
      // pdu: 60 kW on the 50 kW one zone leaves (120%), needs 120 kW, 60 per domain; link the same in
      // MB/s. db (not spread) is at 200% whatever fails; api (spread) has 100 rps × 1 s = 100 requests
      // in flight for 10 slots: saturated by its pool, not its capacity (1000 rps, 500 left: 20%).
      const map = `incidentmap: 1
domains:
  - { id: za, kind: zone }
  - { id: zb, kind: zone }
journeys:
  - { id: main, entry: web, demand: 100 rps }
components:
  - id: web
    kind: service
    dependsOn:
      - { target: pdu, demand: 60 kW }
      - { target: link, demand: 60 MB/s }
      - { target: db }
      - { target: api }
  - id: pdu
    kind: power
    capacity: 100 kW
    spreadAcross: [za, zb]
  - id: link
    kind: network
    capacity: 100 MB/s
    spreadAcross: [za, zb]
  - id: db
    kind: datastore
    capacity: 50 rps
  - id: api
    kind: service
    capacity: 1000 rps
    concurrency: 10
    latency: 1s
    spreadAcross: [za, zb]
`;
      assert.deepEqual(run('capacity-after-domain-loss', map), [
        {
          at: '17:14',
          key: 'capacity-after-domain-loss:pdu',
          message:
            "If zone za fails, pdu's other domain carries 60 kW on 50 kW: 120%, above its capacity. Losing any of 2 of its domains does the same. To ride out the loss of one domain it needs about 120 kW in total (60 kW per domain): add capacity, or spread across more domains.",
          related: ['18:18 spread across 2 domains', '3:10 zone za'],
          data: {
            component: 'pdu',
            domain: 'za',
            utilisation: 1.2,
            load: 60_000,
            capacityLeft: 50_000,
            limit: 1,
            capacityNeeded: 120_000,
          },
        },
        {
          at: '21:14',
          key: 'capacity-after-domain-loss:link',
          message:
            "If zone za fails, link's other domain carries 60 MB/s on 50 MB/s: 120%, above its capacity. Losing any of 2 of its domains does the same. To ride out the loss of one domain it needs about 120 MB/s in total (60 MB/s per domain): add capacity, or spread across more domains.",
          related: ['22:18 spread across 2 domains', '3:10 zone za'],
          data: {
            component: 'link',
            domain: 'za',
            utilisation: 1.2,
            load: 60e6,
            capacityLeft: 50e6,
            limit: 1,
            capacityNeeded: 120e6,
          },
        },
      ]);
    });
  });

  describe('journey-rto-unachievable', () => {
    const map = (pay: string, dependency: string, failover: string) => `incidentmap: 1
journeys:
  - { id: browse, entry: home, demand: 10 rps }
  - { id: pay, entry: api, ${pay}target: { rto: 2m } }
components:
  - { id: home, kind: service }
  - { id: api, kind: service, dependsOn: [ { target: db${dependency} } ] }
  - { id: db, kind: datastore }
  - { id: db2, kind: datastore }
failovers:
  - { from: db, to: db2, ${failover} }
`;
    // The finding sits on the failover's rto value (line 11), the related location on the journey's
    // (line 4): their columns move with what the map writes before them, counted by hand in each test.
    const expected = (at: string, rtoAt: string, detection: string, detectionMs: number, rtoMs: number, total: string) => [
      {
        at,
        key: 'journey-rto-unachievable:pay:db:db2',
        message: `If db fails, pay is down until db2 takes over: ${detection} to detect + ${rtoMs / 1000}s to fail over = ${total}, longer than the journey's RTO of 2m. Detect faster, fail over faster, or set the RTO the failover can meet.`,
        related: [`${rtoAt} pay: RTO 2m`],
        data: {
          journey: 'pay',
          from: 'db',
          to: 'db2',
          detectionMs,
          rtoMs,
          journeyRtoMs: 120_000,
        },
      },
    ];

    it('a second journey with a demand, an explicit detection: no "(the default …)"', () => {
      // 30 s + 91 s = 121 s > 2 m. pay is the second journey, db the third component. Columns: the
      // failover's "rto: " ends at 63, the journey's at 58 after "demand: 10 rps, ".
      assert.deepEqual(run('journey-rto-unachievable', map('demand: 10 rps, ', '', 'mode: automatic, detection: 30s, rto: 91s')), expected('11:63', '4:58', '30s', 30_000, 91_000, '121s'));
      // 30 s + 90 s = 2 m: achievable.
      assert.deepEqual(run('journey-rto-unachievable', map('demand: 10 rps, ', '', 'mode: automatic, detection: 30s, rto: 90s')), []);
    });

    it('a manual failover without a detection: 5 minutes, "the default for a manual failover"', () => {
      const out = run('journey-rto-unachievable', map('demand: 10 rps, ', '', 'mode: manual, rto: 60s'));
      assert.equal(out.length, 1);
      assert.equal(out[0]!.at, '11:44');
      assert.equal(
        out[0]!.message,
        "If db fails, pay is down until db2 takes over: 5m to detect (the default for a manual failover) + 1m to fail over = 6m, longer than the journey's RTO of 2m. Detect faster, fail over faster, or set the RTO the failover can meet.",
      );
      assert.deepEqual(out[0]!.data, {
        journey: 'pay',
        from: 'db',
        to: 'db2',
        detectionMs: 300_000,
        rtoMs: 60_000,
        journeyRtoMs: 120_000,
      });
    });

    it('a journey without a demand, or of 0 rps, is down all the same (it was never reported: its load reaches nothing)', () => {
      // The journey's rto value at column 42 without a demand, 57 after "demand: 0 rps, ".
      for (const [pay, rtoAt] of [
        ['', '4:42'],
        ['demand: 0 rps, ', '4:57'],
      ] as const) {
        assert.deepEqual(run('journey-rto-unachievable', map(pay, '', 'mode: automatic, detection: 30s, rto: 91s')), expected('11:63', rtoAt, '30s', 30_000, 91_000, '121s'), pay || 'no demand');
      }
    });

    it('a call riding a network path that fails over: down until it takes over, with a demand or without (it was never reported: no load is put on a path)', () => {
      // api's call to db rides net; net fails over to net2 by hand: 5 m + 1 m = 6 m > 2 m. db, after
      // it in the list, calls api back softly: a loop in what the journey reaches.
      const map = (pay: string) => `incidentmap: 1
journeys:
  - { id: pay, entry: api, ${pay}target: { rto: 2m } }
components:
  - { id: api, kind: service, dependsOn: [ { target: db, via: [net] } ] }
  - { id: db, kind: datastore, dependsOn: [ { target: api, type: soft } ] }
  - { id: net, kind: network }
  - { id: net2, kind: network }
failovers:
  - { from: net, to: net2, mode: manual, rto: 60s }
`;
      // The failover's "rto: " ends at column 46 (line 10); the journey's at 42 or, after
      // "demand: 10 rps, ", 58 (line 3).
      for (const [pay, rtoAt] of [
        ['', '3:42'],
        ['demand: 10 rps, ', '3:58'],
      ] as const) {
        assert.deepEqual(
          run('journey-rto-unachievable', map(pay)),
          [
            {
              at: '10:46',
              key: 'journey-rto-unachievable:pay:net:net2',
              message:
                "If net fails, pay is down until net2 takes over: 5m to detect (the default for a manual failover) + 1m to fail over = 6m, longer than the journey's RTO of 2m. Detect faster, fail over faster, or set the RTO the failover can meet.",
              related: [`${rtoAt} pay: RTO 2m`],
              data: {
                journey: 'pay',
                from: 'net',
                to: 'net2',
                detectionMs: 300_000,
                rtoMs: 60_000,
                journeyRtoMs: 120_000,
              },
            },
          ],
          pay || 'no demand',
        );
      }
    });

    it('a journey that reaches the primary softly, with or without a demand, is not down while it fails over', () => {
      for (const pay of ['', 'demand: 10 rps, ']) {
        assert.deepEqual(run('journey-rto-unachievable', map(pay, ', type: soft', 'mode: manual, rto: 60s')), [], pay || 'no demand');
      }
    });
  });

  describe('headroom-mismatch', () => {
    it('power and bandwidth from the demands on them, a load in another unit ignored, over capacity and exactly full; no demand or no capacity: nothing', () => {
      // pdu: 80 kW of 100 leaves 20%, says 50: 30 points apart. link: 30 MB/s of 100 leaves 70%, says
      // 20. idle (power, nothing on it): no load to compare. api: its load is in kW, its capacity in
      // rps, so the journeys count: 1,000 of 800 is 25% over capacity, says 10. full: 1,000 of 1,000
      // leaves 0%, says 20. zero: a capacity of 0 leaves nothing to divide by.
      const map = `incidentmap: 1
journeys:
  - { id: main, entry: web, demand: 1000 rps }
components:
  - id: web
    kind: service
    dependsOn:
      - { target: pdu, demand: 80 kW }
      - { target: link, demand: 30 MB/s }
      - { target: api }
      - { target: full }
      - { target: zero }
  - { id: pdu, kind: power, capacity: 100 kW, headroom: 50% }
  - { id: link, kind: network, capacity: 100 MB/s, headroom: 20% }
  - { id: idle, kind: power, capacity: 100 kW, headroom: 50% }
  - { id: api, kind: service, capacity: 800 rps, headroom: 10%, load: 40 kW }
  - { id: full, kind: service, capacity: 1000 rps, headroom: 20% }
  - { id: zero, kind: service, capacity: 0 rps, headroom: 20% }
`;
      const tail = 'Update the headroom, the capacity or the load to what is measured at peak.';
      assert.deepEqual(run('headroom-mismatch', map), [
        {
          at: '13:56',
          key: 'headroom-mismatch:pdu',
          message: `pdu says headroom 50%, but the demands on it bring 80 kW of its 100 kW: 20% headroom. ${tail}`,
          related: [],
          data: { component: 'pdu', declared: 50, derived: 20, load: 80_000, capacity: 100_000 },
        },
        {
          at: '14:61',
          key: 'headroom-mismatch:link',
          message: `link says headroom 20%, but the demands on it bring 30 MB/s of its 100 MB/s: 70% headroom. ${tail}`,
          related: [],
          data: { component: 'link', declared: 20, derived: 70, load: 30e6, capacity: 100e6 },
        },
        {
          at: '16:59',
          key: 'headroom-mismatch:api',
          message: `api says headroom 10%, but the journeys that reach it bring 1,000 rps of its 800 rps: 25% over capacity. ${tail}`,
          related: [],
          data: { component: 'api', declared: 10, derived: -25, load: 1000, capacity: 800 },
        },
        {
          at: '17:61',
          key: 'headroom-mismatch:full',
          message: `full says headroom 20%, but the journeys that reach it bring 1,000 rps of its 1,000 rps: 0% headroom. ${tail}`,
          related: [],
          data: { component: 'full', declared: 20, derived: 0, load: 1000, capacity: 1000 },
        },
      ]);
    });
  });

  describe('capacity-unit-mismatch', () => {
    const map = (demand: string) => `incidentmap: 1
journeys:
  - { id: main, entry: web, demand: ${demand} }
components:
  - id: web
    kind: service
    dependsOn:
      - { target: pdu, demand: 80 kW }
      - { target: link, demand: 30 MB/s }
      - { target: rack }
      - { target: api }
  - { id: pdu, kind: power, capacity: 100 kW }
  - { id: link, kind: network, capacity: 100 MB/s }
  - { id: rack, kind: power, capacity: 50 kW }
  - { id: idle, kind: power, capacity: 100 kW }
  - { id: api, kind: service, capacity: 1200 rps }
`;
    it('a power capacity reached only by requests is reported with their rate; power and bandwidth with demands in their unit, one reached by nothing and a rate are not', () => {
      // The journey's requests reach pdu, link, rack and api. pdu has 80 kW on it, link 30 MB/s:
      // measurable. rack has requests alone. idle has nothing at all. api is a rate.
      const rack = (rate: string) => [
        {
          at: '14:39',
          key: 'capacity-unit-mismatch:flow:rack',
          message: `rack's capacity, 50 kW, is power (watts), but what reaches it is requests, ${rate} per second: its utilisation cannot be known. Give the dependencies on it a \`demand\` in kW, or write its capacity as a rate.`,
          related: [],
          data: undefined,
        },
      ];
      assert.deepEqual(run('capacity-unit-mismatch', map('1000 rps')), rack('1,000'));
      // 0.4 rps was written "0 per second" (rounded to a whole number).
      assert.deepEqual(run('capacity-unit-mismatch', map('0.4 rps')), rack('0.4'));
    });
  });

  describe('freshness-budget', () => {
    const map = (capacity: string) => `incidentmap: 1
journeys:
  - { id: ingest, entry: web, demand: 100 rps }
scenarios:
  - { id: reader-down, fail: [reader] }
  - { id: surge, load: [ { journey: ingest, factor: 2 } ] }
components:
  - id: web
    kind: service
    dependsOn: [ { target: events, mode: async } ]
  - { id: events, kind: queue }
  - id: reader
    kind: service
    capacity: ${capacity}
    dependsOn: [ { target: events, mode: async, consumes: true } ]
`;
    it('a consumer that keeps up at peak but not under a scenario is reported for it; one that is down is not falling behind', () => {
      // 150 rps for 100 at peak; twice the demand is 200: 50 rps more every second. reader-down
      // leaves it no capacity at all: down, which is the scenario's business, not a backlog.
      assert.deepEqual(run('freshness-budget', map('150 rps')), [
        {
          at: '15:27',
          key: 'freshness-budget:reader:events',
          message: 'In scenario surge, reader receives 200 rps from events but can process 150 rps: its backlog grows by 50 rps and never drains, so everything after it goes stale. Give it capacity above its inflow.',
          related: [],
          data: { consumer: 'reader', queue: 'events', inflow: 200, capacity: 150, scenario: 'surge' },
        },
      ]);
    });

    it('a consumer behind at peak is reported once, at peak, not again for each scenario', () => {
      // 50 rps for 100 at peak (and 200 under surge): one finding.
      assert.deepEqual(run('freshness-budget', map('50 rps')), [
        {
          at: '15:27',
          key: 'freshness-budget:reader:events',
          message: 'At peak, reader receives 100 rps from events but can process 50 rps: its backlog grows by 50 rps and never drains, so everything after it goes stale. Give it capacity above its inflow.',
          related: [],
          data: { consumer: 'reader', queue: 'events', inflow: 100, capacity: 50, scenario: undefined },
        },
      ]);
    });
  });
});
