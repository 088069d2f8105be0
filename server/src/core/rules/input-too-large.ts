import { defineRule } from './defineRule';

// Reported while reading files (parse/parseYaml.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'input-too-large',
  severity: 'error',
  category: 'syntax',
  title: 'File too large',
  description:
    'Files above 1 MB get a warning (editing slows down); files above 5 MB are not analysed at all, so a pasted log or a hostile pull request cannot stall CI or the editor.',
  help: 'Split the map into several files with include:; each team can own its own file.',
});
