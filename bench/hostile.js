// Hostile inputs through the core: time to the diagnostic and memory, each in this fresh process.
// `node --expose-gc bench/hostile.js` prints one JSON line. (The tests check the diagnostics; this
// measures what they cost, which tests must not assert.)
'use strict';
const { join } = require('node:path');
const core = require(join(__dirname, '../out/server/src/core/index.js'));

const many = (alias) => Array.from({ length: 60 }, () => alias).join(', ');
const cases = {
  'nested [ (10 KB), parsed twice': () => '['.repeat(10_000),
  'block maps 3,000 deep': () => Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
  'alias bomb': () => `incidentmap: 1\ndomains: [{id: &z z, kind: zone}]\ncomponents: [&c {id: a, kind: service, dependsOn: [&d {target: a, via: [${many('*z')}]}, ${many('*d')}]}, ${many('*c')}]\n`,
  'merge-key chain (500)': () => `incidentmap: 1\ncomponents:\n${Array.from({ length: 500 }, (_, i) => `  - &c${i}\n    <<: ${i ? `*c${i - 1}` : '{}'}\n    id: c${i}\n    kind: service`).join('\n')}\n`,
  'mapping of 40,000 keys': () => ['incidentmap: 1', 'components: []', 'settings:', ...Array.from({ length: 40_000 }, (_, i) => `  k${i % 39_999}: 1`)].join('\n'),
  '10 MB scalar': () => `incidentmap: 1\ndescription: "${'x'.repeat(10 * 1024 * 1024)}"\ncomponents: []\n`,
  'binary garbage (64 KB)': () => Array.from({ length: 65536 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
};

const out = {};
for (const [name, make] of Object.entries(cases)) {
  const text = make();
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  let peak = before;
  const host = core.memoryHost({ 'file:///h/m.incidentmap': text });
  const runs = name.includes('twice') ? 2 : 1;
  let findings = [];
  for (let i = 0; i < runs; i++) {
    findings = core.analyze('file:///h/m.incidentmap', host, {}).findings;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  out[name] = { ms: performance.now() - t, heapDeltaMB: (peak - before) / 1e6, rules: [...new Set(findings.map((f) => f.ruleId))].slice(0, 3) };
}
process.stdout.write(JSON.stringify(out) + '\n');
