import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver/node';
import { definitionAt, referencesAt } from '../../core/language/index';
import { checkPosition, settledDocument, type ServerContext } from '../context';

/** Go to definition and find references for component and domain ids, across included files. */
export function registerNavigation(ctx: ServerContext): void {
  ctx.connection.onDefinition(
    ctx.request('definition', async (params: DefinitionParams, token): Promise<Location | null> => {
      const position = checkPosition(params.position);
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      const def = doc ? definitionAt(doc.uri, position, ctx.workspace.viewsFor(doc.uri)) : undefined;
      return def ? { uri: def.uri, range: def.range } : null;
    }),
  );
  ctx.connection.onReferences(
    ctx.request('references', async (params: ReferenceParams, token): Promise<Location[]> => {
      const position = checkPosition(params.position);
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      if (!doc) {
        return [];
      }
      const includeDeclaration = params.context?.includeDeclaration !== false;
      return referencesAt(doc.uri, position, ctx.workspace.viewsFor(doc.uri), includeDeclaration).map((o) => ({ uri: o.uri, range: o.range }));
    }),
  );
}
