// Small measurement helpers: medians over repeated runs, peak heap, a markdown table.
'use strict';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `runs` times after `warmup` runs; returns the median and all samples in ms. */
function measure(fn, { runs = 7, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

async function measureAsync(fn, { runs = 7, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function table(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Every rule on an already built model, graph build included: what "rules only" times. */
function runRules(core, model, report = () => undefined) {
  const graph = core.buildGraph(model);
  for (const r of core.rules) {
    if (r.check) {
      r.check({ model, graph, settings: model.settings, now: Date.UTC(2026, 10, 22), report });
    }
  }
}

function dependencyCount(model) {
  let n = 0;
  for (const c of model.components.values()) {
    n += c.dependsOn.length;
  }
  return n;
}

module.exports = { median, measure, measureAsync, ms, table, runRules, dependencyCount };
