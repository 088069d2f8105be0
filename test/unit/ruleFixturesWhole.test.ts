// Each analysing rule's failing fixture (test/fixtures/rules/<id>/bad.incidentmap), its findings
// written out whole: position, key, message with its numbers, related locations and data. The numbers
// were checked against each fixture's own comment (e.g. capacity-after-domain-loss: 700 rps on the
// 600 rps two zones of 900 rps leave is 117%; 700 × 3/2 = 1,050 rps needed). rulesAlone.test.ts checks
// the lines; this checks what the person on call reads. Each runs its one rule.
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { toUri } from '../../server/src/node/nodeHost';
import { analyzeFile, fixturesDir, onlyRule } from '../helpers/core';

function badFixture(ruleId: string) {
  const dir = join(fixturesDir, 'rules', ruleId);
  const { findings } = analyzeFile(join(dir, 'bad.incidentmap'), {
    root: toUri(dir),
    baseSettings: { rules: onlyRule(ruleId) },
  });
  const at = (uri: string, r: { start: { line: number; character: number } }) => `${basename(uri)}:${r.start.line + 1}:${r.start.character}`;
  return findings.map((f) => ({
    rule: f.ruleId,
    at: at(f.uri, f.range),
    key: f.key,
    message: f.message,
    related: (f.related ?? []).map((r) => `${at(r.uri, r.range)} ${r.message}`),
    ...(f.data !== undefined ? { data: f.data } : {}),
  }));
}

