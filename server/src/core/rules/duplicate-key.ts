import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'duplicate-key',
  severity: 'error',
  category: 'schema',
  title: 'Duplicate key',
  description:
    'A key written twice in one mapping: YAML keeps only one of the values, so half of what the author wrote is silently lost.',
  help: 'Remove one of the keys, or merge their values.',
});
