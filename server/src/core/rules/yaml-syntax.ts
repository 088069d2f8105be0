import { defineRule } from './defineRule';

// Reported while reading files (parse/parseYaml.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'yaml-syntax',
  severity: 'error',
  category: 'syntax',
  title: 'YAML syntax error',
  description:
    'The file is not valid YAML 1.2, so nothing after the error can be trusted. Also reported for a second document in one file (one map per file) and for an alias without an anchor.',
  help: 'Fix the YAML at the marked position; the message names what the parser expected.',
});
