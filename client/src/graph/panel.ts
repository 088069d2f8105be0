// The graph panel's entry point for the rest of the extension. The webview engineer owns this file and
// replaces this body; the signature is the contract the extension codes against.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { OpenGraphArgs } from '../../../server/src/protocol/lsp';

/** Opens (or reveals) the graph beside the editor for `args.uri`, simulating `args.simulate` if given. */
export async function openGraphPanel(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  args: OpenGraphArgs,
): Promise<void> {
  void context;
  void client;
  void vscode.window.showInformationMessage(`Incident Map graph for ${args.uri} is not built yet.`);
}
