// The extension as a user gets it, inside a real VS Code: the installed .vsix (code-server) or the
// development build (test-electron), a workspace holding a throwaway copy of the samples, and only
// VS Code's own APIs and provider commands: if these pass, a user sees the same.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suiteToday } from './today';

const extensionId = 'incidentmap.incidentmap';
const source = 'incidentmap';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder holding a copy of samples/');
  return vscode.Uri.joinPath(folder.uri, rel);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves with the diagnostics of `uri` once `ok` accepts them; rejects with what was there after `ms`. */
function diagnosticsWhere(uri: vscode.Uri, ok: (ds: vscode.Diagnostic[]) => boolean, ms = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
      if (ok(ds)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(ds);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        check();
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const ds = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
      reject(new Error(`timed out waiting for diagnostics of ${uri.path}; have:\n${ds.join('\n')}`));
    }, ms);
    check();
  });
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(rel));
  return vscode.window.showTextDocument(doc);
}

/** The position of the `occurrence`-th `needle` in `doc`, `offset` characters into it. */
function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, occurrence = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${i + 1}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(at + offset);
}

describe('incidentmap in VS Code', function () {
  this.timeout(90_000);

  before(async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is not installed`);
    await open('checkout/checkout.incidentmap');
    await ext.activate();
    assert.ok(ext.isActive);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('gives .incidentmap files the incidentmap language', async () => {
    const editor = await open('streaming/streaming.incidentmap');
    assert.equal(editor.document.languageId, 'incidentmap');
  });

  it("publishes the sample's propagation findings, each with a rule id and a docs link", async () => {
    const uri = workspaceFile('ai-inference/ai-inference.incidentmap');
    await open('ai-inference/ai-inference.incidentmap');
    const wanted = ['single-point-of-failure', 'failover-same-domain', 'retry-amplification', 'timeout-inversion', 'telemetry-shares-path'];
    const ds = await diagnosticsWhere(uri, (ds) => wanted.every((w) => ds.some((d) => codeOf(d) === w)));
    for (const d of ds) {
      assert.equal(typeof d.code, 'object', 'the code links to the rule docs');
      if (typeof d.code === 'object') {
        assert.match(d.code.target.toString(), /docs\/rules\.md#/);
      }
    }
    const spof = ds.find((d) => codeOf(d) === 'single-point-of-failure');
    assert.ok(spof?.relatedInformation && spof.relatedInformation.length > 0, 'the path is given as related locations');
  });

  it('reports nothing on a clean sample', async () => {
    // Rehearsal ages count from a pinned day, never the real clock (issue 26): the runner sets it.
    assert.equal(process.env['INCIDENTMAP_NOW'], suiteToday, 'the runner must pin "today" (INCIDENTMAP_NOW) for the language server');
    const uri = workspaceFile('multi-region/multi-region.incidentmap');
    await open('multi-region/multi-region.incidentmap');
    // Wait for the full analysis (the status of the file is known once the server answered a request on it).
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
    await diagnosticsWhere(uri, (ds) => ds.length === 0);
  });

  it('hovers a reference with the component, its owner and its blast radius', async () => {
    const editor = await open('checkout/checkout.incidentmap');
    const pos = positionOf(editor.document, 'target: edge-lb', 'target: '.length + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.ok(text.includes('**`edge-lb`** · load-balancer · tier 1 · Edge load balancer\n'), text);
    // The blast radius exactly (issue 26: /down|degrad/ let a wrong count through).
    assert.ok(text.includes('**If it fails:** ▼ 1 down · 0 degraded\n\n- Down: `checkout-api`\n'), text);
  });

  it('completes component kinds and component ids', async () => {
    const editor = await open('checkout/checkout.incidentmap');
    const kindPos = positionOf(editor.document, 'kind: service', 'kind: '.length);
    const kinds = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, kindPos);
    const kindLabels = kinds.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const k of ['service', 'datastore', 'queue', 'external']) {
      assert.ok(kindLabels.includes(k), `kind completion lacks ${k}: ${kindLabels.join(', ')}`);
    }
    const refPos = positionOf(editor.document, 'target: edge-lb', 'target: '.length);
    const refs = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, refPos);
    const refLabels = refs.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(refLabels.includes('edge-lb') && refLabels.includes('payments'), `id completion: ${refLabels.slice(0, 20).join(', ')}`);
  });

  it('goes to a definition in the included file and finds its references', async () => {
    const editor = await open('checkout/checkout.incidentmap');
    const pos = positionOf(editor.document, 'target: edge-lb', 'target: '.length + 1);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, pos);
    assert.equal(defs.length, 1);
    const def = defs[0]!;
    const target = 'targetUri' in def ? def.targetUri : def.uri;
    assert.match(target.path, /checkout\/platform\.incidentmap$/);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, pos);
    assert.ok(refs.some((r) => r.uri.path.endsWith('checkout.incidentmap')));
    assert.ok(refs.some((r) => r.uri.path.endsWith('platform.incidentmap')));
  });

  it('renames a component across the files that mention it', async () => {
    const editor = await open('checkout/checkout.incidentmap');
    const pos = positionOf(editor.document, 'target: edge-lb', 'target: '.length + 1);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', editor.document.uri, pos, 'front-door');
    const files = edit.entries().map(([uri]) => uri.path.split('/').pop());
    assert.ok(files.includes('checkout.incidentmap') && files.includes('platform.incidentmap'), files.join(', '));
    for (const [, edits] of edit.entries()) {
      assert.ok(edits.every((e) => e.newText === 'front-door'));
    }
  });

  it('offers a did-you-mean quick fix that removes the finding', async () => {
    const uri = workspaceFile('typo.incidentmap');
    const text = 'incidentmap: 1\ncomponents:\n  - id: api\n    kind: service\n    dependsOn:\n      - target: databse\n  - id: database\n    kind: datastore\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [diag] = await diagnosticsWhere(uri, (ds) => ds.some((d) => codeOf(d) === 'unknown-reference'));
    assert.ok(diag);
    const ref = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'unknown-reference')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, ref.range);
    const fix = actions.find((a) => /database/.test(a.title));
    assert.ok(fix?.edit, `no did-you-mean fix among: ${actions.map((a) => a.title).join('; ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /target: database/);
    await diagnosticsWhere(uri, (ds) => !ds.some((d) => codeOf(d) === 'unknown-reference'));
    await editor.document.save();
  });

  it('shows a code lens with the blast radius that opens the graph', async () => {
    const editor = await open('checkout/checkout.incidentmap');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
    const commands = lenses.map((l) => l.command).filter((c): c is vscode.Command => c !== undefined);
    assert.ok(commands.length > 0, 'no code lens');
    // cart's lens, exactly: one component down if it fails (checkout-api), nothing degraded.
    const cart = editor.document.getText().split('\n').findIndex((l) => l.includes('- id: cart'));
    const lens = lenses.find((l) => l.range.start.line === cart && l.command?.command === 'incidentmap.openGraph');
    assert.equal(lens?.command?.title, '▼ 1 down · 0 degraded if this fails · 40% at peak', commands.map((c) => c.title).join('; '));
  });

  it('re-runs the propagation analysis on save: moving a failover into its primary zone is reported', async () => {
    const editor = await open('checkout/checkout.incidentmap');
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, (ds) => !ds.some((d) => codeOf(d) === 'failover-same-domain'));
    const doc = editor.document;
    // The standby lives in eu-west-b, the primary in eu-west-a: move the standby next to its primary.
    const standby = doc.getText().indexOf('id: orders-db-standby');
    assert.ok(standby >= 0, 'the checkout sample lost orders-db-standby');
    const at = doc.getText().indexOf('domains: [eu-west-b]', standby);
    assert.ok(at >= 0);
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'domains: [eu-west-b]'.length)), 'domains: [eu-west-a]');
    assert.ok(await vscode.workspace.applyEdit(we));
    assert.ok(await doc.save());
    const ds = await diagnosticsWhere(uri, (ds) => ds.some((d) => codeOf(d) === 'failover-same-domain'));
    assert.ok(ds.some((d) => d.severity <= vscode.DiagnosticSeverity.Warning));
  });

  it('keeps every finding while the author types, until the next save (issue 23, item 8)', async () => {
    const editor = await open('ai-inference/ai-inference.incidentmap');
    const uri = editor.document.uri;
    const doc = editor.document;
    // The full analysis: every propagation finding of the sample, the stress finding it shows on purpose included.
    const wanted = ['single-point-of-failure', 'failover-same-domain', 'retry-amplification', 'timeout-inversion', 'telemetry-shares-path', 'capacity-unit-mismatch'];
    const before = await diagnosticsWhere(uri, (ds) => wanted.every((w) => ds.some((d) => codeOf(d) === w)));
    // One character into the map's name, not saved: the server answers with the syntax pass alone and
    // must carry the last full analysis's findings onto the new text. Wait for that publish (the
    // diagnostics of this file change for the new version), then count.
    const name = doc.getText().indexOf('name: ');
    assert.ok(name >= 0);
    const published = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error('no diagnostics were published for the edited version'));
      }, 30_000);
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) {
          sub.dispose();
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, doc.positionAt(name + 'name: '.length), 'X');
    assert.ok(await vscode.workspace.applyEdit(we));
    await published;
    const after = vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
    assert.deepEqual(after.map(codeOf).sort(), before.map(codeOf).sort(), 'the same findings while typing');
    // Undo the edit and save: the file is as it was for the tests after this one.
    const undo = new vscode.WorkspaceEdit();
    undo.delete(uri, new vscode.Range(doc.positionAt(name + 'name: '.length), doc.positionAt(name + 'name: '.length + 1)));
    assert.ok(await vscode.workspace.applyEdit(undo));
    assert.ok(await doc.save());
  });

  it('opens the graph beside the editor', async () => {
    await open('checkout/checkout.incidentmap');
    await vscode.commands.executeCommand('incidentmap.openGraph');
    const isGraph = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && /incidentmap/i.test(t.input.viewType);
    // Wait on the tab events (at most 20 s), not on a timer.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      };
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (vscode.window.tabGroups.all.some((g) => g.tabs.some(isGraph))) {
          done();
        }
      });
      const timer = setTimeout(done, 20_000);
      if (vscode.window.tabGroups.all.some((g) => g.tabs.some(isGraph))) {
        done();
      }
    });
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => ({ t, column: g.viewColumn })));
    const graph = tabs.find(({ t }) => isGraph(t));
    assert.ok(graph, `no graph tab among ${tabs.map(({ t }) => t.label).join(', ')}`);
    assert.ok(graph.column !== vscode.ViewColumn.One, 'the graph opens beside the editor');
  });
});
