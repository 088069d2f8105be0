// Realistic synthetic maps for benchmarks and fuzzing: a platform of N components in nested domains
// (provider > region > zone, plus power feeds and network paths), about four dependencies each
// (mostly hard sync, some soft and async, retries and timeouts), signals and failover pairs.
// Deterministic for a given seed, so runs compare like with like.
'use strict';

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const LAYERS = 6;
const kinds = ['service', 'service', 'service', 'service', 'datastore', 'cache', 'queue', 'stream', 'external', 'telemetry'];

/**
 * @param {{ depsFrom?: number, stress?: boolean }} [options] each component of the first five layers calls depsFrom to
 *   depsFrom + 2 others (3 by default: about 33,000 dependencies at 10,000 components; 5: about 50,000).
 *   stress: capacities, utilisation signals, 20 journeys and 5 scenarios on top (drawn from a random
 *   stream of their own, so the platform itself is the same with or without them).
 * @returns {{ domains: string[], components: object[] }} plain data, rendered to YAML text by render*.
 */
function platform(n, seed = 1, { depsFrom = 3, stress = false } = {}) {
  const r = rng(seed);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const regions = Math.max(1, Math.round(n / 2000)) + 1;
  const domains = [{ id: 'cloud', kind: 'provider' }];
  const zones = [];
  for (let g = 0; g < regions; g++) {
    domains.push({ id: `region-${g}`, kind: 'region', parent: 'cloud' });
    for (let z = 0; z < 3; z++) {
      const id = `region-${g}-zone-${z}`;
      domains.push({ id, kind: 'zone', parent: `region-${g}` });
      zones.push(id);
    }
  }
  domains.push({ id: 'feed-a', kind: 'power-feed' }, { id: 'feed-b', kind: 'power-feed' }, { id: 'path-a', kind: 'network-path' }, { id: 'path-b', kind: 'network-path' });
  const components = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    const tier = i % 10 === 0 ? 1 : i % 3 === 0 ? 2 : 3;
    const c = { id: `c${i}-${kind}`, kind, tier, owner: `team-${i % 40}`, runbook: `https://runbooks.example.com/c${i}` };
    if (r() < 0.6) {
      const a = pick(zones);
      const b = pick(zones);
      c.spreadAcross = a === b ? [a] : [a, b];
    } else {
      c.domains = [pick(zones)];
    }
    if (r() < 0.7) {
      c.signals = [{ name: 'saturation', metric: `sat{c="${i}"}`, warn: 0.7, crit: 0.9, leading: r() < 0.8 }];
    }
    // Layered like real platforms (edge, services, platform services, data): calls go to the next
    // one or two layers; about 1% go back up, so there are cycles, as in real maps.
    const deps = [];
    const count = depsFrom + Math.floor(r() * 3);
    const layer = Math.floor((i * LAYERS) / n);
    for (let d = 0; d < count && n > 1 && layer < LAYERS - 1; d++) {
      const back = r() < 0.01;
      const to = back ? Math.floor(r() * layer) : layer + 1 + Math.floor(r() * Math.min(2, LAYERS - 1 - layer));
      const lo = Math.floor((to * n) / LAYERS);
      const hi = Math.floor(((to + 1) * n) / LAYERS);
      const t = lo + Math.floor(r() * Math.max(1, hi - lo));
      if (t === i || t >= n || deps.some((x) => x.target === t)) continue;
      const dep = { target: t };
      const x = r();
      if (x < 0.2) dep.type = 'soft';
      else if (x < 0.3) dep.mode = 'async';
      if (r() < 0.5) dep.timeout = `${100 + Math.floor(r() * 20) * 50}ms`;
      if (r() < 0.3) dep.retries = 1 + Math.floor(r() * 2);
      if (r() < 0.05) dep.via = [pick(['path-a', 'path-b'])];
      deps.push(dep);
    }
    c.deps = deps;
    components.push(c);
  }
  const failovers = [];
  for (let i = 4; i < n; i += 25) {
    failovers.push({ from: components[i].id, to: components[(i + 1) % n].id, lastRehearsed: '2026-10-01' });
  }
  const journeys = [];
  const scenarios = [];
  if (stress) {
    const s = rng(seed * 7919 + 17);
    for (const c of components) {
      // Deeper layers serve more (fan-in): sized so that most sit between 20% and 90% at peak.
      c.capacity = `${Math.round(2000 + s() * 60000)} rps`;
      if (c.signals && s() < 0.5) c.signals[0].measures = 'utilisation';
      // Most calls serve a fraction of requests (a page calls the recommender on one view in five):
      // with every call at 1 per request, load would multiply by the fan-out at each of six layers.
      for (const d of c.deps) d.calls = s() < 0.1 ? 1 + Math.floor(s() * 2) : Math.round((0.05 + s() * 0.3) * 100) / 100;
    }
    const edge = Math.max(1, Math.floor(n / LAYERS));
    for (let j = 0; j < 20; j++) {
      journeys.push({ id: `journey-${j}`, entry: components[Math.floor(s() * edge)].id, demand: `${100 + Math.floor(s() * 900)} rps` });
    }
    scenarios.push(
      { id: 'lose-zone', fail: [zones[0]] },
      { id: 'surge', load: [{ journey: 'journey-0', factor: 3 }, { journey: 'journey-1', factor: 2 }] },
      { id: 'telemetry-storm', load: [{ traffic: 'telemetry', factor: 3 }] },
      { id: 'slow-data', slow: [{ component: components[Math.floor((4 * n) / LAYERS)].id, latency: '2s' }] },
      { id: 'zone-and-surge', fail: [zones[1]], load: [{ journey: 'journey-2', factor: 2 }], mustSurvive: true },
    );
  }
  return { domains, components, failovers, journeys, scenarios };
}

