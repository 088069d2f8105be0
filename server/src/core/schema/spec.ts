// The .incidentmap format, declared once. The validator walks YAML against it, the JSON Schema is
// generated from it, and the language server's completion and hover read its descriptions, so the
// three cannot drift apart. The model types in model/types.ts mirror it; a test checks both ways.

export type RefTarget = 'component' | 'domain' | 'component-or-domain';

export type Spec =
  | { t: 'string'; description: string; format?: 'id' | 'duration' | 'percent' | 'date' | 'url' | 'url-or-path' | 'path' | 'date-or-never'; examples?: string[] }
  | { t: 'number'; description: string; integer?: boolean; minimum?: number; maximum?: number }
  | { t: 'boolean'; description: string }
  | { t: 'enum'; description: string; values: readonly (string | number)[]; valueDocs?: Record<string, string> }
  | { t: 'ref'; description: string; to: RefTarget }
  | { t: 'array'; description: string; items: Spec; minItems?: number }
  | { t: 'object'; description: string; fields: Record<string, Field>; name: string }
  /** A bare string (the shorthand) or the full object. */
  | { t: 'stringOr'; description: string; string: Spec & { t: 'string' | 'ref' }; object: Spec & { t: 'object' } }
  /** An open map of rule id to level (settings.rules). */
  | { t: 'record'; description: string; values: Spec };

export interface Field {
  spec: Spec;
  required?: boolean;
}

const f = (spec: Spec, required = false): Field => ({ spec, required });

export const componentKinds = [
  'service', 'datastore', 'cache', 'queue', 'stream', 'external', 'network', 'load-balancer', 'dns',
  'telemetry', 'control-plane', 'compute', 'power', 'cooling', 'storage',
] as const;

export const domainKinds = [
  'zone', 'region', 'provider', 'datacenter', 'rack', 'network-path', 'power-feed', 'cooling-loop', 'cluster',
] as const;

export const ruleLevels = ['error', 'warning', 'info', 'off'] as const;

const id = (what: string): Spec => ({
  t: 'string',
  format: 'id',
  description: `Stable id of the ${what}: lower case letters, digits, '-', '_' and '.'; unique across every included file.`,
});

const dependency: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Dependency',
  description: 'A call or data flow this component needs, and how failure travels along it.',
  fields: {
    target: f({ t: 'ref', to: 'component', description: 'The component depended on.' }, true),
    type: f({
      t: 'enum',
      values: ['hard', 'soft'],
      description: 'hard: the caller cannot serve without it (failure propagates). soft: the caller degrades.',
      valueDocs: { hard: 'Failure of the target takes this component down.', soft: 'Failure of the target only degrades this component.' },
    }),
    mode: f({
      t: 'enum',
      values: ['sync', 'async'],
      description: 'sync: a request waits for the answer (timeouts and retries stack up). async: via a queue or stream (failure shows as lag).',
    }),
    timeout: f({ t: 'string', format: 'duration', description: 'How long the caller waits per attempt, e.g. 800ms.' }),
    retries: f({ t: 'number', integer: true, minimum: 0, maximum: 100, description: 'Retries after the first attempt (attempts = retries + 1).' }),
    circuitBreaker: f({ t: 'boolean', description: 'Whether a circuit breaker stops calls to a failing target.' }),
    fallback: f({
      t: 'stringOr',
      description: 'What the caller does when the target fails: a description, or an object naming a fallback component.',
      string: { t: 'string', description: 'What the caller does instead, e.g. "serve cached prices".' },
      object: {
        t: 'object',
        name: 'Fallback',
        description: 'A fallback served by another component.',
        fields: {
          target: f({ t: 'ref', to: 'component', description: 'The component that serves the fallback.' }, true),
          description: f({ t: 'string', description: 'What the fallback gives up.' }),
        },
      },
    }),
    via: f({
      t: 'array',
      description: 'Network paths, links or domains this call rides; if one fails, the call fails.',
      items: { t: 'ref', to: 'component-or-domain', description: 'A network-path domain or a network component.' },
    }),
    traffic: f({
      t: 'enum',
      values: ['business', 'telemetry', 'control'],
      description: 'What this call carries. Defaults from the target kind: telemetry for telemetry, control for control-plane, else business.',
    }),
    inheritsDegradation: f({
      t: 'boolean',
      description:
        'true: when the target is degraded (not down), this caller is degraded too, because it needs what the target lost. Default false: degradation reaches only the direct callers of what failed.',
    }),
    description: f({ t: 'string', description: 'Why this dependency exists.' }),
  },
};

