// The extension's entry point: the language client, the status bar, and the commands. Everything
// that analyses lives in the language server; everything that draws lives in the graph panel.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { AnalyzedNotification, FileFindingsRequest, openGraphCommand, type OpenGraphArgs } from '../../server/src/protocol/lsp';
import { openGraphPanel, postToGraph, startGraphLayout } from './graph/panel';
import { createLanguageClient, languageId } from './languageClient';
import { registerMcpServer } from './mcp';
import { HealthStatus } from './statusBar';

/** What activate returns: the end-to-end suite and other extensions can reach the client. */
export interface IncidentMapApi {
  client: LanguageClient;
  onAnalyzed: vscode.Event<AnalyzedNotification.Params>;
}

export async function activate(context: vscode.ExtensionContext): Promise<IncidentMapApi> {
  const output = vscode.window.createOutputChannel('Incident Map', { log: true });
  const managed = createLanguageClient(context, output);
  const client = managed.client;
  const status = new HealthStatus(languageId);
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

  // The agent's tools (`incidentmap mcp`), where this VS Code has the MCP API: issue 25.
  registerMcpServer(context, String((context.extension.packageJSON as { version?: unknown }).version ?? ''));

  await client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });
  startGraphLayout(context, (m) => output.warn(m));
  return { client, onAnalyzed: analyzed.event };
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
