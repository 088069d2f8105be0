import { defineRule } from './defineRule';

// Reported while reading files (parse/parseYaml.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'not-text',
  severity: 'error',
  category: 'syntax',
  title: 'Not UTF-8 text',
  description:
    'A file with NUL bytes is binary and is not analysed; bytes that are not valid UTF-8 are shown as U+FFFD and reported as a warning, because ids and names built from them will not match.',
  help: 'Save the file as UTF-8 text.',
});
