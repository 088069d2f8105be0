import { formatDuration } from '../values';
import { defineRule } from './defineRule';

// Why: an unrehearsed failover is a hypothesis. DNS TTLs, stale credentials, a replica that fell
// behind, a runbook step nobody can perform: drills find these, incidents find them too, slower.
export default defineRule({
  id: 'failover-not-rehearsed',
  severity: 'warning',
  category: 'ownership',
  title: 'Failover not rehearsed recently',
  description:
    'A failover path that was never rehearsed, has no lastRehearsed date, or was last rehearsed longer ago than settings.rehearsalMaxAge (180 days by default).',
  help: 'Run a failover drill and record its date in lastRehearsed.',
  check(ctx) {
    const maxAge = ctx.settings.rehearsalMaxAgeMs;
    for (const f of ctx.model.failovers) {
      const last = f.lastRehearsed;
      const label = `${f.from.id} → ${f.to.id}`;
      let message: string | undefined;
      if (last === undefined || last === 'never') {
        message = `Failover ${label} has ${last === 'never' ? 'never been rehearsed' : 'no lastRehearsed date'}: until a drill proves it, it is a hypothesis. Rehearse it and record the date.`;
      } else if (ctx.now - last > maxAge) {
        const days = Math.floor((ctx.now - last) / 86_400_000);
        message = `Failover ${label} was last rehearsed ${days} days ago, more than the allowed ${formatDuration(maxAge)}. Rehearse it again and update lastRehearsed.`;
      }
      if (message) {
        ctx.report({ uri: f.uri, range: f.ranges['lastRehearsed'] ?? f.ranges['from'] ?? f.range, key: `failover-not-rehearsed:${f.from.id}:${f.to.id}`, message });
      }
    }
  },
});
