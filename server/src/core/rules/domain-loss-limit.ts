import { domainLossBudget, stress } from '../scenarios/engine';
import { kindNamed } from '../words';
import { defineRule } from './defineRule';

// Why: the static-stability check (capacity-after-domain-loss) runs a load pass over the whole map
// for every domain a component spreads across. Its work is bounded so a map from a pull request that
// spreads thousands of components across thousands of racks cannot stall the editor or CI; this says
// what the bound left unchecked, so silence is never taken for a pass.
export default defineRule({
  id: 'domain-loss-limit',
  severity: 'info',
  category: 'stress',
  title: 'Domain losses not checked',
  description: `The static-stability check loses each domain that a component with capacity spreads across, one at a time, and runs the load through the whole map each time. It does at most ${domainLossBudget.toLocaleString('en-US')} component evaluations per map (domains × components): past that, the remaining domains are not checked, and capacity-after-domain-loss says nothing about them.`,
  help: 'Split the map (one map per region or cell, including what they share), or group the domains components spread across (racks into rows or zones), so every domain loss is checked.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    const skipped = s.domainLossSkipped;
    if (skipped.length === 0) {
      return;
    }
    const first = g.domains[skipped[0]!]!;
    const checked = s.domainLoss.length;
    const total = checked + skipped.length;
    const n = g.components.length;
    const others = skipped.length > 1 ? ` and ${(skipped.length - 1).toLocaleString('en-US')} other domains` : '';
    ctx.report({
      uri: first.uri,
      range: first.idRange,
      key: 'domain-loss-limit',
      message: `Capacity after losing ${kindNamed(first.kind, first.id)}${others} was not checked: ${total.toLocaleString('en-US')} domains × ${n.toLocaleString('en-US')} components is past the limit of ${domainLossBudget.toLocaleString('en-US')}, so only the first ${checked.toLocaleString('en-US')} domains (in the order components list them) were checked. Split the map by region or cell, or group these domains (racks into rows or zones), to have every loss checked.`,
      data: { checked, skipped: skipped.length, components: n, budget: domainLossBudget, firstSkipped: first.id },
    });
  },
});
