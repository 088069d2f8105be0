// Behaviour of core/propagation that its surviving mutants showed untested (docs/TESTING.md,
// "Surviving mutants of core/propagation"). Every expected value is written by hand from the small map
// in the test and docs/language.md's rules, never computed by the code under test.
import assert from 'node:assert/strict';
import { blastRadius, DEGRADED, DOWN, formatPath, pathOf, simulate, spofCandidates, type BlastRadius } from '../../server/src/core/index';
import { rootOf } from '../../server/src/core/propagation/simulate';
import { singlePoints } from '../../server/src/core/propagation/blastRadius';
import type { PropGraph } from '../../server/src/core/propagation/graph';
import { retryProducts, worstWaits } from '../../server/src/core/propagation/retries';
import { domainLossDown, singleFailureHits } from '../../server/src/core/propagation/failureSets';
import { analyzeText, graphOnly, onlyRule } from '../helpers/core';

/** s0 (tier 1, two replicas) → s1 → … → s(n-1), hard and synchronous; `last` is s(n-1)'s extra lines. */
function chainTo(n: number, last: string[], extra: string[] = []): string {
  const out = ['incidentmap: 1', 'domains:', '  - {id: z1, kind: zone}', 'components:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: s${i}`, '    kind: service', ...(i === 0 ? ['    tier: 1', '    replicas: 2'] : ['    tier: 2']), '    owner: t');
    out.push(...(i + 1 < n ? ['    dependsOn:', `      - target: s${i + 1}`] : last));
  }
  return [...out, ...extra, ''].join('\n');
}

describe('core/propagation: what its surviving mutants showed untested', () => {
  describe('failure-set paths (single-point-of-failure findings) end within 32 hops, and are cut after 32, as pathOf', () => {
    const spofPath = (text: string, failed: string): string => {
      const f = analyzeText(text, { baseSettings: { rules: onlyRule('single-point-of-failure') } }).findings.find((x) => x.message.startsWith(`Single point of failure: if ${failed} fails`));
      assert.ok(f, `no finding for ${failed}`);
      return /Path: ([^.]*)\./.exec(f.message)![1]!;
    };
    const db = ['  - id: db', '    kind: datastore', '    tier: 2', '    owner: t'];
    const whole32 = 's0 → s1 → s2 → s3 → s4 → s5 → … (21 more hops) … s27 → s28 → s29 → s30 → s31 → s32';
    const cut = 's0 → s1 → s2 → s3 → s4 → s5 → … (21 more hops) … s27 → s28 → s29 → s30 → s31 → s32 → … (more than 32 hops)';

    it('32 hops to a component that lives in the failed zone, or calls over it: whole, ending on how it went down', () => {
      assert.equal(spofPath(chainTo(33, ['    domains: [z1]']), 'zone z1'), `${whole32} (lives in zone z1)`);
      assert.equal(spofPath(chainTo(33, ['    dependsOn: [{target: db, via: [z1]}]'], db), 'zone z1'), `${whole32} (calls db over zone z1, which fails)`);
      // 31 hops (below): whole.
      assert.equal(spofPath(chainTo(32, ['    domains: [z1]']), 'zone z1'), 's0 → s1 → s2 → s3 → s4 → s5 → … (20 more hops) … s26 → s27 → s28 → s29 → s30 → s31 (lives in zone z1)');
    });

    it('33 hops (above): 32 followed, then cut at s32, whichever way the last one went down', () => {
      assert.equal(spofPath(chainTo(34, ['    domains: [z1]']), 'zone z1'), cut);
      assert.equal(spofPath(chainTo(34, ['    dependsOn: [{target: db, via: [z1]}]'], db), 'zone z1'), cut);
      assert.equal(spofPath(chainTo(34, ['    dependsOn: [{target: db}]'], db), 'db'), cut);
      assert.equal(spofPath(chainTo(34, []), 's33'), cut);
      assert.equal(spofPath(chainTo(34, []), 's32'), whole32);
    });
  });
});

/** A map from YAML lines. */
const yaml = (...lines: string[]): string => ['incidentmap: 1', ...lines, ''].join('\n');

function radius(text: string, ids: string[], options: { paths?: boolean } = {}): BlastRadius {
  const { graph } = analyzeText(text, graphOnly);
  const r = blastRadius(graph, ids, options);
  assert.ok(!('unknown' in r), JSON.stringify(r));
  return r as BlastRadius;
}
const texts = (xs: { id: string; pathText: string }[]) => xs.map((x) => [x.id, x.pathText]);

