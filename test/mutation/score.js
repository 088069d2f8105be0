// The mutation scores of a Stryker report (by default the baseline, stryker-incremental.json), per
// folder, per file and in total, as a markdown table: `node test/mutation/score.js [report.json]`.
// Score = (killed + timed out) / (killed + timed out + survived + no coverage); mutants that do not
// compile are not counted (as Stryker counts them).
'use strict';
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { readBaseline, scores } = require('./baseline');

function printScores(report, out = process.stdout) {
  if (!report) {
    out.write('no mutation baseline: run `npm run mutate`\n');
    return;
  }
  const rows = [...scores(report)].sort(([a], [b]) => (a === 'total' ? 1 : b === 'total' ? -1 : a < b ? -1 : 1));
  out.write('| scope | killed | timed out | survived | no coverage | did not compile | score | score of covered |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n');
  for (const [scope, c] of rows) {
    const folder = !scope.endsWith('.ts');
    const name = folder ? `**${scope}**` : `\`${scope.replace(/^.*\//, '')}\``;
    out.write(`| ${name} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.CompileError} | ${folder ? '**' : ''}${c.score.toFixed(1)}%${folder ? '**' : ''} | ${c.covered.toFixed(1)}% |\n`);
  }
}

if (require.main === module) {
  printScores(process.argv[2] ? JSON.parse(readFileSync(resolve(process.argv[2]), 'utf8')) : readBaseline());
}
module.exports = { printScores };
