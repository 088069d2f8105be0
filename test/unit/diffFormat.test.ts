// The formats of `incidentmap diff` (server/src/cli/format/diff.ts), in process, from diffs built by
// hand: text, JSON, markdown (with its Mermaid picture and GitHub's comment limit) and GitHub
// annotations. test/cli/diff.test.ts runs the command on real maps through the CLI process, which a
// mutation run cannot see; here every kind of change, every section, the limits below, at and above,
// pluralisation and hostile strings are checked against output written out by hand.
import assert from 'node:assert/strict';
import { mermaidLabel, mermaidOf, renderDiffGithub, renderDiffJson, renderDiffMarkdown, renderDiffText } from '../../server/src/cli/format/diff';
import type { ResilienceDiff, SnapshotFinding, SnapshotSuppressed } from '../../server/src/core/index';

const at = (path: string, line: number) => ({ path, line });
const set = (before: string[], after: string[], added: string[], removed: string[]) => ({ before, after, added, removed });
const span = (line: number) => ({ startLine: line, startColumn: 5, endLine: line, endColumn: 20 });
const docs = (id: string) => `https://github.com/incidentmap/incidentmap/blob/main/docs/rules.md#${id}`;

/** Nothing changed. */
function empty(): ResilienceDiff {
  return {
    summary: { regressions: 0, improvements: 0, newFindings: 0, resolvedFindings: 0, suppressed: 0, newSuppressions: 0 },
    headline: 'no change to resilience',
    findings: { new: [], resolved: [] },
    blastRadius: [],
    singlePoints: { added: [], removed: [] },
    failovers: { added: [], removed: [], nowSameDomain: [], noLongerSameDomain: [] },
    retryAmplification: [],
    worstWait: [],
    components: { added: [], removed: [], moved: [] },
    outcomes: { compared: true, changed: [] },
    suppressions: { head: [], added: [] },
  };
}

const finding = (ruleId: string, severity: SnapshotFinding['severity'], message: string, path: string, line: number): SnapshotFinding => ({ ruleId, severity, message, path, span: span(line) });

/** One change of every kind, for the worse and for the better. */
function everything(): ResilienceDiff {
  const s1: SnapshotSuppressed = { ruleId: 'missing-runbook', message: 'm has no runbook.', path: 'shop.incidentmap', line: 20, reason: 'runbook lives in the wiki' };
  const s2: SnapshotSuppressed = { ruleId: 'missing-owner', message: 'n has no owner.', path: 'a.incidentmap', line: 4, reason: 'owned by platform' };
  return {
    summary: { regressions: 10, improvements: 9, newFindings: 3, resolvedFindings: 1, suppressed: 2, newSuppressions: 1 },
    headline: 'this change widens the blast radius of payments-db from 1 to 3 components (down 0 → 3)',
    findings: {
      new: [
        finding('single-point-of-failure', 'error', 'payments-db is a single point of failure: its failure alone takes down checkout and payments.', 'shop.incidentmap', 30),
        finding('missing-runbook', 'warning', 'queue-2 has no runbook.', 'queue.incidentmap', 10),
        finding('retry-amplification', 'info', 'web → api: 16 attempts', 'web.incidentmap', 5),
      ],
      resolved: [finding('failover-same-domain', 'warning', 'search-2 shares zone eu-1a with search.', 'search.incidentmap', 7)],
    },
    blastRadius: [
      {
        id: 'payments-db',
        at: at('shop.incidentmap', 30),
        direction: 'wider',
        down: set([], ['checkout', 'payments', 'reporting'], ['checkout', 'payments', 'reporting'], []),
        degraded: set(['payments'], [], [], ['payments']),
        before: 1,
        after: 3,
        via: { checkout: 'payments', payments: 'payments-db', reporting: 'payments' },
      },
      { id: 'cache', at: at('cache.incidentmap', 2), direction: 'narrower', down: set(['web'], [], [], ['web']), degraded: set([], ['web'], ['web'], []), before: 1, after: 1 },
    ],
    singlePoints: {
      added: [
        { kind: 'domain', id: 'zone-a', down: ['checkout', 'payments'], at: at('shop.incidentmap', 3) },
        { kind: 'component', id: 'payments-db', down: ['checkout'], at: at('shop.incidentmap', 30) },
      ],
      removed: [
        { kind: 'component', id: 'old-lb', down: ['web'], at: at('lb.incidentmap', 1) },
        { kind: 'domain', id: 'zone-c', down: ['search'], at: at('search.incidentmap', 1) },
      ],
    },
    failovers: {
      added: [
        { from: 'queue', to: 'queue-2', sharedDomains: [], at: at('queue.incidentmap', 4) },
        { from: 'x', to: 'y', sharedDomains: ['zone eu-1a'], at: at('x.incidentmap', 1) },
      ],
      removed: [
        { from: 'payments-db', to: 'payments-db-replica', sharedDomains: [], at: at('shop.incidentmap', 46), primaryAt: at('shop.incidentmap', 30) },
        { from: 'cache', to: 'cache-2', sharedDomains: [], at: at('cache.incidentmap', 9) },
      ],
      nowSameDomain: [{ from: 'orders-db', to: 'orders-db-standby', at: at('orders.incidentmap', 8), sharedBefore: [], sharedAfter: ['zone eu-1a'] }],
      noLongerSameDomain: [{ from: 'search', to: 'search-2', at: at('search.incidentmap', 7), sharedBefore: ['region eu', 'zone eu-1a'], sharedAfter: [] }],
    },
    retryAmplification: [
      { id: 'web', at: at('web.incidentmap', 5), before: 4, after: 16, direction: 'grew' },
      { id: 'api', at: at('api.incidentmap', 6), before: 9, after: 3, direction: 'shrank' },
    ],
    worstWait: [
      { id: 'web', at: at('web.incidentmap', 5), before: 2000, after: 7500, direction: 'grew' },
      { id: 'api', at: at('api.incidentmap', 6), before: 90_000, after: 1500, direction: 'shrank' },
    ],
    components: { added: [{ id: 'queue-2', at: at('queue.incidentmap', 4) }], removed: [{ id: 'old-lb', at: at('lb.incidentmap', 1) }], moved: [{ id: 'api', from: at('a.incidentmap', 3), to: at('api.incidentmap', 5) }] },
    outcomes: {
      compared: true,
      changed: [
        { kind: 'scenario', id: 'black-friday', before: 'survived', after: 'not survived: checkout overloaded', direction: 'worse', at: at('shop.incidentmap', 80) },
        { kind: 'journey', id: 'place-order', after: 'fine', direction: 'new' },
        { kind: 'journey', id: 'browse', before: 'degraded', direction: 'gone', at: at('shop.incidentmap', 90) },
        { kind: 'scenario', id: 'zone-loss', before: 'not survived', after: 'survived', direction: 'better', at: at('shop.incidentmap', 85) },
      ],
    },
    suppressions: { head: [s1, s2], added: [s2] },
  };
}

