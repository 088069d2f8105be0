import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'include-outside-root',
  severity: 'error',
  category: 'reference',
  title: 'Include outside the workspace',
  description:
    'An include that leaves the workspace or repository root (with .. or through a symbolic link) could make CI or a reviewer editor read files the map author should not see. It is refused after resolving real paths, and the target is never read.',
  help: 'Keep included maps inside the repository; copy shared maps in, or check them out into the repository.',
});
