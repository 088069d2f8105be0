// Compares two snapshots of the maps (a base and a head): what a change does to resilience. Pure and
// format-free: the CLI's diff formats render the result. Components, failovers and findings are
// matched by ids and stable keys, never by line, so edits above something and moved or renamed files
// do not count as changes.
import type { Severity } from '../findings';
import { cmp, type FailoverSummary, type OutcomeSummary, type ResilienceSummary, type SinglePointSummary, type Where } from './summary';

export interface SnapshotFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the root, forward slashes. */
  path: string;
  span: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  /** The finding's stable key (built from ids), when its rule gives one. */
  key?: string;
}

export interface SnapshotSuppressed {
  ruleId: string;
  message: string;
  path: string;
  line: number;
  reason: string;
  key?: string;
}

/** What check --format json writes, and what diff computes for a git ref. */
export interface Snapshot {
  findings: SnapshotFinding[];
  suppressed: SnapshotSuppressed[];
  resilience: ResilienceSummary;
}

export interface SetChange {
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
}

export interface BlastRadiusChange {
  id: string;
  at: Where;
  /** wider: something newly goes down, or newly degrades without having gone down before. */
  direction: 'wider' | 'narrower';
  down: SetChange;
  degraded: SetChange;
  /** Components affected (down or degraded), before and after. */
  before: number;
  after: number;
  /** In the head, the step back from each component newly affected (and from those on its way): the changed paths. */
  via?: Record<string, string>;
}

export interface NumberChange {
  id: string;
  at: Where;
  before: number;
  after: number;
  direction: 'grew' | 'shrank';
}

export interface FailoverChange {
  from: string;
  to: string;
  at: Where;
  sharedBefore: string[];
  sharedAfter: string[];
}

export interface OutcomeChange {
  kind: 'scenario' | 'journey';
  id: string;
  /** Undefined: the scenario or journey is new (before) or gone (after). */
  before?: string;
  after?: string;
  /** worse or better by the outcome's rank; new (with its rank) or gone. */
  direction: 'worse' | 'better' | 'same' | 'new' | 'gone';
  at?: Where;
}

/** Scenario and journey outcomes: compared only when both sides carry them (the scenario engine's work). */
export type OutcomeComparison = { compared: false; reason: string } | { compared: true; changed: OutcomeChange[] };

export interface DiffSummary {
  /** Changes for the worse: each item listed under a regression heading counts once. */
  regressions: number;
  improvements: number;
  newFindings: number;
  resolvedFindings: number;
  /** Findings silenced by suppression comments in the head, and how many of those the change added. */
  suppressed: number;
  newSuppressions: number;
}

export interface ResilienceDiff {
  summary: DiffSummary;
  /** One sentence for the top of a report: the most serious change, or that there is none. */
  headline: string;
  findings: { new: SnapshotFinding[]; resolved: SnapshotFinding[] };
  /** Wider first, the largest growth first. */
  blastRadius: BlastRadiusChange[];
  singlePoints: { added: SinglePointSummary[]; removed: SinglePointSummary[] };
  failovers: { added: FailoverSummary[]; removed: (FailoverSummary & { primaryAt?: Where })[]; nowSameDomain: FailoverChange[]; noLongerSameDomain: FailoverChange[] };
  retryAmplification: NumberChange[];
  worstWait: NumberChange[];
  components: { added: { id: string; at: Where }[]; removed: { id: string; at: Where }[]; moved: { id: string; from: Where; to: Where }[] };
  outcomes: OutcomeComparison;
  suppressions: { head: SnapshotSuppressed[]; added: SnapshotSuppressed[] };
}

export interface CompareOptions {
  /** Files git saw renamed, base path → head path: keyless findings in them are matched across the rename. */
  renames?: ReadonlyMap<string, string>;
}

const serious = (f: SnapshotFinding) => f.severity === 'error' || f.severity === 'warning';

