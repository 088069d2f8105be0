import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { lensesFor, lensTitle } from '../../core/language/index';
import { openGraphCommand, type OpenGraphArgs } from '../../protocol/lsp';
import { settledDocument, type ServerContext } from '../context';

/** Above this many components in a file, lenses are computed as the editor scrolls to them (resolve). */
const eagerLimit = 150;

interface LensData {
  entry: string;
  id: string;
}

/** "▼ 3 down · 2 degraded if this fails" over each component; clicking opens the graph on that simulation. */
export function registerCodeLens(ctx: ServerContext): void {
  const resolve = (lens: CodeLens, data: LensData): CodeLens => {
    const view = ctx.workspace.analysisOf(data.entry)?.view;
    const title = view ? lensTitle(view, data.id) : undefined;
    return {
      range: lens.range,
      command: { title: title ?? 'blast radius unavailable', command: openGraphCommand, arguments: [{ uri: data.entry, simulate: [data.id] } satisfies OpenGraphArgs] },
    };
  };
  ctx.connection.onCodeLens(
    ctx.request('codeLens', async (params: CodeLensParams, token): Promise<CodeLens[]> => {
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      if (!doc) {
        return [];
      }
      const lenses = lensesFor(doc.uri, ctx.workspace.viewsFor(doc.uri));
      const eager = lenses.length <= eagerLimit;
      const out: CodeLens[] = [];
      for (const l of lenses) {
        if (token.isCancellationRequested) {
          break;
        }
        const data: LensData = { entry: l.entry, id: l.id };
        const lens: CodeLens = { range: l.range, data };
        out.push(eager ? resolve(lens, data) : lens);
      }
      return out;
    }),
  );
  ctx.connection.onCodeLensResolve(
    ctx.request('codeLens/resolve', (lens: CodeLens): CodeLens => {
      const data = lens.data as Partial<LensData> | undefined;
      if (typeof data?.entry !== 'string' || typeof data.id !== 'string') {
        return lens;
      }
      return resolve(lens, { entry: data.entry, id: data.id });
    }),
  );
}
