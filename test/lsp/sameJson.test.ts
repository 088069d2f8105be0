import assert from 'node:assert/strict';
import { sameJson } from '../../server/src/lsp/workspace';

// The server skips publishing diagnostics equal to the last ones it sent; equal must mean what the
// client would receive (JSON), and any difference must publish.
describe('sameJson (the publish check)', () => {
  const diag = (message: string, line = 3) => ({
    range: { start: { line, character: 2 }, end: { line, character: 9 } },
    severity: 2,
    code: 'timeout-inversion',
    message,
    relatedInformation: [{ location: { uri: 'file:///a.incidentmap', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }, message: 'callee' }],
    data: { fixes: [] as unknown[], tags: undefined },
  });

  it('equal diagnostics built separately are the same', () => {
    assert.equal(sameJson([diag('a'), diag('b')], [diag('a'), diag('b')]), true);
  });

  it('a field JSON would leave out (undefined) does not count', () => {
    assert.equal(sameJson({ a: 1, b: undefined }, { a: 1 }), true);
  });

  it('any difference, however deep, counts', () => {
    assert.equal(sameJson([diag('a')], [diag('b')]), false, 'message');
    assert.equal(sameJson([diag('a', 3)], [diag('a', 4)]), false, 'line');
    assert.equal(sameJson([diag('a')], [diag('a'), diag('a')]), false, 'count');
    const moved = diag('a');
    moved.relatedInformation[0]!.location.range.end.character = 5;
    assert.equal(sameJson([diag('a')], [moved]), false, 'a related location');
    assert.equal(sameJson({ a: [1] }, { a: { 0: 1 } }), false, 'a list is not an object');
    assert.equal(sameJson({ a: null }, { a: {} }), false, 'null');
    assert.equal(sameJson({ a: 1 }, { a: 1, b: 2 }), false, 'an extra field');
  });
});
