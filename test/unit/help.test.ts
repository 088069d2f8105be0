// Issue 23, item 7: help that points the right way. Every expected message is written out by hand.
import assert from 'node:assert/strict';
import { blastRadius, type BlastRadius } from '../../server/src/core/index';
import { componentHover } from '../../server/src/core/language/hover';
import { completions, idSource } from '../../server/src/core/language/index';
import { analyzeText } from '../helpers/core';

const zones = `incidentmap: 1
domains:
  - {id: us-central1, kind: region}
  - {id: us-central1-a, kind: zone, parent: us-central1}
  - {id: us-central1-b, kind: zone, parent: us-central1}
  - {id: carrier-x, kind: network-path}
components:
`;

function findings(components: string): { line: number; rule: string; message: string; fix?: string }[] {
  return analyzeText(zones + components).findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({ line: f.range.start.line, rule: f.ruleId, message: f.message, ...(f.fixes ? { fix: f.fixes[0]!.edits[0]!.newText } : {}) }));
}

describe('help that points the right way (issue 23, item 7)', () => {
  it('tier out of range says the range and suggests no digit', () => {
    for (const tier of [0, 4]) {
      assert.deepEqual(findings(`  - {id: api, kind: service, tier: ${tier}}\n`), [
        { line: 7, rule: 'invalid-value', message: `\`tier\` must be a whole number from 1 to 3, not ${tier}. 1 is the most critical (customer-visible outage), 3 the least.` },
      ]);
    }
    assert.deepEqual(findings('  - {id: api, kind: service, tier: 3}\n'), []);
  });

  it('a zone typo suggests the zone, not the region one edit away: the kind of the field wins ties', () => {
    assert.deepEqual(findings('  - {id: api, kind: service, spreadAcross: [us-central1a, us-central1-b]}\n'), [
      { line: 7, rule: 'unknown-reference', message: 'Unknown failure domain `us-central1a` in `spreadAcross`. Did you mean `us-central1-a`?', fix: 'us-central1-a' },
    ]);
    // Alone in `domains`, a component most often lives in a zone.
    assert.equal(findings('  - {id: api, kind: service, domains: [us-central1a]}\n')[0]!.fix, 'us-central1-a');
    // Beside a region, the region.
    assert.equal(findings('  - {id: api, kind: service, domains: [us-central1a, us-central1]}\n')[0]!.fix, 'us-central1');
  });

  it('enum values: synonyms, longer forms and another case get a suggestion', () => {
    assert.deepEqual(findings('  - {id: db, kind: database}\n'), [
      {
        line: 7,
        rule: 'invalid-value',
        message: '`kind` must be one of service, datastore, cache, queue, stream, external, network, load-balancer, dns, telemetry, control-plane, compute, power, cooling, storage, not the text "database". Did you mean datastore?',
        fix: 'datastore',
      },
    ]);
    assert.deepEqual(findings('  - {id: api, kind: service, dependsOn: [{target: api2, mode: asynchronous}]}\n  - {id: api2, kind: service}\n'), [
      { line: 7, rule: 'invalid-value', message: '`mode` must be one of sync, async, not the text "asynchronous". Did you mean async?', fix: 'async' },
    ]);
  });

  it('type: Soft is read as soft, never silently as the default hard', () => {
    const text = '  - {id: api, kind: service, dependsOn: [{target: db, type: Soft}]}\n  - {id: db, kind: datastore}\n';
    assert.deepEqual(findings(text), [
      { line: 7, rule: 'invalid-value', message: '`type` must be one of hard, soft, not the text "Soft". Did you mean soft? It is read as soft until you fix it.', fix: 'soft' },
    ]);
    const r = blastRadius(analyzeText(zones + text).graph, ['db']) as BlastRadius;
    assert.deepEqual([r.down.map((a) => a.id), r.degraded.map((a) => a.id)], [['db'], ['api']]);
  });

  it('a duration without a unit suggests milliseconds', () => {
    assert.deepEqual(findings('  - {id: api, kind: service, dependsOn: [{target: db, timeout: 2000}]}\n  - {id: db, kind: datastore}\n'), [
      { line: 7, rule: 'invalid-value', message: '`timeout`: 2000 has no unit. Did you mean 2000ms? Durations take a unit: ms, s, m, h, d or w.', fix: '2000ms' },
    ]);
  });

  it('ids are lower case, as documented, with the lower-case id suggested', () => {
    assert.deepEqual(findings('  - {id: API, kind: service}\n'), [
      {
        line: 7,
        rule: 'invalid-value',
        message: '`id`: "API" is not a valid id: use lower case letters, digits, \'-\', \'_\' and \'.\', e.g. checkout-api. Did you mean api?',
        fix: 'api',
      },
    ]);
    assert.deepEqual(findings('  - {id: api, kind: service, dependsOn: [{target: DB}]}\n  - {id: db, kind: datastore}\n'), [
      { line: 7, rule: 'invalid-value', message: '`target`: "DB" is not a valid id (lower case letters, digits, \'-\', \'_\', \'.\'). Did you mean db?', fix: 'db' },
    ]);
  });

  it('a runbook kept in the repository (a relative path) is accepted, and the hover links the file beside the map', () => {
    const text = (runbook: string) => `  - {id: api, kind: service, tier: 1, runbook: "${runbook}"}\n`;
    assert.deepEqual(findings(text('runbooks/api.md')), []);
    assert.deepEqual(findings(text('../docs/runbooks/api.md#first-steps')), []);
    assert.deepEqual(findings(text('https://runbooks.example.com/api')), []);
    assert.deepEqual(findings(text('/srv/runbooks/api.md')), [
      { line: 7, rule: 'invalid-value', message: '`runbook`: "/srv/runbooks/api.md" is an absolute path: write it relative to this map\'s folder, e.g. runbooks/checkout.md, so it works in every checkout.' },
    ]);
    assert.deepEqual(findings(text('javascript:alert(1)')), [
      { line: 7, rule: 'invalid-value', message: '`runbook`: "javascript:alert(1)" is neither an http(s) URL nor a path: write e.g. https://runbooks.example.com/checkout or runbooks/checkout.md.' },
    ]);
    const a = analyzeText(zones + text('runbooks/api (v2).md'.replace(' (v2)', '')));
    const hover = componentHover(a.model.components.get('api')!, a.graph);
    assert.ok(hover.includes('[runbook](file:///ws/runbooks/api.md)'), hover);
  });

  it('completion offers values after tier: and target:, known owners after owner:, and item snippets only where an item is written', () => {
    const text = `incidentmap: 1
owner: team-platform
components:
  - id: api
    kind: service
    owner: team-checkout
    tier: 1
    dependsOn:
      - target: db
  - id: db
    kind: datastore
    owner: team-data
  - 
`;
    const a = analyzeText(text);
    const ids = idSource([a.model]);
    const lines = text.split('\n');
    const after = (line: number, key: string) =>
      completions(text, { line, character: lines[line]!.indexOf(key) + key.length }, ids).map((c) => `${c.kind}:${c.label}`);
    assert.deepEqual(after(6, 'tier: '), ['value:1', 'value:2', 'value:3']);
    assert.deepEqual(after(8, 'target: '), ['component:api', 'component:db']);
    assert.deepEqual(after(5, 'owner: '), ['owner:team-checkout', 'owner:team-data', 'owner:team-platform']);
    const item = completions(text, { line: 12, character: 4 }, ids);
    const snippet = item.find((c) => c.kind === 'snippet');
    assert.equal(snippet?.label, 'component');
    assert.ok(snippet.snippet);
    assert.match(snippet.insertText, /^id: \$\{1:component-id\}\n {4}kind: \$\{2\|service,/, snippet.insertText);
    assert.ok(!item.some((c) => c.kind === 'snippet' && c.label !== 'component'), 'only the component snippet in a component item');
  });
});