describe('core/propagation: blastRadius beyond the down and degraded sets', () => {
  it('paths: false follows no path (hover, code lenses); by default every entry has its path and text', () => {
    const map = yaml('components:', '  - id: web', '    kind: service', '    dependsOn: [{target: db}]', '  - id: db', '    kind: datastore');
    const withPaths = radius(map, ['db']);
    assert.deepEqual(texts(withPaths.down), [
      ['web', 'web → db'],
      ['db', 'db'],
    ]);
    assert.deepEqual(withPaths.down.map((d) => d.path.map((s) => [s.component, s.how])), [
      [
        ['web', 'hard dependency on'],
        ['db', 'fails'],
      ],
      [['db', 'fails']],
    ]);
    const without = radius(map, ['db'], { paths: false });
    assert.deepEqual(without.down.map((d) => [d.id, d.path.length, d.pathText]), [
      ['web', 0, ''],
      ['db', 0, ''],
    ]);
  });

  describe('standbys: a failover target nothing calls', () => {
    const map = yaml(
      'components:',
      '  - id: api',
      '    kind: service',
      '    tier: 1',
      '    dependsOn: [{target: db}]',
      '  - id: db',
      '    kind: datastore',
      '  - id: db-b1',
      '    kind: datastore',
      '    dependsOn: [{target: audit, type: soft}]',
      '  - id: db-b2',
      '    kind: datastore',
      '  - id: audit',
      '    kind: service',
      'failovers:',
      '  - {from: db, to: db-b1}',
      '  - {from: db, to: db-b2}',
    );
    const standbys = (ids: string[]) => radius(map, ids).standbys.map((s) => [s.id, s.uncovered]);

    it('one of two standbys lost: lost redundancy, its primary still covered by the other', () => {
      const r = radius(map, ['db-b1']);
      assert.deepEqual([r.down, r.degraded, r.failovers], [[], [], []]);
      assert.deepEqual(standbys(['db-b1']), [['db-b1', []]]);
    });

    it('both lost: each says its primary, still up, is left without a failover', () => {
      assert.deepEqual(standbys(['db-b1', 'db-b2']), [
        ['db-b1', ['db']],
        ['db-b2', ['db']],
      ]);
    });

    it('a primary that is down itself is not listed as uncovered', () => {
      assert.deepEqual(standbys(['db', 'db-b1', 'db-b2']), [
        ['db-b1', []],
        ['db-b2', []],
      ]);
    });

    it('a standby that is only degraded is degraded, not a lost standby', () => {
      const r = radius(map, ['audit']);
      assert.deepEqual(texts(r.degraded), [['db-b1', 'db-b1 → (soft) audit']]);
      assert.deepEqual(r.standbys, []);
      assert.deepEqual(texts(r.down), [['audit', 'audit']]);
    });
  });

  describe('failovers: whether the target took over, and which callers wait', () => {
    const map = yaml(
      'components:',
      '  - id: zeta',
      '    kind: service',
      '    dependsOn: [{target: db}]',
      '  - id: alpha',
      '    kind: service',
      '    dependsOn: [{target: db, mode: async}]',
      '  - id: gone',
      '    kind: service',
      '    dependsOn: [{target: db}, {target: other}]',
      '  - id: other',
      '    kind: service',
      '  - id: db',
      '    kind: datastore',
      '  - id: db-standby',
      '    kind: datastore',
      '  - id: worker',
      '    kind: service',
      '    dependsOn: [{target: queue}]',
      '  - id: mailer',
      '    kind: service',
      '    dependsOn: [{target: queue, mode: async}]',
      '  - id: queue',
      '    kind: queue',
      '  - id: queue-b',
      '    kind: queue',
      'failovers:',
      '  - {from: db, to: db-standby, mode: automatic, rto: 2m}',
      '  - {from: queue, to: queue-b, mode: manual}',
    );

    it('a target that is up takes over; the callers that are not down wait, sorted; a down caller does not wait', () => {
      const r = radius(map, ['db', 'other']);
      assert.deepEqual(r.failovers, [{ from: 'db', to: 'db-standby', mode: 'automatic', rtoMs: 120_000, tookOver: true, waiting: ['alpha', 'zeta'] }]);
      assert.deepEqual(texts(r.down), [
        ['gone', 'gone → other'],
        ['other', 'other'],
        ['db', 'db'],
      ]);
      assert.deepEqual(texts(r.degraded), [
        ['zeta', 'zeta → (fails over) db'],
        ['alpha', 'alpha → (fails over) db'], // covered by a failover: waits whatever the call (semantics.ts degradedByDownTarget)
      ]);
    });

    it('a target that went down too did not take over; a failover without an RTO has none; a primary that is up is not listed', () => {
      const r = radius(map, ['queue', 'queue-b']);
      assert.deepEqual(r.failovers, [{ from: 'queue', to: 'queue-b', mode: 'manual', tookOver: false, waiting: ['mailer'] }]);
      assert.deepEqual(texts(r.down), [
        ['worker', 'worker → queue'],
        ['queue', 'queue'],
      ]);
      assert.deepEqual(r.standbys.map((s) => [s.id, s.uncovered]), [['queue-b', []]]);
      assert.deepEqual(radius(map, ['other']).failovers, []);
    });
  });
});

describe('core/propagation: which elements the single-point search tries, and its pair budget', () => {
  it('candidates: what tier 1 reaches over hard synchronous calls, fallbacks, network paths and failover targets, with their domains', () => {
    const { graph: g } = analyzeText(
      yaml(
        'domains:',
        '  - {id: wan, kind: network-path, parent: carrier}', // index 0: the first domain
        '  - {id: carrier, kind: provider}',
        '  - {id: wan2, kind: network-path}',
        '  - {id: z-mid, kind: zone}',
        '  - {id: z-soft, kind: zone}',
        'components:',
        '  - id: fb', // index 0: the first component, a fallback
        '    kind: service',
        '  - id: top',
        '    kind: service',
        '    tier: 1',
        '    dependsOn:',
        '      - {target: mid, fallback: {target: fb}}',
        '      - {target: soft1, type: soft}',
        '      - {target: async1, mode: async}',
        '      - {target: far, via: [proxy, wan]}',
        '  - id: lone', // right after top, unreachable: its call is not top's
        '    kind: service',
        '    dependsOn: [{target: stray, via: [wan2]}]',
        '  - id: mid',
        '    kind: service',
        '    domains: [z-mid]',
        '    dependsOn: [{target: low}]',
        '  - id: mid-b',
        '    kind: service',
        '  - {id: low, kind: service}',
        '  - {id: far, kind: service}',
        '  - {id: proxy, kind: load-balancer}',
        '  - {id: stray, kind: service}',
        '  - id: soft1',
        '    kind: service',
        '    domains: [z-soft]',
        '  - {id: async1, kind: service}',
        'failovers:',
        '  - {from: mid, to: mid-b}',
      ),
      graphOnly,
    );
    const c = spofCandidates(g, [g.index.get('top')!]);
    assert.deepEqual(c.components.map((i) => g.components[i]!.id).sort(), ['far', 'fb', 'low', 'mid', 'mid-b', 'proxy', 'top']);
    assert.deepEqual(c.domains.map((i) => g.domains[i]!.id).sort(), ['carrier', 'wan', 'z-mid']);
  });

  it('skips the search above the pair budget (tier-1 components x candidates), runs it at and below', () => {
    const { graph: g } = analyzeText(
      yaml(
        'domains:',
        '  - {id: z1, kind: zone}',
        'components:',
        '  - id: top',
        '    kind: service',
        '    tier: 1',
        '    dependsOn: [{target: a}, {target: b}, {target: twin}]',
        '  - id: a',
        '    kind: service',
        '    domains: [z1]',
        '  - {id: b, kind: service}',
        '  - id: twin', // redundant: a candidate of the walk, not of the search
        '    kind: service',
        '    replicas: 2',
      ),
      graphOnly,
    );
    // 1 tier-1 component x 4 candidates (top, a, b and z1) = 4 pairs.
    assert.deepEqual(singlePoints(g, 3), { hits: [], skipped: { tier1: 1, candidates: 4 } });
    for (const budget of [4, 5]) {
      const s = singlePoints(g, budget);
      assert.equal(s.skipped, undefined);
      assert.deepEqual(s.hits.map((h) => `${h.kind} ${h.kind === 'component' ? g.components[h.index]!.id : g.domains[h.index]!.id}`).sort(), ['component a', 'component b', 'component top', 'domain z1']);
    }
  });
});

/** What simulate() gives for the failed ids (components or domains), as ids: down, degraded, and each one's path text. */
function sim(text: string, failed: string[]): { down: string[][]; degraded: string[][]; members: string[] } {
  const { graph: g } = analyzeText(text, graphOnly);
  const comps = failed.filter((id) => g.index.has(id)).map((id) => g.index.get(id)!);
  const doms = failed.filter((id) => g.domainIndex.has(id)).map((id) => g.domainIndex.get(id)!);
  assert.equal(comps.length + doms.length, failed.length, 'every failed id names a component or a domain');
  const s = simulate(g, comps, doms);
  const of = (st: number) => g.components.flatMap((c, i) => (s.state[i] === st ? [[c.id, formatPath(pathOf(g, s, i))]] : []));
  return { down: of(DOWN), degraded: of(DEGRADED), members: s.domainMembers.map((i) => g.components[i]!.id) };
}