const signal: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Signal',
  description: 'A saturation signal: a metric that moves before users notice.',
  fields: {
    name: f({ t: 'string', description: 'Short name, e.g. "queue depth".' }, true),
    metric: f({ t: 'string', description: 'Metric name or query text, e.g. a PromQL expression.' }, true),
    warn: f({ t: 'number', description: 'Threshold that pages nobody but shows on dashboards.' }),
    crit: f({ t: 'number', description: 'Threshold that pages.' }),
    direction: f({
      t: 'enum',
      values: ['above', 'below'],
      description: 'above: fires when the value rises past the threshold (queue depth). below: fires when it falls (free connections). Default above.',
    }),
    unit: f({ t: 'string', description: 'Unit of the thresholds, e.g. ms, %, messages.' }),
    leading: f({ t: 'boolean', description: 'true if it moves before the outage (a leading indicator), false if it reports the outage itself.' }),
    description: f({ t: 'string', description: 'What it means when this fires.' }),
  },
};

const rollback: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Rollback',
  description: 'A way back, and when it is safe.',
  fields: {
    name: f({ t: 'string', description: 'Short name, e.g. "revert deploy".' }, true),
    action: f({ t: 'string', description: 'What to run or do.' }, true),
    safe: f({ t: 'boolean', description: 'Whether this rollback is safe without further checks.' }),
    when: f({ t: 'string', description: 'When to choose it.' }),
    dont: f({ t: 'string', description: 'When not to choose it, e.g. "after schema migration 42".' }),
    takes: f({ t: 'string', format: 'duration', description: 'How long it takes, e.g. 5m.' }),
  },
};

const runbookStep: Spec & { t: 'object' } = {
  t: 'object',
  name: 'RunbookStep',
  description: 'A decision in the runbook: what to check, what it means, what to do and what not to do.',
  fields: {
    check: f({ t: 'string', description: 'What to look at.' }, true),
    conclude: f({ t: 'string', description: 'What the observation means.' }),
    do: f({ t: 'string', description: 'What to do then.' }),
    dont: f({ t: 'string', description: 'What not to do, and why.' }),
  },
};

const component: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Component',
  description: 'Something that can saturate or fail: a service, datastore, queue, network link, rack, power feed...',
  fields: {
    id: f(id('component'), true),
    kind: f({ t: 'enum', values: componentKinds, description: 'What sort of component this is.' }, true),
    name: f({ t: 'string', description: 'Display name; defaults to the id.' }),
    description: f({ t: 'string', description: 'What it does.' }),
    tier: f({
      t: 'enum',
      values: [1, 2, 3],
      description: 'Criticality: 1 = outage is customer-visible and urgent, 2 = degraded service, 3 = internal.',
    }),
    owner: f({ t: 'string', description: 'Owning team or on-call rotation.' }),
    runbook: f({
      t: 'string',
      format: 'url-or-path',
      description: 'The runbook to open when this pages: an http(s) link, or a path in the repository relative to this file (e.g. runbooks/checkout.md).',
    }),
    replicas: f({ t: 'number', integer: true, minimum: 0, description: 'Number of replicas or instances.' }),
    capacity: f({ t: 'string', description: 'Capacity with its unit, e.g. "1200 rps" or "40 kW".' }),
    headroom: f({ t: 'string', format: 'percent', description: 'Spare capacity at peak, e.g. 30%.' }),
    domains: f({
      t: 'array',
      description: 'Failure domains it lives in; the failure of any one (or of a domain containing it) takes it down.',
      items: { t: 'ref', to: 'domain', description: 'A failure domain id.' },
    }),
    spreadAcross: f({
      t: 'array',
      description: 'Domains its replicas are spread across; losing some degrades it, losing all takes it down.',
      items: { t: 'ref', to: 'domain', description: 'A failure domain id.' },
    }),
    dependsOn: f({ t: 'array', description: 'What it needs.', items: dependency }),
    calls: f({
      t: 'enum',
      values: ['sequential', 'parallel'],
      description:
        'How one request makes its synchronous calls (dependsOn): sequential (the default, what most request handlers do: one after another, so a caller may wait for the sum of their timeouts) or parallel (all at once: the longest one).',
      valueDocs: {
        sequential: 'One after another: a request may wait for the sum of the timeouts × attempts.',
        parallel: 'All at once: a request waits for the longest timeout × attempts.',
      },
    }),
    signals: f({ t: 'array', description: 'Saturation signals, leading ones first.', items: signal }),
    watches: f({
      t: 'array',
      description: 'For telemetry and control-plane components: the components whose traffic they observe or steer.',
      items: { t: 'ref', to: 'component', description: 'A component id.' },
    }),
    rollback: f({ t: 'array', description: 'Rollback options.', items: rollback }),
    runbookSteps: f({ t: 'array', description: 'Runbook steps as decisions.', items: runbookStep }),
    acceptedRisk: f({
      t: 'string',
      description: 'Why a single point of failure here is accepted; silences single-point-of-failure for this element.',
    }),
  },
};