const source = { base: '--base origin/main (3f2a1c9)' };

describe('diff formats: text', () => {
  it('nothing changed: the headline and the counts, plural at 0', () => {
    assert.equal(
      renderDiffText(empty(), source),
      ['incidentmap diff against --base origin/main (3f2a1c9)', '', 'No change to resilience.', '', '0 regressions, 0 improvements; 0 new findings, 0 resolved findings; 0 suppressed (0 new)', ''].join('\n'),
    );
  });

  it('every kind of change: regressions first, each section counted, locations in brackets, then findings, components and suppressions', () => {
    const expected = [
      'incidentmap diff against --base origin/main (3f2a1c9)',
      '',
      'This change widens the blast radius of payments-db from 1 to 3 components (down 0 → 3).',
      '',
      '10 regressions, 9 improvements; 3 new findings, 1 resolved finding; 2 suppressed (1 new)',
      '',
      'Blast radius grew (1)',
      '  payments-db: 1 → 3 components affected (down 0 → 3, degraded 1 → 0); now takes down checkout, payments, reporting; no longer degrades payments  [shop.incidentmap:30]',
      '',
      'New single points of failure (2)',
      '  domain zone-a: its failure alone takes down tier-1 checkout, payments  [shop.incidentmap:3]',
      '  payments-db: its failure alone takes down tier-1 checkout  [shop.incidentmap:30]',
      '',
      'Failovers removed (2)',
      '  payments-db → payments-db-replica (was at shop.incidentmap:46)  [shop.incidentmap:30]',
      '  cache → cache-2 (was at cache.incidentmap:9)',
      '',
      'Failovers now inside one failure domain (1)',
      '  orders-db → orders-db-standby shares zone eu-1a with its primary: one failure takes out both  [orders.incidentmap:8]',
      '',
      'Retry amplification grew (1)',
      '  web: one request can become 4 → 16 calls further down  [web.incidentmap:5]',
      '',
      'Worst-case wait grew (1)',
      '  web: may wait 2s → 7.5s on one call (timeout × attempts)  [web.incidentmap:5]',
      '',
      'Scenario and journey outcomes changed (2)',
      '  scenario black-friday: survived → not survived: checkout overloaded  [shop.incidentmap:80]',
      '  journey place-order: (new) → fine',
      '',
      'Blast radius shrank (1)',
      '  cache: 1 → 1 component affected (down 1 → 0, degraded 0 → 1); now degrades web; no longer takes down web  [cache.incidentmap:2]',
      '',
      'Single points of failure removed (2)',
      '  old-lb no longer takes down web alone',
      '  domain zone-c no longer takes down search alone',
      '',
      'Failovers added (1)',
      '  queue → queue-2  [queue.incidentmap:4]',
      '',
      'Failovers that now escape their domain (1)',
      '  search → search-2 no longer shares region eu, zone eu-1a  [search.incidentmap:7]',
      '',
      'Retry amplification shrank (1)',
      '  api: one request can become 9 → 3 calls further down  [api.incidentmap:6]',
      '',
      'Worst-case wait shrank (1)',
      '  api: may wait 90s → 1.5s on one call (timeout × attempts)  [api.incidentmap:6]',
      '',
      'Scenario and journey outcomes changed (2)',
      '  journey browse: degraded → (removed)  [shop.incidentmap:90]',
      '  scenario zone-loss: not survived → survived  [shop.incidentmap:85]',
      '',
      'New findings (3)',
      '  shop.incidentmap:30  error  payments-db is a single point of failure: its failure alone takes down checkout and payments.  [single-point-of-failure]',
      '  queue.incidentmap:10  warning  queue-2 has no runbook.  [missing-runbook]',
      '  web.incidentmap:5  info  web → api: 16 attempts  [retry-amplification]',
      '',
      'Resolved findings (1)',
      '  search.incidentmap:7  warning  search-2 shares zone eu-1a with search.  [failover-same-domain]',
      '',
      'Components',
      '  added: queue-2',
      '  removed: old-lb',
      '  moved: api a.incidentmap → api.incidentmap',
      '',
      'Suppressed (2, 1 added by this change)',
      '  shop.incidentmap:20  missing-runbook: runbook lives in the wiki',
      '  new a.incidentmap:4  missing-owner: owned by platform',
      '',
    ].join('\n');
    assert.equal(renderDiffText(everything(), source), expected);
  });

  it('singular counts; outcomes not compared say why; only the component lists that changed', () => {
    const d = empty();
    d.summary = { regressions: 1, improvements: 1, newFindings: 1, resolvedFindings: 1, suppressed: 1, newSuppressions: 1 };
    d.headline = 'this change makes 1 thing worse';
    d.outcomes = { compared: false, reason: 'the base has no scenario outcomes' };
    d.components.moved = [{ id: 'api', from: at('a.incidentmap', 3), to: at('b.incidentmap', 3) }];
    const s: SnapshotSuppressed = { ruleId: 'missing-owner', message: 'x', path: 'a.incidentmap', line: 2, reason: 'later' };
    d.suppressions = { head: [s], added: [] };
    assert.equal(
      renderDiffText(d, { base: '--baseline base.json' }),
      [
        'incidentmap diff against --baseline base.json',
        '',
        'This change makes 1 thing worse.',
        '',
        '1 regression, 1 improvement; 1 new finding, 1 resolved finding; 1 suppressed (1 new)',
        '',
        'Components',
        '  moved: api a.incidentmap → b.incidentmap',
        '',
        'Suppressed (1, 0 added by this change)',
        '  a.incidentmap:2  missing-owner: later',
        '',
        'Scenarios and journeys: not compared (the base has no scenario outcomes).',
        '',
      ].join('\n'),
    );
  });

  it('lists: 8 ids in a blast radius and 20 components in full; one more is counted, not listed; an empty list reads "none"', () => {
    const ids = (k: number) => Array.from({ length: k }, (_, i) => `c${i + 1}`);
    const radius = (k: number) => {
      const d = empty();
      d.blastRadius = [{ id: 'x', at: at('m.incidentmap', 1), direction: 'wider', down: set([], ids(k), ids(k), []), degraded: set([], [], [], []), before: 0, after: k }];
      return renderDiffText(d, source).split('\n')[7];
    };
    assert.equal(radius(8), '  x: 0 → 8 components affected (down 0 → 8, degraded 0 → 0); now takes down c1, c2, c3, c4, c5, c6, c7, c8  [m.incidentmap:1]');
    assert.equal(radius(9), '  x: 0 → 9 components affected (down 0 → 9, degraded 0 → 0); now takes down c1, c2, c3, c4, c5, c6, c7, c8 and 1 more  [m.incidentmap:1]');
    assert.equal(radius(1), '  x: 0 → 1 component affected (down 0 → 1, degraded 0 → 0); now takes down c1  [m.incidentmap:1]');
    const components = (k: number) => {
      const d = empty();
      d.components.added = ids(k).map((id) => ({ id, at: at('m.incidentmap', 1) }));
      d.components.removed = ids(k).map((id) => ({ id: `r${id}`, at: at('m.incidentmap', 1) }));
      return renderDiffText(d, source).split('\n').slice(7, 9);
    };
    const twenty = 'c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20';
    assert.deepEqual(components(20), [`  added: ${twenty}`, `  removed: ${twenty.replace(/c/g, 'rc')}`]);
    assert.deepEqual(components(21), [`  added: ${twenty} and 1 more`, `  removed: ${twenty.replace(/c/g, 'rc')} and 1 more`]);
    const d = empty();
    d.singlePoints.removed = [{ kind: 'component', id: 'lb', down: [], at: at('m.incidentmap', 1) }];
    assert.equal(renderDiffText(d, source).split('\n')[7], '  lb no longer takes down none alone');
  });

  it('hostile strings: control characters visible, and no line starts with :: (a workflow command), indented or not', () => {
    const d = empty();
    d.headline = 'x\u001b]0;title\u0007';
    d.findings.new = [finding('missing-owner', 'warning', 'line one\n::error::forged', '::warning::x.incidentmap', 3)];
    const s: SnapshotSuppressed = { ruleId: 'missing-owner', message: 'x', path: 'a\u202e.incidentmap', line: 2, reason: 'because\r\n::add-mask::secret' };
    d.suppressions = { head: [s], added: [] };
    d.outcomes = { compared: false, reason: 'tab\there' };
    assert.equal(
      renderDiffText(d, { base: 'ref\nname' }),
      [
        'incidentmap diff against ref\\nname',
        '',
        'X\\x1b]0;title\\x07.',
        '',
        '0 regressions, 0 improvements; 0 new findings, 0 resolved findings; 0 suppressed (0 new)',
        '',
        'New findings (1)',
        '  ./::warning::x.incidentmap:3  warning  line one\\n::error::forged  [missing-owner]',
        '',
        'Suppressed (1, 0 added by this change)',
        '  a\\u202e.incidentmap:2  missing-owner: because\\r\\n::add-mask::secret',
        '',
        'Scenarios and journeys: not compared (tab\\there).',
        '',
      ].join('\n'),
    );
  });
});

