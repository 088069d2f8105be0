import { defineRule } from './defineRule';

// Reported while building the model (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'domain-too-deep',
  severity: 'error',
  category: 'reference',
  title: 'Failure domains nested too deep',
  description:
    'Failure domains nest at most 32 deep. Real nesting is a few levels (a rack in a hall in a zone in a region); a deeper chain is a mistake or an attempt to make every analysis walk long ancestor chains. The parent that would nest a domain deeper is ignored, and the domain counts as a top-level one.',
  help: 'Flatten the nesting: give the domain a parent a few levels from the top, or none.',
});
