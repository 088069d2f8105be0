import { defineRule } from './defineRule';
import { kindNamed, possessive } from '../words';

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
    const { to, dep, viaDomains } = g.edges;
    g.components.forEach((comp, c) => {
      // Most calls name no network path: a component gets a map only once its business traffic rides one.
      let business: Map<number, string> | undefined;
      for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
        if (dep[ei]!.traffic === 'business') {
          for (const d of viaDomains[ei]!) {
            (business ??= new Map()).set(d, g.components[to[ei]!]!.id);
          }
        }
      }
      if (!business) {
        return;
      }
      for (let ei = g.outStart[c]!; ei < g.outStart[c + 1]!; ei++) {
        const e = dep[ei]!;
        if (e.traffic === 'business') {
          continue;
        }
        const shared = viaDomains[ei]!.filter((d) => business!.has(d));
        if (shared.length === 0) {
          continue;
        }
        const d = g.domains[shared[0]!]!;
        const what = e.traffic === 'telemetry' ? 'Telemetry' : 'Control-plane traffic';
        const target = g.components[to[ei]!]!.id;
        ctx.report({
          uri: e.uri,
          range: e.ranges['via'] ?? e.range,
          key: `telemetry-shares-path:${comp.id}:${target}`,
          message: `${what} from ${comp.id} to ${target} rides ${kindNamed(d.kind, d.id)}, like its business traffic to ${business.get(shared[0]!)}: when ${d.id} fails you lose the traffic and the view of it together. Route it over a separate path.`,
          data: { component: comp.id, telemetry: target, shared: d.id },
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
        for (let ei = g.outStart[target]!; ei < g.outStart[target + 1]!; ei++) {
          const e = dep[ei]!;
          const d = e.traffic === 'business' ? viaDomains[ei]!.find((x) => home.has(x)) : undefined;
          if (d === undefined) {
            continue;
          }
          const dom = g.domains[d]!;
          ctx.report({
            uri: ref.uri,
            range: ref.range,
            key: `telemetry-shares-path:${watcher.id}:watches:${ref.id}`,
            message: `${watcher.id} watches ${ref.id} but lives in ${kindNamed(dom.kind, dom.id)}, which ${possessive(ref.id)} traffic to ${g.components[to[ei]!]!.id} rides: when ${dom.id} fails, the watcher fails with what it should report. Host it outside ${dom.id}.`,
            related: [{ uri: e.uri, range: e.ranges['via'] ?? e.range, message: `${ref.id} → ${g.components[to[ei]!]!.id} rides ${dom.id}` }],
            data: { component: watcher.id, watched: ref.id, shared: dom.id },
          });
          break;
        }
      }
    });
  },
});
