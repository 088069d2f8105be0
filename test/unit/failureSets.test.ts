import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DOWN, simulate, spofCandidates } from '../../server/src/core/index';
import { domainLossDown, singleFailureHits } from '../../server/src/core/propagation/failureSets';
import { simulateDomainLoss } from '../../server/src/core/propagation/simulate';
import { isOutageTarget, isStandby, lostToCallers } from '../../server/src/core/propagation/semantics';
import { analyzeText, graphOnly } from '../helpers/core';

/** Random small maps with every construct that changes how failure travels. */
const mapArb = fc
  .record({
    n: fc.integer({ min: 2, max: 9 }),
    // Mostly a few domains; sometimes more than 32, so a row of the bit matrix spans two words.
    d: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4 }), weight: 5 }, { arbitrary: fc.integer({ min: 33, max: 40 }), weight: 1 }),
  })
  .chain(({ n, d }) =>
    fc.record({
      n: fc.constant(n),
      domains: fc.array(fc.record({ parent: fc.integer({ min: -1, max: d }) }), { minLength: d, maxLength: d }),
      components: fc.array(
        fc.record({
          tier1: fc.boolean(),
          domains: fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, d - 1) }), { maxLength: d > 0 ? 2 : 0 }),
          spread: fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, d - 1) }), { maxLength: d > 0 ? 3 : 0 }),
          deps: fc.array(
            fc.record({
              target: fc.integer({ min: 0, max: n - 1 }),
              type: fc.constantFrom('hard', 'hard', 'soft'),
              mode: fc.constantFrom('sync', 'sync', 'async'),
              fallback: fc.constantFrom('none', 'none', 'none', 'text', 'component'),
              fallbackTarget: fc.integer({ min: 0, max: n - 1 }),
              viaDomain: fc.option(fc.integer({ min: 0, max: Math.max(0, d - 1) }), { freq: 3 }),
              viaComponent: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 4 }),
            }),
            { maxLength: 3 },
          ),
        }),
        { minLength: n, maxLength: n },
      ),
      failovers: fc.array(fc.record({ from: fc.integer({ min: 0, max: n - 1 }), to: fc.integer({ min: 0, max: n - 1 }) }), { maxLength: 3 }),
    }),
  );

/**
 * The property runs. `npx mocha` runs the full counts. The mutation runs (test/mutation/full.js and
 * changed.js) set INCIDENTMAP_PROPERTY_RUNS (100) to cap them and stop at the first counterexample
 * without shrinking it: every failure-set and simulate mutant that survives runs all three properties
 * instrumented, which is where the propagation batch's time goes (docs/TESTING.md, "Mutation testing").
 */
const runCap = Number(process.env.INCIDENTMAP_PROPERTY_RUNS ?? '') || 0;
const runs = (n: number): { numRuns: number; endOnFailure?: boolean } => (runCap > 0 ? { numRuns: Math.min(n, runCap), endOnFailure: true } : { numRuns: n });

type M = typeof mapArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(m: M): string {
  const lines = ['incidentmap: 1'];
  if (m.domains.length > 0) {
    lines.push('domains:');
    m.domains.forEach((dom, i) => {
      // Any parent but itself: parent cycles too (the domain-cycle rule reports them; failure still travels down them).
      const parent = dom.parent >= 0 && dom.parent !== i && dom.parent < m.domains.length ? `, parent: d${dom.parent}` : '';
      lines.push(`  - {id: d${i}, kind: zone${parent}}`);
    });
  }
  lines.push('components:');
  m.components.forEach((c, i) => {
    const doms = m.domains.length ? c.domains.map((x) => `d${x}`) : [];
    const spread = m.domains.length ? c.spread.map((x) => `d${x}`) : [];
    lines.push(`  - id: c${i}`, '    kind: service');
    if (c.tier1) lines.push('    tier: 1');
    if (doms.length) lines.push(`    domains: [${doms.join(', ')}]`);
    if (spread.length) lines.push(`    spreadAcross: [${spread.join(', ')}]`);
    if (c.deps.length) {
      lines.push('    dependsOn:');
      for (const dep of c.deps) {
        const via = [
          ...(dep.viaDomain !== null && m.domains.length ? [`d${dep.viaDomain}`] : []),
          ...(dep.viaComponent !== null ? [`c${dep.viaComponent}`] : []),
        ];
        const fb = dep.fallback === 'text' ? ', fallback: degrade' : dep.fallback === 'component' ? `, fallback: {target: c${dep.fallbackTarget}}` : '';
        lines.push(`      - {target: c${dep.target}, type: ${dep.type}, mode: ${dep.mode}${fb}${via.length ? `, via: [${via.join(', ')}]` : ''}}`);
      }
    }
  });
  if (m.failovers.length) {
    lines.push('failovers:');
    m.failovers.forEach((f) => lines.push(`  - {from: c${f.from}, to: c${f.to}}`));
  }
  return lines.join('\n') + '\n';
}

