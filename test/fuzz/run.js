// `npm run fuzz`: the core fuzzers at volume (at least 100,000 cases). Set FUZZ_RUNS to change it.
'use strict';
process.env.FUZZ_RUNS = process.env.FUZZ_RUNS || '80000';
// A case slower than this is a finding here (the tests themselves hold no wall-clock limit).
process.env.FUZZ_SLOW_MS = process.env.FUZZ_SLOW_MS || '10000';
// mocha 12 exports its class as a named export.
const { Mocha } = require('mocha');
const { join } = require('node:path');
const mocha = new Mocha({ timeout: 0, reporter: 'spec' });
mocha.addFile(join(__dirname, '../../out/test/unit/fuzz.test.js'));
// The fast YAML reader against yaml, and chunked against whole-file loading, at the same volume.
mocha.addFile(join(__dirname, '../../out/test/unit/simpleYaml.test.js'));
mocha.addFile(join(__dirname, '../../out/test/unit/chunks.test.js'));
process.env.LSP_FUZZ_RUNS = process.env.LSP_FUZZ_RUNS || '2000';
for (const extra of ['../../out/test/lsp/hostile.test.js']) {
  try {
    require.resolve(join(__dirname, extra));
    mocha.addFile(join(__dirname, extra));
  } catch {
    // the server fuzzer is optional until the server is built
  }
}
mocha.run((failures) => {
  process.exitCode = failures ? 1 : 0;
});
