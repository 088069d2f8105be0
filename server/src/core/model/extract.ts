import type { Range } from '../findings';
import type { V } from '../parse/validate';
import { parseDate, parseDuration, parsePercent } from '../values';
import { parseQuantity, type Quantity } from '../units';
import { resolveRelative } from '../uri';
import type {
  Component, ComponentKind, Dependency, Domain, DomainKind, Failover, Include, Journey, Located, MapFile, Ref, Rollback, RunbookStep, Scenario, Settings, Signal, Tier, Traffic,
} from './types';

/** The model elements one file declares, before references are resolved across files. */
export interface FileModel {
  file: MapFile;
  components: Component[];
  domains: Domain[];
  failovers: Failover[];
  journeys: Journey[];
  scenarios: Scenario[];
  settings: Partial<Settings>;
  settingsRanges: Map<string, Range>;
}

type Obj = V & { k: 'obj' };

const str = (o: Obj, k: string): string | undefined => {
  const v = o.fields.get(k);
  return v?.k === 'str' ? v.v : undefined;
};
const num = (o: Obj, k: string): number | undefined => {
  const v = o.fields.get(k);
  return v?.k === 'num' ? v.v : undefined;
};
const bool = (o: Obj, k: string): boolean | undefined => {
  const v = o.fields.get(k);
  return v?.k === 'bool' ? v.v : undefined;
};
const objs = (o: Obj, k: string): Obj[] => {
  const v = o.fields.get(k);
  return v?.k === 'arr' ? v.items.filter((i): i is Obj => i.k === 'obj') : [];
};

// Model objects are written as plain literals with uri, range and ranges first, never spread from a
// helper (\`{ ...located(o), ... }\`): V8 gave every object built by such a spread its own hidden class,
// so the rules' property reads went megamorphic (26 ms to read \`dep.timeoutMs\` of 33,000
// dependencies, against under 1 ms with one shared shape).
function rangesOf(o: Obj): Located['ranges'] {
  const ranges: Partial<Record<string, Range>> = {};
  for (const [k, v] of o.fields) {
    ranges[k] = v.range;
  }
  return ranges;
}


function ref(uri: string, v: V | undefined): Ref | undefined {
  return v?.k === 'ref' ? { id: v.id, uri, range: v.range } : undefined;
}

function refs(uri: string, o: Obj, k: string): Ref[] {
  const v = o.fields.get(k);
  return v?.k === 'arr' ? v.items.map((i) => ref(uri, i)).filter((r): r is Ref => r !== undefined) : [];
}

