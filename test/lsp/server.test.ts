// Protocol tests: the built server (dist/server.js --stdio) in a child process, driven over JSON-RPC
// exactly as an editor drives it, on a temporary copy of test/fixtures/lsp.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  MarkupContent,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { GraphRequest, SimulateRequest, type AnalyzedNotification } from '../../server/src/protocol/lsp';
import { repoRoot } from '../helpers/core';
import { applyEdits, codes, tempWorkspace, TestClient } from './client';

type Ws = ReturnType<typeof tempWorkspace>;

/** The position of `needle` in `text` (its first occurrence after `from`), plus `offset` characters. */
function at(text: string, needle: string, offset = 0, from?: string): { line: number; character: number } {
  const start = from ? text.indexOf(from) : 0;
  const i = text.indexOf(needle, start);
  assert.ok(i >= 0, `"${needle}" not in text`);
  const before = text.slice(0, i + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

describe('language server over stdio', function () {
  let ws: Ws;
  let client: TestClient | undefined;

  beforeEach(() => {
    ws = tempWorkspace();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && client) {
      console.error(`server log:\n${client.logs.join('\n')}\n${client.stderr}`);
    }
    client?.kill();
    client = undefined;
    ws.remove();
  });

  async function start(settings?: Record<string, unknown>, initializationOptions?: Record<string, unknown>): Promise<TestClient> {
    client = await TestClient.start({ folder: ws.dir, settings, initializationOptions });
    return client;
  }

  it('analyses the whole workspace on startup, reporting $/progress', async () => {
    const c = await start();
    await c.notification<{ value: { kind: string } }>('$/progress', (p) => p.value.kind === 'begin');
    await c.notification<{ value: { kind: string } }>('$/progress', (p) => p.value.kind === 'end');
    // Findings of files nobody opened: typos.incidentmap, and shared.incidentmap through main's analysis.
    const typos = await c.diagnostics(ws.uri('typos.incidentmap'), (d) => d.length >= 5);
    assert.deepEqual(codes(typos), ['invalid-value@3', 'unknown-key@15', 'unknown-reference@10', 'unknown-reference@11', 'unreachable-threshold@20']);
    const shared = await c.diagnostics(ws.uri('shared.incidentmap'), (d) => d.some((x) => x.code === 'single-point-of-failure'));
    assert.equal(shared.length, 1);
  });

  it('publishes diagnostics on didOpen with rule id, docs link, source, severity and related information', async () => {
    const c = await start();
    const uri = ws.uri('typos.incidentmap');
    c.open(uri, ws.text('typos.incidentmap'));
    const diags = await c.diagnostics(uri, (d) => d.length === 5, { version: 1 });
    const kind = diags.find((d) => d.code === 'invalid-value')!;
    assert.equal(kind.source, 'incidentmap');
    assert.equal(kind.severity, 1);
    assert.equal(kind.codeDescription?.href, 'https://github.com/incidentmap/incidentmap/blob/main/docs/rules.md#invalid-value');
    assert.match(String(kind.message), /Did you mean service/);
    const main = ws.uri('main.incidentmap');
    c.open(main, ws.text('main.incidentmap'));
    const mainDiags = await c.diagnostics(main, (d) => d.length === 2, { version: 1 });
    const leading = mainDiags.find((d) => d.code === 'missing-leading-signal')!;
    assert.equal(leading.severity, 2, 'warning');
    const spof = mainDiags.find((d) => d.code === 'single-point-of-failure')!;
    assert.ok(spof.relatedInformation === undefined || Array.isArray(spof.relatedInformation));
  });

  it('reports a syntax error while typing and clears it when fixed (debounced, syntax-only pass)', async () => {
    const c = await start();
    const uri = ws.uri('shared.incidentmap');
    const text = ws.text('shared.incidentmap');
    c.open(uri, text);
    await c.diagnostics(uri, (d) => d.length === 1, { version: 1 });
    const broken = text.replace('    kind: datastore', '    kind: [datastore');
    const v2 = c.change(uri, broken);
    const d2 = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'yaml-syntax'), { version: v2 });
    assert.ok(d2.every((d) => d.range.start.line < broken.split('\n').length));
    const v3 = c.change(uri, text);
    const d3 = await c.diagnostics(uri, () => true, { version: v3 });
    assert.deepEqual(
      d3.filter((d) => d.code === 'yaml-syntax'),
      [],
    );
  });

  it('never publishes a result computed from an older version of the text', async () => {
    const c = await start(undefined, { debounceMs: 0 });
    // The workspace scan analyses main.incidentmap, which includes shared: its result republishes
    // shared's (still version 1) diagnostics whenever it lands. Let it land before the mark, so every
    // publish after the mark answers one of the edits below (1 run in 50 saw that late version 1).
    await c.notification<{ value: { kind: string } }>('$/progress', (p) => p.value.kind === 'end');
    const uri = ws.uri('shared.incidentmap');
    const text = ws.text('shared.incidentmap');
    const lines = text.split('\n');
    c.open(uri, text);
    await c.diagnostics(uri, () => true, { version: 1 });
    const mark = c.mark();
    // Each version breaks a different line; edits arrive faster than analyses finish.
    const expected = new Map<number, number>();
    for (const line of [2, 3, 4, 5, 7, 8, 9, 10]) {
      const broken = lines.map((l, n) => (n === line ? `${l}: x` : l)).join('\n');
      expected.set(c.change(uri, broken), line);
    }
    const last = Math.max(...expected.keys());
    await c.diagnostics(uri, () => true, { after: mark, version: last });
    const published = c.publishes.slice(mark).filter((p) => p.uri === uri);
    for (const p of published) {
      assert.ok(p.version !== undefined && expected.has(p.version), `unexpected version ${p.version}`);
      const syntax = p.diagnostics.filter((d) => d.code === 'yaml-syntax').map((d) => d.range.start.line);
      assert.ok(syntax.length > 0 && syntax.every((l) => l === expected.get(p.version!)), `v${p.version}: errors on ${syntax.join()} but the text broke line ${expected.get(p.version!)}`);
    }
    const versions = published.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only move forward');
  });

  // issue 23, item 8: the findings of the last full analysis stay while the author types.
  // (rack-r2 is no single point of failure since item 10: it holds only a standby.)
  const aiInference = [
    'capacity-unit-mismatch@247',
    'failover-not-rehearsed@239',
    'failover-same-domain@234',
    'retry-amplification@188',
    'single-point-of-failure@30',
    'single-point-of-failure@45',
    'telemetry-shares-path@196',
    'timeout-inversion@187',
    'unreachable-threshold@100',
  ];

  function openAiInference(c: TestClient): { uri: string; text: string } {
    const text = readFileSync(join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap'), 'utf8');
    writeFileSync(join(ws.dir, 'ai-inference.incidentmap'), text);
    const uri = ws.uri('ai-inference.incidentmap');
    c.open(uri, text);
    return { uri, text };
  }

  it('keeps every finding while typing one character into the map name (issue 23, item 8)', async () => {
    const c = await start();
    const { uri, text } = openAiInference(c);
    const opened = await c.diagnostics(uri, (d) => d.length === 9, { version: 1 });
    assert.deepEqual(codes(opened), aiInference);
    const analyses = () => c.notifications.filter((n) => n.method === 'incidentmap/analyzed' && (n.params as AnalyzedNotification.Params).uri === uri).length;
    const before = analyses();
    c.save(uri);
    await c.notification<AnalyzedNotification.Params>('incidentmap/analyzed', (p) => p.uri === uri && p.full && analyses() > before);
    const mark = c.mark();
    // `name: inference hall 2` is line 11; insert one character at the end of the value.
    assert.equal(text.split('\n')[11], 'name: inference hall 2');
    const v2 = c.edit(uri, { start: { line: 11, character: 22 }, end: { line: 11, character: 22 } }, 'b');
    const typing = await c.diagnostics(uri, () => true, { after: mark, version: v2 });
    assert.deepEqual(codes(typing), aiInference, 'the findings of the last full analysis stay while typing');
    // Nothing published in between took them away.
    for (const p of c.publishes.slice(mark).filter((p) => p.uri === uri)) {
      assert.deepEqual(codes(p.diagnostics), aiInference, `publish of v${p.version}`);
    }
  });

  it('keeps every finding while typing in a map the workspace scan analysed, opened as on disk and never saved (issue 23, item 8)', async () => {
    // As VS Code does it: the file is on disk when the server starts, the scan analyses it, the editor
    // opens it unchanged (the scan's analysis is reused), and the author types without saving.
    const text = readFileSync(join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap'), 'utf8');
    writeFileSync(join(ws.dir, 'ai-inference.incidentmap'), text);
    const uri = ws.uri('ai-inference.incidentmap');
    const c = await start();
    await c.notification<AnalyzedNotification.Params>('incidentmap/analyzed', (p) => p.uri === uri && p.full);
    c.open(uri, text);
    const opened = await c.diagnostics(uri, (d) => d.length === 9, { version: 1 });
    assert.deepEqual(codes(opened), aiInference);
    const mark = c.mark();
    const v2 = c.edit(uri, { start: { line: 11, character: 22 }, end: { line: 11, character: 22 } }, 'b');
    const typing = await c.diagnostics(uri, () => true, { after: mark, version: v2 });
    assert.deepEqual(codes(typing), aiInference, 'the scan\'s findings stay while typing');
  });

  it('while typing, drops the findings of the item edited and moves the ones below it (issue 23, item 8)', async () => {
    const c = await start();
    const { uri, text } = openAiInference(c);
    await c.diagnostics(uri, (d) => d.length === 9, { version: 1 });
    const mark = c.mark();
    // A new line inside domain carrier-x (lines 45-46): its finding goes until the next full analysis,
    // every finding below it moves one line down, the ones above stay where they are.
    assert.equal(text.split('\n')[46], '    kind: network-path');
    const v2 = c.edit(uri, { start: { line: 46, character: 22 }, end: { line: 46, character: 22 } }, '\n    name: carrier X');
    const typing = await c.diagnostics(uri, () => true, { after: mark, version: v2 });
    assert.deepEqual(codes(typing), [
      'capacity-unit-mismatch@248',
      'failover-not-rehearsed@240',
      'failover-same-domain@235',
      'retry-amplification@189',
      'single-point-of-failure@30',
      'telemetry-shares-path@197',
      'timeout-inversion@188',
      'unreachable-threshold@101',
    ]);
    const loop = typing.find((d) => d.code === 'single-point-of-failure')!;
    assert.deepEqual(loop.range, { start: { line: 30, character: 8 }, end: { line: 30, character: 14 } }, 'loop-1, above the edit, stays');
    assert.deepEqual(
      loop.relatedInformation?.map((r) => r.location.range.start.line),
      [114],
      'its related location (gpu-rack-r1 lives in loop-1, line 113) is below the edit and moves one line down',
    );
    // Saving brings the full analysis back: carrier-x is still a single point of failure.
    const saved = c.mark();
    c.save(uri);
    const after = await c.diagnostics(uri, (d) => d.length === 9, { after: saved, version: v2 });
    assert.ok(codes(after).includes('single-point-of-failure@45'), codes(after).join());
  });

  // issue 23, item 11: VS Code shows at most 1,000 diagnostics per file.
  function manyFindings(extraErrors: number): string {
    // hub: one single point of failure taking down all 190 c's. Each c: 4 warnings (its own single
    // point of failure, no signal, no owner, no runbook) and 1 error. Each d: 1 error.
    const lines = ['incidentmap: 1', 'components:', '  - {id: hub, kind: datastore, tier: 2, owner: t, runbook: https://r.example.com/h, signals: [{name: q, metric: q, leading: true}]}'];
    for (let i = 0; i < 190; i++) {
      lines.push(`  - {id: c${i}, kind: service, tier: 1, dependsOn: [{target: hub}, {target: nope-c${i}}]}`);
    }
    for (let i = 0; i < extraErrors; i++) {
      lines.push(`  - {id: d${i}, kind: service, dependsOn: [{target: nope-d${i}}]}`);
    }
    return lines.join('\n') + '\n';
  }

  it('publishes at most 1,000 diagnostics per file: errors and the widest blast radius first, and says how to see the rest (issue 23, item 11)', async () => {
    const c = await start();
    // 951 + 49 = 1,000 findings: all of them, no note.
    writeFileSync(join(ws.dir, 'exactly.incidentmap'), manyFindings(49));
    const exactly = ws.uri('exactly.incidentmap');
    c.open(exactly, ws.text('exactly.incidentmap'));
    const all = await c.diagnostics(exactly, (d) => d.length >= 1000, { version: 1, timeoutMs: 30_000 });
    assert.equal(all.length, 1000);
    assert.ok(all.every((d) => d.code !== undefined), 'no note when nothing is left out');
    // One more (1,001): 999 findings and the note.
    writeFileSync(join(ws.dir, 'over.incidentmap'), manyFindings(50));
    const over = ws.uri('over.incidentmap');
    c.open(over, ws.text('over.incidentmap'));
    const shown = await c.diagnostics(over, (d) => d.length >= 1000, { version: 1, timeoutMs: 30_000 });
    assert.equal(shown.length, 1000);
    const note = shown[0]!;
    assert.equal(note.code, undefined);
    assert.equal(note.severity, 3);
    assert.deepEqual(note.range.start, { line: 0, character: 0 });
    assert.equal(
      note.message,
      'This file has 1001 findings (240 errors); the editor shows at most 1000 per file, so 2 are not listed here. Listed first: every error, then the widest blast radius, then the rarer kinds. See all 1001: run the command "Incident Map: Show All Findings of This File", or `incidentmap check over.incidentmap` in a terminal.',
    );
    assert.equal(shown.filter((d) => d.severity === 1).length, 240, 'every error');
    assert.ok(shown.some((d) => d.code === 'single-point-of-failure' && d.range.start.line === 2), 'hub, the widest blast radius');
    // Left out: the last two warnings that take nothing down, c189's missing owner and runbook (line 192).
    const key = (d: Diagnostic) => `${String(d.code)}@${d.range.start.line}`;
    const listed = new Set(shown.map(key));
    assert.ok(!listed.has('missing-owner@192') && !listed.has('missing-runbook@192'), 'the narrowest two are the ones left out');
    assert.ok(listed.has('missing-leading-signal@192') && listed.has('single-point-of-failure@192'));
    // The command's request lists all of them.
    const every = await c.request<{ findings: { ruleId: string; line: number }[] }>('incidentmap/fileFindings', { uri: over });
    assert.equal(every.findings.length, 1001);
    assert.ok(every.findings.some((f) => f.ruleId === 'missing-owner' && f.line === 192));
  });

  it('answers a hover sent with document symbols and folding ranges before them (issue 23, item 11)', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    await c.diagnostics(uri, (d) => d.length > 0, { version: 1 });
    // The client writes each request on its own, so now and then the server has read only the first
    // when it answers it: nothing can put a hover it has not received first. Without the ordering every
    // burst answers in the order sent; with it, a hover received in the same burst comes first. Five
    // bursts tell the two apart (hover first in none of them: the ordering is gone).
    const orders: string[] = [];
    for (let burst = 0; burst < 5; burst++) {
      const order: string[] = [];
      const track = <T>(name: string, p: Promise<T>) => p.then(() => order.push(name));
      await Promise.all([
        track('documentSymbol', c.request('textDocument/documentSymbol', { textDocument: { uri } })),
        track('foldingRange', c.request('textDocument/foldingRange', { textDocument: { uri } })),
        track('hover', c.request('textDocument/hover', { textDocument: { uri }, position: at(text, 'target: payments', 'target: '.length + 1) })),
      ]);
      orders.push(order.join());
    }
    assert.ok(orders.some((o) => o.startsWith('hover')), orders.join(' | '));
  });

  it('takes "today" from INCIDENTMAP_NOW when the client does not pin it (the real-editor suites)', async () => {
    const text = readFileSync(join(repoRoot, 'samples/multi-region/multi-region.incidentmap'), 'utf8');
    writeFileSync(join(ws.dir, 'multi-region.incidentmap'), text);
    const uri = ws.uri('multi-region.incidentmap');
    // Both drills were on 2026-09-18; the limit is 180 days. 2027-03-17 is day 180, 2027-03-18 day 181.
    for (const [today, expected] of [
      ['2027-03-17', []],
      ['2027-03-18', ['failover-not-rehearsed@127', 'failover-not-rehearsed@134']],
    ] as const) {
      const c = await TestClient.start({ folder: ws.dir, env: { INCIDENTMAP_NOW: today }, initializationOptions: { now: undefined } });
      client = c;
      c.open(uri, text);
      const d = await c.diagnostics(uri, () => true, { version: 1 });
      assert.deepEqual(codes(d), expected, `today ${today}`);
      c.kill();
      client = undefined;
    }
  });

  it('shows new propagation findings on save, not while typing (analyzeOn: save)', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    await c.diagnostics(uri, (d) => codes(d).includes('missing-leading-signal@21'), { version: 1 });
    // checkout loses its only leading signal: a propagation rule's business, so it waits for the save
    const edited = text.replace('        leading: true\n    dependsOn:\n      - target: payments', '        leading: false\n    dependsOn:\n      - target: payments');
    assert.notEqual(edited, text);
    const v2 = c.change(uri, edited);
    const typing = await c.diagnostics(uri, () => true, { version: v2 });
    // payments' findings (line 21) were not touched by the edit and stay; checkout's new one waits for the save.
    assert.deepEqual(codes(typing), ['missing-leading-signal@21', 'single-point-of-failure@21'], 'no new propagation findings while typing');
    const mark = c.mark();
    c.save(uri);
    const saved = await c.diagnostics(uri, (d) => d.filter((x) => x.code === 'missing-leading-signal').length === 2, { after: mark, version: v2 });
    assert.deepEqual(
      saved.filter((d) => d.code === 'missing-leading-signal').map((d) => d.range.start.line),
      [5, 21],
    );
  });

  it('runs every rule while typing when incidentmap.analyzeOn is "type"', async () => {
    const c = await start({ analyzeOn: 'type' });
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    await c.diagnostics(uri, (d) => d.length > 0, { version: 1 });
    const v2 = c.change(uri, text.replace('        leading: true\n    dependsOn', '        leading: false\n    dependsOn'));
    await c.diagnostics(uri, (d) => d.filter((x) => x.code === 'missing-leading-signal').length === 2, { version: v2 });
  });

  it('honours suppression comments, and reports one without a reason (the core the CLI runs)', async () => {
    const c = await start({ analyzeOn: 'type' });
    const uri = ws.uri('shared.incidentmap');
    const text = ws.text('shared.incidentmap');
    c.open(uri, text);
    const [spof] = await c.diagnostics(uri, (d) => d.length === 1, { version: 1 });
    assert.equal(spof!.code, 'single-point-of-failure');
    const line = spof!.range.start.line;
    const lines = text.split('\n');
    const indent = /^\s*/.exec(lines[line]!)![0];
    const withComment = (comment: string) => [...lines.slice(0, line), `${indent}${comment}`, ...lines.slice(line)].join('\n');
    const v2 = c.change(uri, withComment('# incidentmap-ignore single-point-of-failure: accepted until the replica lands (PLAT-3)'));
    await c.diagnostics(uri, (d) => d.length === 0, { version: v2 });
    const v3 = c.change(uri, withComment('# incidentmap-ignore single-point-of-failure'));
    const d3 = await c.diagnostics(uri, (d) => d.length === 2, { version: v3 });
    assert.deepEqual(codes(d3), [`invalid-suppression@${line}`, `single-point-of-failure@${line + 1}`]);
  });

  it('hovers a reference with kind, tier, owner, runbook, signals and blast radius', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    const h = hoverText(await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(text, 'orders-db', 3) }));
    assert.match(h, /`orders-db`\*\* · datastore · tier 1/);
    assert.match(h, /Owner: team\\-data/);
    assert.match(h, /\[runbook\]\(https:\/\/runbooks\.example\.com\/orders-db\)/);
    assert.match(h, /connection\\-pool usage \(leading/);
    assert.match(h, /▼ 2 down · 0 degraded/);
    assert.match(h, /Down: `checkout`, `payments`|Down: `payments`, `checkout`/);
    // on the definition in the included file, the blast radius comes from the map that includes it
    const sharedUri = ws.uri('shared.incidentmap');
    const shared = ws.text('shared.incidentmap');
    c.open(sharedUri, shared);
    const h2 = hoverText(await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: sharedUri }, position: at(shared, 'orders-db', 1) }));
    assert.match(h2, /▼ 2 down/);
    assert.match(h2, /As seen from main\\\.incidentmap/);
    // a key: its documentation from the format spec
    const h3 = hoverText(await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(text, 'spreadAcross', 2) }));
    assert.match(h3, /spread across/i);
  });

  it('publishes the stress findings, and shows load in the hover and the code lens', async () => {
    const c = await start();
    const uri = ws.uri('stress.incidentmap');
    // 200 rps at peak on 300 (67%); the sale doubles it: 400 on 300, which the map says it must survive.
    const text = [
      'incidentmap: 1',
      'journeys: [ { id: order, entry: api, demand: 200 rps } ]',
      'scenarios: [ { id: sale, load: [ { journey: order, factor: 2 } ], mustSurvive: true } ]',
      'components:',
      '  - id: api',
      '    kind: service',
      '    capacity: 300 rps',
      '',
    ].join('\n');
    writeFileSync(join(ws.dir, 'stress.incidentmap'), text);
    c.open(uri, text);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'scenario-not-survived'), { version: 1 });
    const f = ds.find((x) => x.code === 'scenario-not-survived')!;
    assert.equal(f.range.start.line, 2);
    assert.match(String(f.message), /^Scenario sale must be survived, but order is overloaded \(api at 133% of the capacity it has left\)/);
    const h = hoverText(await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(text, '- id: api', 7) }));
    assert.match(h, /\*\*Load at peak:\*\* 200 rps of 300 rps \(67%\) · reaches its saturation line at 1\.5× peak, first in this map/);
    assert.match(h, /\*\*Worst scenario:\*\* scenario sale: 133%, saturated/);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['nothing else fails with this · 67% at peak, saturates first (at 1.5× peak)']);
    // The graph panel's scenario picker: each declared scenario, phase by phase, with utilisation.
    const sc = await c.request<{ scenarios: { id: string; phases: { name: string; utilisation: Record<string, number> }[] }[] }>('incidentmap/scenarios', { uri });
    assert.deepEqual(sc.scenarios.map((x) => [x.id, x.phases.map((p) => p.name)]), [['sale', ['during']]]);
    assert.equal(sc.scenarios[0]!.phases[0]!.utilisation['api'], 400 / 300);
  });

  it('completes keys, enum values, component ids and domain ids', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const base = ws.text('main.incidentmap');
    // a new line inside payments, then a value position for kind, a target and a domain list
    const text = base.replace('    tier: 1\n    owner: team-payments', '    tier: 1\n    \n    owner: team-payments');
    c.open(uri, text);
    await c.diagnostics(uri, () => true, { version: 1 });
    const blank = at(text, '    \n    owner: team-payments', 4);
    const keys = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: blank });
    const labels = keys.map((k) => k.label);
    assert.ok(labels.includes('runbookSteps') && labels.includes('watches') && labels.includes('headroom'), labels.join());
    assert.ok(!['id', 'kind', 'owner', 'dependsOn'].some((k) => labels.includes(k)), 'keys already present (above and below) are not offered');
    assert.ok(keys.find((k) => k.label === 'headroom')?.documentation, 'keys carry documentation');

    const kindValue = at(text, 'kind: service', 6, '- id: payments');
    const kinds = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: kindValue });
    assert.ok(['service', 'datastore', 'queue', 'power'].every((k) => kinds.some((i) => i.label === k)), kinds.map((k) => k.label).join());

    const target = at(text, 'target: orders-db', 8, '- id: payments');
    const ids = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: target });
    assert.deepEqual(
      ids.map((i) => i.label).sort(),
      ['checkout', 'orders-db', 'payments'],
      'component ids across the include closure, no domains',
    );
    const spread = at(text, 'zone-b', 0, '- id: payments');
    const domains = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: spread });
    assert.deepEqual(domains.map((i) => i.label).sort(), ['zone-a', 'zone-b']);
  });

  it('goes to the definition in an included file and finds references across files', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    const def = await c.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: at(text, 'orders-db', 2) });
    assert.equal(def?.uri, ws.uri('shared.incidentmap'));
    assert.equal(def?.range.start.line, 7);
    const sharedUri = ws.uri('shared.incidentmap');
    const shared = ws.text('shared.incidentmap');
    c.open(sharedUri, shared);
    const refs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: sharedUri },
      position: at(shared, 'orders-db'),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs.map((r) => `${r.uri.endsWith('main.incidentmap') ? 'main' : 'shared'}:${r.range.start.line}`).sort(),
      ['main:20', 'main:34', 'shared:7'],
    );
    const domainRefs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: at(text, 'zone-b'),
      context: { includeDeclaration: false },
    });
    assert.equal(domainRefs.length, 3, 'zone-b in checkout, payments and orders-db');
  });

  it('renames a component across the included file (with prepareRename)', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    const position = at(text, 'orders-db', 4);
    const prep = await c.request<{ range: unknown; placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.equal(prep?.placeholder, 'orders-db');
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'orders-store' });
    const changes = edit.changes!;
    assert.equal(changes[uri]?.length, 2);
    assert.equal(changes[ws.uri('shared.incidentmap')]?.length, 1);
    const renamed = applyEdits(ws.text('shared.incidentmap'), changes[ws.uri('shared.incidentmap')]!);
    assert.match(renamed, /- id: orders-store\n/);
    assert.match(applyEdits(text, changes[uri]!), /target: orders-store\n[\s\S]*target: orders-store\n/);
    // renaming onto an existing id is refused with a reason
    await assert.rejects(
      c.request('textDocument/rename', { textDocument: { uri }, position, newName: 'payments' }),
      /already the id of a component/,
    );
    // not on an id: nothing to rename
    assert.equal(await c.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
  });

  it('gives document symbols, workspace symbols and folding ranges', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['checkout', 'payments'],
    );
    const checkout = symbols[0]!;
    assert.deepEqual(
      checkout.children?.map((s) => s.name),
      ['→ payments', '→ orders-db', 'request queue depth'],
    );
    await c.notification<{ value: { kind: string } }>('$/progress', (p) => p.value.kind === 'end');
    const found = await c.request<SymbolInformation[]>('workspace/symbol', { query: 'ordb' });
    assert.deepEqual(
      found.map((s) => `${s.name}@${s.location.uri.endsWith('shared.incidentmap') ? 'shared' : '?'}`),
      ['orders-db@shared'],
    );
    const folds = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const lines = text.split('\n');
    const components = lines.indexOf('components:');
    assert.ok(folds.some((f) => f.startLine === components && f.endLine === lines.length - 2), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.startLine === at(text, '- id: payments').line));
  });

  it('offers did-you-mean, swap-thresholds and create-missing-component quick fixes', async () => {
    const c = await start();
    const uri = ws.uri('typos.incidentmap');
    const text = ws.text('typos.incidentmap');
    c.open(uri, text);
    const diags = await c.diagnostics(uri, (d) => d.length === 5, { version: 1 });
    const actions = async (d: Diagnostic) =>
      c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const byCode = (code: string, line?: number) => diags.find((d) => d.code === code && (line === undefined || d.range.start.line === line))!;

    const kind = await actions(byCode('invalid-value'));
    assert.deepEqual(
      kind.map((a) => a.title),
      ['Change to service'],
    );
    assert.equal(kind[0]!.isPreferred, true);
    assert.match(applyEdits(text, kind[0]!.edit!.changes![uri]!), /kind: service\n    tier: 3\n  - id: web/);

    const key = await actions(byCode('unknown-key'));
    assert.match(applyEdits(text, key[0]!.edit!.changes![uri]!), /\n    owner: team-web\n    signals/);

    const swap = await actions(byCode('unreachable-threshold'));
    assert.equal(swap[0]?.title, 'Swap warn and crit');
    assert.match(applyEdits(text, swap[0]!.edit!.changes![uri]!), /warn: 20\n        crit: 5\n/);

    const typo = await actions(byCode('unknown-reference', 10));
    assert.deepEqual(
      typo.map((a) => a.title),
      ['Change to cache', 'Create component `cach`'],
    );
    const missing = await actions(byCode('unknown-reference', 11));
    assert.deepEqual(
      missing.map((a) => a.title),
      ['Create component `search-index`'],
    );
    // Applying it makes the reference resolve.
    const fixed = applyEdits(text, missing[0]!.edit!.changes![uri]!);
    assert.match(fixed, /\n  - id: search-index\n    kind: service\n$/);
    const v2 = c.change(uri, fixed);
    const after = await c.diagnostics(uri, () => true, { version: v2 });
    assert.ok(!codes(after).includes('unknown-reference@11'), codes(after).join());
  });

  it('adds a leading signal skeleton that satisfies missing-leading-signal', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    const diags = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-leading-signal'), { version: 1 });
    const d = diags.find((x) => x.code === 'missing-leading-signal')!;
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add a leading signal skeleton to payments'],
    );
    const fixed = applyEdits(text, actions[0]!.edit!.changes![uri]!);
    assert.match(fixed, /        leading: false\n      - name: request queue depth\n        metric: TODO\n[\s\S]*        leading: true\n    dependsOn:\n      - target: orders-db\n$/);
    const v2 = c.change(uri, fixed);
    const mark = c.mark();
    c.save(uri);
    const after = await c.diagnostics(uri, (x) => !x.some((y) => y.code === 'yaml-syntax'), { after: mark, version: v2 });
    assert.ok(!after.some((x) => x.code === 'missing-leading-signal'), codes(after).join());
  });

  it('shows a code lens over each component with its blast radius and the openGraph command', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}:${l.command?.title}`),
      ['5:nothing else fails with this', '21:▼ 1 down · 0 degraded if this fails'],
    );
    assert.equal(lenses[1]!.command!.command, 'incidentmap.openGraph');
    assert.deepEqual(lenses[1]!.command!.arguments, [{ uri, simulate: ['payments'] }]);
    const sharedUri = ws.uri('shared.incidentmap');
    c.open(sharedUri, ws.text('shared.incidentmap'));
    const shared = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: sharedUri } });
    assert.equal(shared[0]?.command?.title, '▼ 2 down · 0 degraded if this fails');
    assert.deepEqual(shared[0]?.command?.arguments, [{ uri, simulate: ['orders-db'] }], 'simulated in the map that includes it');
  });

  it('re-publishes the including map when an included file changes, and keeps its findings when it closes', async () => {
    const c = await start();
    const main = ws.uri('main.incidentmap');
    const sharedUri = ws.uri('shared.incidentmap');
    const shared = ws.text('shared.incidentmap');
    c.open(main, ws.text('main.incidentmap'));
    await c.diagnostics(main, (d) => d.length === 2, { version: 1 });
    c.open(sharedUri, shared);
    const mark = c.mark();
    c.change(sharedUri, shared.replace('- id: orders-db', '- id: orders-db2'));
    const broken = await c.diagnostics(main, (d) => d.filter((x) => x.code === 'unknown-reference').length === 2, { after: mark });
    assert.match(String(broken.find((d) => d.code === 'unknown-reference')!.message), /Did you mean `orders-db2`/);
    // Closing the edited file drops its unsaved text: main is analysed against the file on disk again.
    const mark2 = c.mark();
    c.close(sharedUri);
    const restored = await c.diagnostics(main, (d) => !d.some((x) => x.code === 'unknown-reference'), { after: mark2 });
    assert.ok(restored.some((d) => d.code === 'missing-leading-signal'), 'the propagation findings stay');
    // and the closed file keeps the findings main's analysis reports in it
    await c.diagnostics(sharedUri, (d) => d.some((x) => x.code === 'single-point-of-failure'), { after: mark2 });
  });

  it('re-analyses when a file changes on disk (workspace/didChangeWatchedFiles)', async () => {
    const c = await start();
    const main = ws.uri('main.incidentmap');
    c.open(main, ws.text('main.incidentmap'));
    await c.diagnostics(main, (d) => d.length === 2, { version: 1 });
    writeFileSync(join(ws.dir, 'shared.incidentmap'), ws.text('shared.incidentmap').replace('- id: orders-db', '- id: orders-store'));
    const mark = c.mark();
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('shared.incidentmap'), type: 2 }] });
    await c.diagnostics(main, (d) => d.filter((x) => x.code === 'unknown-reference').length === 2, { after: mark });
  });

  it('applies per-rule levels from workspace/configuration and re-analyses on didChangeConfiguration', async () => {
    const c = await start({ rules: { 'missing-leading-signal': 'error' } });
    const uri = ws.uri('main.incidentmap');
    c.open(uri, ws.text('main.incidentmap'));
    const first = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-leading-signal'), { version: 1 });
    assert.equal(first.find((x) => x.code === 'missing-leading-signal')!.severity, 1);
    c.settings = { rules: { 'missing-leading-signal': 'off', 'single-point-of-failure': 'info' } };
    const mark = c.mark();
    c.notify('workspace/didChangeConfiguration', { settings: { incidentmap: c.settings } });
    const after = await c.diagnostics(uri, (d) => !d.some((x) => x.code === 'missing-leading-signal'), { after: mark });
    assert.equal(after.find((x) => x.code === 'single-point-of-failure')?.severity, 3);
  });

  it('opening a map as it is on disk publishes the analysis the workspace scan made, without another', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const scanned = await c.notification<AnalyzedNotification.Params>('incidentmap/analyzed', (p) => p.uri === uri && p.full);
    const mark = c.mark();
    const version = c.open(uri, ws.text('main.incidentmap'));
    const diags = await c.diagnostics(uri, () => true, { after: mark, version });
    assert.ok(diags.some((d) => d.code === 'single-point-of-failure'), JSON.stringify(codes(diags)));
    // The graph answers from the stored analysis once nothing is pending: the scan's, not a new one.
    const graph = await c.request<GraphRequest.Result>(GraphRequest.method, { uri } satisfies GraphRequest.Params);
    assert.equal(graph.version, scanned.version);
    // A change is analysed as usual.
    c.change(uri, ws.text('main.incidentmap').replace('checkout', 'checkout2'));
    const after = await c.request<GraphRequest.Result>(GraphRequest.method, { uri } satisfies GraphRequest.Params);
    assert.ok(after.version > scanned.version);
  });

  it('answers incidentmap/graph and incidentmap/simulate, and notifies incidentmap/analyzed', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const graph = await c.request<GraphRequest.Result>(GraphRequest.method, { uri } satisfies GraphRequest.Params);
    assert.deepEqual(graph.graph.components.map((x) => x.id).sort(), ['checkout', 'orders-db', 'payments']);
    assert.deepEqual(graph.graph.domains.map((x) => x.id), ['zone-a', 'zone-b']);
    assert.deepEqual(
      graph.graph.edges.map((e) => `${e.from}->${e.to}`).sort(),
      ['checkout->orders-db', 'checkout->payments', 'payments->orders-db'],
    );
    assert.equal(graph.graph.components.find((x) => x.id === 'orders-db')?.uri, ws.uri('shared.incidentmap'));
    assert.ok(graph.findings.some((f) => f.ruleId === 'single-point-of-failure'));
    assert.equal(typeof graph.version, 'number');
    const sim = await c.request<SimulateRequest.Result>(SimulateRequest.method, { uri, fail: ['orders-db'] } satisfies SimulateRequest.Params);
    assert.ok('down' in sim);
    assert.deepEqual(sim.down.map((d) => d.id).sort(), ['checkout', 'orders-db', 'payments']);
    const unknown = await c.request<SimulateRequest.Result>(SimulateRequest.method, { uri, fail: ['nope'] });
    assert.deepEqual('unknown' in unknown ? unknown.unknown : undefined, ['nope']);
    const analyzed = await c.notification<AnalyzedNotification.Params>('incidentmap/analyzed', (p) => p.uri === uri && p.full);
    assert.ok(analyzed.counts.warning >= 1 && analyzed.singlePointsOfFailure === 2, JSON.stringify(analyzed));
  });

  it('survives garbage params and out-of-range positions, answering errors and serving on', async () => {
    const c = await start();
    const uri = ws.uri('main.incidentmap');
    const text = ws.text('main.incidentmap');
    c.open(uri, text);
    await c.diagnostics(uri, (d) => d.length === 2, { version: 1 });
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 100000, character: -7 } }), null);
    // clamped to the end of the document, where top-level keys are valid
    const end = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1e9, character: 1e9 } });
    assert.ok(end.some((i) => i.label === 'failovers'));
    assert.deepEqual(await c.request('textDocument/references', { textDocument: { uri }, position: { line: -1, character: 3 }, context: { includeDeclaration: true } }), []);
    await assert.rejects(c.request('textDocument/hover', { textDocument: { uri }, position: 'here' }), /position/);
    await assert.rejects(c.request('textDocument/definition', {}), /./);
    await assert.rejects(c.request('textDocument/codeAction', null), /./);
    await assert.rejects(c.request(GraphRequest.method, { uri: 42 }), /uri/);
    await assert.rejects(c.request(SimulateRequest.method, { uri, fail: 'orders-db' }), /fail/);
    c.notify('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.incidentmap', version: 3 }, contentChanges: [{ text: 'x' }] });
    c.notify('workspace/didChangeWatchedFiles', { changes: [null, { uri: 5, type: 9 }] });
    // a map that is not YAML at all, edited repeatedly
    const garbage = ws.uri('garbage.incidentmap');
    c.open(garbage, '[[[[{{{{'.repeat(2000));
    const v2 = c.change(garbage, '\u0000\u0001 binary');
    await c.diagnostics(garbage, (d) => d.some((x) => x.code === 'not-text'), { version: v2 });
    // still serving
    assert.ok(c.alive);
    const h = hoverText(await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(text, 'payments', 2) }));
    assert.match(h, /`payments`/);
  });

  it('reports its event-loop delay for the benchmarks only when INCIDENTMAP_LOOP_STATS=1', async () => {
    const plain = await start();
    await assert.rejects(plain.request('incidentmap/loopStats', {}), /Unhandled method|not found/i);
    plain.kill();
    process.env['INCIDENTMAP_LOOP_STATS'] = '1';
    try {
      const c = await start();
      const stats = await c.request<{ max: number; p99: number; mean: number }>('incidentmap/loopStats', {});
      assert.ok([stats.max, stats.p99, stats.mean].every((x) => Number.isFinite(x) && x >= 0), JSON.stringify(stats));
    } finally {
      delete process.env['INCIDENTMAP_LOOP_STATS'];
    }
  });

  it('runs analyses in process too (worker: false)', async () => {
    const c = await start(undefined, { worker: false });
    const uri = ws.uri('typos.incidentmap');
    c.open(uri, ws.text('typos.incidentmap'));
    await c.diagnostics(uri, (d) => d.length === 5, { version: 1 });
  });
});
