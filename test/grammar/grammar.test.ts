// The TextMate grammar as VS Code runs it: vscode-textmate with the Oniguruma WASM, on a real sample.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from '../helpers/core';

type Line = { text: string; tokens: { text: string; scopes: string[] }[] };

async function tokenize(text: string): Promise<Line[]> {
  const wasm = readFileSync(join(repoRoot, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) =>
      scope === 'source.incidentmap'
        ? textmate.parseRawGrammar(readFileSync(join(repoRoot, 'syntaxes/incidentmap.tmLanguage.json'), 'utf8'), 'incidentmap.tmLanguage.json')
        : null,
  });
  const grammar = await registry.loadGrammar('source.incidentmap');
  assert.ok(grammar);
  let stack = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return { text: line, tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })) };
  });
}

let lines: Line[] = [];

/** The innermost scope of `token` on the first line matching `line`. */
function scopeOf(line: RegExp | string, token: string): string {
  const l = lines.find((x) => (typeof line === 'string' ? x.text === line : line.test(x.text)));
  assert.ok(l, `no line ${line}`);
  const t = l.tokens.find((x) => x.text === token);
  assert.ok(t, `no token "${token}" on "${l.text}": ${JSON.stringify(l.tokens.map((x) => x.text))}`);
  return t.scopes[t.scopes.length - 1]!;
}

describe('TextMate grammar (syntaxes/incidentmap.tmLanguage.json)', () => {
  before(async () => {
    lines = await tokenize(readFileSync(join(repoRoot, 'samples/checkout/checkout.incidentmap'), 'utf8'));
  });

  it('scopes comments, top-level sections and the version', () => {
    assert.equal(scopeOf(/^# Checkout: the path/, '#'), 'punctuation.definition.comment.incidentmap');
    const comment = lines.find((l) => l.text.startsWith('# Checkout'))!;
    assert.ok(comment.tokens.every((t) => t.scopes.includes('comment.line.number-sign.incidentmap')));
    assert.equal(scopeOf('incidentmap: 1', 'incidentmap'), 'keyword.other.section.incidentmap');
    assert.equal(scopeOf('incidentmap: 1', '1'), 'constant.numeric.incidentmap');
    assert.equal(scopeOf('components:', 'components'), 'keyword.other.section.incidentmap');
  });

  it('tells id definitions from references, and both from keys', () => {
    assert.equal(scopeOf('  - id: checkout-api', 'checkout-api'), 'entity.name.type.id.incidentmap');
    assert.equal(scopeOf('  - id: checkout-api', 'id'), 'entity.name.tag.known.incidentmap');
    assert.equal(scopeOf('      - target: edge-lb', 'edge-lb'), 'variable.other.reference.incidentmap');
    assert.equal(scopeOf('    spreadAcross: [eu-west-a, eu-west-b, eu-west-c]', 'eu-west-b'), 'variable.other.reference.incidentmap');
    assert.equal(scopeOf('    spreadAcross: [eu-west-a, eu-west-b, eu-west-c]', 'spreadAcross'), 'entity.name.tag.known.incidentmap');
  });

  it('scopes kinds, enum values, durations, percentages, URLs, numbers and booleans', () => {
    assert.equal(scopeOf('    kind: service', 'service'), 'support.constant.kind.incidentmap');
    assert.equal(scopeOf('        mode: async', 'async'), 'constant.language.enum.incidentmap');
    assert.equal(scopeOf('        timeout: 300ms', '300ms'), 'constant.numeric.duration.incidentmap');
    assert.equal(scopeOf('    headroom: 35%', '35%'), 'constant.numeric.percentage.incidentmap');
    assert.equal(scopeOf('    runbook: https://runbooks.example.com/checkout/checkout-api', 'https://runbooks.example.com/checkout/checkout-api'), 'markup.underline.link.incidentmap');
    assert.equal(scopeOf('    replicas: 12', '12'), 'constant.numeric.incidentmap');
    assert.equal(scopeOf('        circuitBreaker: true', 'true'), 'constant.language.boolean.incidentmap');
    assert.equal(scopeOf('        warn: 0.7', '0.7'), 'constant.numeric.incidentmap');
  });

  it('marks keys the format does not know differently from known ones', async () => {
    const [line] = await tokenize('    colour: blue');
    assert.equal(line!.tokens.find((t) => t.text === 'colour')!.scopes.at(-1), 'entity.name.tag.incidentmap');
    const [date] = await tokenize('    lastRehearsed: 2026-09-14');
    assert.equal(date!.tokens.find((t) => t.text === '2026-09-14')!.scopes.at(-1), 'constant.numeric.date.incidentmap');
    const [tag] = await tokenize('    kind: !Ref service');
    assert.ok(tag!.tokens.some((t) => t.scopes.includes('string.unquoted.incidentmap') || t.scopes.includes('storage.type.tag.incidentmap')));
  });
});
