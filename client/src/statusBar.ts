// The active map's health at a glance: errors, warnings and single points of failure from the
// server's latest full analysis; a click opens the Problems view. While the server is stopped it
// says so, and a click restarts it.
import * as vscode from 'vscode';
import type { AnalyzedNotification } from '../../server/src/protocol/lsp';
import { healthText, webLimitsShort } from './health';
import type { ExtensionPlatform } from './managedClient';

type Health = AnalyzedNotification.Params;

export class HealthStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('incidentmap.health', vscode.StatusBarAlignment.Left, 10);
  private readonly health = new Map<string, Health>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private stopped = false;

  constructor(
    private readonly languageId: string,
    private readonly platform: ExtensionPlatform = 'node',
  ) {
    this.item.name = 'Incident Map health';
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  /** The language server stopped (it crashed too often) or runs again: stale health would mislead. */
  serverRunning(running: boolean): void {
    this.stopped = !running;
    if (!running) {
      this.health.clear();
    }
    this.render();
  }

  update(h: Health): void {
    // The as-you-type pass lacks propagation findings: keep the last full picture until the next one.
    if (!h.full && this.health.get(h.uri)?.full) {
      return;
    }
    this.health.set(h.uri, h);
    this.render();
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== this.languageId) {
      this.item.hide();
      return;
    }
    if (this.stopped) {
      this.item.text = '$(circle-slash) Incident Map stopped';
      this.item.tooltip = 'The Incident Map language server is not running, so this map is not checked. Click to restart it.';
      this.item.command = 'incidentmap.restartServer';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.show();
      return;
    }
    const h = this.health.get(doc.uri.toString());
    const { text, tooltip } = healthText(h);
    this.item.text = text;
    // In the browser the tooltip also says what does not run there (docs/web.md).
    this.item.tooltip = this.platform === 'browser' ? `${tooltip}\n\n${webLimitsShort}` : tooltip;
    this.item.command = 'workbench.actions.view.problems';
    this.item.backgroundColor = h && h.counts.error > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
