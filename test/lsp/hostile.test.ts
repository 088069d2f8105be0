// Hostile and random input through the running server, as an editor sends it: every hostile map opened
// and edited repeatedly must yield its diagnostic and leave the server serving; random edit and request
// sequences (fast-check, seed printed on failure) must keep every range inside its document.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { mutatedMap } from '../helpers/fuzzCases';
import { GraphRequest } from '../../server/src/protocol/lsp';
import { tempWorkspace, TestClient } from './client';

const lspRuns = Number(process.env['LSP_FUZZ_RUNS'] ?? 40);

function insideDocument(text: string, diags: Diagnostic[]): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diags) {
    for (const p of [d.range.start, d.range.end]) {
      if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line]!.length) {
        return `${String(d.code)} at ${p.line}:${p.character} is outside the document (${lines.length} lines)`;
      }
    }
  }
  return undefined;
}

describe('language server under hostile input', function () {
  this.timeout(120_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let c: TestClient;

  before(async () => {
    ws = tempWorkspace();
    c = await TestClient.start({ folder: ws.dir });
  });

  after(() => {
    c?.kill();
    ws?.remove();
  });

  const hostile: [string, () => string, string][] = [
    ['nested [ 10 KB deep', () => '['.repeat(10_000), 'input-too-deep'],
    ['nested block maps thousands deep', () => Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), 'input-too-deep'],
    [
      'an alias expansion bomb',
      () => {
        const many = (alias: string) => Array.from({ length: 60 }, () => alias).join(', ');
        return `incidentmap: 1\ndomains: [{id: &z z, kind: zone}]\ncomponents: [&c {id: a, kind: service, dependsOn: [&d {target: a, via: [${many('*z')}]}, ${many('*d')}]}, ${many('*c')}]\n`;
      },
      'alias-expansion-limit',
    ],
    [
      'a merge-key chain',
      () => `incidentmap: 1\ncomponents:\n${Array.from({ length: 500 }, (_, i) => `  - &c${i}\n    <<: ${i ? `*c${i - 1}` : '{}'}\n    id: c${i}\n    kind: service`).join('\n')}\n`,
      'unknown-key',
    ],
    ['a mapping of 40,000 keys', () => ['incidentmap: 1', 'components: []', 'settings:', ...Array.from({ length: 40_000 }, (_, i) => `  k${i % 39_999}: 1`)].join('\n'), 'duplicate-key'],
    ['a 10 MB scalar', () => `incidentmap: 1\ndescription: "${'x'.repeat(10 * 1024 * 1024)}"\ncomponents: []\n`, 'input-too-large'],
    ['custom tags', () => 'incidentmap: 1\ncomponents:\n  - id: !!js/function "function(){ process.exit(9) }"\n    kind: !Ref service\n', 'unsupported-tag'],
    ['binary garbage', () => '\u0000\u0001\u0002\uFFFD'.repeat(1000), 'not-text'],
  ];

  for (const [name, make, rule] of hostile) {
    it(`${name}: opened and edited repeatedly, it reports ${rule} and the server serves on`, async () => {
      const uri = ws.uri(`${name.replace(/[^a-z0-9]+/gi, '-')}.incidentmap`);
      const text = make();
      c.open(uri, text);
      // The reported hazard: the second parse of deep input killed the process. Edit it again and again.
      let version = 1;
      for (let i = 0; i < 5; i++) {
        version = c.change(uri, i % 2 ? text : `${text}\n# edit ${i}`);
      }
      const diags = await c.diagnostics(uri, (d) => d.some((x) => x.code === rule), { version, timeoutMs: 30_000 });
      assert.equal(insideDocument(version % 2 ? text : `${text}\n# edit 3`, diags), undefined);
      assert.ok(c.alive, 'the server is alive');
      const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(Array.isArray(symbols) || symbols === null);
      c.close(uri);
    });
  }

  it('honours $/cancelRequest: a request waiting on a long analysis answers RequestCancelled, and the server serves on', async () => {
    const { singleFile } = require('../../../bench/generate.js') as { singleFile: (n: number, seed?: number) => string };
    const uri = ws.uri('large.incidentmap');
    c.open(uri, singleFile(2000, 5));
    // The graph request waits for the analysis of the just-opened map (2,000 components, off the main
    // thread); the cancel goes out right behind it, with no timer: the server reads it while it waits.
    const source = new CancellationTokenSource();
    const pending = c.connection.sendRequest(GraphRequest.method, { uri }, source.token);
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    assert.ok(c.alive);
    const answer = await c.request<GraphRequest.Result>(GraphRequest.method, { uri });
    assert.equal(answer.graph.components.length, 2000);
    c.close(uri);
  });

  it(`random edit and request sequences keep ranges inside the document (${lspRuns} runs)`, async () => {
    const uri = ws.uri('fuzz.incidentmap');
    let opened = false;
    const position = fc.record({ line: fc.integer({ min: -2, max: 400 }), character: fc.integer({ min: -2, max: 300 }) });
    const request = fc.oneof(
      position.map((p) => ['textDocument/hover', { position: p }] as const),
      position.map((p) => ['textDocument/completion', { position: p }] as const),
      position.map((p) => ['textDocument/definition', { position: p }] as const),
      position.map((p) => ['textDocument/references', { position: p, context: { includeDeclaration: true } }] as const),
      position.map((p) => ['textDocument/prepareRename', { position: p }] as const),
      fc.tuple(position, position).map(([a, b]) => ['textDocument/codeAction', { range: { start: a, end: b }, context: { diagnostics: [] } }] as const),
      fc.constant(['textDocument/documentSymbol', {}] as const),
      fc.constant(['textDocument/codeLens', {}] as const),
      fc.constant(['textDocument/foldingRange', {}] as const),
    );
    await fc.assert(
      fc.asyncProperty(mutatedMap, fc.array(request, { maxLength: 6 }), async (text, requests) => {
        const version = opened ? c.change(uri, text) : c.open(uri, text);
        opened = true;
        for (const [method, params] of requests) {
          // An error answer is fine (bad positions); a dead server or a hang is not.
          await c.request(method, { textDocument: { uri }, ...params }).catch(() => undefined);
        }
        const diags = await c.diagnostics(uri, () => true, { version, timeoutMs: 20_000 });
        const problem = insideDocument(text, diags);
        assert.equal(problem, undefined, problem);
        assert.ok(c.alive);
      }),
      { numRuns: lspRuns, verbose: 1 },
    );
  });
});
