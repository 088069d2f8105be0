import { defineRule } from './defineRule';

// Reported while reading files (analyze.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'internal-error',
  severity: 'error',
  category: 'internal',
  title: 'Internal error',
  description:
    'A rule failed on this input. The other rules still ran; this is a bug in incidentmap, not in the map.',
  help: 'Please report it with the map that triggers it.',
});
