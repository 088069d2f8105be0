// Behaviour of core/propagation that its surviving mutants showed untested (docs/TESTING.md,
// "Surviving mutants of core/propagation"). Every expected value is written by hand from the small map
// in the test and docs/language.md's rules, never computed by the code under test.
import assert from 'node:assert/strict';
import { analyzeText, onlyRule } from '../helpers/core';

/** s0 (tier 1, two replicas) → s1 → … → s(n-1), hard and synchronous; `last` is s(n-1)'s extra lines. */
function chainTo(n: number, last: string[], extra: string[] = []): string {
  const out = ['incidentmap: 1', 'domains:', '  - {id: z1, kind: zone}', 'components:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: s${i}`, '    kind: service', ...(i === 0 ? ['    tier: 1', '    replicas: 2'] : ['    tier: 2']), '    owner: t');
    out.push(...(i + 1 < n ? ['    dependsOn:', `      - target: s${i + 1}`] : last));
  }
  return [...out, ...extra, ''].join('\n');
}

describe('core/propagation: what its surviving mutants showed untested', () => {
  describe('failure-set paths (single-point-of-failure findings) end within 32 hops, and are cut after 32, as pathOf', () => {
    const spofPath = (text: string, failed: string): string => {
      const f = analyzeText(text, { baseSettings: { rules: onlyRule('single-point-of-failure') } }).findings.find((x) => x.message.startsWith(`Single point of failure: if ${failed} fails`));
      assert.ok(f, `no finding for ${failed}`);
      return /Path: ([^.]*)\./.exec(f.message)![1]!;
    };
    const db = ['  - id: db', '    kind: datastore', '    tier: 2', '    owner: t'];
    const whole32 = 's0 → s1 → s2 → s3 → s4 → s5 → … (21 more hops) … s27 → s28 → s29 → s30 → s31 → s32';
    const cut = 's0 → s1 → s2 → s3 → s4 → s5 → … (21 more hops) … s27 → s28 → s29 → s30 → s31 → s32 → … (more than 32 hops)';

    it('32 hops to a component that lives in the failed zone, or calls over it: whole, ending on how it went down', () => {
      assert.equal(spofPath(chainTo(33, ['    domains: [z1]']), 'zone z1'), `${whole32} (lives in zone z1)`);
      assert.equal(spofPath(chainTo(33, ['    dependsOn: [{target: db, via: [z1]}]'], db), 'zone z1'), `${whole32} (calls db over zone z1, which fails)`);
      // 31 hops (below): whole.
      assert.equal(spofPath(chainTo(32, ['    domains: [z1]']), 'zone z1'), 's0 → s1 → s2 → s3 → s4 → s5 → … (20 more hops) … s26 → s27 → s28 → s29 → s30 → s31 (lives in zone z1)');
    });

    it('33 hops (above): 32 followed, then cut at s32, whichever way the last one went down', () => {
      assert.equal(spofPath(chainTo(34, ['    domains: [z1]']), 'zone z1'), cut);
      assert.equal(spofPath(chainTo(34, ['    dependsOn: [{target: db, via: [z1]}]'], db), 'zone z1'), cut);
      assert.equal(spofPath(chainTo(34, ['    dependsOn: [{target: db}]'], db), 'db'), cut);
      assert.equal(spofPath(chainTo(34, []), 's33'), cut);
      assert.equal(spofPath(chainTo(34, []), 's32'), whole32);
    });
  });
});