const domain: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Domain',
  description: 'A failure domain: everything inside it can fail together.',
  fields: {
    id: f(id('failure domain'), true),
    kind: f({ t: 'enum', values: domainKinds, description: 'What sort of failure domain this is.' }, true),
    name: f({ t: 'string', description: 'Display name; defaults to the id.' }),
    parent: f({ t: 'ref', to: 'domain', description: 'The domain containing this one (a zone in a region); its failure fails this one.' }),
    description: f({ t: 'string', description: 'What it is.' }),
    acceptedRisk: f({ t: 'string', description: 'Why a single point of failure here is accepted; silences single-point-of-failure for it.' }),
  },
};

const failover: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Failover',
  description: 'A failover path: when `from` fails, `to` takes over.',
  fields: {
    from: f({ t: 'ref', to: 'component', description: 'The primary.' }, true),
    to: f({ t: 'ref', to: 'component', description: 'The component that takes over.' }, true),
    mode: f({ t: 'enum', values: ['automatic', 'manual'], description: 'Whether failover happens without a human.' }),
    rto: f({ t: 'string', format: 'duration', description: 'Recovery time objective, e.g. 5m.' }),
    escapes: f({
      t: 'enum',
      values: domainKinds,
      description: 'The kind of failure domain this failover is meant to survive (default zone); sharing a domain of that kind or a smaller one defeats it.',
    }),
    lastRehearsed: f({ t: 'string', format: 'date-or-never', description: 'Date of the last failover drill (YYYY-MM-DD), or "never".' }),
    description: f({ t: 'string', description: 'How it works.' }),
  },
};

export const settingsSpec: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Settings',
  description: 'Analysis settings for this map; they override the workspace config file (incidentmap.config.yaml).',
  fields: {
    retryAmplificationMax: f({
      t: 'number',
      minimum: 1,
      description: 'Largest acceptable product of attempts along a synchronous chain (default 10).',
    }),
    rehearsalMaxAge: f({ t: 'string', format: 'duration', description: 'Oldest acceptable failover rehearsal (default 180d).' }),
    rules: f({
      t: 'record',
      description: 'Level per rule id: error, warning, info or off.',
      values: { t: 'enum', values: ruleLevels, description: 'The level for this rule.' },
    }),
  },
};

export const mapSpec: Spec & { t: 'object' } = {
  t: 'object',
  name: 'IncidentMap',
  description: 'An incident map: how a platform behaves under stress.',
  fields: {
    incidentmap: f({ t: 'enum', values: [1], description: 'Format version. Always 1 for now.' }, true),
    name: f({ t: 'string', description: 'Name of the map.' }),
    description: f({ t: 'string', description: 'What the map covers.' }),
    owner: f({ t: 'string', description: 'Default owner of the components in this file.' }),
    include: f({
      t: 'array',
      description: 'Other map files, relative to this one; their components and domains can be referenced here.',
      items: { t: 'string', format: 'path', description: 'Relative path to a .incidentmap file.' },
    }),
    settings: f(settingsSpec),
    domains: f({ t: 'array', description: 'Failure domains.', items: domain }),
    components: f({ t: 'array', description: 'Components.', items: component }),
    failovers: f({ t: 'array', description: 'Failover paths.', items: failover }),
  },
};

/** The workspace config file shares the settings block's shape. */
export const configFileSpec: Spec & { t: 'object' } = settingsSpec;