export function extractFile(uri: string, root: V | undefined, docRange: Range): FileModel {
  const file: MapFile = { uri, includes: [], range: docRange };
  const out: FileModel = { file, components: [], domains: [], failovers: [], journeys: [], scenarios: [], settings: {}, settingsRanges: new Map() };
  if (root?.k !== 'obj') {
    return out;
  }
  file.name = str(root, 'name');
  file.description = str(root, 'description');
  file.owner = str(root, 'owner');
  const inc = root.fields.get('include');
  if (inc?.k === 'arr') {
    for (const item of inc.items) {
      if (item.k === 'str') {
        file.includes.push({ path: item.v, uri: resolveRelative(uri, item.v), range: item.range } satisfies Include);
      }
    }
  }
  const settings = root.fields.get('settings');
  if (settings?.k === 'obj') {
    Object.assign(out, extractSettings(settings));
  }
  for (const d of objs(root, 'domains')) {
    const id = d.fields.get('id');
    const kind = str(d, 'kind');
    if (id?.k !== 'str' || !kind) {
      continue;
    }
    out.domains.push({
      uri, range: d.range, ranges: rangesOf(d),
      id: id.v,
      idRange: id.range,
      kind: kind as DomainKind,
      name: str(d, 'name'),
      parent: ref(uri, d.fields.get('parent')),
      description: str(d, 'description'),
      acceptedRisk: str(d, 'acceptedRisk'),
    });
  }
  for (const c of objs(root, 'components')) {
    const component = extractComponent(uri, c, file.owner);
    if (component) {
      out.components.push(component);
    }
  }
  for (const f of objs(root, 'failovers')) {
    const from = ref(uri, f.fields.get('from'));
    const to = ref(uri, f.fields.get('to'));
    if (!from || !to) {
      continue;
    }
    const rehearsed = str(f, 'lastRehearsed');
    const date = rehearsed && rehearsed !== 'never' ? parseDate(rehearsed) : undefined;
    out.failovers.push({
      uri, range: f.range, ranges: rangesOf(f),
      from,
      to,
      mode: (str(f, 'mode') as Failover['mode'] | undefined) ?? 'manual',
      rtoMs: duration(str(f, 'rto')),
      escapes: (str(f, 'escapes') as DomainKind | undefined) ?? 'zone',
      lastRehearsed: rehearsed === 'never' ? 'never' : date?.ok ? date.value : undefined,
      detectionMs: duration(str(f, 'detection')),
      description: str(f, 'description'),
    });
  }
  for (const j of objs(root, 'journeys')) {
    const id = j.fields.get('id');
    const entry = ref(uri, j.fields.get('entry'));
    if (id?.k !== 'str' || !entry) {
      continue;
    }
    const t = j.fields.get('target');
    const target: Journey['target'] = {};
    let targetRanges: Journey['targetRanges'] = {};
    if (t?.k === 'obj') {
      targetRanges = rangesOf(t);
      const a = str(t, 'availability');
      const pa = a !== undefined ? parsePercent(a) : undefined;
      target.availability = pa?.ok ? pa.value : undefined;
      target.latencyMs = duration(str(t, 'latency'));
      target.freshnessMs = duration(str(t, 'freshness'));
      target.rtoMs = duration(str(t, 'rto'));
    }
    out.journeys.push({
      uri, range: j.range, ranges: rangesOf(j),
      id: id.v,
      idRange: id.range,
      name: str(j, 'name'),
      description: str(j, 'description'),
      entry,
      demand: quantity(str(j, 'demand')),
      owner: str(j, 'owner') ?? file.owner,
      target,
      targetRanges,
    });
  }
  for (const sc of objs(root, 'scenarios')) {
    const id = sc.fields.get('id');
    if (id?.k !== 'str') {
      continue;
    }
    out.scenarios.push({
      uri, range: sc.range, ranges: rangesOf(sc),
      id: id.v,
      idRange: id.range,
      name: str(sc, 'name'),
      description: str(sc, 'description'),
      fail: refs(uri, sc, 'fail'),
      load: objs(sc, 'load').map((l) => ({
        uri, range: l.range, ranges: rangesOf(l),
        journey: ref(uri, l.fields.get('journey')),
        traffic: str(l, 'traffic') as Traffic | undefined,
        component: ref(uri, l.fields.get('component')),
        factor: num(l, 'factor') ?? 1,
      })),
      slow: objs(sc, 'slow').flatMap((w) => {
        const component = ref(uri, w.fields.get('component'));
        const latencyMs = duration(str(w, 'latency'));
        return component && latencyMs !== undefined ? [{ uri, range: w.range, ranges: rangesOf(w), component, latencyMs }] : [];
      }),
      mustSurvive: bool(sc, 'mustSurvive') ?? false,
    });
  }
  return out;
}

function quantity(text: string | undefined): Quantity | undefined {
  if (text === undefined) {
    return undefined;
  }
  const q = parseQuantity(text);
  return q.ok ? q.value : undefined;
}

function percent(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const p = parsePercent(text);
  return p.ok ? p.value / 100 : undefined;
}

export function extractSettings(o: Obj): Pick<FileModel, 'settings' | 'settingsRanges'> {
  const settings: Partial<Settings> = {};
  const settingsRanges = new Map<string, Range>();
  const max = num(o, 'retryAmplificationMax');
  if (max !== undefined) {
    settings.retryAmplificationMax = max;
  }
  const age = duration(str(o, 'rehearsalMaxAge'));
  if (age !== undefined) {
    settings.rehearsalMaxAgeMs = age;
  }
  const rules = o.fields.get('rules');
  if (rules?.k === 'obj') {
    settings.rules = {};
    for (const [id, v] of rules.fields) {
      if (v.k === 'str') {
        settings.rules[id] = v.v as Settings['rules'][string];
        settingsRanges.set(id, rules.keyRanges.get(id) ?? v.range);
      }
    }
  }
  return { settings, settingsRanges };
}

function duration(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const d = parseDuration(text);
  return d.ok ? d.value : undefined;
}

// Extraction is memoized per validated object: the chunked loader hands back the same objects for
// the blocks an edit did not touch, so a keystroke re-extracts one component, not a thousand.
const memo = new WeakMap<Obj, { uri: string; owner: string | undefined; component: Component | undefined }>();

function extractComponent(uri: string, c: Obj, defaultOwner: string | undefined): Component | undefined {
  const hit = memo.get(c);
  if (hit && hit.uri === uri && hit.owner === defaultOwner) {
    return hit.component;
  }
  const component = extractComponentUncached(uri, c, defaultOwner);
  memo.set(c, { uri, owner: defaultOwner, component });
  return component;
}

