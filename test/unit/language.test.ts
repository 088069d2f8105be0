// Where the cursor is in the format, on the large maps where completion and hover must still answer
// at once: the lines are read from the cursor up, not split up front.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { completions, contextAt, idSource, keyAt, linesOf, splitLines } from '../../server/src/core/language/index';
import { analyzeText } from '../helpers/core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { singleFile } = require('../../../bench/generate.js') as { singleFile: (n: number, seed: number) => string };

describe('cursor context', () => {
  it('linesOf reads every line as splitLines cuts it (LF, CRLF and a lone CR)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '-', ':', '\n', '\r', '\r\n'), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const lines = linesOf(text);
        const split = splitLines(text);
        assert.equal(lines.count, split.length);
        split.forEach((l, i) => {
          assert.equal(lines.at(i), l);
          assert.equal(lines.indent(i), l.length - l.replace(/^ +/, '').length);
        });
        assert.equal(lines.at(-1), '');
        assert.equal(lines.at(split.length), '');
      }),
      { numRuns: 500 },
    );
  });

  it('finds the path to the cursor from the middle of a large map, with either line ends', () => {
    const lf = singleFile(2000, 1);
    for (const text of [lf, lf.replace(/\n/g, '\r\n')]) {
      const lines = splitLines(text);
      const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('- target: '));
      const character = lines[line]!.indexOf('target: ') + 'target: '.length;
      const ctx = contextAt(text, { line, character });
      assert.deepEqual(ctx?.path, ['components', '[]', 'dependsOn', '[]', 'target']);
      assert.equal(ctx?.kind, 'value');
      // A new key in that dependency: the keys already written are left out of the offer.
      const blank = contextAt(`${lines.slice(0, line + 1).join('\n')}\n        `, { line: line + 1, character: 8 });
      assert.deepEqual(blank?.path, ['components', '[]', 'dependsOn', '[]']);
      assert.ok(blank?.present.has('target'));
      // Hover on a key of a component far down the file.
      const ownerLine = lines.findIndex((l, i) => i > (lines.length * 3) / 4 && /^ {4}owner: /.test(l));
      const key = keyAt(text, { line: ownerLine, character: 6 });
      assert.equal(key?.key, 'owner');
      assert.deepEqual(key?.path, ['components', '[]', 'owner']);
    }
  });

  it('offers every component id as a dependency target of a large map', () => {
    const text = singleFile(300, 2);
    const a = analyzeText(text);
    const lines = splitLines(text);
    const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('- target: '));
    const items = completions(text, { line, character: lines[line]!.indexOf('target: ') + 'target: '.length }, idSource([a.model]));
    assert.equal(items.filter((c) => c.kind === 'component').length, a.model.components.size);
  });
});
