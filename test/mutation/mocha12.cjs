// Loaded with NODE_OPTIONS=--require by `npm run mutate` only (see docs/TESTING.md).
// @stryker-mutator/mocha-runner 9 (the last Stryker that runs on Node 20) requires mocha's
// lib/cli/run-helpers without an extension; mocha 12 renamed those files to .cjs. Letting require
// resolve .cjs files by extension makes the runner find them; nothing else changes.
const Module = require('node:module');
if (!Module._extensions['.cjs']) {
  Module._extensions['.cjs'] = Module._extensions['.js'];
}
