import { defineRule } from './defineRule';

// Reported while reading files (analyze.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'unknown-rule',
  severity: 'warning',
  category: 'schema',
  title: 'Unknown rule in settings',
  description:
    'A rule id under settings.rules that no rule has: the setting has no effect.',
  help: 'Use one of the rule ids listed in docs/rules.md.',
});
