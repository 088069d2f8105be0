// One small map with exactly two findings, shared by the CLI option tests and the report-format tests:
// an unreachable-threshold error (warn == crit, line 7) and a retry-amplification finding (11
// attempts on db against the limit of 10, line 8; a warning unless a test sets its level). The
// messages are written out by hand, as the person on call reads them.
export const twoFindingsMap = `incidentmap: 1
components:
  - id: api
    kind: service
    tier: 3
    signals:
      - {name: q, metric: q, warn: 20, crit: 20, leading: true}
    dependsOn: [{target: db, retries: 10}]
  - id: db
    kind: datastore
    tier: 3
`;
export const unreachableMessage =
  'Signal "q" of api fires above its thresholds, so warn (20) must be below crit (20); as written, crit fires first and the warning never gives notice. Swap them or fix direction.';
export const retryMessage =
  'Retry storm waiting to happen: one request to api can become 11 calls on db (api ×11 → db), above the limit of 10. Retry at one layer only, or add circuit breakers.';
