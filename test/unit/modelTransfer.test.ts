// The worker → main-thread model transfer: unchanged components travel as references.
import assert from 'node:assert/strict';
import { FileCache, analyze } from '../../server/src/core/index';
import { ModelDecoder, ModelEncoder } from '../../server/src/lsp/modelTransfer';

describe('model transfer from the analysis worker', () => {
  const uri = 'file:///ws/main.incidentmap';
  const map = (owner: string) =>
    ['incidentmap: 1', 'components:', ...Array.from({ length: 30 }, (_, i) => `  - id: c${i}\n    kind: service\n    owner: ${i === 15 ? owner : 'team-a'}`)].join('\n');

  it('sends only the components an edit changed, and the main thread rebuilds the same model', () => {
    const cache = new FileCache();
    let text = map('team-b');
    const host = { readFile: (u: string) => (u === uri ? { ok: true as const, text } : { ok: false as const, reason: 'not-found' as const }) };
    const encoder = new ModelEncoder();
    const decoder = new ModelDecoder();
    const first = analyze(uri, host, { cache, syntaxOnly: true }).model;
    const wire1 = structuredClone(encoder.encode(first));
    assert.equal(wire1.components.filter((c) => 'value' in c).length, 30);
    decoder.decode(wire1);

    text = map('team-c');
    const second = analyze(uri, host, { cache, syntaxOnly: true }).model;
    const wire2 = structuredClone(encoder.encode(second));
    assert.deepEqual(wire2.components.filter((c) => 'value' in c).map((c) => ('value' in c ? c.value.id : '')), ['c15']);
    const decoded = decoder.decode(wire2);
    assert.deepEqual([...decoded.components.keys()], [...second.components.keys()]);
    assert.deepEqual(JSON.parse(JSON.stringify([...decoded.components.values()])), JSON.parse(JSON.stringify([...second.components.values()])));
    assert.equal(decoded.components.get('c15')!.owner, 'team-c');
  });

  it('refuses a reference the previous reply did not carry', () => {
    const decoder = new ModelDecoder();
    const model = analyze(uri, { readFile: () => ({ ok: true, text: map('x') }) }, {}).model;
    const wire = { ...new ModelEncoder().encode(model), components: [{ ref: 7 }] };
    assert.throws(() => decoder.decode(wire), /component #7/);
  });
});