describe('diff formats: JSON', () => {
  it('the version, the tool, the base, the summary and headline first, then every part of the diff', () => {
    const d = empty();
    d.components.added = [{ id: 'api', at: at('m.incidentmap', 2) }];
    const expected = `{
  "version": 1,
  "tool": {
    "name": "incidentmap",
    "version": "1.2.3"
  },
  "base": "--baseline base.json",
  "summary": {
    "regressions": 0,
    "improvements": 0,
    "newFindings": 0,
    "resolvedFindings": 0,
    "suppressed": 0,
    "newSuppressions": 0
  },
  "headline": "no change to resilience",
  "findings": {
    "new": [],
    "resolved": []
  },
  "blastRadius": [],
  "singlePoints": {
    "added": [],
    "removed": []
  },
  "failovers": {
    "added": [],
    "removed": [],
    "nowSameDomain": [],
    "noLongerSameDomain": []
  },
  "retryAmplification": [],
  "worstWait": [],
  "components": {
    "added": [
      {
        "id": "api",
        "at": {
          "path": "m.incidentmap",
          "line": 2
        }
      }
    ],
    "removed": [],
    "moved": []
  },
  "outcomes": {
    "compared": true,
    "changed": []
  },
  "suppressions": {
    "head": [],
    "added": []
  }
}
`;
    assert.equal(renderDiffJson(d, { base: '--baseline base.json' }, '1.2.3'), expected);
  });
});

