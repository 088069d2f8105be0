import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'missing-include',
  severity: 'error',
  category: 'reference',
  title: 'Missing include',
  description:
    'An included file does not exist or cannot be read, so every component it defines is missing from the analysis.',
  help: 'Fix the path (relative to the including file) or add the file.',
});
