import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { outline, workspaceSymbols, type OutlineSymbol } from '../../core/language/index';
import { afterPendingInput, settledDocument, type ServerContext } from '../context';

const kinds: Record<OutlineSymbol['kind'], SymbolKind> = {
  component: SymbolKind.Class,
  domain: SymbolKind.Module,
  failover: SymbolKind.Event,
  dependency: SymbolKind.Field,
  signal: SymbolKind.Property,
  rollback: SymbolKind.Method,
  'runbook-step': SymbolKind.Constant,
};

function toSymbol(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: kinds[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    ...(s.children.length > 0 ? { children: s.children.map(toSymbol) } : {}),
  };
}

/** The outline of a map (domains, components with their dependencies and signals, failovers) and workspace symbols. */
export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(
    ctx.request('documentSymbol', async (params: DocumentSymbolParams, token): Promise<DocumentSymbol[]> => {
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      await afterPendingInput(); // a hover in the same burst first
      const view = doc ? ctx.workspace.viewsFor(doc.uri)[0] : undefined;
      return doc && view ? outline(view.model, doc.uri).map(toSymbol) : [];
    }),
  );
  ctx.connection.onWorkspaceSymbol(
    ctx.request('workspaceSymbol', (params: WorkspaceSymbolParams): SymbolInformation[] => {
      const query = typeof params.query === 'string' ? params.query : '';
      return workspaceSymbols(
        ctx.workspace.allViews().map((v) => v.model),
        query,
      ).map((s) => ({
        name: s.name,
        kind: s.kind === 'component' ? SymbolKind.Class : SymbolKind.Module,
        containerName: s.detail,
        location: { uri: s.uri, range: s.range },
      }));
    }),
  );
}
