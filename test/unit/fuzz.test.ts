import fc from 'fast-check';
import { analyzeChecked, anyInput, seeds } from '../helpers/fuzzCases';

// A smaller run of the fuzzers in `npm run fuzz` (test/fuzz/), so every `npm test` still exercises
// them. fast-check prints the seed and the shrunk input of any failure.
describe('fuzz: the core never throws and every range lies inside its document', () => {
  it(`has seeds to mutate (${seeds.length})`, () => {
    if (seeds.length < 20) {
      throw new Error('expected the rule fixtures and samples as seeds');
    }
  });

  it('random and mutated maps', () => {
    fc.assert(fc.property(anyInput, (text) => analyzeChecked(text)), { numRuns: Number(process.env['FUZZ_RUNS'] ?? 1500) });
  });

  it('mutated maps that include a mutated map', () => {
    fc.assert(
      fc.property(anyInput, anyInput, (a, b) => analyzeChecked(`include: [./other.incidentmap]\n${a}`, b)),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 500) },
    );
  });
});