const expected: Record<string, unknown[]> = {
  'capacity-after-domain-loss': [
    {
      rule: 'capacity-after-domain-loss',
      at: 'bad.incidentmap:14:14',
      key: 'capacity-after-domain-loss:web',
      message:
        "If zone za fails, web's other 2 domains carry 700 rps on 600 rps: 117%, above its capacity. Losing any of 3 of its domains does the same. To ride out the loss of one domain it needs about 1,050 rps in total (350 rps per domain): add capacity, or spread across more domains.",
      related: ['bad.incidentmap:15:18 spread across 3 domains', 'bad.incidentmap:3:10 zone za'],
      data: {
        component: 'web',
        domain: 'za',
        utilisation: 1.1666666666666667,
        load: 700,
        capacityLeft: 600,
        limit: 1,
        capacityNeeded: 1050,
      },
    },
  ],
  'single-point-of-failure': [
    {
      rule: 'single-point-of-failure',
      at: 'bad.incidentmap:3:8',
      key: 'spof:domain:zone-a',
      message:
        'Single point of failure: if zone-a fails, tier-1 checkout goes down. Path: checkout → orders-db (lives in zone-a). Spread it across domains, add a failover outside its failure domain, or give the dependency a fallback.',
      related: ['bad.incidentmap:17:16 checkout: hard dependency on', 'bad.incidentmap:22:13 orders-db: lives in zone-a'],
      data: { failed: 'zone-a', down: ['checkout'], downCount: 1, more: 0 },
    },
    {
      rule: 'single-point-of-failure',
      at: 'bad.incidentmap:18:8',
      key: 'spof:component:orders-db',
      message:
        'Single point of failure: if orders-db fails, tier-1 checkout goes down. Path: checkout → orders-db. Spread it across domains, add a failover outside its failure domain, or give the dependency a fallback.',
      related: ['bad.incidentmap:17:16 checkout: hard dependency on', 'bad.incidentmap:18:8 orders-db: fails'],
      data: { failed: 'orders-db', down: ['checkout'], downCount: 1, more: 0 },
    },
    {
      rule: 'single-point-of-failure',
      at: 'bad.incidentmap:24:8',
      key: 'spof:component:ledger',
      message:
        'Single point of failure: ledger is tier 1 and runs as one instance (one replica, not spread across domains) with no failover, so if it fails, it is down. Give it replicas: 2 or more, spread it across domains, or add a failover. If that is accepted, say why with acceptedRisk.',
      related: ['bad.incidentmap:24:8 ledger: fails'],
      data: { failed: 'ledger', down: ['ledger'], downCount: 1, more: 0 },
    },
  ],
  'headroom-mismatch': [
    {
      rule: 'headroom-mismatch',
      at: 'bad.incidentmap:11:14',
      key: 'headroom-mismatch:web',
      message: 'web says headroom 50%, but the journeys that reach it bring 800 rps of its 1,000 rps: 20% headroom. Update the headroom, the capacity or the load to what is measured at peak.',
      related: [],
      data: {
        component: 'web',
        declared: 50,
        derived: 20,
        load: 800,
        capacity: 1000,
      },
    },
    {
      rule: 'headroom-mismatch',
      at: 'bad.incidentmap:16:14',
      key: 'headroom-mismatch:api',
      message: 'api says headroom 30%, but its load brings 900 rps of its 1,000 rps: 10% headroom. Update the headroom, the capacity or the load to what is measured at peak.',
      related: [],
      data: {
        component: 'api',
        declared: 30,
        derived: 10,
        load: 900,
        capacity: 1000,
      },
    },
  ],
  'freshness-budget': [
    {
      rule: 'freshness-budget',
      at: 'bad.incidentmap:7:17',
      key: 'freshness-budget:clicks',
      message:
        'clicks must be fresh within 5m, but the lag budgets along its data add up to 6m (2m processor behind events + 4m processor → warehouse). Lower the budgets along the chain or relax the objective.',
      related: ['bad.incidentmap:24:19 processor reads events: lag budget 2m', 'bad.incidentmap:27:19 processor writes to warehouse: lag budget 4m'],
      data: { journey: 'clicks', objectiveMs: 300000, lagMs: 360000 },
    },
    {
      rule: 'freshness-budget',
      at: 'bad.incidentmap:35:16',
      key: 'freshness-budget:archiver:events',
      message:
        'At peak, archiver receives 10,000 events/s from events but can process 8,000 events/s: its backlog grows by 2,000 events/s and never drains, so everything after it goes stale. Give it capacity above its inflow.',
      related: [],
      data: {
        consumer: 'archiver',
        queue: 'events',
        inflow: 10000,
        capacity: 8000,
        scenario: undefined,
      },
    },
  ],
  'retry-storm': [
    {
      rule: 'retry-storm',
      at: 'bad.incidentmap:17:17',
      key: 'retry-storm:db',
      message:
        'In scenario db-slow, retries push db to 180% of the capacity it has left (1,800 rps on 1,000 rps), above its capacity; without the retries it would be at 60%. The retry load keeps it overloaded after the trigger is gone. Give web → db a retry budget (retryBudget: 10%) or a circuit breaker, or retry at one layer only.',
      related: ['bad.incidentmap:21:14 db: capacity', 'bad.incidentmap:7:8 scenario db-slow'],
      data: {
        component: 'db',
        scenario: 'db-slow',
        utilisation: 1.8,
        withoutRetries: 0.6,
        limit: 1,
      },
    },
  ],
  'scenario-not-survived': [
    {
      rule: 'scenario-not-survived',
      at: 'bad.incidentmap:12:17',
      key: 'scenario-not-survived:sale',
      message: 'Scenario sale must be survived, but order is overloaded (api at 133% of the capacity it has left). Run `incidentmap simulate --scenario sale` for the timeline.',
      related: ['bad.incidentmap:14:8 api'],
      data: {
        scenario: 'sale',
        journeys: [{ journey: 'order', outcome: 'overloaded' }],
      },
    },
  ],
  'journey-rto-unachievable': [
    {
      rule: 'journey-rto-unachievable',
      at: 'bad.incidentmap:27:9',
      key: 'journey-rto-unachievable:pay:db:db-replica',
      message:
        "If db fails, pay is down until db-replica takes over: 1m to detect (the default for an automatic failover) + 90s to fail over = 150s, longer than the journey's RTO of 2m. Detect faster, fail over faster, or set the RTO the failover can meet.",
      related: ['bad.incidentmap:10:11 pay: RTO 2m'],
      data: {
        journey: 'pay',
        from: 'db',
        to: 'db-replica',
        detectionMs: 60000,
        rtoMs: 90000,
        journeyRtoMs: 120000,
      },
    },
  ],
  'failover-cannot-take-over': [
    {
      rule: 'failover-cannot-take-over',
      at: 'bad.incidentmap:24:8',
      key: 'failover-cannot-take-over:db:db',
      message: 'Failover db → db fails over to itself: when db fails, nothing takes over. Point `to` at a replica or standby in another failure domain, or remove this failover.',
      related: [],
      data: { from: 'db', to: 'db', path: ['db'] },
    },
    {
      rule: 'failover-cannot-take-over',
      at: 'bad.incidentmap:27:8',
      key: 'failover-cannot-take-over:db:db-proxy',
      message:
        'Failover db → db-proxy cannot take over: db-proxy needs db (db-proxy → pool → db), so it goes down with it. Fail over to a component that does not depend on db, or make that dependency soft or async.',
      related: [],
      data: { from: 'db', to: 'db-proxy', path: ['db-proxy', 'pool', 'db'] },
    },
  ],
  'capacity-unit-mismatch': [
    {
      rule: 'capacity-unit-mismatch',
      at: 'bad.incidentmap:5:12',
      key: 'capacity-unit-mismatch:journey:browse',
      message: "A journey's demand is a rate of requests, messages or events, e.g. 300 rps; browse's is bandwidth (bytes per second). Write it as a rate.",
      related: [],
    },
    {
      rule: 'capacity-unit-mismatch',
      at: 'bad.incidentmap:10:10',
      key: 'capacity-unit-mismatch:load:web',
      message: "web's load is bandwidth (bytes per second) but its capacity is a rate (requests, messages or events per second): they cannot be compared. Write both in the same dimension.",
      related: [],
    },
    {
      rule: 'capacity-unit-mismatch',
      at: 'bad.incidentmap:13:16',
      key: 'capacity-unit-mismatch:demand:web:pdu',
      message: 'web puts a rate (requests, messages or events per second) on pdu, whose capacity is power (watts) (400 kW). Write the demand in kW.',
      related: [],
    },
    {
      rule: 'capacity-unit-mismatch',
      at: 'bad.incidentmap:21:14',
      key: 'capacity-unit-mismatch:flow:pdu',
      message:
        "pdu's capacity, 400 kW, is power (watts), but what reaches it is requests, 500 per second: its utilisation cannot be known. Give the dependencies on it a `demand` in kW, or write its capacity as a rate.",
      related: [],
    },
  ],
  'domain-cycle': [
    {
      rule: 'domain-cycle',
      at: 'bad.incidentmap:5:12',
      key: 'domain-cycle:region-1,zone-a',
      message: 'Failure domains nest in a loop: zone-a → region-1 → zone-a. Fix the parent of one of them.',
      related: [],
    },
  ],
  'missing-owner': [
    {
      rule: 'missing-owner',
      at: 'bad.incidentmap:3:8',
      key: 'missing-owner:checkout',
      message: 'Tier-1 component checkout has no owner: add owner: with the team or on-call rotation that is paged for it.',
      related: [],
    },
  ],
  'missing-runbook': [
    {
      rule: 'missing-runbook',
      at: 'bad.incidentmap:3:8',
      key: 'missing-runbook:checkout',
      message: 'Tier-1 component checkout has no runbook: add runbook: with a link, or runbookSteps: with what to check first.',
      related: [],
    },
  ],
};

describe("each rule's failing fixture, its findings whole", () => {
  for (const [ruleId, findings] of Object.entries(expected)) {
    it(ruleId, () => {
      assert.deepEqual(badFixture(ruleId), findings);
    });
  }
});
