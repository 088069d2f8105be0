import { stress } from '../scenarios/engine';
import { loadText } from '../scenarios/describe';
import { defineRule } from './defineRule';

// Why: headroom is the number people plan with, and it is usually written once and never updated.
// When the journeys that reach a component (or its declared load) say otherwise, one of them is wrong,
// and every capacity answer built on it too.
export default defineRule({
  id: 'headroom-mismatch',
  severity: 'warning',
  category: 'stress',
  title: 'Headroom contradicts capacity and load',
  description:
    'A component that declares `headroom` and `capacity` also has a load at peak: its own `load`, or what the journeys and fixed demands bring to it. When the headroom that load leaves differs from the declared one by more than 10 percentage points, the map contradicts itself.',
  help: 'Update headroom, capacity or load to what is measured at peak (or fix the journeys\' demand and call ratios).',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    if (!s.active) {
      return;
    }
    const loads = s.baseline.loads;
    for (let c = 0; c < g.components.length; c++) {
      const comp = g.components[c]!;
      if (comp.headroom === undefined || !comp.capacityQ || comp.capacityQ.value <= 0) {
        continue;
      }
      const cap = comp.capacityQ.value;
      const dim = comp.capacityQ.dimension;
      let load: number;
      let source: string;
      if (comp.loadQ && comp.loadQ.dimension === dim) {
        load = comp.loadQ.value;
        source = 'its load';
      } else if (dim === 'rate') {
        // What the journeys and fixed demands explain, without the part the headroom itself implied.
        load = loads.rate[c]! - s.baseline.background[c]!;
        source = 'the journeys that reach it';
        if (load <= 0) {
          continue;
        }
      } else {
        load = dim === 'power' ? loads.power[c]! : loads.bandwidth[c]!;
        source = 'the demands on it';
        if (load <= 0) {
          continue;
        }
      }
      // Rounded to a tenth of a point: 1 - 800/1000 is 0.19999999999999996 in floating point.
      const actual = Math.round(1000 * (1 - load / cap)) / 10;
      if (Math.abs(actual - comp.headroom) <= 10) {
        continue;
      }
      ctx.report({
        uri: comp.uri,
        range: comp.ranges['headroom'] ?? comp.idRange,
        key: `headroom-mismatch:${comp.id}`,
        message: `${comp.id} says headroom ${comp.headroom}%, but ${source} bring${source === 'its load' ? 's' : ''} ${loadText(g, c, load)} of its ${loadText(g, c, cap)}: ${actual < 0 ? `${Math.round(-actual)}% over capacity` : `${Math.round(actual)}% headroom`}. Update the headroom, the capacity or the load to what is measured at peak.`,
        data: { component: comp.id, declared: comp.headroom, derived: Math.round(actual * 10) / 10, load, capacity: cap },
      });
    }
  },
});
