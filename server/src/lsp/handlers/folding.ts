import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver/node';
import { foldingRanges } from '../../core/language/index';
import { afterPendingInput, checkUri, type ServerContext } from '../context';

/** Folding from indentation: works on a map that does not parse, and needs no analysis. */
export function registerFolding(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges(
    ctx.request('foldingRange', async (params: FoldingRangeParams): Promise<FoldingRange[]> => {
      const uri = checkUri(params.textDocument?.uri);
      await afterPendingInput(); // a hover in the same burst first
      const doc = ctx.documents.get(uri);
      return doc
        ? foldingRanges(doc.getText()).map((f) => ({ startLine: f.startLine, endLine: f.endLine, ...(f.kind ? { kind: FoldingRangeKind.Comment } : {}) }))
        : [];
    }),
  );
}