describe('core/propagation: simulate, when domains fail', () => {
  const spreadMap = yaml(
    'domains:',
    '  - {id: ra, kind: region}',
    '  - {id: rb, kind: region}',
    '  - {id: a1, kind: zone, parent: ra}',
    '  - {id: b1, kind: zone, parent: rb}',
    '  - {id: c1, kind: zone}',
    'components:',
    '  - id: web',
    '    kind: service',
    '    dependsOn: [{target: svc}]',
    '  - id: svc',
    '    kind: service',
    '    spreadAcross: [a1, b1, c1]',
    '  - id: db',
    '    kind: datastore',
    '    domains: [a1]',
  );

  it('part of a spread lost: degraded, naming the spread entries that failed (not their failed parents); its callers untouched', () => {
    assert.deepEqual(sim(spreadMap, ['ra']), {
      down: [['db', 'db (lives in zone a1)']],
      degraded: [['svc', 'svc (loses part of its spread (a1))']],
      members: ['svc', 'db'],
    });
    assert.deepEqual(sim(spreadMap, ['c1', 'ra']), {
      down: [['db', 'db (lives in zone a1)']],
      degraded: [['svc', 'svc (loses part of its spread (a1, c1))']],
      members: ['svc', 'db'],
    });
  });

  it('a zone alone, inside a region that stays up: named as the part of the spread lost; members of other domains untouched', () => {
    assert.deepEqual(sim(spreadMap, ['a1']), {
      down: [['db', 'db (lives in zone a1)']],
      degraded: [['svc', 'svc (loses part of its spread (a1))']],
      members: ['svc', 'db'],
    });
    assert.deepEqual(sim(spreadMap, ['c1']), { down: [], degraded: [['svc', 'svc (loses part of its spread (c1))']], members: ['svc'] });
  });

  it('every domain of a spread lost: down, and so is its hard caller', () => {
    assert.deepEqual(sim(spreadMap, ['rb', 'c1', 'ra']), {
      down: [
        ['web', 'web → svc (loses every domain it spreads across (a1, b1, c1))'],
        ['svc', 'svc (loses every domain it spreads across (a1, b1, c1))'],
        ['db', 'db (lives in zone a1)'],
      ],
      degraded: [],
      members: ['svc', 'db'],
    });
  });

  it('the members of failed domains: ascending, each once, whatever order the domains are given in', () => {
    const map = yaml(
      'domains:',
      '  - {id: z1, kind: zone}',
      '  - {id: z2, kind: zone}',
      'components:',
      '  - {id: p, kind: service, domains: [z2]}',
      '  - {id: q, kind: service, domains: [z1]}',
      '  - {id: both, kind: service, domains: [z1, z2]}',
      '  - {id: outside, kind: service}',
    );
    for (const order of [
      ['z1', 'z2'],
      ['z2', 'z1'],
    ]) {
      assert.deepEqual(sim(map, order), {
        down: [
          ['p', 'p (lives in zone z2)'],
          ['q', 'q (lives in zone z1)'],
          ['both', 'both (lives in zone z1)'],
        ],
        degraded: [],
        members: ['p', 'q', 'both'],
      });
    }
  });

  it('a failed network path: a hard call over it goes down, a soft one degrades; a component in a failed zone lives in it, not in its parent', () => {
    const map = yaml(
      'domains:',
      '  - {id: eu, kind: region}',
      '  - {id: wan, kind: network-path, parent: eu}',
      'components:',
      '  - id: web',
      '    kind: service',
      '    dependsOn: [{target: api, via: [wan]}]',
      '  - id: batch',
      '    kind: service',
      '    dependsOn: [{target: api, type: soft, via: [wan]}]',
      '  - id: front',
      '    kind: service',
      '    dependsOn: [{target: web}, {target: batch}]',
      '  - {id: api, kind: service}',
      '  - {id: router, kind: service, domains: [wan]}',
    );
    assert.deepEqual(sim(map, ['eu']), {
      down: [
        ['web', 'web (calls api over network path wan, which fails)'],
        ['front', 'front → web (calls api over network path wan, which fails)'],
        ['router', 'router (lives in network path wan)'],
      ],
      degraded: [['batch', 'batch (calls api over network path wan, which fails)']],
      members: ['router'],
    });
  });
});

describe('core/propagation: simulate, over network paths through components', () => {
  const map = yaml(
    'components:',
    '  - id: web',
    '    kind: service',
    '    dependsOn: [{target: api, via: [proxy]}]',
    '  - id: batch',
    '    kind: service',
    '    dependsOn: [{target: api, type: soft, via: [proxy]}]',
    '  - {id: api, kind: service}',
    '  - {id: proxy, kind: load-balancer}',
    '  - {id: proxy-b, kind: load-balancer}',
    '  - {id: proxy-c, kind: load-balancer}',
    'failovers:',
    '  - {from: proxy, to: proxy-b}',
  );

  it('a failed component on the path: hard callers down, soft ones degraded, both through it', () => {
    assert.deepEqual(sim(map, ['proxy', 'proxy-b']), {
      down: [
        ['web', 'web → (via) proxy'],
        ['proxy', 'proxy'],
        ['proxy-b', 'proxy-b'],
      ],
      degraded: [['batch', 'batch → (via) proxy']],
      members: [],
    });
  });

  it('a component on the path that fails over: its callers wait, degraded through it, none down', () => {
    assert.deepEqual(sim(map, ['proxy']), {
      down: [['proxy', 'proxy']],
      degraded: [
        ['web', 'web → (via) proxy'],
        ['batch', 'batch → (via) proxy'],
      ],
      members: [],
    });
  });
});