export function compareSnapshots(base: Snapshot, head: Snapshot, options: CompareOptions = {}): ResilienceDiff {
  const renames = options.renames ?? new Map<string, string>();
  const rename = (path: string) => renames.get(path) ?? path;

  // Findings: a multiset by rule and stable key (or, without a key, by file and message).
  const identity = (f: { ruleId: string; key?: string; path: string; message: string }, renamed: boolean) =>
    `${f.ruleId}\u0000${f.key !== undefined ? f.key : `${renamed ? rename(f.path) : f.path}\u0000${f.message}`}`;
  const resolved: SnapshotFinding[] = [];
  const pool = new Map<string, number>();
  head.findings.forEach((f) => pool.set(identity(f, false), (pool.get(identity(f, false)) ?? 0) + 1));
  const basePool = new Map<string, number>();
  for (const f of base.findings) {
    const k = identity(f, true);
    basePool.set(k, (basePool.get(k) ?? 0) + 1);
    const left = pool.get(k) ?? 0;
    if (left > 0) {
      pool.set(k, left - 1);
    } else {
      resolved.push(f);
    }
  }
  const added: SnapshotFinding[] = [];
  for (const f of head.findings) {
    const k = identity(f, false);
    const left = basePool.get(k) ?? 0;
    if (left > 0) {
      basePool.set(k, left - 1);
    } else {
      added.push(f);
    }
  }

  // Components by id.
  const baseComps = new Map(base.resilience.components.map((c) => [c.id, c]));
  const headComps = new Map(head.resilience.components.map((c) => [c.id, c]));
  const blast: BlastRadiusChange[] = [];
  const retries: NumberChange[] = [];
  const waits: NumberChange[] = [];
  const moved: ResilienceDiff['components']['moved'] = [];
  for (const [id, after] of headComps) {
    const before = baseComps.get(id);
    if (!before) {
      continue;
    }
    if (before.at.path !== after.at.path) {
      moved.push({ id, from: before.at, to: after.at });
    }
    const down = setChange(before.down, after.down);
    const degraded = setChange(before.degraded, after.degraded);
    const wider = down.added.length > 0 || degraded.added.some((x) => !before.down.includes(x));
    const narrower = down.removed.length > 0 || degraded.removed.some((x) => !after.down.includes(x));
    if (wider || narrower) {
      let via: Record<string, string> | undefined;
      if (after.via && wider) {
        via = {};
        for (const x of [...down.added, ...degraded.added]) {
          for (let cur = x, n = 0; cur !== id && after.via[cur] !== undefined && via[cur] === undefined && n < 1000; n++) {
            via[cur] = after.via[cur]!;
            cur = after.via[cur]!;
          }
        }
      }
      blast.push({
        ...(via ? { via } : {}),
        id,
        at: after.at,
        direction: wider ? 'wider' : 'narrower',
        down,
        degraded,
        before: before.down.length + before.degraded.length,
        after: after.down.length + after.degraded.length,
      });
    }
    if (after.retryAmplification !== before.retryAmplification && Math.max(after.retryAmplification, before.retryAmplification) > 1) {
      retries.push({ id, at: after.at, before: before.retryAmplification, after: after.retryAmplification, direction: after.retryAmplification > before.retryAmplification ? 'grew' : 'shrank' });
    }
    if (after.worstWaitMs !== before.worstWaitMs && after.worstWaitMs > 0 && before.worstWaitMs > 0) {
      waits.push({ id, at: after.at, before: before.worstWaitMs, after: after.worstWaitMs, direction: after.worstWaitMs > before.worstWaitMs ? 'grew' : 'shrank' });
    }
  }
  // The largest change first: in what goes down, then in everything affected.
  const sign = (b: BlastRadiusChange) => (b.direction === 'wider' ? 1 : -1);
  const downGrowth = (b: BlastRadiusChange) => sign(b) * (b.down.after.length - b.down.before.length);
  const growth = (b: BlastRadiusChange) => sign(b) * (b.after - b.before);
  blast.sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'wider' ? -1 : 1) || downGrowth(b) - downGrowth(a) || growth(b) - growth(a) || cmp(a.id, b.id));
  const byGrowth = (a: NumberChange, b: NumberChange) => (a.direction === b.direction ? 0 : a.direction === 'grew' ? -1 : 1) || cmp(a.id, b.id);
  retries.sort(byGrowth);
  waits.sort(byGrowth);

  const spofKey = (p: SinglePointSummary) => `${p.kind}:${p.id}`;
  const baseSpof = new Set(base.resilience.singlePoints.map(spofKey));
  const headSpof = new Set(head.resilience.singlePoints.map(spofKey));
  const foKey = (f: FailoverSummary) => `${f.from}\u0000${f.to}`;
  const baseFo = new Map(base.resilience.failovers.map((f) => [foKey(f), f]));
  const headFo = new Map(head.resilience.failovers.map((f) => [foKey(f), f]));
  const failovers: ResilienceDiff['failovers'] = { added: [], removed: [], nowSameDomain: [], noLongerSameDomain: [] };
  for (const [k, f] of headFo) {
    const b = baseFo.get(k);
    if (!b) {
      failovers.added.push(f);
      if (f.sharedDomains.length > 0) {
        failovers.nowSameDomain.push({ from: f.from, to: f.to, at: f.at, sharedBefore: [], sharedAfter: f.sharedDomains });
      }
    } else if (b.sharedDomains.length === 0 && f.sharedDomains.length > 0) {
      failovers.nowSameDomain.push({ from: f.from, to: f.to, at: f.at, sharedBefore: [], sharedAfter: f.sharedDomains });
    } else if (b.sharedDomains.length > 0 && f.sharedDomains.length === 0) {
      failovers.noLongerSameDomain.push({ from: f.from, to: f.to, at: f.at, sharedBefore: b.sharedDomains, sharedAfter: [] });
    }
  }
  for (const [k, f] of baseFo) {
    if (!headFo.has(k)) {
      // Where the primary is now: the line a reviewer can be shown, since the failover's own is gone.
      const primary = headComps.get(f.from);
      failovers.removed.push(primary ? { ...f, primaryAt: primary.at } : f);
    }
  }

  const suppressionKey = (s: SnapshotSuppressed) => `${s.ruleId}\u0000${s.key ?? `${s.path}\u0000${s.message}`}\u0000${s.reason}`;
  const baseSuppressed = new Set(base.suppressed.map((s) => suppressionKey({ ...s, path: rename(s.path) })));
  const newSuppressions = head.suppressed.filter((s) => !baseSuppressed.has(suppressionKey(s)));

  const outcomes = compareOutcomes(base.resilience.outcomes, head.resilience.outcomes);
  const wider = blast.filter((b) => b.direction === 'wider');
  const narrower = blast.filter((b) => b.direction === 'narrower');
  const spofAdded = head.resilience.singlePoints.filter((p) => !baseSpof.has(spofKey(p)));
  const spofRemoved = base.resilience.singlePoints.filter((p) => !headSpof.has(spofKey(p)));
  const escapingAdded = failovers.added.filter((f) => f.sharedDomains.length === 0);
  const grew = (list: NumberChange[]) => list.filter((x) => x.direction === 'grew').length;
  const regressions =
    added.filter(serious).length +
    wider.length +
    spofAdded.length +
    failovers.removed.length +
    failovers.nowSameDomain.length +
    grew(retries) +
    grew(waits) +
    (outcomes.compared ? outcomes.changed.filter((o) => o.direction === 'worse' || (o.direction === 'new' && (head.resilience.outcomes?.[o.kind === 'scenario' ? 'scenarios' : 'journeys'].find((x) => x.id === o.id)?.rank ?? 0) > 0)).length : 0);
  const improvements =
    resolved.filter(serious).length + narrower.length + spofRemoved.length + escapingAdded.length + failovers.noLongerSameDomain.length + (retries.length - grew(retries)) + (waits.length - grew(waits)) +
    (outcomes.compared ? outcomes.changed.filter((o) => o.direction === 'better').length : 0);

  const diff: ResilienceDiff = {
    summary: { regressions, improvements, newFindings: added.length, resolvedFindings: resolved.length, suppressed: head.suppressed.length, newSuppressions: newSuppressions.length },
    headline: '',
    findings: { new: added, resolved },
    blastRadius: blast,
    singlePoints: { added: spofAdded, removed: spofRemoved },
    failovers,
    retryAmplification: retries,
    worstWait: waits,
    components: {
      added: head.resilience.components.filter((c) => !baseComps.has(c.id)).map((c) => ({ id: c.id, at: c.at })),
      removed: base.resilience.components.filter((c) => !headComps.has(c.id)).map((c) => ({ id: c.id, at: c.at })),
      moved,
    },
    outcomes,
    suppressions: { head: head.suppressed, added: newSuppressions },
  };
  diff.headline = headline(diff);
  return diff;
}

