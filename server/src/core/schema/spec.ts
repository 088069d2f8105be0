// The .incidentmap format, declared once. The validator walks YAML against it, the JSON Schema is
// generated from it, and the language server's completion and hover read its descriptions, so the
// three cannot drift apart. The model types in model/types.ts mirror it; a test checks both ways.

export type RefTarget = 'component' | 'domain' | 'component-or-domain' | 'journey';

export type Spec =
  | { t: 'string'; description: string; format?: 'id' | 'duration' | 'percent' | 'date' | 'url' | 'url-or-path' | 'path' | 'date-or-never' | 'quantity'; examples?: string[] }
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
    calls: f({
      t: 'number',
      minimum: 0,
      maximum: 10000,
      description: 'Calls to the target for each request this component serves (fan-out), default 1. Load flows down the dependency multiplied by it.',
    }),
    demand: f({
      t: 'string',
      format: 'quantity',
      description: 'A fixed load this dependency puts on the target whatever the journeys, e.g. 40 kW for a rack on its power feed, 200 rps for a nightly batch.',
    }),
    hitRatio: f({
      t: 'string',
      format: 'percent',
      description: 'For a cache: the share of lookups it answers. The misses go to fallback.target (the store behind it); when the cache fails, all of them do.',
    }),
    retryBudget: f({
      t: 'string',
      format: 'percent',
      description: 'Most extra attempts allowed, as a share of requests (a retry budget, e.g. 10%): bounds what retries add when the target struggles.',
    }),
    consumes: f({
      t: 'boolean',
      description: 'true on an async dependency when this component reads from the target queue or stream: its load is what the queue receives.',
    }),
    lagBudget: f({
      t: 'string',
      format: 'duration',
      description: 'How far behind this hop may be in normal operation (its share of a journey\'s freshness objective): for a consumer, its lag behind the queue; for an async write such as a batch load, its delay. E.g. 30s.',
    }),
    journeys: f({
      t: 'array',
      description: 'The journeys that use this dependency; by default every journey that reaches this component. A dependency only some journeys need breaks only those when it fails.',
      items: { t: 'ref', to: 'journey', description: 'A journey id.' },
    }),
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
    measures: f({
      t: 'enum',
      values: ['utilisation', 'lag', 'latency', 'errors', 'other'],
      description: 'What the signal measures. The crit threshold of a utilisation signal (unit ratio or %) is where the stress analysis counts the component as saturated.',
      valueDocs: {
        utilisation: 'Load against capacity: pool or worker usage, CPU, feed load. Its crit is the saturation line of the stress scenarios.',
        lag: 'How far a consumer is behind: fires when a scenario leaves the consumer below its producers.',
        latency: 'Time to serve.',
        errors: 'Failed requests: usually not leading.',
        other: 'Anything else.',
      },
    }),
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
    capacity: f({
      t: 'string',
      format: 'quantity',
      description: 'What all its replicas together can serve, with the unit, e.g. "1800 rps", "12k msg/s", "40 MB/s" or "400 kW". Spread across domains, each is assumed to hold an equal share.',
      examples: ['1800 rps', '12k msg/s', '40 MB/s', '400 kW'],
    }),
    load: f({
      t: 'string',
      format: 'quantity',
      description: 'Load at peak, e.g. "1170 rps". Usually derived from the journeys that reach it; write it where no journey does.',
    }),
    headroom: f({ t: 'string', format: 'percent', description: 'Spare capacity at peak, e.g. 30%: load = capacity x (1 - headroom) where no load is written or derived; checked against them where they are.' }),
    concurrency: f({
      t: 'number',
      integer: true,
      minimum: 1,
      description: 'Requests it can work on at once (worker threads, connection pool). A slow dependency fills it: in-flight calls = rate x wait (Little\'s law).',
    }),
    latency: f({ t: 'string', format: 'duration', description: 'Typical time it takes to answer at peak, e.g. 40ms: what its callers wait when nothing is wrong.' }),
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
    detection: f({
      t: 'string',
      format: 'duration',
      description: 'Time from the failure until failover starts (health checks, an alert, a person). Default 1m for automatic, 5m for manual failovers.',
    }),
    description: f({ t: 'string', description: 'How it works.' }),
  },
};

