import { defineRule } from './defineRule';

// Reported while reading files (parse/validate.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'invalid-value',
  severity: 'error',
  category: 'schema',
  title: 'Invalid value',
  description:
    'A value of the right type but outside what the format accepts: a duration without unit, a percentage above 100%, a date that does not exist, a runbook link that is not http(s), an unknown enum value.',
  help: 'Write the value as the message shows; durations are like 800ms or 5m, dates YYYY-MM-DD.',
});
