import { defineRule } from './defineRule';

// Why: a warn threshold past the crit threshold never warns: the page comes first, with no early
// notice. The mistake usually comes from copying an "above" signal to a "below" one (free capacity).
export default defineRule({
  id: 'unreachable-threshold',
  severity: 'error',
  category: 'signals',
  title: 'Thresholds that can never fire in order',
  description:
    'For a signal that fires above its thresholds, warn must be lower than crit; for one that fires below, warn must be higher. Otherwise crit fires first (or together with warn) and the warning never gives notice.',
  help: 'Swap warn and crit, or fix `direction`.',
  check(ctx) {
    for (const c of ctx.model.components.values()) {
      for (const s of c.signals) {
        if (s.warn === undefined || s.crit === undefined) {
          continue;
        }
        const ok = s.direction === 'above' ? s.warn < s.crit : s.warn > s.crit;
        if (ok) {
          continue;
        }
        const warnRange = s.ranges['warn'];
        const critRange = s.ranges['crit'];
        const relation = s.direction === 'above' ? 'below' : 'above';
        ctx.report({
          uri: s.uri,
          range: warnRange ?? s.range,
          key: `unreachable-threshold:${c.id}:${s.name}`,
          message: `Signal "${s.name}" of ${c.id} fires ${s.direction} its thresholds, so warn (${s.warn}) must be ${relation} crit (${s.crit}); as written, crit fires first and the warning never gives notice. Swap them or fix direction.`,
          fixes:
            warnRange && critRange
              ? [{ title: 'Swap warn and crit', edits: [{ uri: s.uri, range: warnRange, newText: String(s.crit) }, { uri: s.uri, range: critRange, newText: String(s.warn) }] }]
              : undefined,
          data: { component: c.id, signal: s.name },
        });
      }
    }
  },
});
