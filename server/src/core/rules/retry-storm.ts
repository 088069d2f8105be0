import { stress } from '../scenarios/engine';
import { limitText, loadText } from '../scenarios/describe';
import { formatPercent } from '../units';
import { defineRule } from './defineRule';

// Why: the metastable failure. A trigger (a slowdown, a lost zone, a surge) makes some attempts fail;
// callers retry them; the retries are load; more attempts fail. Past a point the retry load alone
// keeps the component overloaded after the trigger is gone (Bronson et al., HotOS 2021; Huang et al.,
// OSDI 2022).
export default defineRule({
  id: 'retry-storm',
  severity: 'warning',
  category: 'stress',
  title: 'Retry storm under a scenario',
  description:
    'Under a declared scenario or the loss of one domain, a component that stays within its saturation line on the demand alone is pushed past it once its callers retry the attempts that fail or time out (retries along a chain multiply). Load created by retries keeps it overloaded after the trigger is gone: a metastable failure.',
  help: 'Give the callers a retry budget (retryBudget: 10%) or a circuit breaker, retry at one layer only, or add capacity above the retry load.',
  check(ctx) {
    const g = ctx.graph;
    const s = stress(g);
    if (!s.active) {
      return;
    }
    const done = new Set<number>();
    for (const r of [...s.declared, ...s.domainLoss]) {
      for (const storm of r.retryStorms) {
        const c = storm.component;
        if (done.has(c)) {
          continue;
        }
        done.add(c);
        const comp = g.components[c]!;
        // The phase the storm was found in: its loads are the ones the message quotes (an earlier phase
        // may have c saturated by demand alone, with other loads).
        const ph = r.phases.find((p) => p.saturated.includes(storm))!;
        // The caller that retries most into c, where the finding belongs: any call whose retries add
        // load here (scenarios/load.ts multiplies every call but a consumer's read, synchronous or
        // not), unless a circuit breaker stops them.
        let at = -1;
        for (let k = g.inStart[c]!; k < g.inStart[c + 1]!; k++) {
          const e = g.inEdges[k]!;
          const dep = g.edges.dep[e]!;
          if (g.edges.attempts[e]! > 1 && !dep.circuitBreaker && !dep.consumes && (at < 0 || g.edges.attempts[e]! > g.edges.attempts[at]!)) {
            at = e;
          }
        }
        const dep = at >= 0 ? g.edges.dep[at]! : undefined;
        const load = ph.loads.rate[c]!;
        const cap = ph.loads.capacity[c]!;
        // A declared scenario, or the loss of one domain (the static-stability check).
        const lost = g.domains[r.case.failDomains[0]!];
        const where = r.case.declared ? `In scenario ${r.case.declared.name ? `"${r.case.declared.name}"` : r.case.id}` : `If ${lost!.kind} ${lost!.id} fails`;
        const fix = dep ? `Give ${dep.from} → ${comp.id} a retry budget (retryBudget: 10%) or a circuit breaker, or retry at one layer only.` : 'Bound the retries of the callers above it (a retry budget or a circuit breaker), or retry at one layer only.';
        ctx.report({
          uri: dep?.uri ?? comp.uri,
          // A caller is named only for its retries (attempts > 1), so it writes `retries`.
          range: dep ? (dep.ranges['retries'] ?? dep.range) : (comp.ranges['capacity'] ?? comp.idRange),
          key: `retry-storm:${comp.id}`,
          message: `${where}, retries push ${comp.id} to ${formatPercent(storm.utilisation)} of the capacity it has left (${loadText(g, c, load)} on ${loadText(g, c, cap)}), above ${limitText(g, c, storm.limit)}; without the retries it would be at ${formatPercent(storm.withoutRetries)}. The retry load keeps it overloaded after the trigger is gone. ${fix}`,
          related: [
            { uri: comp.uri, range: comp.ranges['capacity'] ?? comp.idRange, message: `${comp.id}: capacity` },
            ...(r.case.declared ? [{ uri: r.case.declared.uri, range: r.case.declared.idRange, message: `scenario ${r.case.id}` }] : []),
          ],
          data: { component: comp.id, scenario: r.case.id, utilisation: storm.utilisation, withoutRetries: storm.withoutRetries, limit: storm.limit },
        });
      }
    }
  },
});
