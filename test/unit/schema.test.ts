import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { jsonSchema, mapSpec, type Spec } from '../../server/src/core/index';
import { analyzeText, fixturesDir, repoRoot } from '../helpers/core';

const schemaRuleIds = new Set(['yaml-syntax', 'unsupported-tag', 'duplicate-key', 'unknown-key', 'wrong-type', 'missing-field', 'invalid-value']);

function mapFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? mapFiles(p) : n.endsWith('.incidentmap') ? [p] : [];
  });
}

describe('JSON Schema', () => {
  const schema = jsonSchema();

  it('the published schemas/incidentmap.schema.json is the generated one (run `npm run schema`)', () => {
    const published = JSON.parse(readFileSync(join(repoRoot, 'schemas/incidentmap.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(published, schema);
  });

  it('agrees with the core validator on every fixture and sample: valid for one iff valid for the other', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const files = [...mapFiles(join(fixturesDir, 'rules')), ...mapFiles(join(repoRoot, 'samples'))].filter(
      (f) => !/input-too-deep|alias-expansion|unsupported-tag|yaml-syntax|duplicate-key/.test(f),
    );
    assert.ok(files.length > 40);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const coreErrors = analyzeText(text).findings.filter((f) => schemaRuleIds.has(f.ruleId));
      const ajvValid = validate(parse(text, { merge: false }));
      assert.equal(ajvValid, coreErrors.length === 0, `${file}: core says ${JSON.stringify(coreErrors.map((f) => f.message))}, ajv says ${JSON.stringify(validate.errors)}`);
    }
  });

  it('every field of the spec appears in the schema, with its description', () => {
    const defs = schema['definitions'] as Record<string, { properties: Record<string, { description?: string }> }>;
    const walk = (spec: Spec): void => {
      if (spec.t === 'object') {
        const def = defs[spec.name]!;
        assert.deepEqual(Object.keys(def.properties).sort(), Object.keys(spec.fields).sort());
        for (const [k, f] of Object.entries(spec.fields)) {
          assert.equal(def.properties[k]!.description, f.spec.description);
          walk(f.spec);
        }
      } else if (spec.t === 'array') {
        walk(spec.items);
      } else if (spec.t === 'stringOr') {
        walk(spec.object);
      }
    };
    walk(mapSpec);
  });
});
