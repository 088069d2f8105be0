// The webview's side of the panel protocol (server/src/protocol/webview.ts): what it posts, and the
// state VS Code keeps for it while the panel is hidden.
import type { FromWebview } from '../../server/src/protocol/webview';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();

export const post = (m: FromWebview) => vscode.postMessage(m);

export interface Saved {
  uri?: string;
  legendOpen?: boolean;
  /** The details pane folded to its first line (narrow panes). */
  detailsFolded?: boolean;
}

export function saved(): Saved {
  const s = vscode.getState();
  return typeof s === 'object' && s !== null ? (s as Saved) : {};
}

export function save(s: Saved): void {
  vscode.setState({ ...saved(), ...s });
}