function extractComponentUncached(uri: string, c: Obj, defaultOwner: string | undefined): Component | undefined {
  const id = c.fields.get('id');
  const kind = str(c, 'kind');
  if (id?.k !== 'str' || !kind) {
    return undefined;
  }
  const headroom = str(c, 'headroom');
  const pct = headroom !== undefined ? parsePercent(headroom) : undefined;
  const component: Component = {
    uri, range: c.range, ranges: rangesOf(c),
    id: id.v,
    idRange: id.range,
    kind: kind as ComponentKind,
    name: str(c, 'name'),
    description: str(c, 'description'),
    tier: num(c, 'tier') as Tier | undefined,
    owner: str(c, 'owner') ?? defaultOwner,
    runbook: str(c, 'runbook'),
    replicas: num(c, 'replicas'),
    capacity: str(c, 'capacity'),
    capacityQ: quantity(str(c, 'capacity')),
    loadQ: quantity(str(c, 'load')),
    headroom: pct?.ok ? pct.value : undefined,
    concurrency: num(c, 'concurrency'),
    latencyMs: duration(str(c, 'latency')),
    domains: refs(uri, c, 'domains'),
    spreadAcross: refs(uri, c, 'spreadAcross'),
    dependsOn: [],
    calls: str(c, 'calls') as Component['calls'],
    signals: objs(c, 'signals').map((s) => extractSignal(uri, s)),
    watches: refs(uri, c, 'watches'),
    rollback: objs(c, 'rollback').map(
      (r): Rollback => ({ uri, range: r.range, ranges: rangesOf(r), name: str(r, 'name') ?? '', action: str(r, 'action') ?? '', safe: bool(r, 'safe'), when: str(r, 'when'), dont: str(r, 'dont'), takesMs: duration(str(r, 'takes')) }),
    ),
    runbookSteps: objs(c, 'runbookSteps').map(
      (s): RunbookStep => ({ uri, range: s.range, ranges: rangesOf(s), check: str(s, 'check') ?? '', conclude: str(s, 'conclude'), do: str(s, 'do'), dont: str(s, 'dont') }),
    ),
    acceptedRisk: str(c, 'acceptedRisk'),
  };
  for (const d of objs(c, 'dependsOn')) {
    const dep = extractDependency(uri, component.id, d);
    if (dep) {
      component.dependsOn.push(dep);
    }
  }
  return component;
}

function extractSignal(uri: string, s: Obj): Signal {
  return {
    uri, range: s.range, ranges: rangesOf(s),
    name: str(s, 'name') ?? '',
    metric: str(s, 'metric') ?? '',
    warn: num(s, 'warn'),
    crit: num(s, 'crit'),
    direction: (str(s, 'direction') as Signal['direction'] | undefined) ?? 'above',
    unit: str(s, 'unit'),
    leading: bool(s, 'leading') ?? false,
    measures: str(s, 'measures') as Signal['measures'],
    description: str(s, 'description'),
  };
}

function extractDependency(uri: string, from: string, d: Obj): Dependency | undefined {
  const target = ref(uri, d.fields.get('target'));
  if (!target) {
    return undefined;
  }
  const fb = d.fields.get('fallback');
  const fallback =
    fb?.k === 'str' ? { description: fb.v }
    : fb?.k === 'obj' ? { description: str(fb, 'description'), target: ref(uri, fb.fields.get('target')) }
    : undefined;
  return {
    uri, range: d.range, ranges: rangesOf(d),
    from,
    target,
    type: (str(d, 'type') as Dependency['type'] | undefined) ?? 'hard',
    mode: (str(d, 'mode') as Dependency['mode'] | undefined) ?? 'sync',
    timeoutMs: duration(str(d, 'timeout')),
    retries: num(d, 'retries') ?? 0,
    circuitBreaker: bool(d, 'circuitBreaker') ?? false,
    fallback,
    via: refs(uri, d, 'via'),
    trafficDeclared: str(d, 'traffic') as Traffic | undefined,
    // derived from the target's kind on every build (model/build.ts): extraction results are cached
    traffic: 'business',
    inheritsDegradation: bool(d, 'inheritsDegradation') ?? false,
    description: str(d, 'description'),
    calls: num(d, 'calls') ?? 1,
    demand: quantity(str(d, 'demand')),
    hitRatio: percent(str(d, 'hitRatio')),
    retryBudget: percent(str(d, 'retryBudget')),
    consumes: bool(d, 'consumes') ?? false,
    lagBudgetMs: duration(str(d, 'lagBudget')),
    journeys: refs(uri, d, 'journeys'),
  };
}
