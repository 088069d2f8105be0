import { idPattern } from '../parse/validate';
import { mapSpec, settingsSpec, type Spec } from './spec';

const patterns: Record<string, string> = {
  duration: '^\\d+(\\.\\d+)?(ms|s|m|h|d|w)$',
  percent: '^\\d+(\\.\\d+)?\\s*%$',
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  'date-or-never': '^(\\d{4}-\\d{2}-\\d{2}|never)$',
  url: '^[hH][tT][tT][pP][sS]?://',
  quantity: '^(\\d+(\\.\\d+)?|\\.\\d+)\\s*[kKMG]?\\s*[A-Za-z/]\\S*$',
  // values.ts parseUrlOrPath: an http(s) URL, or a relative path (no scheme, not absolute, no blanks or backslashes).
  'url-or-path': '^([hH][tT][tT][pP][sS]?://\\S+|(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/])[^\\s\\\\]+)$',
};

type Json = Record<string, unknown>;

/** JSON Schema (draft-07, what yaml-language-server and most YAML tooling read) generated from the spec. */
export function jsonSchema(root: Spec = mapSpec, id = 'https://incidentmap.dev/schema/incidentmap-1.schema.json'): Json {
  const definitions: Record<string, Json> = {};
  const top = convert(root, definitions);
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, title: 'incidentmap', ...top, definitions };
}

export function configJsonSchema(): Json {
  return jsonSchema(settingsSpec, 'https://incidentmap.dev/schema/incidentmap-config-1.schema.json');
}

function convert(spec: Spec, defs: Record<string, Json>): Json {
  const description = spec.description;
  switch (spec.t) {
    case 'string': {
      const out: Json = { type: 'string', description };
      if (spec.format === 'id') {
        out['pattern'] = idPattern.source;
      } else if (spec.format && patterns[spec.format]) {
        out['pattern'] = patterns[spec.format];
      }
      if (spec.format === 'url') {
        out['format'] = 'uri';
      }
      if (spec.format === 'percent') {
        return { description, anyOf: [{ type: 'string', pattern: patterns['percent'] }, { type: 'number', minimum: 0, maximum: 100 }] };
      }
      return out;
    }
    case 'ref':
      return { type: 'string', pattern: idPattern.source, description };
    case 'number':
      return { type: spec.integer ? 'integer' : 'number', description, ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}), ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}) };
    case 'boolean':
      return { type: 'boolean', description };
    case 'enum':
      return { enum: [...spec.values], description };
    case 'array':
      return { type: 'array', description, items: convert(spec.items, defs) };
    case 'stringOr':
      return { description, anyOf: [convert(spec.string, defs), convert(spec.object, defs)] };
    case 'record':
      return { type: 'object', description, additionalProperties: convert(spec.values, defs) };
    case 'object': {
      if (!defs[spec.name]) {
        defs[spec.name] = {}; // reserve first: specs may refer to themselves
        const properties: Record<string, Json> = {};
        for (const [k, f] of Object.entries(spec.fields)) {
          properties[k] = convert(f.spec, defs);
        }
        const required = Object.entries(spec.fields).filter(([, f]) => f.required).map(([k]) => k);
        defs[spec.name] = { type: 'object', description, properties, additionalProperties: false, ...(required.length ? { required } : {}) };
      }
      // description beside $ref: ignored by draft-07 validators, shown by editors such as yaml-language-server.
      return { $ref: `#/definitions/${spec.name}`, description };
    }
  }
}
