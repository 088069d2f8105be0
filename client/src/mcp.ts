// Offers `incidentmap mcp` to VS Code's agent (issue 25): an MCP server definition provider, one
// server per workspace folder, so an agent in the editor finds the tools without set-up. The API
// (vscode.lm.registerMcpServerDefinitionProvider, McpStdioServerDefinition) is in VS Code 1.101 and
// later; the extension supports 1.91, where this does nothing. The types below are the API's shape
// as published in @types/vscode 1.101+, declared here because the extension compiles against 1.91.
import * as vscode from 'vscode';
import { mcpLaunches, mcpProviderId } from './mcpDefinition';

interface McpStdioServerDefinition {
  readonly label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
  cwd?: vscode.Uri;
}

interface McpApi {
  McpStdioServerDefinition: new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => McpStdioServerDefinition;
  lm: {
    registerMcpServerDefinitionProvider(
      id: string,
      provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]> },
    ): vscode.Disposable;
  };
}

/** The API where this VS Code has it (1.101 and later); undefined in older ones. */
function mcpApi(): McpApi | undefined {
  const api = vscode as unknown as Partial<McpApi> & { lm?: Partial<McpApi['lm']> };
  if (typeof api.McpStdioServerDefinition !== 'function' || typeof api.lm?.registerMcpServerDefinitionProvider !== 'function') {
    return undefined;
  }
  return api as McpApi;
}

export function registerMcpServer(context: vscode.ExtensionContext, version: string): void {
  const api = mcpApi();
  // A process to spawn needs Node: in a browser (vscode.dev) there is neither a process nor a disk.
  if (api === undefined || typeof process === 'undefined' || typeof process.execPath !== 'string') {
    return;
  }
  const changed = new vscode.EventEmitter<void>();
  const cli = context.asAbsolutePath('dist/cli.js');
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    api.lm.registerMcpServerDefinitionProvider(mcpProviderId, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => {
        const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, fsPath: f.uri.fsPath, uri: f.uri }));
        return mcpLaunches(process.execPath, cli, folders).map((l, i) => {
          // The editor's own executable runs as Node only with ELECTRON_RUN_AS_NODE (its extension
          // host has it set; said here so it does not depend on what the spawner passes on).
          const d = new api.McpStdioServerDefinition(l.label, l.command, l.args, { ELECTRON_RUN_AS_NODE: '1' }, version);
          d.cwd = folders[i]!.uri;
          return d;
        });
      },
    }),
  );
}
