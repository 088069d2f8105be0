// The graph panel's Node-only parts, started by the Node entry (extension.ts): the extension's ELK in a
// worker thread, warmed at activation, so a panel opened later gets its first layout with its map
// (layoutHost.ts), and the page's script and style sheet read from the extension's files to be written
// into the page (no fetch through VS Code's service worker before the script runs). The browser entry
// has neither (panel.ts GraphPlatform): its page fetches its files and lays out itself.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { LayoutHost } from './layoutHost';
import { setGraphPlatform } from './panel';

/** Costs a thread with elkjs loaded (about 300 ms of CPU once). */
export function startNodeGraph(context: vscode.ExtensionContext, log: (message: string) => void): void {
  const layout = new LayoutHost(vscode.Uri.joinPath(context.extensionUri, 'dist', 'layoutThread.js').fsPath, log);
  layout.warm();
  context.subscriptions.push({ dispose: () => layout.dispose() });
  setGraphPlatform({
    layout,
    readPageFiles: (webviewRoot, media) => ({
      script: readFileSync(vscode.Uri.joinPath(webviewRoot, 'main.js').fsPath, 'utf8'),
      styles: readFileSync(vscode.Uri.joinPath(media, 'graph.css').fsPath, 'utf8'),
    }),
  });
}
