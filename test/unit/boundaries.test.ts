// Boundary tables per rule (issue 26, item 1): below, at and above every limit, asserting on the
// finding's data and message, not only its line. Every expected value is written here by hand.
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/index';
import { analyzeText, onlyRule } from '../helpers/core';

const inputRules = new Set(['yaml-syntax', 'duplicate-key', 'unknown-key', 'wrong-type', 'invalid-value', 'missing-field', 'unknown-reference', 'duplicate-id']);

function findings(text: string, ruleId: string, options: Parameters<typeof analyzeText>[1] = {}): Finding[] {
  const a = analyzeText(text, options);
  // Bad input would be a finding of another rule: a boundary map must be valid apart from its point.
  const broken = a.findings.filter((f) => inputRules.has(f.ruleId));
  assert.deepEqual(broken.map((f) => f.message), [], 'the map of the case is valid');
  return a.findings.filter((f) => f.ruleId === ruleId);
}

const one = (text: string, ruleId: string, options: Parameters<typeof analyzeText>[1] = {}): Finding => {
  const f = findings(text, ruleId, options);
  assert.equal(f.length, 1, `one ${ruleId} finding, got ${JSON.stringify(f.map((x) => x.message))}`);
  return f[0]!;
};

const line = (text: string, f: Finding) => text.split('\n')[f.range.start.line]!;

