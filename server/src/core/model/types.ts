import type { Range } from '../findings';
import type { Quantity } from '../units';
import type { componentKinds, domainKinds } from '../schema/spec';

export type ComponentKind = (typeof componentKinds)[number];
export type DomainKind = (typeof domainKinds)[number];
export type Tier = 1 | 2 | 3;

/** Where something was written: every model element can be revealed in the editor. */
export interface Located {
  uri: string;
  /** The whole item (a list entry), for folding, symbols and code lens. */
  range: Range;
  /** Ranges of the values of individual fields, for precise diagnostics. */
  ranges: Partial<Record<string, Range>>;
}

/** A reference to a component or domain by id, with the range of the id as written. */
export interface Ref {
  id: string;
  uri: string;
  range: Range;
}

export interface Domain extends Located {
  id: string;
  idRange: Range;
  kind: DomainKind;
  name?: string;
  parent?: Ref;
  description?: string;
  acceptedRisk?: string;
}

export type DependencyType = 'hard' | 'soft';
export type DependencyMode = 'sync' | 'async';
export type Traffic = 'business' | 'telemetry' | 'control';

export interface Dependency extends Located {
  /** Id of the component that declares it. */
  from: string;
  target: Ref;
  type: DependencyType;
  mode: DependencyMode;
  timeoutMs?: number;
  retries: number;
  circuitBreaker: boolean;
  fallback?: { description?: string; target?: Ref };
  via: Ref[];
  /** As written; `traffic` is this or the default for the target's kind. */
  trafficDeclared?: Traffic;
  traffic: Traffic;
  /** The caller is degraded whenever the target is (issue 23: degradation travels one hop unless this is set). */
  inheritsDegradation: boolean;
  description?: string;
  /** Calls per request served (fan-out); 1 when not written. */
  calls: number;
  /** A fixed load on the target, whatever the journeys (a rack's draw on its feed). */
  demand?: Quantity;
  /** A cache's hit ratio, 0..1: the misses go to the fallback target. */
  hitRatio?: number;
  /** Largest share of extra attempts (0..1) when the target struggles. */
  retryBudget?: number;
  /** This component reads from the target (a queue or stream). */
  consumes: boolean;
  lagBudgetMs?: number;
  /** Journeys that use this dependency; empty: all that reach the caller. */
  journeys: Ref[];
}

export interface Signal extends Located {
  name: string;
  metric: string;
  warn?: number;
  crit?: number;
  direction: 'above' | 'below';
  unit?: string;
  leading: boolean;
  measures?: 'utilisation' | 'lag' | 'latency' | 'errors' | 'other';
  description?: string;
}

export interface Rollback extends Located {
  name: string;
  action: string;
  safe?: boolean;
  when?: string;
  dont?: string;
  takesMs?: number;
}

export interface RunbookStep extends Located {
  check: string;
  conclude?: string;
  do?: string;
  dont?: string;
}

export interface Component extends Located {
  id: string;
  idRange: Range;
  kind: ComponentKind;
  name?: string;
  description?: string;
  tier?: Tier;
  owner?: string;
  runbook?: string;
  replicas?: number;
  /** As written. */
  capacity?: string;
  capacityQ?: Quantity;
  loadQ?: Quantity;
  headroom?: number;
  concurrency?: number;
  latencyMs?: number;
  domains: Ref[];
  spreadAcross: Ref[];
  dependsOn: Dependency[];
  /** How one request makes its synchronous calls; undefined means sequential (the default). */
  calls?: 'sequential' | 'parallel';
  signals: Signal[];
  watches: Ref[];
  rollback: Rollback[];
  runbookSteps: RunbookStep[];
  acceptedRisk?: string;
}

export interface Failover extends Located {
  from: Ref;
  to: Ref;
  mode: 'automatic' | 'manual';
  rtoMs?: number;
  escapes: DomainKind;
  /** Epoch ms (UTC) of the last drill; 'never' when written so; undefined when not written. */
  lastRehearsed?: number | 'never';
  detectionMs?: number;
  description?: string;
}

export interface Journey extends Located {
  id: string;
  idRange: Range;
  name?: string;
  description?: string;
  entry: Ref;
  demand?: Quantity;
  owner?: string;
  target: { availability?: number; latencyMs?: number; freshnessMs?: number; rtoMs?: number };
  /** Ranges of the target's fields. */
  targetRanges: Partial<Record<string, Range>>;
}

export interface ScenarioLoad extends Located {
  journey?: Ref;
  traffic?: Traffic;
  component?: Ref;
  factor: number;
}

export interface Scenario extends Located {
  id: string;
  idRange: Range;
  name?: string;
  description?: string;
  fail: Ref[];
  load: ScenarioLoad[];
  slow: (Located & { component: Ref; latencyMs: number })[];
  mustSurvive: boolean;
}

export interface Include {
  path: string;
  uri: string;
  range: Range;
}

export interface MapFile {
  uri: string;
  name?: string;
  description?: string;
  owner?: string;
  includes: Include[];
  /** Range of the whole document (for symbols). */
  range: Range;
}

export interface Settings {
  retryAmplificationMax: number;
  rehearsalMaxAgeMs: number;
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>;
}

export interface Model {
  /** Files in include order, entry first. */
  files: MapFile[];
  /** Insertion order is file order, then source order: output stays deterministic. */
  components: Map<string, Component>;
  domains: Map<string, Domain>;
  failovers: Failover[];
  journeys: Map<string, Journey>;
  scenarios: Map<string, Scenario>;
  settings: Settings;
  /** Where each `settings.rules` entry was written, to point unknown-rule findings at it. */
  ruleSettingSources: Map<string, { uri: string; range: Range }>;
}