describe('core/propagation: how the graph is built', () => {
  it('components whose domain lists join to the same text keep their own domains ([ab, c] is not [a, bc])', () => {
    const map = yaml(
      'domains:',
      ...['a', 'ab', 'bc', 'c'].map((id) => `  - {id: ${id}, kind: zone}`),
      'components:',
      '  - {id: x1, kind: service, domains: [ab, c]}',
      '  - {id: x2, kind: service, domains: [a, bc]}',
    );
    assert.deepEqual(sim(map, ['a']).down, [['x2', 'x2 (lives in zone a)']]);
    assert.deepEqual(sim(map, ['ab']).down, [['x1', 'x1 (lives in zone ab)']]);
  });

  it('calls whose network paths join to the same text keep their own paths (via [ab, c] is not [a, bc])', () => {
    const map = yaml(
      'domains:',
      ...['a', 'ab', 'bc', 'c'].map((id) => `  - {id: ${id}, kind: network-path}`),
      'components:',
      '  - id: web1',
      '    kind: service',
      '    dependsOn: [{target: api, via: [ab, c]}]',
      '  - id: web2',
      '    kind: service',
      '    dependsOn: [{target: api, via: [a, bc]}]',
      '  - {id: api, kind: service}',
    );
    assert.deepEqual(sim(map, ['a']).down, [['web2', 'web2 (calls api over network path a, which fails)']]);
    assert.deepEqual(sim(map, ['c']).down, [['web1', 'web1 (calls api over network path c, which fails)']]);
  });

  it('a spread entry naming no domain of the map is left out: losing the one it names is losing every domain', () => {
    const map = yaml('domains:', '  - {id: z1, kind: zone}', 'components:', '  - {id: svc, kind: service, spreadAcross: [z1, nowhere]}');
    assert.deepEqual(sim(map, ['z1']), { down: [['svc', 'svc (loses every domain it spreads across (z1))']], degraded: [], members: ['svc'] });
  });

  it('a hard dependency only some journeys use degrades its caller (the journeys break), it does not take it down', () => {
    const map = yaml(
      'journeys:',
      '  - {id: browse, entry: web}',
      'components:',
      '  - id: web',
      '    kind: service',
      '    dependsOn: [{target: cart, journeys: [browse]}]',
      '  - {id: cart, kind: service}',
    );
    assert.deepEqual(sim(map, ['cart']), { down: [['cart', 'cart']], degraded: [['web', 'web → (soft) cart']], members: [] });
  });

  it('a fallback naming no component of the map needs none: the call degrades, whatever fails', () => {
    // cal is the third component (index 2): a fallback read as component 2 would fall with it.
    const map = yaml(
      'components:',
      '  - id: web',
      '    kind: service',
      '    dependsOn: [{target: cal, fallback: {target: nowhere}}]',
      '  - {id: other, kind: service}',
      '  - {id: cal, kind: service}',
    );
    assert.deepEqual(sim(map, ['cal']), { down: [['cal', 'cal']], degraded: [['web', 'web → (falls back) cal']], members: [] });
  });

  it('a dependency on an unknown target is left out; the edges after it keep their callers, and every edge column is as long as the count', () => {
    const map = yaml(
      'components:',
      '  - id: x',
      '    kind: service',
      '    dependsOn: [{target: nowhere}, {target: y}]',
      '  - {id: y, kind: service}',
      '  - id: z',
      '    kind: service',
      '    dependsOn: [{target: y}]',
    );
    assert.deepEqual(sim(map, ['y']).down, [
      ['x', 'x → y'],
      ['y', 'y'],
      ['z', 'z → y'],
    ]);
    const { edges } = analyzeText(map, graphOnly).graph;
    assert.equal(edges.count, 2);
    assert.deepEqual([edges.from.length, edges.to.length, edges.dep.length, edges.viaComponents.length, edges.viaDomains.length], [2, 2, 2, 2, 2]);
    assert.deepEqual(
      edges.dep.map((d) => d.target.id),
      ['y', 'y'],
    );
  });
});

describe('core/propagation: retry products and worst waits', () => {
  const graphOf = (...lines: string[]) => analyzeText(yaml('components:', ...lines), graphOnly).graph;
  /** Per component: [id, best product, the call that takes it as "from → to" or "-"]. */
  const products = (g: PropGraph) => {
    const { best, next } = retryProducts(g);
    return g.components.map((c, i) => [c.id, best[i], next[i]! >= 0 ? `${c.id} → ${g.components[g.edges.to[next[i]!]!]!.id}` : '-']);
  };

  it('a component without synchronous calls: product 1, no next call; equal products keep the first call, a smaller later one does not replace a larger', () => {
    const g = graphOf(
      '  - id: tie',
      '    kind: service',
      '    dependsOn: [{target: x, retries: 1}, {target: y, retries: 1}]',
      '  - id: big-first',
      '    kind: service',
      '    dependsOn: [{target: x, retries: 3}, {target: y, retries: 1}]',
      '  - {id: x, kind: service}',
      '  - {id: y, kind: service}',
    );
    assert.deepEqual(products(g), [
      ['tie', 2, 'tie → x'],
      ['big-first', 4, 'big-first → x'],
      ['x', 1, '-'],
      ['y', 1, '-'],
    ]);
  });

  it('a loop is counted once, from the first component declared: the call back into it is left out', () => {
    const g = graphOf(
      '  - id: a',
      '    kind: service',
      '    dependsOn: [{target: b, retries: 2}]',
      '  - id: b',
      '    kind: service',
      '    dependsOn: [{target: a, retries: 2}]',
    );
    assert.deepEqual(products(g), [
      ['a', 3, 'a → b'],
      ['b', 1, '-'],
    ]);
  });

  it('loops among more components than the loop has: each call back into the walk is left out once, never walked again', () => {
    // a ⇄ b (3 attempts each way). p → q → r → p (2 attempts each) with r → s (4 attempts). c alone.
    // From a: b's call back to a is on the walk, left out: b 1, a 3 × 1 = 3.
    // From p: r's call back to p is left out; r → s: 4 × 1 = 4; q: 2 × 4 = 8; p: 2 × 8 = 16.
    const g = graphOf(
      '  - id: a',
      '    kind: service',
      '    dependsOn: [{target: b, retries: 2}]',
      '  - id: b',
      '    kind: service',
      '    dependsOn: [{target: a, retries: 2}]',
      '  - id: p',
      '    kind: service',
      '    dependsOn: [{target: q, retries: 1}]',
      '  - id: q',
      '    kind: service',
      '    dependsOn: [{target: r, retries: 1}]',
      '  - id: r',
      '    kind: service',
      '    dependsOn: [{target: p, retries: 1}, {target: s, retries: 3}]',
      '  - {id: s, kind: service}',
      '  - {id: c, kind: service}',
    );
    assert.deepEqual(products(g), [
      ['a', 3, 'a → b'],
      ['b', 1, '-'],
      ['p', 16, 'p → q'],
      ['q', 8, 'q → r'],
      ['r', 4, 'r → s'],
      ['s', 1, '-'],
      ['c', 1, '-'],
    ]);
  });

  it('an async call is no part of a chain: the synchronous call back is counted from its own caller', () => {
    const g = graphOf(
      '  - id: a',
      '    kind: service',
      '    dependsOn: [{target: b, mode: async, retries: 4}]',
      '  - id: b',
      '    kind: service',
      '    dependsOn: [{target: a, retries: 2}]',
    );
    assert.deepEqual(products(g), [
      ['a', 1, '-'],
      ['b', 3, 'b → a'],
    ]);
  });

  it('worst waits: a call with a timeout of 0 adds nothing and is not counted; 1 ms is', () => {
    // zero: x at 0 ms (not a part), y at 100 ms: 100, 1 part, via y. one: x at 1 ms, y at 100 ms: 101, 2 parts.
    const g = graphOf(
      '  - id: zero',
      '    kind: service',
      '    dependsOn: [{target: x, timeout: 0s}, {target: y, timeout: 100ms}]',
      '  - id: one',
      '    kind: service',
      '    dependsOn: [{target: x, timeout: 1ms}, {target: y, timeout: 100ms}]',
      '  - {id: x, kind: service}',
      '  - {id: y, kind: service}',
    );
    const { worst, via, parts } = worstWaits(g);
    assert.deepEqual(
      g.components.map((c, i) => [c.id, worst[i], parts[i], via[i]! >= 0 ? `${c.id} → ${g.components[g.edges.to[via[i]!]!]!.id}` : '-']),
      [
        ['zero', 100, 1, 'zero → y'],
        ['one', 101, 2, 'one → y'],
        ['x', 0, 0, '-'],
        ['y', 0, 0, '-'],
      ],
    );
  });

  it('worst waits: the longest of equal calls is the first; calls without a timeout and async calls add nothing; none: -1', () => {
    const g = graphOf(
      '  - id: seq',
      '    kind: service',
      '    dependsOn: [{target: x, timeout: 100ms}, {target: y, timeout: 100ms}, {target: z}, {target: w, mode: async, timeout: 900ms}]',
      '  - id: par',
      '    kind: service',
      '    calls: parallel',
      '    dependsOn: [{target: x, timeout: 200ms, retries: 1}, {target: y, timeout: 400ms}]',
      '  - {id: x, kind: service}',
      '  - {id: y, kind: service}',
      '  - {id: z, kind: service}',
      '  - {id: w, kind: service}',
    );
    const { worst, via, parts } = worstWaits(g);
    assert.deepEqual(
      g.components.map((c, i) => [c.id, worst[i], parts[i], via[i]! >= 0 ? `${c.id} → ${g.components[g.edges.to[via[i]!]!]!.id}` : '-']),
      [
        ['seq', 200, 2, 'seq → x'],
        ['par', 400, 2, 'par → x'],
        ['x', 0, 0, '-'],
        ['y', 0, 0, '-'],
        ['z', 0, 0, '-'],
        ['w', 0, 0, '-'],
      ],
    );
  });
});

