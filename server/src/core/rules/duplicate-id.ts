import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'duplicate-id',
  severity: 'error',
  category: 'reference',
  title: 'Duplicate id',
  description:
    'Two components or domains share an id across the included files; references to it are ambiguous, and only the first definition is analysed.',
  help: 'Rename one of them; ids are global across included files.',
});