describe('diff formats: the Mermaid picture', () => {
  it('labels: line breaks, quotes, markup and Mermaid’s own syntax as entity codes', () => {
    const table: [string, string][] = [
      ['payments-db', 'payments-db'],
      ['a\nb\r\nc\rd', 'a b c d'],
      ['#', '#35;'],
      ['"', '#quot;'],
      ['&', '#amp;'],
      ['<', '#lt;'],
      ['>', '#gt;'],
      ['`', '#96;'],
      ['[]{}()|', '#91;#93;#123;#125;#40;#41;#124;'],
      ['a"] --> evil["x', 'a#quot;#93; --#gt; evil#91;#quot;x'],
      ['%%{init: {}}%%', '%%#123;init: #123;#125;#125;%%'],
    ];
    for (const [input, expected] of table) {
      assert.equal(mermaidLabel(input), expected, JSON.stringify(input));
    }
  });

  it('every change drawn: the failing component’s new paths, blast radii that shrank, single points, failovers; worse and better classes', () => {
    const picture = mermaidOf(everything());
    assert.equal(
      picture.text,
      [
        'flowchart LR',
        '  n0["payments-db"]',
        '  n1["payments"]',
        '  n2["checkout"]',
        '  n3["reporting"]',
        '  n4["cache"]',
        '  n5["web"]',
        '  n6["zone-a"]',
        '  n7["payments-db-replica"]',
        '  n8["cache-2"]',
        '  n9["orders-db"]',
        '  n10["orders-db-standby"]',
        '  n11["queue"]',
        '  n12["queue-2"]',
        '  n0 -->|now takes down| n1',
        '  n1 -->|now takes down| n2',
        '  n1 -->|now takes down| n3',
        '  n4 -.->|no longer takes down| n5',
        '  n6 ==>|single point of failure for| n2',
        '  n6 ==>|single point of failure for| n1',
        '  n0 ==>|single point of failure for| n2',
        '  n0 -.->|failover removed| n7',
        '  n4 -.->|failover removed| n8',
        '  n9 -.->|failover inside one domain| n10',
        '  n11 ==>|failover added| n12',
        '  classDef worse fill:#ffebe9,stroke:#cf222e,color:#1f2328',
        '  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
        '  class n1,n2,n3,n7,n8,n10 worse',
        '  class n5,n12 better',
      ].join('\n'),
    );
    assert.equal(picture.edges, 11);
    assert.equal(picture.omitted, 0);
  });

  it('a path through a component already down is a plain arrow; newly degraded is dotted; degraded but down before is not drawn', () => {
    const d = empty();
    d.blastRadius = [
      {
        id: 'dns',
        at: at('m.incidentmap', 1),
        direction: 'wider',
        down: set(['lb', 'batch'], ['lb', 'api'], ['api'], ['batch']),
        degraded: set([], ['web', 'batch'], ['web', 'batch'], []),
        before: 2,
        after: 4,
        via: { api: 'lb', lb: 'dns', web: 'api' },
      },
    ];
    assert.equal(
      mermaidOf(d).text,
      [
        'flowchart LR',
        '  n0["dns"]',
        '  n1["lb"]',
        '  n2["api"]',
        '  n3["web"]',
        '  n4["batch"]',
        '  n0 --> n1',
        '  n1 -->|now takes down| n2',
        '  n2 -.->|now degrades| n3',
        '  n0 -.->|no longer takes down| n4',
        '  classDef worse fill:#ffebe9,stroke:#cf222e,color:#1f2328',
        '  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
        '  class n1,n2,n3 worse',
        '  class n4 better',
      ].join('\n'),
    );
  });

  it('without a recorded path the edge starts at the failing component; a path stops there even if it has a step back recorded', () => {
    const d = empty();
    d.blastRadius = [
      { id: 'src', at: at('m.incidentmap', 1), direction: 'wider', down: set([], ['a', 'b'], ['a', 'b'], []), degraded: set([], [], [], []), before: 0, after: 2, via: { a: 'src', src: 'elsewhere' } },
    ];
    assert.equal(
      mermaidOf(d).text,
      [
        'flowchart LR',
        '  n0["src"]',
        '  n1["a"]',
        '  n2["b"]',
        '  n0 -->|now takes down| n1',
        '  n0 -->|now takes down| n2',
        '  classDef worse fill:#ffebe9,stroke:#cf222e,color:#1f2328',
        '  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
        '  class n1,n2 worse',
      ].join('\n'),
    );
  });

  it('a recorded path that loops (a broken base file) ends, each edge drawn once', () => {
    const d = empty();
    d.blastRadius = [{ id: 'src', at: at('m.incidentmap', 1), direction: 'wider', down: set([], ['a'], ['a'], []), degraded: set([], [], [], []), before: 0, after: 1, via: { a: 'b', b: 'a' } }];
    const picture = mermaidOf(d);
    assert.deepEqual(picture.text.split('\n').filter((l) => l.includes('--')), ['  n0 --> n1', '  n1 -->|now takes down| n2', '  n2 --> n1']);
  });

  it('a component reached by a change for the worse and one for the better is drawn as worse only', () => {
    const d = empty();
    d.blastRadius = [{ id: 'lb', at: at('m.incidentmap', 1), direction: 'narrower', down: set(['web'], [], [], ['web']), degraded: set([], [], [], []), before: 1, after: 0 }];
    d.failovers.removed = [{ from: 'old', to: 'web', sharedDomains: [], at: at('m.incidentmap', 2) }];
    d.failovers.added = [{ from: 'lb', to: 'lb-2', sharedDomains: [], at: at('m.incidentmap', 3) }];
    assert.deepEqual(mermaidOf(d).text.split('\n').slice(-2), ['  class n1 worse', '  class n3 better']);
  });

  it('a single point of failure: what it takes down is drawn as worse', () => {
    const d = empty();
    d.singlePoints.added = [{ kind: 'domain', id: 'zone-a', down: ['api'], at: at('m.incidentmap', 1) }];
    assert.deepEqual(mermaidOf(d).text.split('\n').slice(3), ['  n0 ==>|single point of failure for| n1', '  classDef worse fill:#ffebe9,stroke:#cf222e,color:#1f2328', '  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328', '  class n1 worse']);
  });

  it('edges are told apart by both ends, not by their joined text', () => {
    const d = empty();
    d.blastRadius = [{ id: 'x', at: at('m.incidentmap', 1), direction: 'wider', down: set([], ['ab', 'c', 'bc'], ['ab', 'c', 'bc'], []), degraded: set([], [], [], []), before: 0, after: 3, via: { c: 'ab', bc: 'a', a: 'x', ab: 'x' } }];
    assert.deepEqual(
      mermaidOf(d).text.split('\n').filter((l) => l.includes('--')),
      ['  n0 -->|now takes down| n1', '  n1 -->|now takes down| n2', '  n0 --> n3', '  n3 -->|now takes down| n4'],
    );
  });

  it('only improvements: no worse class; nothing to draw: no picture', () => {
    const d = empty();
    d.failovers.added = [{ from: 'a', to: 'b', sharedDomains: [], at: at('m.incidentmap', 1) }];
    assert.equal(mermaidOf(d).text.split('\n').slice(-2).join('\n'), '  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328\n  class n1 better');
    assert.deepEqual(mermaidOf(empty()), { text: '', omitted: 0, edges: 0 });
  });

  it('at most maxEdges edges: at the limit all drawn, one below it one change not drawn, and 60 by default', () => {
    const d = empty();
    d.singlePoints.added = [{ kind: 'component', id: 'db', down: Array.from({ length: 61 }, (_, i) => `s${i}`), at: at('m.incidentmap', 1) }];
    assert.deepEqual([mermaidOf(d, 61).edges, mermaidOf(d, 61).omitted], [61, 0]);
    assert.deepEqual([mermaidOf(d, 60).edges, mermaidOf(d, 60).omitted], [60, 1]);
    assert.deepEqual([mermaidOf(d).edges, mermaidOf(d).omitted], [60, 1]);
    assert.match(renderDiffMarkdown(d, source), /<summary>What changed, as a picture \(1 more change not drawn\)<\/summary>/);
    assert.match(renderDiffMarkdown(d, source, { maxEdges: 59 }), /<summary>What changed, as a picture \(2 more changes not drawn\)<\/summary>/);
    assert.match(renderDiffMarkdown(d, source, { maxEdges: 61 }), /<summary>What changed, as a picture<\/summary>/);
  });
});

