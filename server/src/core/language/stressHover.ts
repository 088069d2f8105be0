// The stress analysis in the editor: a component's load at peak and its worst scenario in the hover,
// and "65% at peak" (or "saturates first") in its code lens. Read from the same stress() the rules use.
import type { PropGraph } from '../propagation/graph';
import { stress } from '../scenarios/engine';
import { loadText } from '../scenarios/describe';
import { formatNumber, formatPercent } from '../units';

/** Markdown lines for the hover of component `id`; none when the map says nothing about its load. */
export function stressHoverLines(g: PropGraph, id: string): string[] {
  const c = g.index.get(id);
  if (c === undefined) {
    return [];
  }
  const s = stress(g);
  if (!s.active) {
    return [];
  }
  const base = s.baseline;
  const u = base.loads.utilisation[c]!;
  const pool = base.loads.pool[c]!;
  const lines: string[] = [];
  const comp = g.components[c]!;
  if (!Number.isNaN(u)) {
    const dim = base.plan.capacityDim[c];
    const load = dim === 'power' ? base.loads.power[c]! : dim === 'bandwidth' ? base.loads.bandwidth[c]! : base.loads.rate[c]!;
    const at = base.saturatesAt[c]!;
    const first = base.firstToSaturate[0] === c && Number.isFinite(at);
    lines.push(
      `**Load at peak:** ${loadText(g, c, load)} of ${loadText(g, c, base.plan.capacity[c]!)} (${formatPercent(u)})` +
        (Number.isFinite(at) ? ` · reaches its saturation line at ${formatNumber(at)}× peak${first ? ', first in this map' : ''}` : ''),
    );
  } else if (base.loads.rate[c]! > 0) {
    lines.push(`**Load at peak:** ${loadText(g, c, base.loads.rate[c]!)} (no capacity declared)`);
  }
  if (!Number.isNaN(pool)) {
    lines.push(`**Concurrency at peak:** ${formatPercent(pool)} of ${comp.concurrency} in use`);
  }
  // The worst scenario for this component: highest utilisation, or down.
  let worst: { name: string; text: string; score: number } | undefined;
  for (const r of [...s.declared, ...s.domainLoss]) {
    for (const ph of r.phases) {
      const sat = ph.saturated.find((x) => x.component === c);
      const down = ph.sim.state[c] === 2;
      const score = down ? Infinity : sat ? sat.utilisation / sat.limit : ph.loads.utilisation[c]! || 0;
      if (!worst || score > worst.score) {
        const name = r.case.declared ? `scenario ${r.case.id}` : r.case.name;
        const text = down ? 'down' : sat ? `${formatPercent(sat.utilisation)}${sat.measure === 'pool' ? ' of its concurrency' : ''}, saturated` : Number.isNaN(ph.loads.utilisation[c]!) ? '' : formatPercent(ph.loads.utilisation[c]!);
        if (text) {
          worst = { name, text: `${text}${ph.phase === 'failure' ? ' until failover completes' : ''}`, score };
        }
      }
    }
  }
  if (worst && worst.score > 0) {
    lines.push(`**Worst scenario:** ${worst.name}: ${worst.text}`);
  }
  return lines;
}

/** The part of the code lens about load: "65% at peak", "saturates first (1.5× peak)". */
export function stressLensSuffix(g: PropGraph, id: string): string {
  const c = g.index.get(id);
  if (c === undefined) {
    return '';
  }
  const s = stress(g);
  if (!s.active) {
    return '';
  }
  const u = s.baseline.utilisation[c]!;
  if (Number.isNaN(u)) {
    return '';
  }
  const at = s.baseline.saturatesAt[c]!;
  return s.baseline.firstToSaturate[0] === c && Number.isFinite(at) ? ` · ${formatPercent(u)} at peak, saturates first (at ${formatNumber(at)}× peak)` : ` · ${formatPercent(u)} at peak`;
}
