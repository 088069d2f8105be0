// Renders the pictures the docs embed with the CLI itself (`incidentmap graph`), so they always show
// what users get. `npm run docs` runs this; test/unit/docs.test.ts fails when one is out of date.
'use strict';
const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const cli = join(repo, 'dist/cli.js');

/** [output, args]: every picture in docs/images. */
const images = [
  ['checkout.svg', ['samples/checkout/checkout.incidentmap']],
  ['ai-inference.svg', ['samples/ai-inference/ai-inference.incidentmap']],
  ['ai-inference-loop-1.svg', ['samples/ai-inference/ai-inference.incidentmap', '--simulate', 'loop-1']],
  ['ai-inference-dark.svg', ['samples/ai-inference/ai-inference.incidentmap', '--theme', 'dark']],
  // The interactive page (pan, zoom, click for details) that onboarding docs link to.
  ['ai-inference.html', ['samples/ai-inference/ai-inference.incidentmap', '--format', 'html']],
  // The same with the checkout sample's declared scenarios, to step through (picker, ‹ ›, [ and ]).
  ['checkout.html', ['samples/checkout/checkout.incidentmap', '--format', 'html']],
];

// "Today" is pinned: a rehearsal that ages past its limit would otherwise change a picture (and fail
// the docs test) on a day when nothing in the repository changed.
const today = '2026-11-22';

function render(args) {
  return execFileSync(process.execPath, [cli, 'graph', ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, INCIDENTMAP_NOW: today } });
}

if (require.main === module) {
  for (const [name, args] of images) {
    writeFileSync(join(repo, 'docs/images', name), render(args));
  }
}

module.exports = { images, render };
