// What the extension offers VS Code's agent as an MCP server, without `vscode`: the provider id (the
// same in package.json's contributes.mcpServerDefinitionProviders) and the command line, one server
// per workspace folder, each confined to its folder. Kept apart from mcp.ts so unit tests read it.

/** contributes.mcpServerDefinitionProviders[0].id in package.json (client/scripts/contributes.js). */
export const mcpProviderId = 'incidentmap.mcp';

export interface McpLaunch {
  label: string;
  command: string;
  args: string[];
}

/**
 * `node <extension>/dist/cli.js mcp --root <folder>` for each folder on disk. `node` is the editor's
 * own (process.execPath, run as Node by ELECTRON_RUN_AS_NODE), so nothing needs installing.
 */
export function mcpLaunches(node: string, cliPath: string, folders: readonly { name: string; fsPath: string }[]): McpLaunch[] {
  return folders.map((f) => ({
    label: folders.length === 1 ? 'Incident Map' : `Incident Map: ${f.name}`,
    command: node,
    args: [cliPath, 'mcp', '--root', f.fsPath],
  }));
}