/** The generic part of comparing outcomes by id; what an outcome is belongs to the scenario engine. */
export function compareOutcomes(base: OutcomeSummary | undefined, head: OutcomeSummary | undefined): OutcomeComparison {
  if (!base && !head) {
    return { compared: false, reason: 'neither side declares journeys, capacities or scenarios' };
  }
  base ??= { scenarios: [], journeys: [] };
  head ??= { scenarios: [], journeys: [] };
  const changed: OutcomeChange[] = [];
  for (const kind of ['scenario', 'journey'] as const) {
    const list = (s: OutcomeSummary) => (kind === 'scenario' ? s.scenarios : s.journeys);
    const before = new Map(list(base).map((x) => [x.id, x]));
    const after = new Map(list(head).map((x) => [x.id, x]));
    for (const [id, a] of after) {
      const b = before.get(id);
      if (!b || b.outcome !== a.outcome) {
        const direction = !b ? 'new' : a.rank > b.rank ? 'worse' : a.rank < b.rank ? 'better' : 'same';
        changed.push({ kind, id, before: b?.outcome, after: a.outcome, direction, at: a.at });
      }
    }
    for (const [id, b] of before) {
      if (!after.has(id)) {
        changed.push({ kind, id, before: b.outcome, direction: 'gone', at: b.at });
      }
    }
  }
  return { compared: true, changed };
}

