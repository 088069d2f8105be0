import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'unknown-key',
  severity: 'error',
  category: 'schema',
  title: 'Unknown key',
  description:
    'A key the format does not know, usually a typo (dependsOn vs dependencies): its value is ignored, so the map says less than its author thinks.',
  help: 'Use the suggested key, or see docs/language.md for the keys of each block.',
});
