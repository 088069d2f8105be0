import { defineRule } from './defineRule';

// Why: when metrics and alerts travel the same link, zone or provider as the traffic they watch, the
// failure that breaks the traffic also blinds the people who must see it. Dashboards go flat exactly
// when they are needed; the same holds for a control plane that steers over the path it repairs.
export default defineRule({
  id: 'telemetry-shares-path',
  severity: 'warning',
  category: 'propagation',
  title: 'Telemetry shares the path of the traffic it watches',
  description:
    'Telemetry or control-plane traffic rides a network path or domain that the business traffic it observes also rides, or a telemetry component that watches a component lives in a domain that component\'s business traffic depends on. One failure then takes out both the traffic and the view of it.',
  help: 'Send telemetry over a separate network path (out-of-band), or host the monitoring outside the failure domains it watches.',
  check(ctx) {
    const g = ctx.graph;
    g.components.forEach((comp, c) => {
      const business = new Map<number, string>();
      for (const ei of g.out[c]!) {
        const e = g.edges[ei]!;
        if (e.dep.traffic === 'business') {
          e.viaDomains.forEach((d) => business.set(d, g.components[e.to]!.id));
        }
      }
      if (business.size === 0) {
        return;
      }
      for (const ei of g.out[c]!) {
        const e = g.edges[ei]!;
        if (e.dep.traffic === 'business') {
          continue;
        }
        const shared = e.viaDomains.filter((d) => business.has(d));
        if (shared.length === 0) {
          continue;
        }
        const d = g.domains[shared[0]!]!;
        const what = e.dep.traffic === 'telemetry' ? 'Telemetry' : 'Control-plane traffic';
        ctx.report({
          uri: e.dep.uri,
          range: e.dep.ranges['via'] ?? e.dep.range,
          key: `telemetry-shares-path:${comp.id}:${g.components[e.to]!.id}`,
          message: `${what} from ${comp.id} to ${g.components[e.to]!.id} rides ${d.kind} ${d.id}, like its business traffic to ${business.get(shared[0]!)}: when ${d.id} fails you lose the traffic and the view of it together. Route it over a separate path.`,
          data: { component: comp.id, telemetry: g.components[e.to]!.id, shared: d.id },
        });
      }
    });
    // A watcher living inside a domain that the watched component's business traffic rides.
    g.components.forEach((watcher, w) => {
      if (watcher.kind !== 'telemetry' && watcher.kind !== 'control-plane') {
        return;
      }
      const home = new Set(g.compDomains[w]);
      for (const ref of watcher.watches) {
        const target = g.index.get(ref.id);
        if (target === undefined) {
          continue;
        }
        for (const ei of g.out[target]!) {
          const e = g.edges[ei]!;
          const d = e.dep.traffic === 'business' ? e.viaDomains.find((x) => home.has(x)) : undefined;
          if (d === undefined) {
            continue;
          }
          const dom = g.domains[d]!;
          ctx.report({
            uri: ref.uri,
            range: ref.range,
            key: `telemetry-shares-path:${watcher.id}:watches:${ref.id}`,
            message: `${watcher.id} watches ${ref.id} but lives in ${dom.kind} ${dom.id}, which ${ref.id}'s traffic to ${g.components[e.to]!.id} rides: when ${dom.id} fails, the watcher fails with what it should report. Host it outside ${dom.id}.`,
            related: [{ uri: e.dep.uri, range: e.dep.ranges['via'] ?? e.dep.range, message: `${ref.id} → ${g.components[e.to]!.id} rides ${dom.id}` }],
            data: { component: watcher.id, watched: ref.id, shared: dom.id },
          });
          break;
        }
      }
    });
  },
});
