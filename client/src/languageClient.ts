// The Node entry's language client: starts the bundled language server (dist/server.js) as a child
// process over IPC. The browser entry's is web/languageClient.ts; both share managedClient.ts.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions, languageId, manage, type ManagedClient } from './managedClient';

export { languageId } from './managedClient';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ManagedClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const options = clientOptions(output, [
    { scheme: 'file', language: languageId },
    { scheme: 'untitled', language: languageId },
  ]);
  return manage(new LanguageClient('incidentmap', 'Incident Map', serverOptions, options), output);
}
