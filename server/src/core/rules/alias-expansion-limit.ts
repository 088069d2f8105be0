import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'alias-expansion-limit',
  severity: 'error',
  category: 'syntax',
  title: 'Alias expansion limit',
  description:
    'Aliases that expand to more than 10,000 nodes in one file ("billion laughs") would make every reader of the map slow or run out of memory.',
  help: 'Write the repeated values out, or use fewer nested aliases.',
});
