// The worker → main-thread transfer: unchanged components travel as numbers, the rest in small
// batches the main thread decodes a time slice at a time.
import assert from 'node:assert/strict';
import { FileCache, analyze } from '../../server/src/core/index';
import { decodeList, encodeList, ModelDecoder, ModelEncoder, Slicer, type WireModel } from '../../server/src/lsp/modelTransfer';

describe('model transfer from the analysis worker', () => {
  const uri = 'file:///ws/main.incidentmap';
  const map = (owner: string, n = 30) =>
    ['incidentmap: 1', 'components:', ...Array.from({ length: n }, (_, i) => `  - id: c${i}\n    kind: service\n    owner: ${i === 15 ? owner : 'team-a'}`)].join('\n');
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
  const newComponents = async (wire: WireModel) => (await decodeList<{ id: string }>(wire.fresh, new Slicer())).map((c) => c.id);

  it('sends only the components an edit changed, and the main thread rebuilds the same model', async () => {
    const cache = new FileCache();
    let text = map('team-b');
    const host = { readFile: (u: string) => (u === uri ? { ok: true as const, text } : { ok: false as const, reason: 'not-found' as const }) };
    const encoder = new ModelEncoder();
    const decoder = new ModelDecoder();
    const first = analyze(uri, host, { cache, syntaxOnly: true }).model;
    const wire1 = structuredClone(encoder.encode(first));
    assert.equal((await newComponents(wire1)).length, 30);
    await decoder.decode(wire1);

    text = map('team-c');
    const second = analyze(uri, host, { cache, syntaxOnly: true }).model;
    const wire2 = structuredClone(encoder.encode(second));
    assert.deepEqual(await newComponents(wire2), ['c15']);
    const decoded = await decoder.decode(wire2);
    assert.deepEqual([...decoded.components.keys()], [...second.components.keys()]);
    assert.deepEqual(plain([...decoded.components.values()]), plain([...second.components.values()]));
    assert.deepEqual(plain({ ...decoded, components: 0 }), plain({ ...second, components: 0 }));
    assert.equal(decoded.components.get('c15')!.owner, 'team-c');
    // Unchanged components are the very objects the first reply delivered.
    const firstDecoded = decoded.components.get('c3');
    assert.equal((await decoder.decode(structuredClone(encoder.encode(second)))).components.get('c3'), firstDecoded);
  });

  it('refuses a reference the previous reply did not carry, and a reply out of step', async () => {
    const model = analyze(uri, { readFile: () => ({ ok: true, text: map('x') }) }, {}).model;
    const wire = new ModelEncoder().encode(model);
    await assert.rejects(new ModelDecoder().decode({ ...wire, slots: [7] }), /component #7/);
    await assert.rejects(new ModelDecoder().decode({ ...wire, slots: wire.slots.slice(0, 5) }), /carried 30 new components but placed 5/);
  });

  it('keeps undefined, NaN and nested maps as a structured clone would', async () => {
    const items = [{ a: undefined, b: NaN, c: new Map([['k', new Set([1])]]) }, { a: 1, b: Infinity, c: new Map() }];
    assert.deepEqual(await decodeList(encodeList(items, 1), new Slicer()), items);
  });

  it('lets the event loop run between time slices while it decodes', async () => {
    const model = analyze(uri, { readFile: () => ({ ok: true, text: map('x', 400) }) }, {}).model;
    const wire = structuredClone(new ModelEncoder().encode(model));
    assert.ok(wire.fresh.length > 3, 'several batches');
    let turns = 0;
    let decoding = true;
    const tick = () => {
      turns++;
      if (decoding) {
        setImmediate(tick);
      }
    };
    setImmediate(tick);
    const decoded = await new ModelDecoder().decode(wire, new Slicer(0));
    decoding = false;
    assert.equal(decoded.components.size, 400);
    assert.ok(turns >= wire.fresh.length - 1, `${turns} turns of the loop during ${wire.fresh.length} batches`);
  });
});
