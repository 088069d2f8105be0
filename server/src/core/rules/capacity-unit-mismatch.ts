import { stress } from '../scenarios/engine';
import { dimensionName, formatNumber, formatQuantity } from '../units';
import { possessive } from '../scenarios/describe';
import { defineRule } from './defineRule';

// Why: 300 rps cannot be compared with 400 kW. A flow that changes dimension without saying how (a
// rack's power draw, a payload size) would give every utilisation built on it a meaningless number;
// better no number and a clear finding.
export default defineRule({
  id: 'capacity-unit-mismatch',
  severity: 'error',
  category: 'stress',
  title: 'Units that do not convert',
  description:
    'Capacity, load and demand must be comparable along a flow: a rate (requests, messages, events per second) with a rate, bandwidth (bytes per second) with bandwidth, power (watts) with power. A journey\'s demand must be a rate; a component\'s load and the fixed demands on it must be in the dimension of its capacity; and a component whose capacity is bandwidth or power cannot be measured by the requests that reach it.',
  help: 'Write the quantity in the dimension of the capacity it is compared with (e.g. the rack\'s draw as `demand: 40 kW` on its dependency on the power feed), or fix the unit.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    if (!s.active) {
      return;
    }
    for (const j of g.model.journeys.values()) {
      if (j.demand && j.demand.dimension !== 'rate') {
        ctx.report({
          uri: j.uri,
          range: j.ranges['demand'] ?? j.idRange,
          key: `capacity-unit-mismatch:journey:${j.id}`,
          message: `A journey's demand is a rate of requests, messages or events, e.g. 300 rps; ${possessive(j.id)} is ${dimensionName(j.demand.dimension)}. Write it as a rate.`,
        });
      }
    }
    const loads = s.baseline.loads;
    for (let c = 0; c < g.components.length; c++) {
      const comp = g.components[c]!;
      const cap = comp.capacityQ;
      if (comp.loadQ && cap && comp.loadQ.dimension !== cap.dimension) {
        ctx.report({
          uri: comp.uri,
          range: comp.ranges['load'] ?? comp.idRange,
          key: `capacity-unit-mismatch:load:${comp.id}`,
          message: `${possessive(comp.id)} load is ${dimensionName(comp.loadQ.dimension)} but its capacity is ${dimensionName(cap.dimension)}: they cannot be compared. Write both in the same dimension.`,
        });
      }
      for (const dep of comp.dependsOn) {
        const target = g.model.components.get(dep.target.id);
        if (dep.demand && target?.capacityQ && dep.demand.dimension !== target.capacityQ.dimension) {
          ctx.report({
            uri: dep.uri,
            range: dep.ranges['demand'] ?? dep.range,
            key: `capacity-unit-mismatch:demand:${comp.id}:${target.id}`,
            message: `${comp.id} puts ${dimensionName(dep.demand.dimension)} on ${target.id}, whose capacity is ${dimensionName(target.capacityQ.dimension)} (${target.capacity}). Write the demand in ${target.capacityQ.unit}.`,
          });
        }
      }
      if (cap && cap.dimension !== 'rate' && loads.rate[c]! > 0) {
        const inDim = cap.dimension === 'power' ? loads.power[c]! : loads.bandwidth[c]!;
        if (inDim === 0) {
          ctx.report({
            uri: comp.uri,
            range: comp.ranges['capacity'] ?? comp.idRange,
            key: `capacity-unit-mismatch:flow:${comp.id}`,
            message: `${possessive(comp.id)} capacity, ${formatQuantity(cap.value, cap.unit)}, is ${dimensionName(cap.dimension)}, but what reaches it is requests, ${formatNumber(loads.rate[c]!)} per second: its utilisation cannot be known. Give the dependencies on it a \`demand\` in ${cap.unit}, or write its capacity as a rate.`,
          });
        }
      }
    }
  },
});
