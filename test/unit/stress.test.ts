// The stress analysis: quantities, the load engine and its scenarios, checked against numbers worked
// out by hand (in the comments), and properties that hold on any map (load is conserved).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseQuantity, stress, computeBaseline, evaluate, fromDeclared, type Analysis, type ScenarioResult } from '../../server/src/core/index';
import { run } from '../../server/src/cli/cli';
import type { CliIO } from '../../server/src/cli/command';
import { hoverAt } from '../../server/src/core/language/service';
import { stressDigest } from '../../server/src/core/language/stressHover';
import { analyzeFile, analyzeText, fixturesDir, repoRoot, testNow } from '../helpers/core';

const shop = join(fixturesDir, 'stress/shop.incidentmap');

function near(actual: number, expected: number, tolerance = 1e-9, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} is not ${expected}`);
}

function loadOf(a: Analysis, r: ScenarioResult, id: string, phase = -1): number {
  const ph = r.phases[phase < 0 ? r.phases.length - 1 : phase]!;
  return ph.loads.rate[a.graph.index.get(id)!]!;
}

function utilOf(a: Analysis, r: ScenarioResult, id: string, phase = -1): number {
  const ph = r.phases[phase < 0 ? r.phases.length - 1 : phase]!;
  return ph.loads.utilisation[a.graph.index.get(id)!]!;
}

describe('quantities', () => {
  const ok: [string, number, string][] = [
    ['1800 rps', 1800, 'rate'],
    ['1800rps', 1800, 'rate'],
    ['1800 RPS', 1800, 'rate'],
    ['1.2k msg/s', 1200, 'rate'],
    ['12k events/s', 12000, 'rate'],
    ['300 rpm', 5, 'rate'],
    ['7200 jobs/h', 2, 'rate'],
    ['.5 rps', 0.5, 'rate'],
    ['40 MB/s', 40e6, 'bandwidth'],
    ['1 MiB/s', 1048576, 'bandwidth'],
    ['10 Gbps', 1.25e9, 'bandwidth'],
    ['400 kW', 400e3, 'power'],
    ['1.5 MW', 1.5e6, 'power'],
    ['0 rps', 0, 'rate'],
    // At the limit: accepted.
    ['1000000000000000 rps', 1e15, 'rate'],
  ];
  for (const [text, value, dimension] of ok) {
    it(`reads ${text}`, () => {
      const q = parseQuantity(text);
      assert.ok(q.ok, JSON.stringify(q));
      assert.equal(q.value.dimension, dimension);
      near(q.value.value, value, 1e-12, text);
    });
  }
  const bad: [string, RegExp][] = [
    ['1800', /not a quantity: write a number and a unit/],
    ['rps', /not a quantity/],
    ['-5 rps', /^"-5 rps" is negative: a rate, a bandwidth or a power is zero or more\.$/],
    ['-1.5k msg/s', /is negative/],
    ['- rps', /not a quantity/],
    ['-5 furlongs', /is negative/],
    ['1800 rsp', /"rsp" is not a unit incidentmap knows\. Did you mean rps\?/],
    ['40 kWh', /"kWh" is not a unit .* Did you mean kW\?/],
    ['5 furlongs/fortnight', /is not a unit incidentmap knows\. Rates: rps/],
    // Just above the limit: refused.
    ['1000000000000001 rps', /too large to be a real rate/],
    ['2G MW', /too large to be a real power/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${text}`, () => {
      const q = parseQuantity(text);
      assert.ok(!q.ok);
      assert.match(q.message, message);
    });
  }
  it('reports a unit it does not know as a finding on the value, with a did-you-mean', () => {
    const a = analyzeText('incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    capacity: 300 rsp\n');
    const f = a.findings.filter((x) => x.ruleId === 'invalid-value');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.range.start.line, 4);
    assert.match(f[0]!.message, /`capacity`: "rsp" is not a unit incidentmap knows\. Did you mean rps\?/);
  });
});

