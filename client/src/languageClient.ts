// Starts the bundled language server and keeps it running: vscode-languageclient restarts a crashed
// server (4 times in 3 minutes; the fifth crash stops it); the user hears about a restart once, and
// about giving up with a button that tries again.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
// The workspace config file name (core/model/build.ts configFileName); not imported, so the
// extension bundle does not carry the parser.
const configFileName = 'incidentmap.config.yaml';

export const languageId = 'incidentmap';

/** Restarts after a crash, up to this many times in three minutes (vscode-languageclient's rule). */
const maxRestarts = 4;

export interface ManagedClient {
  client: LanguageClient;
  /** Restarts the server at the user's request, with a clean slate of crashes. */
  restart(): Promise<void>;
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ManagedClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // A fresh handler per start: the crash count and the "told once" note begin again when the user
  // restarts the server (after giving up, the old count would stop the next crash at once).
  const errorHandler = (client: LanguageClient): ErrorHandler => {
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
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: languageId },
      { scheme: 'untitled', language: languageId },
    ],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.incidentmap'),
        vscode.workspace.createFileSystemWatcher(`**/${configFileName}`),
      ],
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  const client = new LanguageClient('incidentmap', 'Incident Map', serverOptions, clientOptions);
  client.clientOptions.errorHandler = errorHandler(client);
  return {
    client,
    async restart() {
      client.clientOptions.errorHandler = errorHandler(client);
      // After giving up the client is stopped; restart() would stop it again first.
      await (client.isRunning() ? client.restart() : client.start());
    },
  };
}
