import { ErrorCodes, ResponseError, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver/node';
import { prepareRenameAt, renameAt } from '../../core/language/index';
import { checkPosition, settledDocument, type ServerContext } from '../context';
import { toWorkspaceEdit } from '../toLsp';

/** Rename a component or domain id everywhere it is defined and referenced, across included files. */
export function registerRename(ctx: ServerContext): void {
  ctx.connection.onPrepareRename(
    ctx.request('prepareRename', async (params: PrepareRenameParams, token): Promise<{ range: Range; placeholder: string } | null> => {
      const position = checkPosition(params.position);
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      const r = doc ? prepareRenameAt(doc.uri, position, ctx.workspace.viewsFor(doc.uri)) : undefined;
      if (r && 'error' in r) {
        throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      }
      return r ?? null;
    }),
  );
  ctx.connection.onRenameRequest(
    ctx.request('rename', async (params: RenameParams, token): Promise<WorkspaceEdit | null> => {
      const position = checkPosition(params.position);
      if (typeof params.newName !== 'string') {
        throw new ResponseError(ErrorCodes.InvalidParams, 'newName must be a string');
      }
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      const r = doc ? renameAt(doc.uri, position, ctx.workspace.viewsFor(doc.uri), params.newName.trim()) : undefined;
      if (!r) {
        return null;
      }
      if ('error' in r) {
        throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      }
      return toWorkspaceEdit(r.edits);
    }),
  );
}
