import assert from 'node:assert/strict';
import { mergeFindings, readSuppressions } from '../../server/src/core/index';
import { readRegion } from '../../server/src/core/parse/suppressions';
import { analyzeText } from '../helpers/core';

// A tier-1 service with no owner and no runbook: missing-owner and missing-runbook on its id line.
// Two replicas, so that it is not a single point of failure of its own (not what these tests are about).
const service = (id: string, extra = '') => `  - id: ${id}
    kind: service
    tier: 1
    replicas: 2
    signals:
      - {name: queue depth, metric: q, warn: 10, crit: 20, leading: true}
${extra}`;

const at = (fs: { ruleId: string; range: { start: { line: number } } }[]) => fs.map((f) => `${f.ruleId}@${f.range.start.line + 1}`).sort();

describe('suppression comments', () => {
  it('the line form silences the named rule on the next content line, and keeps the reason', () => {
    const a = analyzeText(`incidentmap: 1\ncomponents:\n  # incidentmap-ignore missing-owner: the team is being formed (PLAT-1)\n\n  # another comment between\n${service('api')}`);
    assert.deepEqual(at(a.findings), ['missing-runbook@6']);
    assert.deepEqual(a.suppressed.map((s) => [s.finding.ruleId, s.finding.range.start.line + 1, s.reason, s.at.range.start.line + 1]), [['missing-owner', 6, 'the team is being formed (PLAT-1)', 3]]);
  });

  it('a comment after something on its line applies to that line; several ids separated by commas', () => {
    const text = `incidentmap: 1\ncomponents:\n  - id: api  # incidentmap-ignore missing-owner, missing-runbook: prototype, removed in Q1\n    kind: service\n    tier: 1\n    replicas: 2\n    signals:\n      - {name: q, metric: q, warn: 10, crit: 20, leading: true}\n`;
    const a = analyzeText(text);
    assert.deepEqual(at(a.findings), []);
    assert.deepEqual(a.suppressed.map((s) => s.finding.ruleId).sort(), ['missing-owner', 'missing-runbook']);
  });

  it('the block form covers the whole list item, and nothing after it', () => {
    // The timeout inversion is reported on the item's fourth line, not on its first.
    const text = `incidentmap: 1
components:
  # incidentmap-ignore-block timeout-inversion, missing-owner: the edge retries are being removed (PLAT-9)
  - id: edge
    kind: service
    dependsOn:
      - {target: mid, timeout: 1s}
  - id: mid
    kind: service
    dependsOn:
      - {target: db, timeout: 1s, retries: 2}
  - id: db
    kind: datastore
`;
    const a = analyzeText(text);
    assert.deepEqual(at(a.findings), []);
    assert.deepEqual(a.suppressed.map((s) => `${s.finding.ruleId}@${s.finding.range.start.line + 1}`), ['timeout-inversion@7']);
    const s = readSuppressions('file:///ws/main.incidentmap', text);
    assert.deepEqual(s.map((x) => [x.block, x.lines]), [[true, { first: 3, last: 6 }]]);
  });

  it('the block form above a section covers the whole section', () => {
    const text = `incidentmap: 1\n# incidentmap-ignore-block missing-owner: a sandbox of prototypes\ncomponents:\n${service('a')}${service('b')}`;
    const a = analyzeText(text, { baseSettings: { rules: { 'missing-runbook': 'off' } } });
    assert.deepEqual(at(a.findings), []);
    assert.deepEqual(a.suppressed.map((s) => s.finding.range.start.line + 1), [4, 10]);
  });

  it('only comments count: the same text in a quoted or block scalar is not a suppression', () => {
    const text = `incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    description: "# incidentmap-ignore missing-owner: not a comment"\n    tier: 1\n    replicas: 2\n    runbook: |\n      # incidentmap-ignore missing-owner: nor is this\n      step one\n    signals:\n      - {name: q, metric: q, warn: 10, crit: 20, leading: true}\n`;
    assert.deepEqual(readSuppressions('file:///ws/main.incidentmap', text), []);
  });

  it('without a reason it silences nothing and is reported; an unknown rule id is reported with a suggestion', () => {
    const a = analyzeText(`incidentmap: 1\ncomponents:\n  # incidentmap-ignore missing-owner\n  # incidentmap-ignore missing-ownr: typo\n${service('api')}`, { baseSettings: { rules: { 'missing-runbook': 'off' } } });
    assert.deepEqual(at(a.findings), ['invalid-suppression@3', 'missing-owner@5', 'unknown-rule@4']);
    assert.match(a.findings.find((f) => f.ruleId === 'unknown-rule')!.message, /unknown rule `missing-ownr`.*Did you mean `missing-owner`\?/);
  });

  it('unused: reported when the rule ran and found nothing there; not when the rule is off', () => {
    const text = `incidentmap: 1\ncomponents:\n  # incidentmap-ignore missing-owner: stale\n  - id: api\n    kind: service\n    owner: team\n`;
    assert.deepEqual(at(analyzeText(text).findings), ['unused-suppression@3']);
    assert.deepEqual(at(analyzeText(text, { baseSettings: { rules: { 'missing-owner': 'off' } } }).findings), []);
    // A syntax-only pass (the editor while typing) runs no propagation rule, so it judges none unused.
    const spof = `incidentmap: 1\ncomponents:\n  # incidentmap-ignore single-point-of-failure: stale\n  - id: api\n    kind: service\n`;
    assert.deepEqual(at(analyzeText(spof, { syntaxOnly: true }).findings), []);
    assert.deepEqual(at(analyzeText(spof).findings), ['unused-suppression@3']);
    // At the end of the file, with nothing to silence.
    assert.deepEqual(at(analyzeText(`incidentmap: 1\ncomponents: []\n# incidentmap-ignore missing-owner: nothing below\n`).findings), ['unused-suppression@3']);
  });

  it('in a shared file, a suppression one map uses is not unused for the workspace', () => {
    const shared = `incidentmap: 1\ncomponents:\n  # incidentmap-ignore missing-runbook: the DBA runbook is in the wiki\n  - id: db\n    kind: datastore\n    tier: 1\n    replicas: 2\n    owner: dba\n    signals:\n      - {name: q, metric: q, warn: 10, crit: 20, leading: true}\n`;
    const uses = analyzeText(`incidentmap: 1\ninclude: [shared.incidentmap]\ncomponents: []\n`, {}, { 'shared.incidentmap': shared });
    const alone = analyzeText(shared.replace('    tier: 1\n', '    tier: 2\n'));
    const fromShared = (fs: typeof uses.findings) => fs.filter((f) => f.uri === 'file:///ws/shared.incidentmap');
    assert.deepEqual(at(fromShared(uses.findings)), []);
    const merged = mergeFindings([
      { entry: 'file:///ws/main.incidentmap', files: 2, closure: ['file:///ws/main.incidentmap', 'file:///ws/shared.incidentmap'], findings: uses.findings },
      { entry: 'file:///ws/other.incidentmap', files: 1, closure: ['file:///ws/shared.incidentmap'], findings: [{ ...alone.findings.find((f) => f.ruleId === 'unused-suppression')!, uri: 'file:///ws/shared.incidentmap' }] },
    ]);
    assert.deepEqual(at(alone.findings), ['unused-suppression@3']);
    assert.deepEqual(merged.filter((f) => f.ruleId === 'unused-suppression'), []);
  });

  it('reading only the chunks that hold a suppression finds what reading the whole file finds', () => {
    // Line, trailing and block forms, above items, inside items, above a section, and at the very end.
    const item = (i: number) =>
      `${i % 5 === 0 ? `  # incidentmap-ignore missing-owner: r${i}\n` : ''}${i % 7 === 0 ? `  # incidentmap-ignore-block timeout-inversion: b${i}\n` : ''}  - id: svc-${i}\n    kind: service\n` +
      `${i % 11 === 0 ? `    # incidentmap-ignore missing-runbook: inner ${i}\n` : ''}    owner: team-${i}${i % 3 === 0 ? '  # incidentmap-ignore x: trailing' : ''}\n    dependsOn:\n      - {target: svc-${i + 1}, timeout: 1s}\n\n`;
    const items = Array.from({ length: 60 }, (_, i) => item(i)).join('');
    for (const text of [
      `incidentmap: 1\ncomponents:\n${items}failovers: []\n# incidentmap-ignore a: at the end\n`,
      `incidentmap: 1\n# incidentmap-ignore-block missing-owner: the whole section\ncomponents:\n${items}domains: []\n`,
      `incidentmap: 1\ncomponents:\n  - id: first\n    kind: service\n${Array.from({ length: 40 }, (_, i) => `  - id: plain-${i}\n    kind: service\n`).join('')}  # incidentmap-ignore-block missing-owner: last item\n  - id: last\n    kind: service\n`,
    ]) {
      const whole = readRegion('file:///ws/main.incidentmap', text, 0);
      assert.ok(whole.length > 0);
      assert.deepEqual(readSuppressions('file:///ws/main.incidentmap', text), whole);
    }
  });
});
