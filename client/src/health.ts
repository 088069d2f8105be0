// The status bar's words for a map's health, kept free of `vscode` so unit tests can check them.
import type { AnalyzedNotification } from '../../server/src/protocol/lsp';

type Health = AnalyzedNotification.Params;

/** The status bar text for a map's health; pure, so it is unit-tested without VS Code. */
export function healthText(h: Pick<Health, 'counts' | 'singlePointsOfFailure'> | undefined): { text: string; tooltip: string } {
  if (!h) {
    return { text: '$(sync~spin) Incident Map', tooltip: 'Analysing the map…' };
  }
  const { error, warning } = h.counts;
  const spof = h.singlePointsOfFailure;
  const parts = [`$(error) ${error}`, `$(warning) ${warning}`];
  if (spof > 0) {
    parts.push(`$(debug-disconnect) ${spof} SPOF`);
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return {
    text: parts.join(' '),
    tooltip: `Incident Map: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${spof} single point${spof === 1 ? '' : 's'} of failure. Click to open the Problems view.`,
  };
}

/**
 * What the browser entry (github.dev, vscode.dev) cannot do, and why: shown once as a notification
 * when a map is first opened there, kept in the Output channel and the status bar's tooltip. docs/web.md
 * says the same at length.
 */
export const webLimits =
  'Incident Map runs in the browser here: diagnostics, hover, completion, navigation, code lenses and the graph work. ' +
  'Not available in the browser: the incidentmap command line (check, diff, graph --format png, the GitHub Action), ' +
  'because it needs Node.js and git on a machine; diff against a git base, because the browser cannot run git; ' +
  'includes outside this workspace, and symbolic links, because the browser reads only the workspace\'s files. ' +
  'A long analysis runs in the language server\'s own worker, so hover waits for it.';

export const webLimitsShort = 'Browser: no CLI, no git diff, only files inside this workspace (see Incident Map: Show Output).';