function stressYaml(p) {
  if (!p.journeys.length) return '';
  const lines = ['journeys:', ...p.journeys.map((j) => `  - {id: ${j.id}, entry: ${j.entry}, demand: ${j.demand}}`), 'scenarios:'];
  for (const sc of p.scenarios) {
    lines.push(`  - id: ${sc.id}`);
    if (sc.fail) lines.push(`    fail: [${sc.fail.join(', ')}]`);
    if (sc.load) lines.push('    load:', ...sc.load.map((l) => `      - {${l.journey ? `journey: ${l.journey}` : `traffic: ${l.traffic}`}, factor: ${l.factor}}`));
    if (sc.slow) lines.push('    slow:', ...sc.slow.map((w) => `      - {component: ${w.component}, latency: ${w.latency}}`));
    if (sc.mustSurvive) lines.push('    mustSurvive: true');
  }
  return lines.join('\n');
}

function componentYaml(c, components) {
  const lines = [`  - id: ${c.id}`, `    kind: ${c.kind}`, `    tier: ${c.tier}`, `    owner: ${c.owner}`, `    runbook: ${c.runbook}`];
  if (c.capacity) lines.push(`    capacity: ${c.capacity}`);
  if (c.domains) lines.push(`    domains: [${c.domains.join(', ')}]`);
  if (c.spreadAcross) lines.push(`    spreadAcross: [${c.spreadAcross.join(', ')}]`);
  if (c.signals) {
    lines.push('    signals:');
    for (const s of c.signals) {
      lines.push(`      - name: ${s.name}`, `        metric: '${s.metric}'`, `        warn: ${s.warn}`, `        crit: ${s.crit}`, `        leading: ${s.leading}`);
    }
  }
  if (c.deps.length) {
    lines.push('    dependsOn:');
    for (const d of c.deps) {
      lines.push(`      - target: ${components[d.target].id}`);
      for (const k of ['type', 'mode', 'timeout', 'retries', 'calls']) if (d[k] !== undefined) lines.push(`        ${k}: ${d[k]}`);
      if (d.via) lines.push(`        via: [${d.via.join(', ')}]`);
    }
  }
  return lines.join('\n');
}

function domainsYaml(domains) {
  return ['domains:', ...domains.map((d) => `  - {id: ${d.id}, kind: ${d.kind}${d.parent ? `, parent: ${d.parent}` : ''}}`)].join('\n');
}

function failoversYaml(f) {
  return f.length ? ['failovers:', ...f.map((x) => `  - {from: ${x.from}, to: ${x.to}, lastRehearsed: ${x.lastRehearsed}}`)].join('\n') : '';
}

/** One file holding the whole platform. */
function singleFile(n, seed = 1, options) {
  const p = platform(n, seed, options);
  return ['incidentmap: 1', `name: generated platform of ${n} components`, domainsYaml(p.domains), stressYaml(p), 'components:', ...p.components.map((c) => componentYaml(c, p.components)), failoversYaml(p.failovers), ''].filter((x) => x !== '').join('\n') + '\n';
}

/** The same platform split across `parts` files plus an entry map that includes them all. */
function multiFile(n, parts, seed = 1, options) {
  const p = platform(n, seed, options);
  const files = {};
  const per = Math.ceil(n / parts);
  const names = [];
  for (let k = 0; k < parts; k++) {
    const name = `team-${String(k).padStart(2, '0')}.incidentmap`;
    names.push(name);
    const slice = p.components.slice(k * per, (k + 1) * per);
    files[name] = ['incidentmap: 1', `name: team ${k}`, 'components:', ...slice.map((c) => componentYaml(c, p.components)), ''].join('\n');
  }
  files['platform.incidentmap'] = ['incidentmap: 1', 'name: platform', `include:\n${names.map((x) => `  - ./${x}`).join('\n')}`, domainsYaml(p.domains), stressYaml(p), failoversYaml(p.failovers), ''].filter((x) => x !== '').join('\n') + '\n';
  return files;
}

module.exports = { platform, singleFile, multiFile };

if (require.main === module) {
  const [n = '1000', out] = process.argv.slice(2);
  const text = singleFile(Number(n));
  if (out) require('node:fs').writeFileSync(out, text);
  else process.stdout.write(text);
}
