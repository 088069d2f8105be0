import { defineRule } from './defineRule';

// Why: a suppression that no longer silences anything was either made stale by a fix or put above
// the wrong line; either way it would silently hide the next, different finding there.
// Reported by ../suppress.ts after the rules run; declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'unused-suppression',
  severity: 'warning',
  category: 'schema',
  title: 'Suppression that silences nothing',
  description:
    'An `# incidentmap-ignore` comment whose rule reports nothing on the line (or block) it covers. Only judged when the rule ran: a rule set to `off` makes no suppression of it unused.',
  help: 'Remove the comment, or move it directly above the line the finding points at.',
});
