// What both entries (Node: languageClient.ts, browser: web/languageClient.ts) share about the language
// client: the options, and keeping the server running. vscode-languageclient restarts a crashed server
// (4 times in 3 minutes; the fifth crash stops it); the user hears about a restart once, and about
// giving up with a button that tries again.
import * as vscode from 'vscode';
import { CloseAction, type BaseLanguageClient, type CloseHandlerResult, type DocumentSelector, type ErrorHandler, type LanguageClientOptions } from 'vscode-languageclient';
// The workspace config file name (core/model/build.ts configFileName); not imported, so the
// extension bundle does not carry the parser.
const configFileName = 'incidentmap.config.yaml';

export const languageId = 'incidentmap';

/** Restarts after a crash, up to this many times in three minutes (vscode-languageclient's rule). */
const maxRestarts = 4;

export interface ManagedClient {
  client: BaseLanguageClient;
  /** Restarts the server at the user's request, with a clean slate of crashes. */
  restart(): Promise<void>;
}

/** Where the extension runs: Node (desktop, Codespaces, code-server) or a browser (github.dev, vscode.dev). */
export type ExtensionPlatform = 'node' | 'browser';

export function clientOptions(output: vscode.LogOutputChannel, documentSelector: DocumentSelector): LanguageClientOptions {
  return {
    documentSelector,
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.incidentmap'),
        vscode.workspace.createFileSystemWatcher(`**/${configFileName}`),
      ],
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
}

/** Installs the restart policy on `client` and returns it with a user-initiated restart. */
export function manage(client: BaseLanguageClient, output: vscode.LogOutputChannel): ManagedClient {
  // A fresh handler per start: the crash count and the "told once" note begin again when the user
  // restarts the server (after giving up, the old count would stop the next crash at once).
  const errorHandler = (): ErrorHandler => {
    const fallback = client.createDefaultErrorHandler(maxRestarts);
    let toldRestart = false;
    return {
      error: (error, message, count) => fallback.error(error, message, count),
      async closed(): Promise<CloseHandlerResult> {
        const result = await fallback.closed();
        if (result.action === CloseAction.Restart && !toldRestart) {
          toldRestart = true;
          void vscode.window
            .showWarningMessage('The Incident Map language server stopped unexpectedly and was restarted.', 'Show Output')
            .then((pick) => pick && output.show());
        } else if (result.action === CloseAction.DoNotRestart) {
          void vscode.window
            .showErrorMessage(`The Incident Map language server stopped ${maxRestarts + 1} times in 3 minutes and was not restarted.`, 'Restart Server', 'Show Output')
            .then((pick) => {
              if (pick === 'Restart Server') {
                void vscode.commands.executeCommand('incidentmap.restartServer');
              } else if (pick === 'Show Output') {
                output.show();
              }
            });
        }
        return { ...result, handled: true };
      },
    };
  };
  client.clientOptions.errorHandler = errorHandler();
  return {
    client,
    async restart() {
      client.clientOptions.errorHandler = errorHandler();
      // After giving up the client is stopped; stopping it again would fail. (The Node client's
      // restart() is this too; the browser client has none.)
      if (client.isRunning()) {
        await client.stop();
      }
      await client.start();
    },
  };
}