describe('core/propagation: the failure sets name the targets a single failure takes down, and a path that carries it', () => {
  /** Every hit of singleFailureHits over the tier-1 components and every candidate, by name: [candidate, down, total, path text]. */
  const hits = (text: string) => {
    const { graph: g } = analyzeText(text, graphOnly);
    const tier1 = g.components.flatMap((c, i) => (c.tier === 1 ? [i] : []));
    const all = { components: g.components.map((_, i) => i), domains: g.domains.map((_, i) => i) };
    return singleFailureHits(g, tier1, all).map((h) => [
      h.kind === 'component' ? g.components[h.index]!.id : g.domains[h.index]!.id,
      h.down.map((t) => g.components[t]!.id),
      h.total,
      formatPath(h.path),
    ]);
  };

  it('the target its path starts from is named first, then the others in map order', () => {
    // t1 reaches x directly, the others through y: the shortest path to x starts at t1.
    const map = yaml(
      'components:',
      '  - {id: t0, kind: service, tier: 1, dependsOn: [{target: y}]}',
      '  - {id: t1, kind: service, tier: 1, dependsOn: [{target: x}]}',
      '  - {id: t2, kind: service, tier: 1, dependsOn: [{target: y}]}',
      '  - {id: t3, kind: service, tier: 1, dependsOn: [{target: y}]}',
      '  - {id: y, kind: service, dependsOn: [{target: x}]}',
      '  - {id: x, kind: service}',
    );
    assert.deepEqual(hits(map), [
      ['t0', ['t0'], 1, 't0'],
      ['t1', ['t1'], 1, 't1'],
      ['t2', ['t2'], 1, 't2'],
      ['t3', ['t3'], 1, 't3'],
      ['y', ['t0', 't2', 't3'], 3, 't0 → y'],
      ['x', ['t1', 't0', 't2', 't3'], 4, 't1 → x'],
    ]);
  });

  it('a path does not pass a call whose fallback holds, or a component whose failover target is up', () => {
    // The shortest ways to x go through a (a fallback that holds) and c (a failover to c2 that is
    // up); the failure reaches t through b.
    const map = yaml(
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a, fallback: {target: f}}, {target: c}, {target: b}]}',
      '  - {id: a, kind: service, dependsOn: [{target: x}]}',
      '  - {id: c, kind: service, dependsOn: [{target: x}]}',
      '  - {id: b, kind: service, dependsOn: [{target: m}]}',
      '  - {id: m, kind: service, dependsOn: [{target: x}]}',
      '  - {id: f, kind: service}',
      '  - {id: c2, kind: service}',
      '  - {id: x, kind: service}',
      'failovers:',
      '  - {from: c, to: c2}',
    );
    assert.deepEqual(hits(map).find((h) => h[0] === 'x'), ['x', ['t'], 1, 't → b → m → x']);
  });

  it('a call whose fallback component stays up carries no failure; with the fallback down too, it does', () => {
    // f is the first component (index 0): a fallback read as "none" there would carry x's failure.
    const map = yaml(
      'components:',
      '  - {id: f, kind: service}',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: x, fallback: {target: f}}]}',
      '  - {id: x, kind: service}',
      '  - {id: y, kind: service, tier: 1, dependsOn: [{target: x, fallback: {target: g}}]}',
      '  - {id: g, kind: service, dependsOn: [{target: x}]}',
    );
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['x', ['y'], 1, 'y → x'],
      ['y', ['y'], 1, 'y'],
    ]);
  });

  it('a domain that takes a component on a network path: the path calls over it, ending where it lives', () => {
    const map = yaml(
      'domains:',
      '  - {id: z, kind: zone}',
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: api, via: [proxy]}]}',
      '  - {id: api, kind: service}',
      '  - {id: proxy, kind: load-balancer, domains: [z]}',
    );
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['api', ['t'], 1, 't → api'],
      ['proxy', ['t'], 1, 't → (via) proxy'],
      ['z', ['t'], 1, 't → (via) proxy (lives in zone z)'],
    ]);
  });
});

