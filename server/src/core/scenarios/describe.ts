// Words and numbers for stress findings, hovers and the CLI: one place, so they read alike everywhere.
import type { PropGraph } from '../propagation/graph';
import { baseUnit, formatNumber, formatPercent, formatQuantity } from '../units';
import type { Saturation } from './engine';

/** A load at component c in the unit its capacity is written in ("1,170 rps"), or per second. */
export function loadText(g: PropGraph, c: number, value: number): string {
  const comp = g.components[c]!;
  const unit = comp.capacityQ?.unit ?? comp.loadQ?.unit ?? baseUnit('rate');
  return formatQuantity(value, unit);
}

/** "the crit of its utilisation signal \"worker usage\" (85%)" or "its capacity". */
export function limitText(g: PropGraph, c: number, limit: number): string {
  const sig = g.components[c]!.signals.find((s) => s.measures === 'utilisation' && s.crit !== undefined);
  return limit < 1 && sig ? `its saturation line of ${formatPercent(limit)} (the crit of "${sig.name}")` : 'its capacity';
}

/** "orders at 268% of its capacity (804 rps on 300 rps)". */
export function saturationText(g: PropGraph, s: Saturation, capacity: number, load: number): string {
  const id = g.components[s.component]!.id;
  if (s.measure === 'pool') {
    return `${id} with ${formatPercent(s.utilisation)} of its concurrency in use (${g.components[s.component]!.concurrency} at once)`;
  }
  return `${id} at ${formatPercent(s.utilisation)} of the capacity it has left (${loadText(g, s.component, load)} on ${loadText(g, s.component, capacity)})`;
}

export { formatNumber, formatPercent };

/** "payments'" and "checkout-api's": one definition, in words.ts. */
export { possessive } from '../words';
