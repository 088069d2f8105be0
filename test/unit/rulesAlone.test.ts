import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rules } from '../../server/src/core/index';
import { toUri } from '../../server/src/node/nodeHost';
import { analyzeFile, expectations, fixturesDir, generatedInputRules, onlyRule } from '../helpers/core';

// Each analysing rule against its own fixtures with every other rule off. The same expectations as
// rules.test.ts (which runs every rule on every fixture), and two more promises: a rule's findings do
// not depend on another rule having run, and a rule's check is reached only by its own fixtures. The
// mutation set (test/stryker.mocharc.json) runs this file instead of rules.test.ts, so a mutant in one
// rule is tested by that rule's fixtures, not by all of them (docs/TESTING.md).
const rulesDir = join(fixturesDir, 'rules');
// (domain-loss-limit's input is a map of 1,000 components over 1,001 domains, made in boundaries.test.ts.)
const checked = rules.filter((r) => r.check !== undefined && !generatedInputRules.has(r.id));

describe('rules: each analysing rule alone on its own fixtures', () => {
  it('covers every rule that analyses the model (20 of them)', () => {
    assert.equal(checked.length, 20);
  });
  for (const rule of checked) {
    describe(rule.id, () => {
      const dir = join(rulesDir, rule.id);
      const options = { root: toUri(dir), baseSettings: { rules: onlyRule(rule.id) } };
      it('reports exactly the expected lines of bad.incidentmap, each with its severity', () => {
        const { findings } = analyzeFile(join(dir, 'bad.incidentmap'), options);
        const expected = expectations(dir).filter((e) => e.ruleId === rule.id);
        assert.ok(expected.length > 0);
        const own = findings.filter((f) => f.ruleId === rule.id);
        assert.deepEqual(
          [...new Set(own.map((f) => `${f.uri}:${f.range.start.line + 1}`))].sort(),
          expected.map((e) => `${e.file}:${e.line + 1}`).sort(),
          JSON.stringify(findings, null, 1),
        );
        for (const f of own) {
          assert.equal(f.severity, rule.severity);
        }
        assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
      });
      it('reports nothing in good.incidentmap (and does not fail on either)', () => {
        const { findings } = analyzeFile(join(dir, 'good.incidentmap'), options);
        assert.deepEqual(findings.filter((f) => f.ruleId === rule.id || f.ruleId === 'internal-error').map((f) => f.message), []);
      });
    });
  }
});
