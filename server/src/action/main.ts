// Process glue for the GitHub Action (dist/action.js): everything testable is in action.ts.
import { join } from 'node:path';
import { runAction } from './action';

// INCIDENTMAP_ACTION_CLI names another CLI script: the tests' fake `diff`. Never set in a workflow.
const cli = process.env['INCIDENTMAP_ACTION_CLI'] || join(__dirname, 'cli.js');

runAction({ env: process.env, out: (s) => void process.stdout.write(s), cli: [process.execPath, cli] }).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stdout.write(`::error::incidentmap action: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
