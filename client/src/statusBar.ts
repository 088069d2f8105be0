// The active map's health at a glance: errors, warnings and single points of failure from the
// server's latest full analysis; a click opens the Problems view.
import * as vscode from 'vscode';
import type { AnalyzedNotification } from '../../server/src/protocol/lsp';
import { healthText } from './health';

type Health = AnalyzedNotification.Params;

export class HealthStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('incidentmap.health', vscode.StatusBarAlignment.Left, 10);
  private readonly health = new Map<string, Health>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(languageId: string) {
    this.item.name = 'Incident Map health';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render(languageId)));
    this.render(languageId);
  }

  update(h: Health): void {
    // The as-you-type pass lacks propagation findings: keep the last full picture until the next one.
    if (!h.full && this.health.get(h.uri)?.full) {
      return;
    }
    this.health.set(h.uri, h);
    this.render('incidentmap');
  }

  private render(languageId: string): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== languageId) {
      this.item.hide();
      return;
    }
    const h = this.health.get(doc.uri.toString());
    const { text, tooltip } = healthText(h);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = h && h.counts.error > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
