import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/core/index';
import { analyzeText } from '../helpers/core';

describe('parser and ranges', () => {
  it('ranges come from the syntax tree: 0-based line and UTF-16 character', () => {
    const text = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: servise\n';
    const [f] = analyzeText(text).findings;
    assert.equal(f!.ruleId, 'invalid-value');
    assert.deepEqual(f!.range, { start: { line: 3, character: 10 }, end: { line: 3, character: 17 } });
    assert.match(f!.message, /Did you mean service\?/);
    assert.deepEqual(f!.fixes![0]!.edits[0]!.newText, 'service');
  });

  it('counts characters in UTF-16 code units after astral characters', () => {
    const text = 'incidentmap: 1\nname: "🔥 map"\ncomponents:\n  - {id: a, kind: servise}\n';
    const f = analyzeText(text).findings[0]!;
    assert.equal(text.split('\n')[3]!.slice(f.range.start.character, f.range.end.character), 'servise');
  });

  it('unknown keys get a did-you-mean with a fix, and the rest of the map is still read', () => {
    const text = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    dependencies: []\n    ownr: x\n';
    const f = analyzeText(text).findings;
    assert.deepEqual(f.map((x) => x.message.match(/Did you mean `(\w+)`/)?.[1]), ['dependsOn', 'owner']);
  });

  it('a BOM and CRLF line ends parse like plain LF', () => {
    const lf = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: servise\n';
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
    const a = analyzeText(lf).findings.map((f) => [f.ruleId, f.range.start.line]);
    const b = analyzeText(crlf).findings.map((f) => [f.ruleId, f.range.start.line]);
    assert.deepEqual(b, a);
  });

  it('refuses deep nesting before composing, and survives it repeatedly in one process', () => {
    // yaml 2.9.1 on Node 20 aborts the process on the second compose of this input: parse it many times.
    const deep = '['.repeat(10_000);
    for (let i = 0; i < 5; i++) {
      const r = parseYaml('file:///x.incidentmap', deep);
      assert.equal(r.doc, undefined);
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['input-too-deep']);
    }
    const blocks = Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n');
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(parseYaml('file:///x.incidentmap', blocks).findings.map((f) => f.ruleId), ['input-too-deep']);
    }
    const seqs = '- '.repeat(5000) + 'x';
    assert.deepEqual(parseYaml('file:///x.incidentmap', seqs).findings.map((f) => f.ruleId), ['input-too-deep']);
  });

  it('a mapping of 40,000 keys: duplicate keys found in linear time', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: x`).join('\n');
    const text = `incidentmap: 1\nsettings:\n  rules:\n${keys.replace(/^  /gm, '    ')}\n    k5: y\ncomponents: []\n`;
    // What it costs (yaml's own check takes about 12 s here) is bench/hostile.js's 'mapping of 40,000
    // keys', not a wall-clock limit in a test (issue 26).
    const f = analyzeText(text).findings.filter((x) => x.ruleId === 'duplicate-key');
    assert.deepEqual(
      f.map((x) => [x.range.start.line + 1, x.message]),
      [[40_004, 'Key `k5` appears twice in this mapping; YAML keeps only one. Remove or merge the duplicate.']],
    );
  });

  it('merge keys are refused with an explanation instead of being expanded', () => {
    const chain = Array.from({ length: 500 }, (_, i) => `  - &c${i}\n    <<: ${i ? `*c${i - 1}` : '{}'}\n    id: c${i}\n    kind: service`).join('\n');
    const f = analyzeText(`incidentmap: 1\ncomponents:\n${chain}\n`).findings.filter((x) => x.ruleId === 'unknown-key');
    assert.equal(f.length, 500);
    assert.match(f[0]!.message, /Merge keys \(<<\) are not part of YAML 1.2/);
  });

  it('alias bombs stop at the expansion budget', () => {
    const levels = ['x0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    const via = Array.from({ length: 60 }, () => '*z').join(', ');
    const deps = Array.from({ length: 60 }, () => '*d').join(', ');
    const comps = Array.from({ length: 60 }, () => '*c').join(', ');
    const text = `incidentmap: 1\ndomains: [{id: &z z, kind: zone}]\ncomponents: [&c {id: a, kind: service, dependsOn: [&d {target: a, via: [${via}]}, ${deps}]}, ${comps}]\n`;
    void levels;
    const f = analyzeText(text).findings;
    assert.equal(f.filter((x) => x.ruleId === 'alias-expansion-limit').length, 1);
  });

  it('custom tags are reported and never executed', () => {
    const text = 'incidentmap: 1\ncomponents:\n  - id: a\n    kind: service\n    owner: !!js/function "function(){ globalThis.pwned = true }"\n';
    const f = analyzeText(text).findings;
    assert.deepEqual(f.map((x) => x.ruleId), ['unsupported-tag']);
    assert.equal((globalThis as { pwned?: boolean }).pwned, undefined);
  });

  it('one map per file: a second YAML document is reported', () => {
    const f = analyzeText('incidentmap: 1\ncomponents: []\n---\nincidentmap: 1\n').findings;
    assert.deepEqual(f.map((x) => [x.ruleId, x.range.start.line]), [['yaml-syntax', 3]]);
  });

  it('missing version and empty files say what to write', () => {
    assert.match(analyzeText('').findings[0]!.message, /empty: start with `incidentmap: 1`/);
    assert.match(analyzeText('components: []\n').findings[0]!.message, /missing required field `incidentmap`/);
    assert.match(analyzeText('incidentmap: 2\n').findings[0]!.message, /must be one of 1/);
  });

  it('a YAML syntax error does not cascade into schema errors on the same line', () => {
    const f = analyzeText('incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    description: Calls: payments\n').findings;
    assert.deepEqual(f.map((x) => x.ruleId), ['yaml-syntax']);
    assert.match(f[0]!.message, /put it in quotes/);
  });

  it('validates durations, percentages, dates and URLs with clear messages', () => {
    const text = `incidentmap: 1
components:
  - id: a
    kind: service
    headroom: 30 percent
    runbook: ftp://example.com/x
    dependsOn: [{target: a, type: soft, timeout: 5 minutes}]
failovers:
  - {from: a, to: a, lastRehearsed: 14/03/2026}
`;
    const messages = analyzeText(text).findings.map((f) => f.message).join('\n');
    assert.match(messages, /not a percentage: write a value from 0% to 100%/);
    assert.match(messages, /"ftp:\/\/example.com\/x" is neither an http\(s\) URL nor a path/);
    assert.match(messages, /not a duration: write a number and a unit, e.g. 800ms/);
    assert.match(messages, /not a date: write YYYY-MM-DD/);
  });
});
