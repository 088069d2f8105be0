import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'unknown-reference',
  severity: 'error',
  category: 'reference',
  title: 'Unknown reference',
  description:
    'A dependency, failover, domain or via refers to an id that no included file defines. The analysis cannot follow it, so failures silently stop propagating there.',
  help: 'Fix the id (the message suggests the closest one), define the element, or include the file that defines it.',
});