describe('core/propagation: simulate keeps the first cause, and degrades only what is up', () => {
  it('a component failed itself and lost with its zone, in either order: it failed (the first cause), it does not live in the zone', () => {
    const map = yaml('domains:', '  - {id: z1, kind: zone}', 'components:', '  - {id: db, kind: datastore, domains: [z1]}', '  - {id: web, kind: service, dependsOn: [{target: db}]}');
    for (const order of [
      ['db', 'z1'],
      ['z1', 'db'],
    ]) {
      assert.deepEqual(sim(map, order).down, [
        ['db', 'db'],
        ['web', 'web → db'],
      ]);
    }
  });

  it('a failed component whose dependency failed too, in either order: it failed, it is not down through the dependency', () => {
    const map = yaml('components:', '  - {id: a, kind: service, dependsOn: [{target: b}]}', '  - {id: b, kind: service}');
    for (const order of [
      ['a', 'b'],
      ['b', 'a'],
    ]) {
      assert.deepEqual(sim(map, order).down, [
        ['a', 'a'],
        ['b', 'b'],
      ]);
    }
  });

  it('a call whose target and network path both fail is down through its target', () => {
    const map = yaml('components:', '  - {id: web, kind: service, dependsOn: [{target: api, via: [proxy]}]}', '  - {id: api, kind: service}', '  - {id: proxy, kind: load-balancer}');
    assert.deepEqual(sim(map, ['api', 'proxy']).down, [
      ['web', 'web → api'],
      ['api', 'api'],
      ['proxy', 'proxy'],
    ]);
  });

  it('a network path through healthy components degrades nobody', () => {
    const map = yaml(
      'components:',
      '  - {id: web, kind: service, dependsOn: [{target: api, via: [proxy]}]}',
      '  - {id: api, kind: service}',
      '  - {id: proxy, kind: load-balancer}',
      '  - {id: other, kind: service}',
    );
    assert.deepEqual(sim(map, ['other']), { down: [['other', 'other']], degraded: [], members: [] });
  });

  it('degradation inherited by a caller that is down leaves it down (up, it degrades); it reaches only the callers of what degraded', () => {
    // v degrades (soft on f); w, right after v, has a caller c that would inherit w's degradation.
    const map = yaml(
      'components:',
      '  - {id: v, kind: service, dependsOn: [{target: f, type: soft}]}',
      '  - {id: w, kind: service}',
      '  - {id: c, kind: service, dependsOn: [{target: w, inheritsDegradation: true}]}',
      '  - {id: f, kind: service}',
      '  - {id: top, kind: service, dependsOn: [{target: db}, {target: v, type: soft, inheritsDegradation: true}]}',
      '  - {id: db, kind: datastore}',
    );
    assert.deepEqual(sim(map, ['f']), {
      down: [['f', 'f']],
      degraded: [
        ['v', 'v → (soft) f'],
        ['top', 'top → (inherits degradation) v → (soft) f'],
      ],
      members: [],
    });
    assert.deepEqual(sim(map, ['f', 'db']), {
      down: [
        ['f', 'f'],
        ['top', 'top → db'],
        ['db', 'db'],
      ],
      degraded: [['v', 'v → (soft) f']],
      members: [],
    });
  });

  it('a step that lives in a domain or loses its spread points at the domains or spreadAcross entry', () => {
    const text = yaml(
      'domains:',
      '  - {id: z1, kind: zone}',
      'components:',
      '  - id: db', // line 5 (0-based 4)
      '    kind: datastore',
      '    domains: [z1]', // 0-based line 6
      '  - id: svc', // 0-based line 7
      '    kind: service',
      '    spreadAcross: [z1]', // 0-based line 9
    );
    const { graph: g } = analyzeText(text, graphOnly);
    const s = simulate(g, [], [0]);
    assert.deepEqual(
      ['db', 'svc'].map((id) => pathOf(g, s, g.index.get(id)!).map((st) => [st.component, st.how, st.at?.range.start.line])),
      [[['db', 'lives in zone z1', 6]], [['svc', 'loses every domain it spreads across (z1)', 9]]],
    );
  });

  it('rootOf: where a path ends, as pathOf names it, below, at and above maxPathHops, over network paths and loops', () => {
    // c0 → c1 → … → c(n-1), the last one failed.
    const chain = (n: number) =>
      yaml('components:', ...Array.from({ length: n }, (_, i) => `  - {id: c${i}, kind: service${i < n - 1 ? `, dependsOn: [{target: c${i + 1}}]` : ''}}`));
    const root = (text: string, failed: string[], from: string) => {
      const { graph: g } = analyzeText(text, graphOnly);
      const s = simulate(g, failed.map((id) => g.index.get(id)!), []);
      return g.components[rootOf(g, s, g.index.get(from)!)]!.id;
    };
    assert.equal(root(chain(32), ['c31'], 'c0'), 'c31'); // 31 hops
    assert.equal(root(chain(33), ['c32'], 'c0'), 'c32'); // 32 hops: the failed component
    assert.equal(root(chain(34), ['c33'], 'c0'), 'c32'); // 33 hops: where pathOf cuts it
    assert.equal(root(chain(40), ['c39'], 'c0'), 'c32');
    assert.equal(root(chain(3), ['c2'], 'c2'), 'c2');
    // Over a network path through a failed component: the component on the path.
    const via = yaml('components:', '  - {id: web, kind: service, dependsOn: [{target: api, via: [proxy]}]}', '  - {id: api, kind: service}', '  - {id: proxy, kind: load-balancer}');
    assert.equal(root(via, ['proxy'], 'web'), 'proxy');
    // A loop of hard calls, failed at b: from a, the walk a → b ends at b.
    const loop = yaml('components:', '  - {id: a, kind: service, dependsOn: [{target: b}]}', '  - {id: b, kind: service, dependsOn: [{target: a}]}');
    assert.equal(root(loop, ['b'], 'a'), 'b');
    // An up component is its own root.
    assert.equal(root(chain(3), ['c1'], 'c2'), 'c2');
  });
});

