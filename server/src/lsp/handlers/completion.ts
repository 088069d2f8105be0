import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver/node';
import { completions, idSource, type CompletionCandidate } from '../../core/language/index';
import { checkPosition, checkUri, type ServerContext } from '../context';

const kinds: Record<CompletionCandidate['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  component: CompletionItemKind.Class,
  domain: CompletionItemKind.Module,
  rule: CompletionItemKind.Property,
  snippet: CompletionItemKind.Snippet,
  owner: CompletionItemKind.Value,
};

/**
 * Keys valid at the cursor, enum values and ids. Answers from the current text at once: ids come from
 * the latest analysis, which is at most one debounce behind, and completion must not wait for it.
 */
export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion(
    ctx.request('completion', async (params: CompletionParams, token): Promise<CompletionItem[]> => {
      const position = checkPosition(params.position);
      const uri = checkUri(params.textDocument?.uri);
      if (ctx.workspace.viewsFor(uri).length === 0) {
        await ctx.workspace.whenSettled(uri, token, 2000); // just opened: the ids are on their way
      }
      const doc = ctx.documents.get(uri);
      if (!doc) {
        return [];
      }
      const views = ctx.workspace.viewsFor(uri);
      return completions(doc.getText(), position, idSource(views.map((v) => v.model))).map((c) => ({
        label: c.label,
        kind: kinds[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        sortText: c.sortText,
        filterText: c.label,
        textEdit: { range: c.range, newText: c.insertText },
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        // The text carries its own indentation: the editor must not indent it again.
        insertTextMode: InsertTextMode.asIs,
      }));
    }),
  );
}