describe('single-failure sets (bit-parallel) agree with simulate()', () => {
  it('for every candidate of random maps, the same tier-1 components go down', () => {
    fc.assert(
      fc.property(mapArb, (m) => {
        const { graph: g } = analyzeText(toYaml(m), graphOnly);
        // The outage targets: tier-1 components that serve (semantics.ts), checked here by hand: a
        // standby is a failover target that no dependency names as its target, path or fallback.
        const named = new Set(m.components.flatMap((c) => c.deps.flatMap((d) => [d.target, ...(d.viaComponent !== null ? [d.viaComponent] : []), ...(d.fallback === 'component' ? [d.fallbackTarget] : [])])));
        const standby = (i: number) => !named.has(i) && m.failovers.some((f) => f.to === i && f.from !== i);
        const tier1 = g.components.flatMap((c, i) => (c.tier === 1 && !standby(i) ? [i] : []));
        g.components.forEach((_, i) => {
          assert.equal(isStandby(g, i), standby(i), `c${i} standby`);
          assert.equal(isOutageTarget(g, i), tier1.includes(i), `c${i} outage target`);
        });
        const all = { components: g.components.map((_, i) => i), domains: g.domains.map((_, i) => i) };
        const fast = new Map(singleFailureHits(g, tier1, all).map((h) => [`${h.kind}:${h.index}`, h]));
        for (const kind of ['component', 'domain'] as const) {
          for (const index of all[kind === 'component' ? 'components' : 'domains']) {
            const sim = kind === 'component' ? simulate(g, [index], []) : simulate(g, [], [index]);
            const lost = (t: number) => sim.state[t] === DOWN && g.failoverTargets[t]!.every((w) => sim.state[w] === DOWN);
            // A failed tier-1 component counts itself (issue 23, item 1) unless a failover takes over.
            const expected = tier1.filter((t) => lost(t));
            tier1.forEach((t) => assert.equal(lostToCallers(g, (c) => sim.state[c] === DOWN, t), lost(t)));
            const hit = fast.get(`${kind}:${index}`);
            assert.equal(hit?.total ?? 0, expected.length, `${kind} ${index} in\n${toYaml(m)}`);
            if (hit) {
              assert.ok(hit.down.every((t) => expected.includes(t)));
              assert.equal(hit.down.length, Math.min(5, expected.length));
              assert.equal(hit.self, kind === 'component' && expected.includes(index), 'self: the failed component takes itself down');
              if (hit.self) {
                assert.equal(hit.down[0], index, 'the failed component is named first');
              }
              assert.ok(hit.path.length > 0);
              assert.ok(expected.some((t) => g.components[t]!.id === hit.path[0]!.component), `path starts at a lost target: ${JSON.stringify(hit.path)}`);
            }
          }
        }
      }),
      runs(400),
    );
  });

  it('spofCandidates never drops an element that is a single point of failure', () => {
    fc.assert(
      fc.property(mapArb, (m) => {
        const { graph: g } = analyzeText(toYaml(m), graphOnly);
        const tier1 = g.components.flatMap((c, i) => (c.tier === 1 ? [i] : []));
        const all = { components: g.components.map((_, i) => i), domains: g.domains.map((_, i) => i) };
        const cands = spofCandidates(g, tier1);
        for (const h of singleFailureHits(g, tier1, all)) {
          assert.ok((h.kind === 'component' ? cands.components : cands.domains).includes(h.index), `${h.kind} ${h.index}\n${toYaml(m)}`);
        }
      }),
      runs(300),
    );
  });
  it('losing each domain: the bit-parallel down sets, with simulateDomainLoss, give what simulate() gives', () => {
    let compared = 0;
    fc.assert(
      fc.property(mapArb, fc.boolean(), (m, reversed) => {
        const { graph: g } = analyzeText(toYaml(m));
        const domains = g.domains.map((_, i) => i);
        if (reversed) {
          domains.reverse(); // the bit a domain gets must not matter
        }
        // Each domain twice: the bit a loss gets, or a repeat, must not change its answer.
        const twice = domainLossDown(g, [...domains, ...domains]);
        const downs = twice.slice(0, domains.length);
        assert.equal(twice.length, 2 * domains.length);
        twice.slice(domains.length).forEach((x, k) => assert.deepEqual([...x], [...downs[k]!], 'the same domain listed again'));
        domains.forEach((d, k) => {
          const want = simulate(g, [], [d]);
          const got = simulateDomainLoss(g, d, downs[k]!);
          const where = `domain d${d} in\n${toYaml(m)}`;
          assert.deepEqual([...downs[k]!], [...want.state].map((s) => (s === DOWN ? 1 : 0)), `down set, ${where}`);
          assert.deepEqual([...got.state], [...want.state], `states, ${where}`);
          assert.deepEqual([...got.lost], [...want.lost], `lost, ${where}`);
          assert.deepEqual([...got.failedDomains], [...want.failedDomains], where);
          assert.deepEqual(got.domainMembers, want.domainMembers, where);
          // Causes are worked out by simulate() when read: each component the fast path says is down or
          // degraded must have one, and an up one none (a down set simulate() would not give has no cause).
          got.state.forEach((st, c) => assert.equal(got.cause[c] !== undefined, st !== 0, `c${c}'s cause, ${where}`));
          compared++;
        });
      }),
      runs(400),
    );
    assert.ok(compared > runs(400).numRuns, `only ${compared} domain losses compared`);
  });

  it('losing no domain asks for nothing; losing a domain no component lives in takes nothing down', () => {
    const { graph: g } = analyzeText('incidentmap: 1\ndomains:\n  - {id: z1, kind: zone}\ncomponents:\n  - id: a\n    kind: service\n');
    assert.deepEqual(domainLossDown(g, []), []);
    assert.deepEqual(domainLossDown(g, [0]).map((x) => [...x]), [[0]]);
  });
});
