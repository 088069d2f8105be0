import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'include-cycle',
  severity: 'error',
  category: 'reference',
  title: 'Include cycle',
  description:
    'Files include each other in a loop. The loop is cut where it closes; the message shows the chain.',
  help: 'Remove one include of the chain; a shared file can be included by several maps without including them back.',
});