describe('the load engine: the worked example of docs/language.md', () => {
  const a = analyzeFile(shop);
  const s = stress(a.graph);

  it('has no finding of its own', () => {
    assert.deepEqual(a.findings.map((f) => f.ruleId), []);
  });

  it('carries each journey down the dependencies it uses, with call ratios and cache misses', () => {
    const base = s.baseline.loads;
    const at = (id: string) => base.rate[a.graph.index.get(id)!]!;
    // web: browse 600 + buy 100. cache: browse only. orders: buy x 2 calls. db: 10% of 600 misses + orders' 200.
    assert.equal(at('web'), 700);
    assert.equal(at('cache'), 600);
    assert.equal(at('orders'), 200);
    near(at('db'), 260, 1e-12, 'db');
    near(base.utilisation[a.graph.index.get('web')!]!, 700 / 1200, 1e-12, 'web');
    near(base.utilisation[a.graph.index.get('db')!]!, 0.65, 1e-12, 'db');
  });

  it('names what saturates first and at what multiple of the peak', () => {
    const first = s.baseline.firstToSaturate[0]!;
    assert.equal(a.graph.components[first]!.id, 'orders');
    near(s.baseline.saturatesAt[first]!, 1.5, 1e-12, 'orders: 300 / 200');
  });

  it('losing one zone of three leaves two thirds of the capacity for the same load', () => {
    const r = s.domainLoss.find((x) => x.case.id === 'lose-za')!;
    assert.equal(loadOf(a, r, 'web'), 700);
    near(utilOf(a, r, 'web'), 700 / 800, 1e-12, 'web');
    assert.equal(r.survived, true);
    assert.deepEqual(s.domainLoss.map((x) => x.case.id), ['lose-za', 'lose-zb', 'lose-zc']);
  });

  it('a lost cache sends every lookup to the store behind it', () => {
    const r = s.declared.find((x) => x.case.id === 'cache-lost')!;
    // 600 browse lookups all miss, plus orders' 200: 800 on 400.
    near(loadOf(a, r, 'db'), 800, 1e-12, 'db');
    near(utilOf(a, r, 'db'), 2, 1e-12, 'db');
    assert.deepEqual(r.journeys.map((j) => j.outcome), ['overloaded', 'overloaded']);
    assert.equal(r.survived, false);
    assert.deepEqual(r.retryStorms, []);
  });

  it('retries on an overloaded component settle where the retry load balances the failures', () => {
    const r = s.declared.find((x) => x.case.id === 'buy-doubles')!;
    // Fixed point of L = 400 (1 + f + f^2), f = 1 - 300 / L, found by iterating it by hand: 810.72.
    let L = 400;
    for (let i = 0; i < 500; i++) {
      const f = 1 - 300 / L;
      L = 400 * (1 + f + f * f);
    }
    near(L, 810.72, 1e-4, 'the hand fixed point');
    near(loadOf(a, r, 'orders'), 810.72, 5e-3, 'orders');
    near(loadOf(a, r, 'db'), 870.72, 5e-3, 'db');
    const sat = r.phases[0]!.saturated.find((x) => a.graph.components[x.component]!.id === 'db')!;
    near(sat.withoutRetries, 460 / 400, 1e-12, 'db before retries: 60 + 400');
  });

  it('a journey-only dependency breaks only its journeys, and degrades its caller', () => {
    const t = analyzeText(`incidentmap: 1
journeys:
  - { id: browse, entry: web, demand: 100 rps }
  - { id: buy, entry: web, demand: 10 rps }
scenarios:
  - { id: search-down, fail: [search] }
components:
  - id: web
    kind: service
    capacity: 1000 rps
    dependsOn:
      - { target: search, journeys: [browse] }
      - { target: orders, journeys: [buy] }
  - { id: search, kind: service }
  - { id: orders, kind: service, capacity: 100 rps }
`);
    const r = stress(t.graph).declared[0]!;
    assert.deepEqual(r.journeys.map((j) => `${j.outcome}`), ['down', 'ok']);
    assert.equal(r.phases[0]!.sim.state[t.graph.index.get('web')!], 1 /* degraded, not down */);
    assert.equal(loadOf(t, r, 'orders'), 10);
  });
});