const journey: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Journey',
  description: 'Something a user does (place an order, watch a stream): where it enters, how much of it there is at peak, and what it must achieve.',
  fields: {
    id: f(id('journey'), true),
    name: f({ t: 'string', description: 'Display name, e.g. "Place order".' }),
    description: f({ t: 'string', description: 'What the user is doing.' }),
    entry: f({ t: 'ref', to: 'component', description: 'The component the journey enters by; its demand flows down the dependencies from there.' }, true),
    demand: f({ t: 'string', format: 'quantity', description: 'Demand at peak, e.g. 300 rps. Flows down the dependencies the journey uses, multiplied by each one\'s calls.' }),
    owner: f({ t: 'string', description: 'Who answers for the journey (a product team or an incident commander rotation).' }),
    target: f({
      t: 'object',
      name: 'JourneyTarget',
      description: 'What the journey must achieve.',
      fields: {
        availability: f({ t: 'string', format: 'percent', description: 'Availability objective, e.g. 99.95%.' }),
        latency: f({ t: 'string', format: 'duration', description: 'Latency objective, e.g. 800ms.' }),
        freshness: f({ t: 'string', format: 'duration', description: 'For data journeys: how old the data at the end of the async chain may be, e.g. 15m.' }),
        rto: f({ t: 'string', format: 'duration', description: 'Longest acceptable outage after a failure (recovery time objective), e.g. 5m.' }),
      },
    }),
  },
};

const scenarioLoad: Spec & { t: 'object' } = {
  t: 'object',
  name: 'ScenarioLoad',
  description: 'Multiplies demand: of one journey, of one kind of traffic, or arriving at one component. Name exactly one of journey, traffic, component.',
  fields: {
    journey: f({ t: 'ref', to: 'journey', description: 'The journey whose demand changes.' }),
    traffic: f({ t: 'enum', values: ['business', 'telemetry', 'control'], description: 'The kind of traffic whose volume changes (telemetry triples during an outage).' }),
    component: f({ t: 'ref', to: 'component', description: 'The component whose incoming load changes (a worker queue doubles).' }),
    factor: f({ t: 'number', minimum: 0, maximum: 1000, description: 'The multiplier, e.g. 2 for double.' }, true),
  },
};

const scenario: Spec & { t: 'object' } = {
  t: 'object',
  name: 'Scenario',
  description: 'A stress the map is evaluated under: things that fail, demand that grows, dependencies that slow down.',
  fields: {
    id: f(id('scenario'), true),
    name: f({ t: 'string', description: 'Display name, e.g. "Black Friday with zone a lost".' }),
    description: f({ t: 'string', description: 'Why this scenario matters.' }),
    fail: f({
      t: 'array',
      description: 'Components and failure domains that fail at the start.',
      items: { t: 'ref', to: 'component-or-domain', description: 'A component or failure domain id.' },
    }),
    load: f({ t: 'array', description: 'Demand that changes.', items: scenarioLoad }),
    slow: f({
      t: 'array',
      description: 'Components that answer slowly instead of failing.',
      items: {
        t: 'object',
        name: 'ScenarioSlow',
        description: 'A component that answers slowly.',
        fields: {
          component: f({ t: 'ref', to: 'component', description: 'The component that slows down.' }, true),
          latency: f({ t: 'string', format: 'duration', description: 'Latency added to every answer, e.g. 2s.' }, true),
        },
      },
    }),
    mustSurvive: f({ t: 'boolean', description: 'true if every journey must come through this scenario: scenario-not-survived reports the ones that do not.' }),
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
    journeys: f({ t: 'array', description: 'User journeys: where demand enters and what it must achieve.', items: journey }),
    scenarios: f({ t: 'array', description: 'Stress scenarios: failures, demand changes and slowness the map is evaluated under.', items: scenario }),
  },
};

/** The workspace config file shares the settings block's shape. */
export const configFileSpec: Spec & { t: 'object' } = settingsSpec;
