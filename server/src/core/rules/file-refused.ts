import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts, from the file gate's refusals); declared here for
// severity, docs and SARIF metadata.
export default defineRule({
  id: 'file-refused',
  severity: 'error',
  category: 'reference',
  title: 'File refused',
  description:
    'A map, include or incidentmap.config.yaml that the tools will not read: it is inside a .git folder (where CI keeps its token), it resolves outside the repository or workspace through a symbolic link, or it is not a regular file (a FIFO, device or socket, whose reading can block forever or never end). Maps arrive in pull requests; a refused file is never read, so nothing of it can appear in a message.',
  help: 'Include and configure only regular map files inside the repository. If a pull request added the link or the include, do not merge it.',
});
