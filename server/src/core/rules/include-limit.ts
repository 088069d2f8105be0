import { defineRule } from './defineRule';

// Reported while reading files (model/build.ts); declared here for severity, docs and SARIF metadata.
export default defineRule({
  id: 'include-limit',
  severity: 'error',
  category: 'reference',
  title: 'Too many included files',
  description:
    'One analysis reads at most 256 files, follows at most 4,096 include entries and reads at most 16 million characters in all. Past that the remaining includes are not read (and their components are missing), so a pull request cannot make CI or the editor read without end. Files are counted once by real path, however many links or include paths lead to them.',
  help: 'Include fewer, larger files, or check independent parts as maps of their own.',
});