function setChange(before: readonly string[], after: readonly string[]): SetChange {
  const b = new Set(before);
  const a = new Set(after);
  return { before: [...before], after: [...after], added: after.filter((x) => !b.has(x)), removed: before.filter((x) => !a.has(x)) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The most serious change in one sentence (ids as written: each format escapes it). */
function headline(d: ResilienceDiff): string {
  const wider = d.blastRadius.find((b) => b.direction === 'wider');
  const parts: string[] = [];
  if (wider) {
    parts.push(`this change widens the blast radius of ${wider.id} from ${wider.before} to ${plural(wider.after, 'component')} (down ${wider.down.before.length} → ${wider.down.after.length})`);
  }
  if (d.singlePoints.added.length > 0) {
    const names = d.singlePoints.added.map((p) => p.id);
    parts.push(`${parts.length > 0 ? 'adds' : 'this change adds'} ${d.singlePoints.added.length === 1 ? 'a single point of failure' : `${d.singlePoints.added.length} single points of failure`} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`);
  }
  if (d.failovers.removed.length > 0) {
    const f = d.failovers.removed[0]!;
    parts.push(`${parts.length > 0 ? 'removes' : 'this change removes'} the failover ${f.from} → ${f.to}${d.failovers.removed.length > 1 ? ` and ${d.failovers.removed.length - 1} more` : ''}`);
  }
  const broken = d.outcomes.compared ? d.outcomes.changed.filter((o) => o.kind === 'scenario' && o.direction === 'worse') : [];
  if (broken.length > 0) {
    const o = broken[0]!;
    parts.push(`${parts.length > 0 ? 'breaks' : 'this change breaks'} scenario ${o.id} (${o.before} → ${o.after})${broken.length > 1 ? ` and ${broken.length - 1} more` : ''}`);
  }
  if (parts.length > 0) {
    const rest = d.summary.regressions - (wider ? 1 : 0) - d.singlePoints.added.length - d.failovers.removed.length - broken.length;
    return `${joinAnd(parts)}${rest > 0 ? `; ${plural(rest, 'other regression')}` : ''}`;
  }
  if (d.summary.regressions > 0) {
    return `this change makes ${plural(d.summary.regressions, 'thing')} worse`;
  }
  const narrower = d.blastRadius.find((b) => b.direction === 'narrower');
  if (narrower) {
    return `this change narrows the blast radius of ${narrower.id} from ${narrower.before} to ${plural(narrower.after, 'component')} (down ${narrower.down.before.length} → ${narrower.down.after.length})${d.summary.improvements > 1 ? `; ${plural(d.summary.improvements - 1, 'other improvement')}` : ''}`;
  }
  if (d.summary.improvements > 0) {
    return `this change improves ${plural(d.summary.improvements, 'thing')} and makes nothing worse`;
  }
  return 'this change does not change the resilience of the maps';
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