describe('core/propagation: the failure sets name the path a hit takes, through every kind of hop (mutation survivors of failureSets.ts)', () => {
  /** Every hit of singleFailureHits over the tier-1 components and every candidate, by name: [candidate, down, total, path text]. */
  const hits = (text: string) => {
    const { graph: g } = analyzeText(text, graphOnly);
    const tier1 = g.components.flatMap((c, i) => (c.tier === 1 ? [i] : []));
    const all = { components: g.components.map((_, i) => i), domains: g.domains.map((_, i) => i) };
    return singleFailureHits(g, tier1, all).map((h) => [
      h.kind === 'component' ? g.components[h.index]!.id : g.domains[h.index]!.id,
      h.down.map((t) => g.components[t]!.id),
      h.total,
      formatPath(h.path),
    ]);
  };
  const hit = (text: string, id: string) => hits(text).find((h) => h[0] === id);

  it('the target a path starts from is named first even when it is not among the first five hit (6 targets: below, at and above the five kept)', () => {
    // t0..t(k-2) reach x through y (two hops), the last target calls x directly: the shortest path to
    // x starts at the last target, so it is named first, then the others in map order, five at most.
    const map = (k: number) =>
      yaml(
        'components:',
        ...Array.from({ length: k - 1 }, (_, j) => `  - {id: t${j}, kind: service, tier: 1, dependsOn: [{target: y}]}`),
        `  - {id: last, kind: service, tier: 1, dependsOn: [{target: x}]}`,
        '  - {id: y, kind: service, dependsOn: [{target: x}]}',
        '  - {id: x, kind: service}',
      );
    // 4 targets: last is the fourth hit, within the five kept.
    assert.deepEqual(hit(map(4), 'x'), ['x', ['last', 't0', 't1', 't2'], 4, 'last → x']);
    // 5 targets: last is the fifth hit, the last one kept.
    assert.deepEqual(hit(map(5), 'x'), ['x', ['last', 't0', 't1', 't2', 't3'], 5, 'last → x']);
    // 6 targets: last is the sixth hit, past the five kept: still named first, with t0..t3.
    assert.deepEqual(hit(map(6), 'x'), ['x', ['last', 't0', 't1', 't2', 't3'], 6, 'last → x']);
    assert.deepEqual(hit(map(7), 'x'), ['x', ['last', 't0', 't1', 't2', 't3'], 7, 'last → x']);
    // y takes t0..t(k-2) down (not last): the path starts at t0.
    assert.deepEqual(hit(map(7), 'y'), ['y', ['t0', 't1', 't2', 't3', 't4'], 6, 't0 → y']);
  });

  it('a target that is its own single point, called by an earlier target: named first, the path from the caller', () => {
    // t0 calls x; both are tier 1; x fails: x is down itself, and t0 through it.
    const map = yaml('components:', '  - {id: t0, kind: service, tier: 1, dependsOn: [{target: x}]}', '  - {id: x, kind: service, tier: 1}');
    assert.deepEqual(hits(map), [
      ['t0', ['t0'], 1, 't0'],
      ['x', ['x', 't0'], 2, 't0 → x'],
    ]);
  });

  it('the shortest path is named when the first call leads the long way round; the first component of the map as the root', () => {
    // t (component 0) calls a, then x; a calls x. x fails: t → x (one hop), not t → a → x.
    const map = yaml('components:', '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a}, {target: x}]}', '  - {id: a, kind: service, dependsOn: [{target: x}]}', '  - {id: x, kind: service}');
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['a', ['t'], 1, 't → a'],
      ['x', ['t'], 1, 't → x'],
    ]);
  });

  it('the shortest path over a network path: through the via component, not the long way to it', () => {
    // t calls a first (a → b → proxy), then api over proxy: proxy failing, the shortest path is t's
    // call over it, one hop; the long way round is three.
    const map = yaml(
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a}, {target: api, via: [proxy]}]}',
      '  - {id: a, kind: service, dependsOn: [{target: b}]}',
      '  - {id: b, kind: service, dependsOn: [{target: proxy}]}',
      '  - {id: api, kind: service}',
      '  - {id: proxy, kind: load-balancer}',
    );
    assert.deepEqual(hit(map, 'proxy'), ['proxy', ['t'], 1, 't → (via) proxy']);
  });

  it('a fallback held by the first component of the map: the path goes round the call it protects', () => {
    // f is component 0 and never fails with x: t's call to x is covered; x reaches t through m.
    const map = yaml(
      'components:',
      '  - {id: f, kind: service}',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: x, fallback: {target: f}}, {target: m}]}',
      '  - {id: m, kind: service, dependsOn: [{target: x}]}',
      '  - {id: x, kind: service}',
      'domains:',
      '  - {id: z, kind: zone}',
    );
    assert.deepEqual(hit(map, 'x'), ['x', ['t'], 1, 't → m → x']);
  });

  it('a zone failing: the path through a component with a failover whose target is in the zone too', () => {
    // db fails over to db2, both in z: losing z takes db down with its failover, and t with it.
    const map = yaml(
      'domains:',
      '  - {id: z, kind: zone}',
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: db}]}',
      '  - {id: db, kind: datastore, domains: [z]}',
      '  - {id: db2, kind: datastore, domains: [z]}',
      'failovers:',
      '  - {from: db, to: db2}',
    );
    assert.deepEqual(hit(map, 'z'), ['z', ['t'], 1, 't → db (lives in zone z)']);
  });

  it('a zone failing: a target that lives in another zone is not where the failure starts', () => {
    const map = yaml(
      'domains:',
      '  - {id: z1, kind: zone}',
      '  - {id: z2, kind: zone}',
      'components:',
      '  - {id: t, kind: service, tier: 1, domains: [z2], dependsOn: [{target: db}]}',
      '  - {id: db, kind: datastore, domains: [z1]}',
    );
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['db', ['t'], 1, 't → db'],
      ['z1', ['t'], 1, 't → db (lives in zone z1)'],
      ['z2', ['t'], 1, 't (lives in zone z2)'],
    ]);
  });

  it('spreads: a region taking both zones of a spread, a spread that keeps one zone, a spread component down through its call', () => {
    // r holds z1 and z2. s spreads across z1, z2 (lost with r); a across z1, z3 (keeps z3); s2 across z3
    // alone, calling s. t calls a and s2.
    const map = yaml(
      'domains:',
      '  - {id: r, kind: region}',
      '  - {id: z1, kind: zone, parent: r}',
      '  - {id: z2, kind: zone, parent: r}',
      '  - {id: z3, kind: zone}',
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a}, {target: s2}]}',
      '  - {id: a, kind: service, spreadAcross: [z1, z3]}',
      '  - {id: s2, kind: service, spreadAcross: [z3], dependsOn: [{target: s}]}',
      '  - {id: s, kind: service, spreadAcross: [z1, z2]}',
    );
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['a', ['t'], 1, 't → a'],
      ['s2', ['t'], 1, 't → s2'],
      ['s', ['t'], 1, 't → s2 → s'],
      ['r', ['t'], 1, 't → s2 → s (loses every domain it spreads across (z1, z2))'],
      ['z3', ['t'], 1, 't → s2 (loses every domain it spreads across (z3))'],
    ]);
  });

  it('a call over a domain that stays up is followed to where the zone failure starts', () => {
    // t calls api over the network domain net, which does not fail with z; api calls db in z.
    const map = yaml(
      'domains:',
      '  - {id: net, kind: network-path}',
      '  - {id: z, kind: zone}',
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: api, via: [net]}]}',
      '  - {id: api, kind: service, dependsOn: [{target: db}]}',
      '  - {id: db, kind: datastore, domains: [z]}',
    );
    assert.deepEqual(hit(map, 'z'), ['z', ['t'], 1, 't → api → db (lives in zone z)']);
    assert.deepEqual(hit(map, 'net'), ['net', ['t'], 1, 't (calls api over network path net, which fails)']);
  });

  it('a call over two network components in a zone: the path names the first that is lost, and skips one that is up', () => {
    // p1 is component 0. Both p1 and p2 in z: the path goes over p1. Only p2 in y: over p2.
    const map = yaml(
      'domains:',
      '  - {id: z, kind: zone}',
      '  - {id: y, kind: zone}',
      'components:',
      '  - {id: p1, kind: load-balancer, domains: [z]}',
      '  - {id: p2, kind: load-balancer, domains: [z, y]}',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: api, via: [p1, p2]}]}',
      '  - {id: api, kind: service}',
    );
    assert.deepEqual(hit(map, 'z'), ['z', ['t'], 1, 't → (via) p1 (lives in zone z)']);
    assert.deepEqual(hit(map, 'y'), ['y', ['t'], 1, 't → (via) p2 (lives in zone y)']);
  });

  it('a loop whose call rides a network component with a failover: the failover holds, the loop is not down with it', () => {
    // a calls b over lb and proxy, b calls a back over lb, and proxy calls a over lb: proxy is in the
    // loop, and every call of the loop rides lb, which has no failover. proxy fails over
    // to proxy2. proxy failing alone: proxy2 takes over, nothing is lost. proxy2 failing alone: proxy
    // is up. a or b failing: the loop and t.
    const map = yaml(
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a}]}',
      '  - {id: a, kind: service, dependsOn: [{target: b, via: [lb, proxy]}]}',
      '  - {id: b, kind: service, dependsOn: [{target: a, via: [lb]}]}',
      '  - {id: lb, kind: load-balancer}',
      '  - {id: proxy, kind: load-balancer, dependsOn: [{target: a, via: [lb]}]}',
      '  - {id: proxy2, kind: load-balancer}',
      'failovers:',
      '  - {from: proxy, to: proxy2}',
    );
    // The call also rides lb, which has no failover: lb failing takes the loop and t down.
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['a', ['t'], 1, 't → a'],
      ['b', ['t'], 1, 't → a → b'],
      ['lb', ['t'], 1, 't → a → (via) lb'],
    ]);
    // a's call over proxy alone (no lb): every via component of the loop fails over; the same answer.
    const proxyOnly = map.replace('via: [lb, proxy]', 'via: [proxy]').replace(/, via: \[lb\]/g, '');
    assert.deepEqual(hits(proxyOnly), [
      ['t', ['t'], 1, 't'],
      ['a', ['t'], 1, 't → a'],
      ['b', ['t'], 1, 't → a → b'],
    ]);
    // With no failover, proxy takes the loop and t down.
    const bare = map.replace(/failovers:\n.*\n/, '');
    assert.deepEqual(hit(bare, 'proxy'), ['proxy', ['t'], 1, 't → a → (via) proxy']);
  });

  it('a loop with a call whose fallback holds: the loop is not down with the call\'s target', () => {
    // f is component 1. a calls b and b calls a back, both with fallback f. b failing: f holds, a is
    // up, t too (b is no target). a failing: t down (b's call to a falls back to f). f alone: nothing.
    const map = yaml(
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a}]}',
      '  - {id: f, kind: service}',
      '  - {id: a, kind: service, dependsOn: [{target: b, fallback: {target: f}}]}',
      '  - {id: b, kind: service, dependsOn: [{target: a, fallback: {target: f}}]}',
    );
    assert.deepEqual(hits(map), [
      ['t', ['t'], 1, 't'],
      ['a', ['t'], 1, 't → a'],
    ]);
  });

  it('more than 64 candidates: bits in the first, middle and last 32-bit words of a row, and domains past them', () => {
    // c0 → c1 → … → c69, c0 tier 1. Domains r (x and y inside it), x, y, z: bits 70-73, in the third
    // word. c69 lives in z; c50 spreads across x and y. Every component failing takes c0 down; r takes
    // c50 (both of its zones) and so c0; z takes c69 and so all 70; x or y alone takes nothing.
    const map = yaml(
      'domains:',
      '  - {id: r, kind: region}',
      '  - {id: x, kind: zone, parent: r}',
      '  - {id: y, kind: zone, parent: r}',
      '  - {id: z, kind: zone}',
      'components:',
      ...Array.from({ length: 70 }, (_, i) =>
        `  - {id: c${i}, kind: service${i === 0 ? ', tier: 1' : ''}${i === 50 ? ', spreadAcross: [x, y]' : ''}${i === 69 ? ', domains: [z]' : ''}${i < 69 ? `, dependsOn: [{target: c${i + 1}}]` : ''}}`,
      ),
    );
    const found = hits(map);
    assert.deepEqual(
      found.map((h) => [h[0], h[1], h[2]]),
      [...Array.from({ length: 70 }, (_, i) => [`c${i}`, ['c0'], 1]), ['r', ['c0'], 1], ['z', ['c0'], 1]],
    );
    assert.deepEqual(found.find((h) => h[0] === 'c3'), ['c3', ['c0'], 1, 'c0 → c1 → c2 → c3']);
    // c33 is 33 hops from c0: the path names its first 32 and says it goes on (maxPathHops).
    assert.deepEqual(found.find((h) => h[0] === 'c33')![3], 'c0 → c1 → c2 → c3 → c4 → c5 → … (21 more hops) … c27 → c28 → c29 → c30 → c31 → c32 → … (more than 32 hops)');
    const { graph: g } = analyzeText(map, graphOnly);
    const lost = domainLossDown(g, [0, 1, 2, 3]).map((row) => g.components.flatMap((c, i) => (row[i] ? [c.id] : [])));
    assert.deepEqual(lost, [
      Array.from({ length: 51 }, (_, i) => `c${i}`),
      [],
      [],
      Array.from({ length: 70 }, (_, i) => `c${i}`),
    ]);
  });

  it('a zone failing behind a loop: the path leaves the loop for the way out, it does not go round it', () => {
    // a calls b first, b calls a back; a's second call reaches db in z.
    const map = yaml(
      'domains:',
      '  - {id: z, kind: zone}',
      'components:',
      '  - {id: t, kind: service, tier: 1, dependsOn: [{target: a}]}',
      '  - {id: a, kind: service, dependsOn: [{target: b}, {target: db}]}',
      '  - {id: b, kind: service, dependsOn: [{target: a}]}',
      '  - {id: db, kind: datastore, domains: [z]}',
    );
    assert.deepEqual(hit(map, 'z'), ['z', ['t'], 1, 't → a → db (lives in zone z)']);
  });
});
