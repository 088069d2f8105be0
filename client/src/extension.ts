// The extension's Node entry (package.json "main", dist/extension.js): desktop VS Code, Codespaces,
// code-server. The browser entry (github.dev, vscode.dev) is web/extension.ts; both activate through
// activate.ts and differ only in how the language server runs.
import type * as vscode from 'vscode';
import { activateWith, type IncidentMapApi } from './activate';
import { createLanguageClient } from './languageClient';

export type { IncidentMapApi } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<IncidentMapApi> {
  return activateWith(context, { platform: 'node', createClient: createLanguageClient });
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