describe('boundary tables', () => {
  describe('retry-amplification (product of attempts; limit 10 by default, reported only above it)', () => {
    const chain = (r1: number, r2: number) => `incidentmap: 1
components:
  - id: edge
    kind: service
    dependsOn: [{target: api, retries: ${r1}}]
  - id: api
    kind: service
    dependsOn: [{target: db, retries: ${r2}}]
  - id: db
    kind: datastore
`;
    it('below (3 × 3 = 9) and at (2 × 5 = 10) the limit: nothing', () => {
      assert.deepEqual(findings(chain(2, 2), 'retry-amplification'), []);
      assert.deepEqual(findings(chain(1, 4), 'retry-amplification'), []);
      assert.deepEqual(findings(chain(4, 1), 'retry-amplification'), []);
    });

    it('above it (2 × 6 = 12): one finding at the outermost caller, with the product, the chain and the limit', () => {
      const text = chain(1, 5);
      const f = one(text, 'retry-amplification');
      assert.equal(f.severity, 'warning');
      assert.deepEqual(f.data, { amplification: 12, chain: ['edge ×2', 'api ×6', 'db'] });
      assert.equal(
        f.message,
        'Retry storm waiting to happen: one request to edge can become 12 calls on db (edge ×2 → api ×6 → db), above the limit of 10. Retry at one layer only, or add circuit breakers.',
      );
      assert.match(line(text, f), /target: api, retries: 1/, 'at the first hop of the chain');
    });

    it('one hop alone above the limit (11 attempts) is reported at that hop; 10 attempts are not', () => {
      const single = (r: number) => `incidentmap: 1\ncomponents:\n  - {id: a, kind: service, dependsOn: [{target: b, retries: ${r}}]}\n  - {id: b, kind: service}\n`;
      assert.deepEqual(findings(single(9), 'retry-amplification'), []);
      assert.deepEqual(one(single(10), 'retry-amplification').data, { amplification: 11, chain: ['a ×11', 'b'] });
    });

    it('the limit comes from the settings: at 12 the same chain passes, at 11 it is reported with 11 as the limit', () => {
      assert.deepEqual(findings(chain(1, 5), 'retry-amplification', { baseSettings: { retryAmplificationMax: 12 } }), []);
      const f = one(chain(1, 5), 'retry-amplification', { baseSettings: { retryAmplificationMax: 11 } });
      assert.match(f.message, /, above the limit of 11\./);
    });

    it('names the shortest prefix past the limit and how far the product goes further down', () => {
      // 4 × 4 = 16 > 10 already at api; the full chain reaches 4 × 4 × 2 = 32.
      const text = `incidentmap: 1
components:
  - {id: a, kind: service, dependsOn: [{target: b, retries: 3}]}
  - {id: b, kind: service, dependsOn: [{target: c, retries: 3}]}
  - {id: c, kind: service, dependsOn: [{target: d, retries: 1}]}
  - {id: d, kind: datastore}
`;
      const f = one(text, 'retry-amplification');
      assert.deepEqual(f.data, { amplification: 32, chain: ['a ×4', 'b ×4', 'c'] });
      assert.equal(
        f.message,
        'Retry storm waiting to happen: one request to a can become 16 calls on c (a ×4 → b ×4 → c), and up to 32 further down, above the limit of 10. Retry at one layer only, or add circuit breakers.',
      );
    });

    it('async calls do not multiply', () => {
      const text = `incidentmap: 1\ncomponents:\n  - {id: a, kind: service, dependsOn: [{target: b, retries: 5, mode: async}]}\n  - {id: b, kind: service, dependsOn: [{target: c, retries: 5}]}\n  - {id: c, kind: service}\n`;
      assert.deepEqual(findings(text, 'retry-amplification'), []);
    });
  });

  describe('unreachable-threshold (above: warn < crit; below: warn > crit; equal is reported)', () => {
    const signal = (warn: number, crit: number, direction?: 'above' | 'below') => `incidentmap: 1
components:
  - id: api
    kind: service
    signals:
      - name: queue depth
        metric: q
        warn: ${warn}
        crit: ${crit}${direction ? `\n        direction: ${direction}` : ''}
        leading: true
`;
    it('above: warn below crit passes; equal and above are reported, with both numbers and the swap', () => {
      assert.deepEqual(findings(signal(19, 20), 'unreachable-threshold'), []);
      const at = one(signal(20, 20), 'unreachable-threshold');
      assert.equal(at.severity, 'error');
      assert.deepEqual(at.data, { component: 'api', signal: 'queue depth' });
      assert.equal(
        at.message,
        'Signal "queue depth" of api fires above its thresholds, so warn (20) must be below crit (20); as written, crit fires first and the warning never gives notice. Swap them or fix direction.',
      );
      assert.match(line(signal(20, 20), at), /warn: 20/);
      const over = one(signal(21, 20), 'unreachable-threshold');
      assert.match(over.message, /so warn \(21\) must be below crit \(20\)/);
      assert.deepEqual(
        over.fixes?.[0]?.edits.map((e) => e.newText),
        ['20', '21'],
        'the fix swaps the two numbers',
      );
    });

    it('below: warn above crit passes; equal and below are reported', () => {
      assert.deepEqual(findings(signal(21, 20, 'below'), 'unreachable-threshold'), []);
      assert.match(one(signal(20, 20, 'below'), 'unreachable-threshold').message, /fires below its thresholds, so warn \(20\) must be above crit \(20\)/);
      assert.match(one(signal(19, 20, 'below'), 'unreachable-threshold').message, /so warn \(19\) must be above crit \(20\)/);
    });

    it('a signal with only one threshold has nothing to order', () => {
      const text = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    signals:\n      - {name: q, metric: q, warn: 5, leading: true}\n      - {name: r, metric: r, crit: 5}\n';
      assert.deepEqual(findings(text, 'unreachable-threshold'), []);
    });
  });

  describe('timeout-inversion (caller timeout no longer than the callee worst case)', () => {
    const map = (callerTimeout: string) => `incidentmap: 1
components:
  - id: web
    kind: service
    dependsOn:
      - target: api
        timeout: ${callerTimeout}
  - id: api
    kind: service
    dependsOn:
      - target: db
        timeout: 800ms
        retries: 2
  - id: db
    kind: datastore
`;
    it('below the worst case (800ms × 3 = 2.4s): reported with both numbers', () => {
      const f = one(map('2399ms'), 'timeout-inversion');
      assert.deepEqual(f.data, { caller: 'web', callee: 'api', timeoutMs: 2399, calleeWorstMs: 2400 });
      assert.equal(
        f.message,
        "Timeout inversion: web waits 2399ms for api, but api may wait 2.4s for db (800ms × 3 attempts). Raise this timeout above 2.4s or shorten api's.",
      );
      assert.match(line(map('2399ms'), f), /timeout: 2399ms/);
    });

    it('at it: reported, saying the caller gives up just as the answer would come', () => {
      const f = one(map('2400ms'), 'timeout-inversion');
      assert.deepEqual(f.data, { caller: 'web', callee: 'api', timeoutMs: 2400, calleeWorstMs: 2400 });
      assert.equal(
        f.message,
        "Timeout inversion: web waits 2.4s for api, no longer than api itself may wait for db (800ms × 3 attempts): web gives up just as the answer would come. Raise this timeout above 2.4s or shorten api's.",
      );
    });

    it('above it: nothing', () => {
      assert.deepEqual(findings(map('2401ms'), 'timeout-inversion'), []);
    });

    it('an async call waits for nothing', () => {
      assert.deepEqual(findings(map('1s').replace('        timeout: 1s', '        timeout: 1s\n        mode: async'), 'timeout-inversion'), []);
    });

    it('parallel calls wait for the longest, sequential ones for the sum (at the sum: reported; above: not)', () => {
      const fan = (t: string, calls?: string) => `incidentmap: 1
components:
  - {id: front, kind: service, dependsOn: [{target: agg, timeout: ${t}}]}
  - id: agg
    kind: service${calls ? `\n    calls: ${calls}` : ''}
    dependsOn: [{target: s1, timeout: 300ms}, {target: s2, timeout: 200ms}]
  - {id: s1, kind: datastore}
  - {id: s2, kind: datastore}
`;
      assert.deepEqual(one(fan('500ms'), 'timeout-inversion').data, { caller: 'front', callee: 'agg', timeoutMs: 500, calleeWorstMs: 500 });
      assert.deepEqual(findings(fan('501ms'), 'timeout-inversion'), []);
      assert.deepEqual(one(fan('300ms', 'parallel'), 'timeout-inversion').data, { caller: 'front', callee: 'agg', timeoutMs: 300, calleeWorstMs: 300 });
      assert.deepEqual(findings(fan('301ms', 'parallel'), 'timeout-inversion'), []);
    });
  });

  describe('failover-not-rehearsed (older than 180 days on 2026-11-22 is reported; exactly 180 is not)', () => {
    const drill = (date: string) => `incidentmap: 1\ncomponents:\n  - {id: db, kind: datastore}\n  - {id: db-dr, kind: datastore}\nfailovers:\n  - from: db\n    to: db-dr\n    lastRehearsed: ${date}\n`;
    it('179 and 180 days ago pass', () => {
      assert.deepEqual(findings(drill('2026-05-27'), 'failover-not-rehearsed'), []);
      assert.deepEqual(findings(drill('2026-05-26'), 'failover-not-rehearsed'), []);
    });
    it('181 days ago is reported with the age and the limit, on the date', () => {
      const f = one(drill('2026-05-25'), 'failover-not-rehearsed');
      assert.equal(f.message, 'Failover db → db-dr was last rehearsed 181 days ago, more than the allowed 180d. Rehearse it again and update lastRehearsed.');
      assert.match(line(drill('2026-05-25'), f), /lastRehearsed: 2026-05-25/);
    });
    it('the limit comes from the settings (30d: 30 days ago passes, 31 does not)', () => {
      const opts = { baseSettings: { rehearsalMaxAgeMs: 30 * 86_400_000 } };
      assert.deepEqual(findings(drill('2026-10-23'), 'failover-not-rehearsed', opts), []);
      assert.match(one(drill('2026-10-22'), 'failover-not-rehearsed', opts).message, /31 days ago, more than the allowed 30d/);
    });
    it('never, and no date at all, are reported with what to do', () => {
      assert.equal(one(drill('never'), 'failover-not-rehearsed').message, 'Failover db → db-dr has never been rehearsed: until a drill proves it, it is a hypothesis. Rehearse it and record the date.');
      const none = drill('x').replace('    lastRehearsed: x\n', '');
      assert.equal(one(none, 'failover-not-rehearsed').message, 'Failover db → db-dr has no lastRehearsed date: until a drill proves it, it is a hypothesis. Rehearse it and record the date.');
    });
  });

  describe('missing-leading-signal (tiers 1 and 2 only)', () => {
    const comp = (tier: string, signal = '') => `incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n${tier ? `    tier: ${tier}\n` : ''}    owner: t\n    runbook: https://r.example.com/api\n${signal}`;
    it('tier 1 and tier 2 without a leading signal are reported, saying which tier and what to add', () => {
      assert.equal(
        one(comp('1'), 'missing-leading-signal').message,
        'Tier-1 service api has no saturation signals: nothing warns before users notice. Add a signal with leading: true (e.g. request queue depth, thread-pool or connection-pool saturation, retry rate, GC pause).',
      );
      const t2 = one(comp('2'), 'missing-leading-signal');
      assert.match(t2.message, /^Tier-2 service api has no saturation signals/);
      assert.deepEqual(t2.data, { component: 'api' });
    });
    it('only lagging signals say so; a leading one passes', () => {
      const lagging = '    signals:\n      - {name: errors, metric: e, leading: false}\n';
      assert.match(one(comp('2', lagging), 'missing-leading-signal').message, /^Tier-2 service api has only lagging signals/);
      assert.deepEqual(findings(comp('1', lagging + '      - {name: queue, metric: q, leading: true}\n'), 'missing-leading-signal'), []);
    });
    it('tier 3 and components without a tier are not critical', () => {
      assert.deepEqual(findings(comp('3'), 'missing-leading-signal'), []);
      assert.deepEqual(findings(comp(''), 'missing-leading-signal'), []);
    });
  });

  describe('failover-same-domain: a spread target shares only what every spread entry is inside', () => {
    const map = (spread: string, primary: string, escapes = 'region') => `incidentmap: 1
domains:
  - {id: r1, kind: region}
  - {id: r2, kind: region}
  - {id: z1, kind: zone, parent: r1}
  - {id: z2, kind: zone, parent: r1}
  - {id: z3, kind: zone, parent: r2}
components:
  - {id: db, kind: datastore, domains: [${primary}]}
  - {id: db-dr, kind: datastore, spreadAcross: [${spread}]}
failovers:
  - {from: db, to: db-dr, escapes: ${escapes}, lastRehearsed: 2026-11-01}
`;
    it('spread across two regions escapes a region failure, though two of its three zones share one', () => {
      assert.deepEqual(findings(map('z1, z2, z3', 'r1'), 'failover-same-domain'), []);
    });
    it('spread across two zones of the same region does not escape that region', () => {
      const f = one(map('z1, z2', 'r1'), 'failover-same-domain');
      assert.deepEqual(f.data, { from: 'db', to: 'db-dr', shared: ['region r1'] });
      assert.equal(f.message, 'Failover db → db-dr shares region r1 with its primary: if it fails, both fail and the failover cannot help. Move db-dr out of it.');
    });
    it('escapes decides the level: a shared region does not defeat a failover meant to escape a zone', () => {
      assert.deepEqual(findings(map('z1, z2', 'r1', 'zone'), 'failover-same-domain'), []);
    });
  });

  describe('telemetry-shares-path: both halves', () => {
    it('the watcher half: a telemetry component living in a domain that the watched traffic rides', () => {
      const text = `incidentmap: 1
domains:
  - {id: carrier-a, kind: network-path}
  - {id: zone-a, kind: zone}
components:
  - id: api
    kind: service
    dependsOn:
      - {target: db, via: [carrier-a]}
  - {id: db, kind: datastore}
  - id: monitor
    kind: telemetry
    domains: [carrier-a]
    watches: [api]
  - id: elsewhere
    kind: telemetry
    domains: [zone-a]
    watches: [api]
`;
      const f = one(text, 'telemetry-shares-path');
      assert.deepEqual(f.data, { component: 'monitor', watched: 'api', shared: 'carrier-a' });
      assert.equal(
        f.message,
        "monitor watches api but lives in network path carrier-a, which api's traffic to db rides: when carrier-a fails, the watcher fails with what it should report. Host it outside carrier-a.",
      );
      assert.match(line(text, f), /watches: \[api\]/);
      assert.equal(f.related?.[0]?.message, 'api → db rides carrier-a');
    });

    it('the path half: telemetry over the path of business traffic; over another path it passes', () => {
      const text = (path: string) => `incidentmap: 1
domains:
  - {id: carrier-a, kind: network-path}
  - {id: carrier-b, kind: network-path}
components:
  - id: gateway
    kind: service
    dependsOn:
      - {target: upstream, via: [carrier-a]}
      - {target: metrics, via: [${path}]}
  - {id: upstream, kind: external}
  - {id: metrics, kind: telemetry}
`;
      assert.deepEqual(findings(text('carrier-b'), 'telemetry-shares-path'), []);
      const f = one(text('carrier-a'), 'telemetry-shares-path');
      assert.deepEqual(f.data, { component: 'gateway', telemetry: 'metrics', shared: 'carrier-a' });
      assert.equal(
        f.message,
        'Telemetry from gateway to metrics rides network path carrier-a, like its business traffic to upstream: when carrier-a fails you lose the traffic and the view of it together. Route it over a separate path.',
      );
    });
  });

  describe('hard-dependency-cycle: any one of soft, async or a fallback breaks the loop', () => {
    const loop = (extra: string) => `incidentmap: 1
components:
  - id: auth
    kind: service
    dependsOn:
      - target: config
  - id: config
    kind: service
    dependsOn:
      - target: auth
${extra}`;
    it('a loop of hard synchronous calls is reported, naming it', () => {
      const f = one(loop(''), 'hard-dependency-cycle');
      assert.deepEqual(f.data, { cycle: ['auth', 'config'] });
      assert.match(f.message, /^Hard dependency cycle: auth → config → auth\. /);
    });
    for (const [what, extra] of [
      ['async alone', '        mode: async\n'],
      ['soft alone', '        type: soft\n'],
      ['a fallback alone', '        fallback: serve the last known configuration\n'],
    ] as const) {
      it(`${what} breaks it`, () => {
        assert.deepEqual(findings(loop(extra), 'hard-dependency-cycle'), []);
      });
    }
  });
});

