import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, repoRoot } from '../helpers/core';

const languageMd = () => readFileSync(join(repoRoot, 'docs/language.md'), 'utf8');

describe('docs/language.md', () => {
  it('has a field reference up to date with the spec (run `npm run docs`)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { render } = require(join(repoRoot, 'docs/generate-language.js')) as { render(): string };
    assert.equal(languageMd(), render());
  });

  // The guide's first example is what newcomers copy: it must be clean, and the change the text
  // walks through must produce exactly the findings the text promises.
  const example = /```yaml\n([\s\S]*?)```/.exec(languageMd())?.[1] ?? '';

  it('opens with an example map that has no findings', () => {
    assert.ok(example.includes('incidentmap: 1'));
    assert.deepEqual(analyzeText(example).findings, []);
  });

  it('reports what the text says when the replica moves into the primary zone', () => {
    const moved = example.replace('domains: [eu-west-b]', 'domains: [eu-west-a]');
    assert.notEqual(moved, example);
    const findings = analyzeText(moved).findings;
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['failover-same-domain', 'single-point-of-failure']);
    const spof = findings.find((f) => f.ruleId === 'single-point-of-failure');
    assert.match(spof?.message ?? '', /zone eu-west-a/);
    assert.match(spof?.message ?? '', /checkout-api → orders-db \(lives in zone eu-west-a\)/);
  });
});

describe('docs/images', () => {
  it('holds the pictures `incidentmap graph` renders today (run `npm run docs`)', function () {
    this.timeout(60_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { images, render } = require(join(repoRoot, 'docs/generate-images.js')) as { images: [string, string[]][]; render(args: string[]): string };
    for (const [name, args] of images) {
      assert.equal(readFileSync(join(repoRoot, 'docs/images', name), 'utf8'), render(args), `docs/images/${name} is out of date`);
    }
  });

  it('every picture docs/graph.md embeds exists', () => {
    const md = readFileSync(join(repoRoot, 'docs/graph.md'), 'utf8');
    const embedded = [...md.matchAll(/!\[[^\]]*\]\(images\/([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(embedded.length >= 2);
    for (const name of embedded) {
      assert.doesNotThrow(() => readFileSync(join(repoRoot, 'docs/images', name)), name);
    }
  });
});
