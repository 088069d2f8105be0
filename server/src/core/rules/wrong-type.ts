import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'wrong-type',
  severity: 'error',
  category: 'schema',
  title: 'Wrong type',
  description:
    'A value of the wrong shape, such as text where a number is expected or a single value where a list is expected.',
  help: 'Write the value in the shape the message names.',
});
