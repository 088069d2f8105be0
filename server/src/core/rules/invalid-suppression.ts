import { defineRule } from './defineRule';

// Why: a suppression is a decision reviewers must be able to read. One without a reason (or without
// the rule it silences) hides a finding with nothing to judge it by, so it silences nothing.
// Reported by ../suppress.ts after the rules run; declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'invalid-suppression',
  severity: 'warning',
  category: 'schema',
  title: 'Suppression without a rule id or a reason',
  description:
    'An `# incidentmap-ignore` or `# incidentmap-ignore-block` comment that names no rule, or gives no reason after a colon. It silences nothing until it has both.',
  help: 'Write `# incidentmap-ignore rule-id: why this is acceptable` above the line the finding points at.',
});
