// What both entries of the extension do on activation: the language client (made by the entry: a
// child process in Node, a web worker in the browser), the status bar, and the commands. Everything
// that analyses lives in the language server; everything that draws lives in the graph panel.
import * as vscode from 'vscode';
import { State, type BaseLanguageClient } from 'vscode-languageclient';
import { AnalyzedNotification, FileFindingsRequest, openGraphCommand, type OpenGraphArgs } from '../../server/src/protocol/lsp';
import { openGraphPanel, postToGraph, prepareGraphs } from './graph/panel';
import { languageId, type ExtensionPlatform, type ManagedClient } from './managedClient';
import { HealthStatus } from './statusBar';

/** What activate returns: the end-to-end suite and other extensions can reach the client. */
export interface IncidentMapApi {
  client: BaseLanguageClient;
  onAnalyzed: vscode.Event<AnalyzedNotification.Params>;
  /** Which entry is running: 'node' (main) or 'browser' (browser, github.dev and vscode.dev). */
  platform: ExtensionPlatform;
}

export interface EntryOptions {
  platform: ExtensionPlatform;
  createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ManagedClient | Promise<ManagedClient>;
  /** Runs before the client starts (the browser entry answers the server's file requests). */
  beforeStart?(client: BaseLanguageClient, context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void;
  /** Runs once the client has started (the Node entry's layout thread and MCP server). */
  afterStart?(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void;
}

export async function activateWith(context: vscode.ExtensionContext, entry: EntryOptions): Promise<IncidentMapApi> {
  const output = vscode.window.createOutputChannel('Incident Map', { log: true });
  output.info(`Incident Map ${entry.platform === 'browser' ? 'web extension (browser entry, language server in a web worker)' : 'extension (Node entry)'} activated`);
  const managed = await entry.createClient(context, output);
  const client = managed.client;
  const status = new HealthStatus(languageId, entry.platform);
  const analyzed = new vscode.EventEmitter<AnalyzedNotification.Params>();
  context.subscriptions.push(output, status, analyzed);

  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped || e.newState === State.Running) {
        status.serverRunning(e.newState === State.Running);
      }
    }),
    client.onNotification(AnalyzedNotification.type, (p) => {
      status.update(p);
      analyzed.fire(p);
    }),
    vscode.commands.registerCommand(openGraphCommand, async (arg?: OpenGraphArgs | vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg.toString() : arg?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri) {
        void vscode.window.showInformationMessage('Open an .incidentmap file to see its graph.');
        return;
      }
      await openGraphPanel(context, client, { uri, simulate: arg instanceof vscode.Uri ? undefined : arg?.simulate }, analyzed.event);
    }),
    vscode.commands.registerCommand('incidentmap.restartServer', async () => {
      output.info('Restarting the language server');
      await managed.restart();
    }),
    vscode.commands.registerCommand('incidentmap.showOutput', () => output.show()),
    // Past the editor's 1,000 diagnostics per file: every finding, as a text document (issue 23, item 11).
    vscode.commands.registerCommand('incidentmap.showAllFindings', async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('Open an .incidentmap file to list its findings.');
        return;
      }
      const r = await client.sendRequest(FileFindingsRequest.type, { uri: uri.toString() });
      const name = vscode.workspace.asRelativePath(uri);
      const lines = r.findings.map((f) => `${name}:${f.line + 1}:${f.character + 1}  ${f.severity}  ${f.message}  [${f.ruleId}]`);
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `${r.findings.length} findings in ${name}\n\n${lines.join('\n')}\n` });
      await vscode.window.showTextDocument(doc, { preview: false });
    }),
    ...(['fit', 'resetSimulation', 'exportSvg', 'exportPng'] as const).map((c) => vscode.commands.registerCommand(`incidentmap.graph.${c}`, () => postToGraph(c))),
  );

  // The active map's graph and opening layout, ready before "Open Graph" is run (graph/panel.ts).
  prepareGraphs(context, client, analyzed.event, (line) => output.info(line));
  entry.beforeStart?.(client, context, output);
  await client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });
  entry.afterStart?.(context, output);
  return { client, onAnalyzed: analyzed.event, platform: entry.platform };
}
