import { defineRule } from './defineRule';

// Reported while reading files (parse/parseYaml.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'input-too-deep',
  severity: 'error',
  category: 'syntax',
  title: 'Nesting too deep',
  description:
    'Nesting deeper than 64 levels is refused before it reaches the YAML composer, whose recursion can exhaust the stack and abort the process on repeated parses. No real incident map nests that deep; such input is broken or hostile.',
  help: 'Flatten the structure: components, dependencies and signals are at most four levels deep.',
});