describe('diff formats: markdown', () => {
  const picture = [
    '```mermaid',
    'flowchart LR',
    '  n0["payments-db"]',
    '  n1["payments"]',
    '  n2["checkout"]',
    '  n3["reporting"]',
    '  n4["cache"]',
    '  n5["web"]',
    '  n6["zone-a"]',
    '  n7["payments-db-replica"]',
    '  n8["cache-2"]',
    '  n9["orders-db"]',
    '  n10["orders-db-standby"]',
    '  n11["queue"]',
    '  n12["queue-2"]',
    '  n0 -->|now takes down| n1',
    '  n1 -->|now takes down| n2',
    '  n1 -->|now takes down| n3',
    '  n4 -.->|no longer takes down| n5',
    '  n6 ==>|single point of failure for| n2',
    '  n6 ==>|single point of failure for| n1',
    '  n0 ==>|single point of failure for| n2',
    '  n0 -.->|failover removed| n7',
    '  n4 -.->|failover removed| n8',
    '  n9 -.->|failover inside one domain| n10',
    '  n11 ==>|failover added| n12',
    '  classDef worse fill:#ffebe9,stroke:#cf222e,color:#1f2328',
    '  classDef better fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
    '  class n1,n2,n3,n7,n8,n10 worse',
    '  class n5,n12 better',
    '```',
  ];

  it('nothing changed: a white circle, the counts, no sections', () => {
    assert.equal(
      renderDiffMarkdown(empty(), source),
      [
        '### incidentmap diff',
        '',
        '⚪ **No change to resilience.**',
        '',
        '0 regressions, 0 improvements · 0 new findings, 0 resolved findings · 0 suppressed (0 added by this change) · compared with --base origin/main (3f2a1c9)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('every kind of change, whole: regressions with a warning sign, the picture after them, then improvements, findings, components and suppressions', () => {
    const expected = [
      '### incidentmap diff',
      '',
      '🔴 **This change widens the blast radius of payments-db from 1 to 3 components (down 0 → 3).**',
      '',
      '10 regressions, 9 improvements · 3 new findings, 1 resolved finding · 2 suppressed (1 added by this change) · compared with --base origin/main (3f2a1c9)',
      '',
      '**⚠️ Blast radius grew** (1)',
      '',
      '- payments-db: 1 → 3 components affected (down 0 → 3, degraded 1 → 0); now takes down checkout, payments, reporting; no longer degrades payments (`shop.incidentmap:30`)',
      '',
      '**⚠️ New single points of failure** (2)',
      '',
      '- domain zone-a: its failure alone takes down tier-1 checkout, payments (`shop.incidentmap:3`)',
      '- payments-db: its failure alone takes down tier-1 checkout (`shop.incidentmap:30`)',
      '',
      '**⚠️ Failovers removed** (2)',
      '',
      '- payments-db → payments-db-replica (was at shop.incidentmap:46) (`shop.incidentmap:30`)',
      '- cache → cache-2 (was at cache.incidentmap:9)',
      '',
      '**⚠️ Failovers now inside one failure domain** (1)',
      '',
      '- orders-db → orders-db-standby shares zone eu-1a with its primary: one failure takes out both (`orders.incidentmap:8`)',
      '',
      '**⚠️ Retry amplification grew** (1)',
      '',
      '- web: one request can become 4 → 16 calls further down (`web.incidentmap:5`)',
      '',
      '**⚠️ Worst-case wait grew** (1)',
      '',
      '- web: may wait 2s → 7.5s on one call (timeout × attempts) (`web.incidentmap:5`)',
      '',
      '**⚠️ Scenario and journey outcomes changed** (2)',
      '',
      '- scenario black-friday: survived → not survived: checkout overloaded (`shop.incidentmap:80`)',
      '- journey place-order: (new) → fine',
      '',
      '<details open><summary>What changed, as a picture</summary>',
      '',
      ...picture,
      '',
      '</details>',
      '',
      '**Blast radius shrank** (1)',
      '',
      '- cache: 1 → 1 component affected (down 1 → 0, degraded 0 → 1); now degrades web; no longer takes down web (`cache.incidentmap:2`)',
      '',
      '**Single points of failure removed** (2)',
      '',
      '- old-lb no longer takes down web alone',
      '- domain zone-c no longer takes down search alone',
      '',
      '**Failovers added** (1)',
      '',
      '- queue → queue-2 (`queue.incidentmap:4`)',
      '',
      '**Failovers that now escape their domain** (1)',
      '',
      '- search → search-2 no longer shares region eu, zone eu-1a (`search.incidentmap:7`)',
      '',
      '**Retry amplification shrank** (1)',
      '',
      '- api: one request can become 9 → 3 calls further down (`api.incidentmap:6`)',
      '',
      '**Worst-case wait shrank** (1)',
      '',
      '- api: may wait 90s → 1.5s on one call (timeout × attempts) (`api.incidentmap:6`)',
      '',
      '**Scenario and journey outcomes changed** (2)',
      '',
      '- journey browse: degraded → (removed) (`shop.incidentmap:90`)',
      '- scenario zone-loss: not survived → survived (`shop.incidentmap:85`)',
      '',
      '<details open><summary>New findings (3)</summary>',
      '',
      '| Severity | Location | Rule | Finding |',
      '| --- | --- | --- | --- |',
      `| error | \`shop.incidentmap:30\` | [single-point-of-failure](${docs('single-point-of-failure')}) | payments-db is a single point of failure: its failure alone takes down checkout and payments. |`,
      `| warning | \`queue.incidentmap:10\` | [missing-runbook](${docs('missing-runbook')}) | queue-2 has no runbook. |`,
      `| info | \`web.incidentmap:5\` | [retry-amplification](${docs('retry-amplification')}) | web → api: 16 attempts |`,
      '',
      '</details>',
      '',
      '<details><summary>Resolved findings (1)</summary>',
      '',
      '| Severity | Location | Rule | Finding |',
      '| --- | --- | --- | --- |',
      `| warning | \`search.incidentmap:7\` | [failover-same-domain](${docs('failover-same-domain')}) | search-2 shares zone eu-1a with search. |`,
      '',
      '</details>',
      '',
      '<details><summary>Components added, removed or moved</summary>',
      '',
      '- added: `queue-2`',
      '- removed: `old-lb`',
      '- moved: `api` from `a.incidentmap` to `api.incidentmap`',
      '',
      '</details>',
      '',
      '<details><summary>2 suppressed (1 added by this change)</summary>',
      '',
      '| | Location | Rule | Reason |',
      '| --- | --- | --- | --- |',
      '|  | `shop.incidentmap:20` | missing-runbook | runbook lives in the wiki |',
      '| new | `a.incidentmap:4` | missing-owner | owned by platform |',
      '',
      '</details>',
      '',
      '',
    ].join('\n');
    assert.equal(renderDiffMarkdown(everything(), source), expected);
  });

  it('improvements only: a green circle; singular counts; every component in code; outcomes not compared', () => {
    const d = empty();
    d.summary = { regressions: 0, improvements: 1, newFindings: 1, resolvedFindings: 0, suppressed: 1, newSuppressions: 1 };
    d.headline = 'this change removes 1 single point of failure';
    d.singlePoints.removed = [{ kind: 'component', id: 'lb', down: ['web'], at: at('m.incidentmap', 1) }];
    d.components.added = [{ id: 'a', at: at('m.incidentmap', 1) }, { id: 'b`c', at: at('m.incidentmap', 2) }];
    d.outcomes = { compared: false, reason: 'the base has no *scenario* outcomes' };
    assert.equal(
      renderDiffMarkdown(d, { base: '--baseline base_1.json' }),
      [
        '### incidentmap diff',
        '',
        '🟢 **This change removes 1 single point of failure.**',
        '',
        '0 regressions, 1 improvement · 1 new finding, 0 resolved findings · 1 suppressed (1 added by this change) · compared with --baseline base\\_1.json',
        '',
        '**Single points of failure removed** (1)',
        '',
        '- lb no longer takes down web alone',
        '',
        '<details><summary>Components added, removed or moved</summary>',
        '',
        '- added: `a`, ``b`c``',
        '',
        '</details>',
        '',
        '<sub>Scenarios and journeys: not compared (the base has no \\*scenario\\* outcomes).</sub>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('a regression without anything to draw: a red circle and no picture', () => {
    const d = empty();
    d.summary.regressions = 1;
    d.retryAmplification = [{ id: 'web', at: at('web.incidentmap', 5), before: 4, after: 16, direction: 'grew' }];
    const md = renderDiffMarkdown(d, source);
    assert.ok(md.startsWith('### incidentmap diff\n\n🔴 **'), md);
    assert.doesNotMatch(md, /mermaid|<details/);
  });

  it('locations link to the line when there is a link base', () => {
    const d = empty();
    d.retryAmplification = [{ id: 'web', at: at('maps/web.incidentmap', 5), before: 4, after: 16, direction: 'grew' }];
    d.findings.new = [finding('missing-owner', 'warning', 'w', 'maps/web.incidentmap', 9)];
    const s: SnapshotSuppressed = { ruleId: 'missing-owner', message: 'x', path: 'a.incidentmap', line: 2, reason: 'later' };
    d.suppressions = { head: [s], added: [s] };
    const md = renderDiffMarkdown(d, source, { links: { blob: 'https://github.com/o/r/blob/abc1234' } });
    assert.ok(md.includes('- web: one request can become 4 → 16 calls further down ([`maps/web.incidentmap:5`](https://github.com/o/r/blob/abc1234/maps/web.incidentmap#L5))'), md);
    assert.ok(md.includes(`| warning | [\`maps/web.incidentmap:9\`](https://github.com/o/r/blob/abc1234/maps/web.incidentmap#L9) | [missing-owner](${docs('missing-owner')}) | w |`), md);
    assert.ok(md.includes('| new | [`a.incidentmap:2`](https://github.com/o/r/blob/abc1234/a.incidentmap#L2) | missing-owner | later |'), md);
  });

  it('a rule id from a base file: |, ( and ) encoded in its docs link', () => {
    const d = empty();
    d.findings.resolved = [finding('x(y)|z', 'warning', 'w', 'm.incidentmap', 1)];
    assert.ok(renderDiffMarkdown(d, source).includes(`| warning | \`m.incidentmap:1\` | [x(y)\\|z](${docs('x%28y%29%7Cz')}) | w |`));
  });

  it('components: only the lists that changed, each id in code', () => {
    const part = (d: ResilienceDiff) => {
      const md = renderDiffMarkdown(d, source);
      return md.slice(md.indexOf('<details><summary>Components'));
    };
    const moved = empty();
    moved.components.moved = [{ id: 'api', from: at('a.incidentmap', 1), to: at('b.incidentmap', 1) }];
    assert.equal(part(moved), '<details><summary>Components added, removed or moved</summary>\n\n- moved: `api` from `a.incidentmap` to `b.incidentmap`\n\n</details>\n\n');
    const both = empty();
    both.components.added = [{ id: 'new', at: at('m.incidentmap', 1) }];
    both.components.removed = [{ id: 'old-1', at: at('m.incidentmap', 2) }, { id: 'old-2', at: at('m.incidentmap', 3) }];
    assert.equal(part(both), '<details><summary>Components added, removed or moved</summary>\n\n- added: `new`\n- removed: `old-1`, `old-2`\n\n</details>\n\n');
    const removed = empty();
    removed.components.removed = [{ id: 'old', at: at('m.incidentmap', 2) }];
    assert.equal(part(removed), '<details><summary>Components added, removed or moved</summary>\n\n- removed: `old`\n\n</details>\n\n');
    const same = empty();
    same.components.added = [{ id: 'a', at: at('m.incidentmap', 1) }];
    same.components.removed = [{ id: 'b', at: at('m.incidentmap', 1) }];
    assert.match(part(same), /- added: `a`\n- removed: `b`\n/);
  });

  it('hostile strings: markup escaped, HTML neutralised, no mention, no reference, one line per row', () => {
    const d = empty();
    d.headline = 'x <img src=x onerror=alert(1)> by @octocat, fixes #12';
    d.findings.new = [finding('rule|x', 'error', 'a | b\nc `code` *em* [l](http://e) @team #3 GH-4', 'a`b.incidentmap', 2)];
    const s: SnapshotSuppressed = { ruleId: 'missing-owner', message: 'x', path: 'p.incidentmap', line: 1, reason: '<b>bold</b>\r\n| x |' };
    d.suppressions = { head: [s], added: [] };
    const md = renderDiffMarkdown(d, { base: '@someone' });
    assert.ok(md.includes('⚪ **X &lt;img src=x onerror=alert(1)\\> by @&#8203;octocat, fixes \\#&#8203;12.**'), md);
    assert.ok(md.includes('compared with @&#8203;someone\n'), md);
    assert.ok(md.includes(`| error | \`\`a\`b.incidentmap:2\`\` | [rule\\|x](${docs('rule%7Cx')}) | a \\| b c \\\`code\\\` \\*em\\* \\[l\\](http://e) @&#8203;team \\#&#8203;3 GH-&#8203;4 |`), md);
    assert.ok(md.includes('|  | `p.incidentmap:1` | missing-owner | &lt;b\\>bold&lt;/b\\> \\| x \\| |'), md);
  });
});

describe('diff formats: markdown within GitHub’s limit', () => {
  // Budget: each part costs its length + 1 and may use maxChars - 600 (the rest is kept for the
  // closing note). The header of a diff of `empty()` plus one finding section is measured on the
  // strings written here.
  const head = '### incidentmap diff\n\n⚪ **No change to resilience.**\n';
  const counts = '0 regressions, 0 improvements · 0 new findings, 0 resolved findings · 0 suppressed (0 added by this change) · compared with x\n';
  const tableHead = (title: string) => `<details open><summary>${title}</summary>\n\n| Severity | Location | Rule | Finding |\n| --- | --- | --- | --- |`;
  const row = (i: number) => `| error | \`m.incidentmap:${i}\` | [missing-owner](${docs('missing-owner')}) | component c${i} has no owner |`;
  const withFindings = (k: number) => {
    const d = empty();
    d.findings.new = Array.from({ length: k }, (_, i) => finding('missing-owner', 'error', `component c${i + 1} has no owner`, 'm.incidentmap', i + 1));
    return d;
  };
  const note = (left: number, limit: string) => `**${left} more ${left === 1 ? 'entry is' : 'entries are'} not shown: GitHub limits a comment to ${limit} characters.** Run \`incidentmap diff\` locally, or use \`--format json\`, for all of them.\n`;

  it('the rows that fit, then the closing tag, then the count of what was left out: 9 entries, then 8', () => {
    const used = head.length + 1 + counts.length + 1 + tableHead('New findings (10)').length + 1 + row(1).length + 1;
    // Room for exactly one row: the second needs row(2).length + 1 more.
    const oneRow = used + 600 + row(2).length;
    const md = renderDiffMarkdown(withFindings(10), { base: 'x' }, { maxChars: oneRow });
    assert.equal(md, [head, counts, tableHead('New findings (10)'), row(1), '\n</details>\n', note(9, oneRow.toLocaleString('en-US'))].join('\n') + '\n');
    const twoRows = oneRow + 1;
    assert.equal(
      renderDiffMarkdown(withFindings(10), { base: 'x' }, { maxChars: twoRows }),
      [head, counts, tableHead('New findings (10)'), row(1), row(2), '\n</details>\n', note(8, twoRows.toLocaleString('en-US'))].join('\n') + '\n',
    );
  });

  it('one entry left out is "1 more entry is"', () => {
    // Nine short rows fit; the tenth, 700 characters of message, does not (nor does the whole comment).
    const d = withFindings(10);
    d.findings.new[9]!.message = 'x'.repeat(700);
    const used = [head, counts, tableHead('New findings (10)'), ...Array.from({ length: 9 }, (_, i) => row(i + 1))].join('\n').length + 1;
    const limit = used + 600 + 100;
    assert.equal(
      renderDiffMarkdown(d, { base: 'x' }, { maxChars: limit }),
      [head, counts, tableHead('New findings (10)'), ...Array.from({ length: 9 }, (_, i) => row(i + 1)), '\n</details>\n', note(1, limit.toLocaleString('en-US'))].join('\n') + '\n',
    );
    assert.match(note(1, '1'), /^\*\*1 more entry is not shown/);
  });

  it('a section whose heading does not fit counts all its entries; the whole comment when it fits exactly', () => {
    const limit = head.length + 1 + counts.length + 1 + 600 + 10;
    assert.equal(renderDiffMarkdown(withFindings(10), { base: 'x' }, { maxChars: limit }), [head, counts, note(10, limit.toLocaleString('en-US'))].join('\n') + '\n');
    const full = renderDiffMarkdown(withFindings(3), { base: 'x' }, { maxChars: 1_000_000 });
    assert.equal(full, [head, counts, tableHead('New findings (3)'), row(1), row(2), row(3), '\n</details>\n'].join('\n') + '\n');
    assert.equal(renderDiffMarkdown(withFindings(3), { base: 'x' }, { maxChars: full.length }), full);
    assert.notEqual(renderDiffMarkdown(withFindings(3), { base: 'x' }, { maxChars: full.length - 1 }), full);
  });

  it('an item section whose heading does not fit: its entries counted, nothing of it written', () => {
    // A 700-character id makes the whole comment too long; the heading (about 30) does not fit in 10.
    const d = empty();
    d.retryAmplification = [{ id: 'w'.repeat(700), at: at('w.incidentmap', 1), before: 1, after: 2, direction: 'shrank' }];
    const limit = head.length + 1 + counts.length + 1 + 600 + 10;
    assert.equal(renderDiffMarkdown(d, { base: 'x' }, { maxChars: limit }), [head, counts, note(1, limit.toLocaleString('en-US'))].join('\n') + '\n');
  });

  it('components and suppressions whose heading fits and whose rows do not: the rows counted', () => {
    const components = empty();
    components.components.added = [{ id: 'c'.repeat(700), at: at('m.incidentmap', 1) }];
    const componentsHead = '<details><summary>Components added, removed or moved</summary>\n';
    const limit1 = head.length + 1 + counts.length + 1 + componentsHead.length + 1 + 600 + 100;
    assert.equal(renderDiffMarkdown(components, { base: 'x' }, { maxChars: limit1 }), [head, counts, componentsHead, '\n</details>\n', note(1, limit1.toLocaleString('en-US'))].join('\n') + '\n');
    const suppressed = empty();
    suppressed.suppressions.head = [{ ruleId: 'missing-owner', message: 'm', path: 'm.incidentmap', line: 1, reason: 'r'.repeat(700) }];
    const suppressedHead = '<details><summary>1 suppressed (0 added by this change)</summary>\n\n| | Location | Rule | Reason |\n| --- | --- | --- | --- |';
    const limit2 = head.length + 1 + counts.length + 1 + suppressedHead.length + 1 + 600 + 100;
    assert.equal(renderDiffMarkdown(suppressed, { base: 'x' }, { maxChars: limit2 }), [head, counts, suppressedHead, '\n</details>\n', note(1, limit2.toLocaleString('en-US'))].join('\n') + '\n');
  });

  it('every entry left out is counted, at every limit: items, the picture’s edges, findings, components, suppressions', () => {
    // 10 + 9 items, 11 edges, 3 + 1 findings, 3 component lines, 2 suppressions.
    const total = 10 + 9 + 11 + 3 + 1 + 3 + 2;
    const seen = new Set<number>();
    for (const limit of [700, 800, 900, 1000, 1200, 1500, 2000, 2500, 3000, 3500, 4000]) {
      const md = renderDiffMarkdown(everything(), source, { maxChars: limit });
      assert.ok(md.length <= limit, `${md.length} > ${limit}`);
      const shown = (md.match(/^- /gm) ?? []).length + (md.match(/^\| (error|warning|info|new|) \|/gm) ?? []).length + (md.includes('```mermaid') ? 11 : 0);
      const m = /\*\*(\d+) more (?:entries are|entry is) not shown: GitHub limits a comment to ([\d,]+) characters\.\*\*/.exec(md);
      assert.ok(m, md);
      assert.equal(m[2], limit.toLocaleString('en-US'));
      assert.equal(Number(m[1]) + shown, total, `at ${limit}:\n${md}`);
      seen.add(shown);
    }
    assert.ok(seen.size >= 6, `the limits cut in different places: ${[...seen].join(', ')}`);
  });
});

describe('diff formats: GitHub annotations', () => {
  it('every regression a warning on its line (or the run), new findings by severity, then the summary; 11 warnings: 1 is not shown', () => {
    const expected = [
      '::warning file=shop.incidentmap,line=30,endLine=30,title=incidentmap diff%3A blast radius grew::payments-db: 1 → 3 components affected (down 0 → 3, degraded 1 → 0); now takes down checkout, payments, reporting; no longer degrades payments',
      '::warning file=shop.incidentmap,line=3,endLine=3,title=incidentmap diff%3A new single points of failure::domain zone-a: its failure alone takes down tier-1 checkout, payments',
      '::warning file=shop.incidentmap,line=30,endLine=30,title=incidentmap diff%3A new single points of failure::payments-db: its failure alone takes down tier-1 checkout',
      '::warning file=shop.incidentmap,line=30,endLine=30,title=incidentmap diff%3A failovers removed::payments-db → payments-db-replica (was at shop.incidentmap:46)',
      '::warning title=incidentmap diff%3A failovers removed::cache → cache-2 (was at cache.incidentmap:9)',
      '::warning file=orders.incidentmap,line=8,endLine=8,title=incidentmap diff%3A failovers now inside one failure domain::orders-db → orders-db-standby shares zone eu-1a with its primary: one failure takes out both',
      '::warning file=web.incidentmap,line=5,endLine=5,title=incidentmap diff%3A retry amplification grew::web: one request can become 4 → 16 calls further down',
      '::warning file=web.incidentmap,line=5,endLine=5,title=incidentmap diff%3A worst-case wait grew::web: may wait 2s → 7.5s on one call (timeout × attempts)',
      '::warning file=shop.incidentmap,line=80,endLine=80,title=incidentmap diff%3A scenario and journey outcomes changed::scenario black-friday: survived → not survived: checkout overloaded',
      '::warning title=incidentmap diff%3A scenario and journey outcomes changed::journey place-order: (new) → fine',
      '::error file=shop.incidentmap,line=30,endLine=30,title=incidentmap single-point-of-failure (new)::payments-db is a single point of failure: its failure alone takes down checkout and payments.',
      '::warning file=queue.incidentmap,line=10,endLine=10,title=incidentmap missing-runbook (new)::queue-2 has no runbook.',
      '::notice file=web.incidentmap,line=5,endLine=5,title=incidentmap retry-amplification (new)::web → api: 16 attempts',
      '::notice title=incidentmap diff summary::incidentmap diff against --base origin/main (3f2a1c9): This change widens the blast radius of payments-db from 1 to 3 components (down 0 → 3). 10 regressions, 9 improvements; 3 new findings, 1 resolved finding; 2 suppressed (1 new). GitHub shows only 10 annotations per level in a step: 1 warning is not shown. Run `incidentmap diff` locally or use --format markdown for all of them',
      '',
    ].join('\n');
    assert.equal(renderDiffGithub(everything(), source), expected);
  });

  it('nothing changed: the summary notice alone, singular and plural counts', () => {
    const d = empty();
    d.summary = { regressions: 1, improvements: 2, newFindings: 1, resolvedFindings: 2, suppressed: 0, newSuppressions: 0 };
    assert.equal(
      renderDiffGithub(d, { base: '--baseline base.json' }),
      '::notice title=incidentmap diff summary::incidentmap diff against --baseline base.json: No change to resilience. 1 regression, 2 improvements; 1 new finding, 2 resolved findings; 0 suppressed (0 new)\n',
    );
  });

  const many = (severity: SnapshotFinding['severity'], k: number) => Array.from({ length: k }, (_, i) => finding('missing-owner', severity, `c${i}`, 'm.incidentmap', i + 1));
  const summary = (md: string) => md.trim().split('\n').at(-1)!;

  it('10 per level: all shown; 11 errors and 12 warnings: 1 error and 2 warnings are not shown; 12 notices: 2 notices', () => {
    const d = empty();
    d.findings.new = [...many('error', 10), ...many('warning', 10), ...many('info', 10)];
    assert.equal(renderDiffGithub(d, source).trim().split('\n').length, 31);
    assert.doesNotMatch(summary(renderDiffGithub(d, source)), /GitHub shows only/);
    d.findings.new = [...many('error', 11), ...many('warning', 12)];
    assert.match(summary(renderDiffGithub(d, source)), /\. GitHub shows only 10 annotations per level in a step: 1 error and 2 warnings are not shown\. Run `incidentmap diff` locally or use --format markdown for all of them$/);
    d.findings.new = many('info', 12);
    assert.match(summary(renderDiffGithub(d, source)), /: 2 notices are not shown\./);
    d.findings.new = many('error', 11);
    assert.match(summary(renderDiffGithub(d, source)), /: 1 error is not shown\./);
  });

  it('hostile strings: data escapes % and controls, properties also : and ,; no forged command', () => {
    const d = empty();
    d.headline = '100% worse\n::error::forged';
    d.findings.new = [finding('x,y:z', 'warning', '50% of\r\n::add-mask::it', 'a,b:c.incidentmap', 4)];
    d.retryAmplification = [{ id: 'w%1', at: at('w.incidentmap', 1), before: 1, after: 2, direction: 'grew' }];
    assert.equal(
      renderDiffGithub(d, { base: 'ref%0Aname' }),
      [
        '::warning file=w.incidentmap,line=1,endLine=1,title=incidentmap diff%3A retry amplification grew::w%251: one request can become 1 → 2 calls further down',
        '::warning file=a%2Cb%3Ac.incidentmap,line=4,endLine=4,title=incidentmap x%2Cy%3Az (new)::50%25 of\\r\\n::add-mask::it',
        '::notice title=incidentmap diff summary::incidentmap diff against ref%250Aname: 100%25 worse\\n::error::forged. 0 regressions, 0 improvements; 0 new findings, 0 resolved findings; 0 suppressed (0 new)',
        '',
      ].join('\n'),
    );
  });
});
