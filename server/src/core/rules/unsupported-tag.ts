import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'unsupported-tag',
  severity: 'error',
  category: 'syntax',
  title: 'Unsupported YAML tag',
  description:
    'Tags such as !!js/function or !Ref ask a YAML loader to build code or objects. Incident maps are plain data: tags are never executed, and a tagged value is ignored.',
  help: 'Remove the tag and write the plain value.',
});
