// Contract tests for every editor setting (issue 26, item 3), through the real language server over
// stdio: the client answers workspace/configuration for `incidentmap` with the values of the case.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { toUri } from '../../server/src/node/nodeHost';
import { TestClient } from './client';

// A retry chain of 3 × 3 = 9 attempts, a failover drilled 31 days before the pinned today
// (2026-11-22), and a tier-1 component without a leading signal: a finding every full analysis has.
const map = `incidentmap: 1
components:
  - id: edge
    kind: service
    tier: 1
    owner: web
    runbook: https://runbooks.example.com/edge
    dependsOn: [{target: api, retries: 2}]
  - {id: api, kind: service, dependsOn: [{target: db, retries: 2}]}
  - {id: db, kind: datastore}
  - {id: db-dr, kind: datastore}
failovers:
  - {from: db, to: db-dr, lastRehearsed: 2026-10-22}
`;

describe('editor settings through workspace/configuration', function () {
  let dir: string;
  let client: TestClient | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incidentmap-settings-'));
    writeFileSync(join(dir, 'main.incidentmap'), map);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && client) {
      console.error(`server log:\n${client.logs.join('\n')}\n${client.stderr}`);
    }
    client?.kill();
    client = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The diagnostics of the opened map's first full analysis under these editor settings. */
  async function diagnostics(settings: Record<string, unknown>, text = map): Promise<Diagnostic[]> {
    client = await TestClient.start({ folder: dir, settings });
    const uri = toUri(join(dir, 'main.incidentmap'));
    client.open(uri, text);
    const d = await client.diagnostics(uri, (x) => x.some((y) => y.code === 'missing-leading-signal'), { version: 1 });
    client.kill();
    client = undefined;
    return d;
  }
  const messages = (d: Diagnostic[], code: string) => d.filter((x) => x.code === code).map((x) => x.message);

  it('defaults: a product of 9 is within 10, a 31-day-old drill within 180 days', async () => {
    const d = await diagnostics({});
    assert.deepEqual(messages(d, 'retry-amplification'), []);
    assert.deepEqual(messages(d, 'failover-not-rehearsed'), []);
  });

  it('retryAmplificationMax and rehearsalMaxAge below what the map has: both reported with the editor limits', async () => {
    const d = await diagnostics({ retryAmplificationMax: 8, rehearsalMaxAge: '30d' });
    assert.deepEqual(messages(d, 'retry-amplification'), [
      'Retry storm waiting to happen: one request to edge can become 9 calls on db (edge ×3 → api ×3 → db), above the limit of 8. Retry at one layer only, or add circuit breakers.',
    ]);
    assert.deepEqual(messages(d, 'failover-not-rehearsed'), [
      'Failover db → db-dr was last rehearsed 31 days ago, more than the allowed 30d. Rehearse it again and update lastRehearsed.',
    ]);
  });

  it('at the limits (9 attempts, 31 days as a number of days) nothing is reported', async () => {
    const d = await diagnostics({ retryAmplificationMax: 9, rehearsalMaxAge: 31 });
    assert.deepEqual(messages(d, 'retry-amplification'), []);
    assert.deepEqual(messages(d, 'failover-not-rehearsed'), []);
  });

  it('values that are not settings are ignored, not half-applied: the defaults hold', async () => {
    const d = await diagnostics({ retryAmplificationMax: 0, rehearsalMaxAge: 'soon', rules: { 'missing-leading-signal': 'loud', 'no-such-rule': 'off' } });
    assert.deepEqual(messages(d, 'retry-amplification'), []);
    assert.deepEqual(messages(d, 'failover-not-rehearsed'), []);
    assert.equal(d.find((x) => x.code === 'missing-leading-signal')?.severity, 2, 'still a warning');
  });

  it("the map's own settings win over the editor's", async () => {
    const own = map.replace('components:', 'settings:\n  retryAmplificationMax: 9\ncomponents:');
    const d = await diagnostics({ retryAmplificationMax: 8 }, own);
    assert.deepEqual(messages(d, 'retry-amplification'), []);
  });
});
