// Comparing two versions of the maps: summary.ts says what one version means for resilience,
// compare.ts what changed between two.
export * from './summary';
export * from './compare';
