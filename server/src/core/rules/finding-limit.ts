import { defineRule } from './defineRule';

// Reported by the front ends when they bound what they publish (lsp/workspace.ts); declared here for
// severity, docs and SARIF metadata. The CLI says the same in its report (--max-findings).
export default defineRule({
  id: 'finding-limit',
  severity: 'info',
  category: 'internal',
  title: 'More findings than shown',
  description:
    'The editor shows at most 1,000 findings per file, the most severe first, and `incidentmap check` reports at most 10,000 (`--max-findings`). Each finding also carries at most 20 related locations (a long propagation path is cut, and its message says how many were left out). A map from a pull request can produce findings without end (a chain of 50,000 services is 150,000 of them); these bounds keep the editor answering and CI output readable.',
  help: 'Fix the findings shown first, or run `incidentmap check` with a larger --max-findings for the full list.',
});
