import type { Component } from '../model/types';
import { defineRule } from './defineRule';
import { kindNamed } from '../words';

// Why: error rate and latency tell you the outage has started. Queue depth, pool usage, consumer lag,
// GC pause and thermal headroom tell you it is coming, while there is still time to shed load or
// scale. A critical component watched only by lagging signals pages too late.
export default defineRule({
  id: 'missing-leading-signal',
  severity: 'warning',
  category: 'signals',
  title: 'Critical component without a leading saturation signal',
  description:
    'A tier-1 or tier-2 component has no signal marked `leading: true`: nothing warns before users notice. Leading signals measure saturation (queue depth, connection-pool usage, consumer lag, retry rate, GC pause, thermal headroom), not the outage itself.',
  help: 'Add a signal with leading: true, a metric, and warn/crit thresholds that fire before the error rate moves.',
  check(ctx) {
    for (const c of ctx.model.components.values()) {
      if ((c.tier !== 1 && c.tier !== 2) || c.signals.some((s) => s.leading)) {
        continue;
      }
      const lagging = c.signals.length > 0;
      ctx.report({
        uri: c.uri,
        range: c.idRange,
        key: `missing-leading-signal:${c.id}`,
        message: `Tier-${c.tier} ${kindNamed(c.kind, c.id)} has ${lagging ? 'only lagging signals' : 'no saturation signals'}: nothing warns before users notice. Add a signal with leading: true (${suggestion(c)}).`,
        data: { component: c.id },
      });
    }
  },
});

/** A kind-appropriate example, so the message teaches what "leading" means here. */
export function suggestion(c: Component): string {
  switch (c.kind) {
    case 'queue':
    case 'stream':
      return 'e.g. consumer lag or queue depth';
    case 'datastore':
    case 'storage':
      return 'e.g. connection-pool usage or replication lag';
    case 'cache':
      return 'e.g. eviction rate or memory headroom';
    case 'compute':
      return 'e.g. GPU memory headroom or thermal throttling';
    case 'power':
      return 'e.g. load as a share of feed capacity';
    case 'cooling':
      return 'e.g. coolant supply temperature or thermal headroom';
    case 'network':
    case 'load-balancer':
      return 'e.g. link utilisation or connection-table usage';
    default:
      return 'e.g. request queue depth, thread-pool or connection-pool saturation, retry rate, GC pause';
  }
}
