import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'missing-field',
  severity: 'error',
  category: 'schema',
  title: 'Missing required field',
  description:
    'A required field (an id, a kind, a dependency target, a signal metric...) is absent or empty, so the element cannot take part in the analysis.',
  help: 'Add the named field.',
});
