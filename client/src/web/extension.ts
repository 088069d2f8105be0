// The extension's browser entry (package.json "browser", dist/web/extension.js): github.dev, vscode.dev
// and any VS Code whose extension host runs in the browser. The same commands, status bar and graph
// panel as the Node entry (activate.ts); the language server runs in a web worker and reads the
// workspace's files through this side (languageClient.ts). What cannot run in a browser is said once,
// plainly, when the extension starts (health.ts webLimits; docs/web.md).
import * as vscode from 'vscode';
import { activateWith, type IncidentMapApi } from '../activate';
import { webLimits } from '../health';
import { createWebLanguageClient, serveFiles } from './languageClient';

export type { IncidentMapApi } from '../activate';

const toldKey = 'incidentmap.web.toldLimits';

export function activate(context: vscode.ExtensionContext): Promise<IncidentMapApi> {
  return activateWith(context, {
    platform: 'browser',
    createClient: createWebLanguageClient,
    beforeStart(client, ctx, output) {
      ctx.subscriptions.push(...serveFiles(client, output));
      output.info(webLimits);
      // Once per browser profile: the Output channel and the status bar's tooltip keep saying it.
      if (!ctx.globalState.get<boolean>(toldKey)) {
        void ctx.globalState.update(toldKey, true);
        void vscode.window.showInformationMessage(webLimits, 'Show Output').then((pick) => pick && output.show());
      }
    },
  });
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