describe('the load engine: properties', () => {
  /** A random tree of services: component i > 0 is called by a random earlier one. */
  const tree = fc.integer({ min: 2, max: 25 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      parent: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      demand: fc.integer({ min: 1, max: 10_000 }),
      standby: fc.integer({ min: 1, max: n - 1 }),
    }),
  );
  function treeMap(t: { n: number; parent: number[]; demand: number; standby: number }, withStandby: boolean): string {
    const deps = new Map<number, number[]>();
    for (let i = 1; i < t.n; i++) {
      const p = t.parent[i]! % i;
      deps.set(p, [...(deps.get(p) ?? []), i]);
    }
    const lines = ['incidentmap: 1', 'journeys:', `  - { id: j, entry: c0, demand: ${t.demand} rps }`, 'components:'];
    for (let i = 0; i < t.n; i++) {
      lines.push(`  - id: c${i}`, '    kind: service', '    capacity: 1000000 rps');
      const ds = deps.get(i) ?? [];
      if (ds.length) {
        lines.push(`    dependsOn: [${ds.map((d) => `{ target: c${d} }`).join(', ')}]`);
      }
    }
    if (withStandby) {
      lines.push('  - { id: standby, kind: service, capacity: 1000000 rps }', 'failovers:', `  - { from: c${t.standby}, to: standby, mode: automatic, rto: 1m }`);
    }
    return lines.join('\n') + '\n';
  }

  it('with one call per request, every component of a tree receives exactly the journey\'s demand', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const a = analyzeText(treeMap(t, false));
        const loads = stress(a.graph).baseline.loads;
        a.graph.components.forEach((c, i) => near(loads.rate[i]!, t.demand, 1e-9, c.id));
      }),
      { numRuns: 200 },
    );
  });

  it('a failed primary hands all of its load to its failover target, and its dependencies keep theirs', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const a = analyzeText(treeMap(t, true));
        const g = a.graph;
        const base = computeBaseline(g);
        const p = g.index.get(`c${t.standby}`)!;
        const r = evaluate(g, base, { id: 'x', name: 'x', failComponents: [p], failDomains: [], mustSurvive: false });
        const after = r.phases[r.phases.length - 1]!.loads;
        near(after.rate[g.index.get('standby')!]!, base.loads.rate[p]!, 1e-9, 'standby');
        assert.equal(after.rate[p], 0);
        // The primary's dependencies are not the standby's: they lose the load (the standby calls nothing).
        for (const d of g.components[p]!.dependsOn) {
          assert.equal(after.rate[g.index.get(d.target.id)!], 0);
        }
        // Everything else is unchanged.
        g.components.forEach((c, i) => {
          if (i !== p && c.id !== 'standby' && !isBelow(g, p, i)) {
            near(after.rate[i]!, base.loads.rate[i]!, 1e-9, c.id);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  function isBelow(g: Analysis['graph'], from: number, to: number): boolean {
    const stack = [from];
    const seen = new Set<number>();
    while (stack.length) {
      const c = stack.pop()!;
      for (let e = g.outStart[c]!; e < g.outStart[c + 1]!; e++) {
        const t = g.edges.to[e]!;
        if (t === to) {
          return true;
        }
        if (!seen.has(t)) {
          seen.add(t);
          stack.push(t);
        }
      }
    }
    return false;
  }

  it('losing one of k domains leaves (k - 1) / k of the capacity for the same load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 9000 }), (k, demand, capacity) => {
        const zones = Array.from({ length: k }, (_, i) => `z${i}`);
        const a = analyzeText(`incidentmap: 1
domains: [${zones.map((z) => `{ id: ${z}, kind: zone }`).join(', ')}]
journeys: [ { id: j, entry: web, demand: ${demand} rps } ]
components:
  - { id: web, kind: service, capacity: ${capacity} rps, spreadAcross: [${zones.join(', ')}] }
`);
        const s = stress(a.graph);
        assert.equal(s.domainLoss.length, k);
        for (const r of s.domainLoss) {
          near(utilOf(a, r, 'web'), demand / ((capacity * (k - 1)) / k), 1e-9, `k=${k}`);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('a zone loss that takes a journey down names where the failure started', () => {
  // db lives in za; api and web spread across za and zb (not lost themselves), but api needs db and web
  // needs api: losing za takes db, then api, then web down, and the journey that enters at web with it.
  const text = `incidentmap: 1
domains: [ { id: za, kind: zone }, { id: zb, kind: zone } ]
journeys: [ { id: order, entry: web, demand: 100 rps } ]
scenarios: [ { id: lose-za, fail: [za] }, { id: lose-za-and-cache, fail: [za, cache] } ]
components:
  - { id: web, kind: service, capacity: 400 rps, spreadAcross: [za, zb], dependsOn: [ { target: api, type: hard, mode: sync } ] }
  - { id: api, kind: service, capacity: 400 rps, spreadAcross: [za, zb], dependsOn: [ { target: db, type: hard, mode: sync } ] }
  - { id: db, kind: datastore, capacity: 400 rps, domains: [za] }
  - { id: cache, kind: cache }
`;

  it('in the declared scenario (one domain: the bit-parallel down set), the static-stability loss and with a component failed too', () => {
    const a = analyzeText(text);
    const s = stress(a.graph);
    const db = a.graph.index.get('db')!;
    const web = a.graph.index.get('web')!;
    const [one, two] = s.declared;
    const zaLoss = s.domainLoss.find((r) => r.case.id === 'lose-za')!;
    for (const r of [one!, two!, zaLoss]) {
      const ph = r.phases[r.phases.length - 1]!;
      assert.equal(ph.sim.state[web], 2, `${r.case.id}: web is down`);
      assert.deepEqual(ph.journeys.map((o) => [o.outcome, o.because]), [['down', db]], `${r.case.id}: order is down because of db`);
      assert.deepEqual(r.journeys.map((o) => [o.outcome, o.because]), [['down', db]], r.case.id);
      assert.equal(r.survived, false);
    }
    assert.deepEqual(s.domainLoss.map((r) => r.case.id), ['lose-za', 'lose-zb']);
    // Losing zb takes nothing down: web and api lose half their spread, and the journey is degraded at its entry.
    assert.deepEqual(s.domainLoss[1]!.journeys.map((o) => [o.outcome, o.because]), [['degraded', web]]);
  });
});

describe('stress rules at their limits', () => {
  const zoneMap = (capacity: string, crit?: number) => `incidentmap: 1
domains: [ { id: za, kind: zone }, { id: zb, kind: zone } ]
journeys: [ { id: j, entry: web, demand: 450 rps } ]
components:
  - id: web
    kind: service
    capacity: ${capacity}
    spreadAcross: [za, zb]
${crit !== undefined ? `    signals: [ { name: pool, metric: m, crit: ${crit}, leading: true, measures: utilisation } ]\n` : ''}`;

  it('capacity-after-domain-loss: at 100% of the capacity left is not reported, above it is', () => {
    // Two zones: 900 rps leaves 450 for 450 (100%); 898 leaves 449 (100.2%).
    assert.equal(analyzeText(zoneMap('900 rps')).findings.filter((f) => f.ruleId === 'capacity-after-domain-loss').length, 0);
    const f = analyzeText(zoneMap('898 rps')).findings.filter((x) => x.ruleId === 'capacity-after-domain-loss');
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /If zone za fails, web's other domain carries 450 rps on 449 rps: 100%, above its capacity\. Losing any of 2 of its domains does the same\. To ride out the loss of one domain it needs about 900 rps in total \(450 rps per domain\)/);
    assert.deepEqual(f[0]!.data?.['capacityNeeded'], 900);
  });

  it('capacity-after-domain-loss: the crit of a utilisation signal is the line (at it: not reported)', () => {
    // 1000 rps leaves 500 for 450: 90%. Line 0.9: not above. Line 0.89: above.
    assert.equal(analyzeText(zoneMap('1000 rps', 0.9)).findings.filter((f) => f.ruleId === 'capacity-after-domain-loss').length, 0);
    const f = analyzeText(zoneMap('1000 rps', 0.89)).findings.filter((x) => x.ruleId === 'capacity-after-domain-loss');
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /above its saturation line of 89% \(the crit of "pool"\)/);
    // A percentage crit reads as a percentage.
    assert.equal(analyzeText(zoneMap('1000 rps', 89)).findings.filter((x) => x.ruleId === 'capacity-after-domain-loss').length, 1);
  });

  const headroomMap = (headroom: string) => `incidentmap: 1
journeys: [ { id: j, entry: api, demand: 800 rps } ]
components: [ { id: api, kind: service, capacity: 1000 rps, headroom: ${headroom} } ]
`;
  it('headroom-mismatch: 10 points apart is tolerated, more is reported', () => {
    // 800 of 1,000 leaves 20%.
    for (const ok of ['10%', '30%', '20%']) {
      assert.equal(analyzeText(headroomMap(ok)).findings.filter((f) => f.ruleId === 'headroom-mismatch').length, 0, ok);
    }
    for (const bad of ['9.9%', '30.1%']) {
      const f = analyzeText(headroomMap(bad)).findings.filter((x) => x.ruleId === 'headroom-mismatch');
      assert.equal(f.length, 1, bad);
      assert.match(f[0]!.message, /api says headroom [\d.]+%, but the journeys that reach it bring 800 rps of its 1,000 rps: 20% headroom/);
    }
  });

  const rtoMap = (detection: string, rto: string) => `incidentmap: 1
journeys: [ { id: pay, entry: api, demand: 10 rps, target: { rto: 2m } } ]
components:
  - { id: api, kind: service, dependsOn: [ { target: db } ] }
  - { id: db, kind: datastore }
  - { id: db2, kind: datastore }
failovers:
  - { from: db, to: db2, mode: automatic, detection: ${detection}, rto: ${rto} }
`;
  it('journey-rto-unachievable: detection + rto equal to the journey RTO is achievable, a second more is not', () => {
    assert.equal(analyzeText(rtoMap('30s', '90s')).findings.filter((f) => f.ruleId === 'journey-rto-unachievable').length, 0);
    const f = analyzeText(rtoMap('30s', '91s')).findings.filter((x) => x.ruleId === 'journey-rto-unachievable');
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /^If db fails, pay is down until db2 takes over: 30s to detect \+ 91s to fail over = 121s, longer than the journey's RTO of 2m\./);
  });

  it('journey-rto-unachievable: a failover the journey does not need is not its business', () => {
    const text = rtoMap('5m', '10m').replace('dependsOn: [ { target: db } ]', 'dependsOn: [ { target: db, type: soft } ]');
    assert.equal(analyzeText(text).findings.filter((f) => f.ruleId === 'journey-rto-unachievable').length, 0);
  });

  it('scenario-not-survived names the journey and the component, and stays silent without mustSurvive', () => {
    const map = (must: boolean) => `incidentmap: 1
journeys: [ { id: order, entry: api, demand: 200 rps } ]
scenarios: [ { id: sale, load: [ { journey: order, factor: 2.01 } ], mustSurvive: ${must} } ]
components: [ { id: api, kind: service, capacity: 401 rps } ]
`;
    assert.equal(analyzeText(map(false)).findings.length, 0);
    const f = analyzeText(map(true)).findings;
    assert.equal(f.length, 1);
    assert.equal(f[0]!.ruleId, 'scenario-not-survived');
    assert.match(f[0]!.message, /^Scenario sale must be survived, but order is overloaded \(api at 100% of the capacity it has left\)\./);
  });

  it('maps without capacity data get no stress finding', () => {
    for (const sample of ['multi-region/multi-region.incidentmap']) {
      const a = analyzeFile(join(repoRoot, 'samples', sample));
      assert.equal(stress(a.graph).active, false);
    }
  });
});

describe('bad stress input becomes findings', () => {
  it('an unknown journey entry, scenario target or journey gets a did-you-mean', () => {
    const a = analyzeText(`incidentmap: 1
journeys: [ { id: browse, entry: webb, demand: 10 rps } ]
scenarios:
  - { id: s1, fail: [wen] }
  - { id: s2, load: [ { journey: brwose, factor: 2 } ] }
  - { id: s3, load: [ { journey: browse, traffic: telemetry, factor: 2 } ] }
  - { id: s4 }
components: [ { id: web, kind: service, dependsOn: [ { target: db, journeys: [bowse] } ] }, { id: db, kind: datastore } ]
`);
    const msgs = a.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}: ${f.message}`);
    assert.deepEqual(msgs, [
      'unknown-reference@2: Unknown component `webb` in `entry`. Did you mean `web`?',
      'unknown-reference@4: Unknown component or failure domain `wen` in `fail`. Did you mean `web`?',
      'unknown-reference@5: Unknown journey `brwose` in `load.journey`. Did you mean `browse`?',
      'invalid-value@6: A load change names one of `journey`, `traffic` or `component`, not several: write one entry per change.',
      'missing-field@7: Scenario `s4` changes nothing: say what fails (`fail: [id]`), what demand grows (`load:`) or what slows down (`slow:`).',
      'unknown-reference@8: Unknown journey `bowse` in `journeys`. Did you mean `browse`?',
    ]);
  });
  it('negative and absurd numbers are refused by the schema', () => {
    const a = analyzeText(`incidentmap: 1
components:
  - id: web
    kind: service
    concurrency: 0
    dependsOn: [ { target: db, calls: -1 } ]
  - { id: db, kind: datastore, capacity: 1e400 rps }
`);
    assert.deepEqual(a.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`), ['invalid-value@5', 'invalid-value@6', 'invalid-value@7']);
  });
});

describe('simulate --scenario', () => {
  async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const io: CliIO = {
      stdout: { write: (s) => void (out.stdout += s) },
      stderr: { write: (s) => void (out.stderr += s) },
      cwd: repoRoot,
      env: { INCIDENTMAP_NOW: new Date(testNow).toISOString().slice(0, 10) },
    };
    return { code: await run(argv, io), ...out };
  }

  it('prints the timeline of a declared scenario: failure, failover, after', async () => {
    const r = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--scenario', 'lose-zone-a']);
    assert.equal(r.code, 0, r.stderr);
    const expected = [
      'Scenario Lose zone eu-west-a at peak (lose-zone-a): eu-west-a fails.',
      'Survived: every journey comes through once failover completes.',
      '',
      'At the failure, until failover completes (0 to 3m):',
      '  Down: orders-db',
    ];
    assert.deepEqual(r.stdout.split('\n').slice(0, 5), expected);
    assert.match(r.stdout, /^ {2}Journeys: place-order down \(orders-db\), view-cart degraded \(checkout-api\)$/m);
    assert.match(r.stdout, /^After failover \(from 3m on\):$/m);
    assert.match(r.stdout, /^ {2}Failed over: orders-db → orders-db-standby \(detect 1m, fail over 2m\)$/m);
    assert.match(r.stdout, /^ {2}Saturated: checkout-api at 100% \(1,200 rps on 1,200 rps, line 90%\)$/m);
  });

  it('gives every number in JSON', async () => {
    const r = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--scenario', 'black-friday', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as { survived: boolean; mustSurvive: boolean; phases: { utilisation: Record<string, number>; saturated: { component: string; load: number }[] }[] };
    assert.equal(rep.survived, false);
    assert.equal(rep.mustSurvive, true);
    // checkout-api: 2 x 300 + 1.5 x 900 = 1,950 on 1,800.
    assert.equal(rep.phases[0]!.saturated[0]!.component, 'checkout-api');
    assert.equal(rep.phases[0]!.saturated[0]!.load, 1950);
    assert.equal(rep.phases[0]!.utilisation['checkout-api'], Math.round((1950 / 1800) * 1000) / 1000);
  });

  it('makes a scenario from flags, and refuses what it cannot read', async () => {
    const slow = await cli(['simulate', 'samples/checkout/checkout.incidentmap', '--slow', 'session-cache=60ms']);
    assert.equal(slow.code, 0, slow.stderr);
    assert.match(slow.stdout, /Saturated: session-cache at 120% \(4,800 rps on 4,000 rps\), 60% before retries/);
    const cases: [string[], RegExp][] = [
      [['--scenario', 'black-fridy'], /no scenario "black-fridy" .*did you mean "black-friday"\?/],
      [['--slow', 'session-cache=soon'], /--slow session-cache: "soon" is not a duration/],
      [['--slow', 'session-cache'], /--slow takes NAME=VALUE/],
      [['--demand', 'place-ordr=2'], /no journey "place-ordr" .*did you mean "place-order"\?/],
      [['--demand', 'place-order=lots'], /--demand: "lots" is not a factor from 0 to 1000/],
      [['--traffic', 'tourists=2'], /--traffic: "tourists" is not a kind of traffic/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(['simulate', 'samples/checkout/checkout.incidentmap', ...flags]);
      assert.equal(r.code, 2, flags.join(' '));
      assert.match(r.stderr, message);
    }
    const none = await cli(['simulate', 'samples/multi-region/multi-region.incidentmap', '--demand', 'x=2']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /says nothing about load: no journeys, capacities or scenarios/);
  });
});

describe('diff compares scenario and journey outcomes', () => {
  it('names a scenario the change breaks, counts it as a regression, and the reverse as an improvement', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = require('node:fs') as typeof import('node:fs');
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const dir = mkdtempSync(join(require('node:os').tmpdir(), 'incidentmap-stress-diff-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
    const map = (capacity: number) => `incidentmap: 1
journeys: [ { id: order, entry: api, demand: 200 rps } ]
scenarios: [ { id: sale, load: [ { journey: order, factor: 2 } ], mustSurvive: true } ]
components: [ { id: api, kind: service, capacity: ${capacity} rps } ]
`;
    try {
      git('init', '-q');
      writeFileSync(join(dir, 'm.incidentmap'), map(400));
      git('add', '.');
      git('commit', '-qm', 'base');
      const run1 = async (args: string[]) => {
        let stdout = '';
        const io: CliIO = { stdout: { write: (t) => void (stdout += t) }, stderr: { write: () => undefined }, cwd: dir, env: {} };
        return { code: await run(args, io), stdout };
      };
      // 400 rps on 400 survives; on 399 it is overloaded.
      writeFileSync(join(dir, 'm.incidentmap'), map(399));
      const worse = await run1(['diff', '--base', 'HEAD', '--format', 'json', '--fail-on-regression']);
      assert.equal(worse.code, 1);
      const d = JSON.parse(worse.stdout) as { headline: string; summary: { regressions: number; improvements: number }; outcomes: { changed: { id: string; direction: string; before?: string; after?: string }[] } };
      assert.deepEqual(d.outcomes.changed.map((o) => `${o.id}: ${o.before} → ${o.after} (${o.direction})`), [
        'sale: survived → not survived: order overloaded (api) (worse)',
        'order: ok → overloaded in sale (worse)',
      ]);
      assert.match(d.headline, /^this change breaks scenario sale \(survived → not survived: order overloaded \(api\)\)/);
      // The reverse: the base is broken, the working tree fixes it.
      writeFileSync(join(dir, 'm.incidentmap'), map(399));
      git('commit', '-qam', 'broken');
      writeFileSync(join(dir, 'm.incidentmap'), map(400));
      const better = await run1(['diff', '--base', 'HEAD', '--format', 'json', '--fail-on-regression']);
      assert.equal(better.code, 0);
      const b = JSON.parse(better.stdout) as { summary: { regressions: number; improvements: number } };
      assert.equal(b.summary.regressions, 0);
      assert.ok(b.summary.improvements >= 2, JSON.stringify(b.summary));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scenarios on the graph', () => {
  it('gives each declared scenario its phases as the graph draws them, within the webview guard', () => {
    const { sceneScenarios } = require('../../server/src/core/index') as typeof import('../../server/src/core/index');
    const { parseScenarios } = require('../../server/src/protocol/webview') as typeof import('../../server/src/protocol/webview');
    const a = analyzeFile(join(repoRoot, 'samples/checkout/checkout.incidentmap'));
    const all = sceneScenarios(a.graph);
    assert.deepEqual(all.map((x) => x.id), ['lose-zone-a', 'black-friday', 'session-cache-slow']);
    assert.ok(parseScenarios(JSON.parse(JSON.stringify(all))), 'the webview accepts them');
    const zone = all[0]!;
    assert.deepEqual(zone.phases.map((p) => p.name), ['failure', 'after']);
    const [failure, after] = zone.phases;
    assert.deepEqual(failure!.simulation.failed, ['eu-west-a']);
    assert.deepEqual(failure!.simulation.down.map((d) => d.id), ['orders-db']);
    // Until failover completes nobody takes over; after it, the standby does.
    assert.deepEqual(failure!.savedBy, { 'orders-db': [] });
    assert.deepEqual(after!.savedBy, { 'orders-db': ['orders-db-standby'] });
    // checkout-api: 1,200 rps on the two zones left (1,200 rps): 100%.
    assert.equal(after!.utilisation!['checkout-api'], 1);
    // Black Friday: 2 x 300 + 1.5 x 900 = 1,950 on 1,800.
    near(all[1]!.phases[0]!.utilisation!['checkout-api']!, 1950 / 1800, 1e-12, 'checkout-api');
    assert.equal(all[1]!.phases[0]!.name, 'during');
    // graph --scenario builds the picture of the chosen scenario only: the same phases as in the full list.
    const one = sceneScenarios(a.graph, 'black-friday');
    assert.deepEqual(one.map((x) => x.id), ['black-friday']);
    assert.deepEqual(one[0], all[1]);
    assert.deepEqual(sceneScenarios(a.graph, 'lose-zone'), [], 'no prefix match');
  });

  it('incidentmap graph --scenario draws a phase, and refuses what it cannot draw', async () => {
    const out: string[] = [];
    const io = (): CliIO => ({ stdout: { write: (t) => void out.push(t) }, stderr: { write: (t) => void out.push(t) }, cwd: repoRoot, env: { INCIDENTMAP_NOW: '2026-11-22' } });
    const svg = await run(['graph', 'samples/checkout/checkout.incidentmap', '--scenario', 'lose-zone-a', '--phase', 'after'], io());
    assert.equal(svg, 0);
    assert.match(out.join(''), /scenario Lose zone eu-west-a at peak, after failover/);
    assert.match(out.join(''), /takes over/);
    for (const [args, message] of [
      [['--scenario', 'lose-zone'], /no scenario "lose-zone" .*did you mean "lose-zone-a"\?/],
      [['--scenario', 'lose-zone-a', '--phase', 'later'], /scenario lose-zone-a has no phase "later"; its phases: failure, after/],
      [['--phase', 'after'], /--phase goes with --scenario/],
      [['--scenario', 'black-friday', '--simulate', 'cart'], /give --simulate or --scenario, not both/],
    ] as const) {
      out.length = 0;
      assert.equal(await run(['graph', 'samples/checkout/checkout.incidentmap', ...args], io()), 2, args.join(' '));
      assert.match(out.join(''), message);
    }
  });
});

describe('the editor shows load', () => {
  it('hover over a component gives its load at peak and its worst scenario', () => {
    const a = analyzeFile(shop);
    const text = require('node:fs').readFileSync(shop, 'utf8') as string;
    const line = text.split('\n').findIndex((l) => l.includes('- id: web'));
    const view = { entry: a.files[0]!, model: a.model, graph: () => a.graph };
    const h = hoverAt(text, a.files[0]!, { line, character: text.split('\n')[line]!.indexOf('web') + 1 }, [view]);
    assert.ok(h, 'a hover');
    assert.match(h.contents, /\*\*Load at peak:\*\* 700 rps of 1,200 rps \(58%\) · reaches its saturation line at 1\.71× peak/);
    assert.match(h.contents, /\*\*Worst scenario:\*\* (lose zone z[abc]|scenario buy-doubles): /);
  });
  it('reads the figures a language server worker sent (by id, one save older), and computes nothing itself when none came', () => {
    const a = analyzeFile(shop);
    const text = require('node:fs').readFileSync(shop, 'utf8') as string;
    const line = text.split('\n').findIndex((l) => l.includes('- id: web'));
    const pos = { line, character: text.split('\n')[line]!.indexOf('web') + 1 };
    // No digest yet (only as-you-type passes so far): the hover says nothing about load, rather than
    // running every scenario on the editor's thread. The rest of the hover is there.
    const waiting = hoverAt(text, a.files[0]!, pos, [{ entry: a.files[0]!, model: a.model, graph: () => a.graph, stress: () => undefined }]);
    assert.ok(waiting);
    assert.doesNotMatch(waiting.contents, /Load at peak|Worst scenario/);
    assert.match(waiting.contents, /\*\*`web`\*\*/);
    // A digest from another analysis of the same map (the worker's): its figures, found by id.
    const older = analyzeFile(shop);
    const digest = stressDigest(older.graph)!;
    assert.equal(digest.ids.length, older.graph.components.length);
    const sent = hoverAt(text, a.files[0]!, pos, [{ entry: a.files[0]!, model: a.model, graph: () => a.graph, stress: () => digest }]);
    assert.match(sent!.contents, /\*\*Load at peak:\*\* 700 rps of 1,200 rps \(58%\) · reaches its saturation line at 1\.71× peak/);
    // Structured-cloneable, as it crosses from the worker thread.
    const cloned = structuredClone(digest);
    const viaClone = hoverAt(text, a.files[0]!, pos, [{ entry: a.files[0]!, model: a.model, graph: () => a.graph, stress: () => cloned }]);
    assert.equal(viaClone!.contents, sent!.contents);
  });
});

void fromDeclared;