describe('domain-loss-limit: the static-stability check within its budget (domains x components <= 1,000,000)', () => {
  // The rule alone: the other rules on a map this size would put every rule's mutants under these tests.
  const alone = { baseSettings: { rules: onlyRule('domain-loss-limit') } };
  /** n components with capacity, component i spread across zones z(i) and z(i+1) (the last wraps to z0 when `wrap`): n + 1 domains, or n. */
  const zonesMap = (n: number, wrap: boolean) => {
    const zones = wrap ? n : n + 1;
    const lines = ['incidentmap: 1', 'domains:'];
    for (let i = 0; i < zones; i++) {
      lines.push(`  - { id: z${i}, kind: zone }`);
    }
    lines.push('components:');
    for (let i = 0; i < n; i++) {
      lines.push(`  - { id: c${i}, kind: service, owner: team, capacity: 100 rps, load: 40 rps, spreadAcross: [z${i}, z${(i + 1) % zones}] }`);
    }
    return lines.join('\n') + '\n';
  };

  it('domain-loss-limit: every domain loss checked at the budget (1,000 components x 1,000 domains); above it, says which were not', () => {
    const at = analyzeText(zonesMap(1000, true), alone);
    assert.deepEqual(at.findings.filter((f) => f.ruleId === 'domain-loss-limit'), []);
    const above = analyzeText(zonesMap(1000, false), alone).findings.filter((f) => f.ruleId === 'domain-loss-limit');
    assert.equal(above.length, 1);
    const f = above[0]!;
    assert.equal(f.severity, 'info');
    assert.equal(f.range.start.line, 2 + 1000, 'on the declaration of z1000, the one not checked');
    assert.equal(
      f.message,
      'Capacity after losing zone z1000 was not checked: 1,001 domains × 1,000 components is past the limit of 1,000,000, so only the first 1,000 domains (in the order components list them) were checked. Split the map by region or cell, or group these domains (racks into rows or zones), to have every loss checked.',
    );
    assert.deepEqual(f.data, { checked: 1000, skipped: 1, components: 1000, budget: 1_000_000, firstSkipped: 'z1000' });
  });

  it('domain-loss-limit: 2,000 components over 2,001 domains: 500 checked, the first left out named and the other 1,500 counted', () => {
    const { findings } = analyzeText(zonesMap(2000, false), alone);
    const f = findings.filter((x) => x.ruleId === 'domain-loss-limit');
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /^Capacity after losing zone z500 and 1,500 other domains was not checked: 2,001 domains × 2,000 components is past the limit of 1,000,000, so only the first 500 domains \(in the order components list them\) were checked\./);
    assert.deepEqual(f[0]!.data, { checked: 500, skipped: 1501, components: 2000, budget: 1_000_000, firstSkipped: 'z500' });
  });

});
