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
