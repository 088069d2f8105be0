import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { hoverAt } from '../../core/language/index';
import { checkPosition, hoverStarted, settledDocument, type ServerContext } from '../context';

/** Hover on a component or domain id (definition or reference): what it is and what its failure takes down. */
export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(
    ctx.request('hover', async (params: HoverParams, token): Promise<Hover | null> => {
      // Whole-file requests of the same burst wait for this one (context.ts, afterPendingInput).
      const done = hoverStarted();
      try {
        const position = checkPosition(params.position);
        const doc = await settledDocument(ctx, params.textDocument?.uri, token);
        if (!doc) {
          return null;
        }
        const h = hoverAt(doc.getText(), doc.uri, position, ctx.workspace.viewsFor(doc.uri));
        return h ? { contents: { kind: ctx.client.markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: h.contents }, range: h.range } : null;
      } finally {
        done();
      }
    }),
  );
}
