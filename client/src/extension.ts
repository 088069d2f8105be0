// The extension's Node entry (package.json "main", dist/extension.js): desktop VS Code, Codespaces,
// code-server. The browser entry (github.dev, vscode.dev) is web/extension.ts; both activate through
// activate.ts and differ only in how the language server runs.
import type * as vscode from 'vscode';
import { activateWith, type IncidentMapApi } from './activate';
import { startNodeGraph } from './graph/nodeGraph';
import { createLanguageClient } from './languageClient';
import { registerMcpServer } from './mcp';

export type { IncidentMapApi } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<IncidentMapApi> {
  return activateWith(context, {
    platform: 'node',
    createClient: createLanguageClient,
    afterStart: (ctx, output) => {
      // The graph panel's ELK thread and its page files read from disk: Node only (graph/nodeGraph.ts).
      startNodeGraph(ctx, (m) => output.warn(m));
      // The agent's tools (`incidentmap mcp`), where this VS Code has the MCP API: issue 25.
      registerMcpServer(ctx, String((ctx.extension.packageJSON as { version?: unknown }).version ?? ''));
    },
  });
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
