import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { Fix } from '../../core/index';
import { extraFixes } from '../../core/language/index';
import { settledDocument, type ServerContext } from '../context';
import { isDiagnosticData, source, toWorkspaceEdit } from '../toLsp';

/**
 * Quick fixes: the fixes findings carry (did-you-mean for keys, enum values and references; swap
 * thresholds), plus what the core builds from the text: create a missing component or domain, add a
 * leading-signal skeleton.
 */
export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(
    ctx.request('codeAction', async (params: CodeActionParams, token): Promise<CodeAction[]> => {
      const only = params.context?.only;
      if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) {
        return [];
      }
      const doc = await settledDocument(ctx, params.textDocument?.uri, token);
      if (!doc) {
        return [];
      }
      const diagnostics: Diagnostic[] = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
      const views = ctx.workspace.viewsFor(doc.uri);
      const text = doc.getText();
      const out: CodeAction[] = [];
      for (const d of diagnostics) {
        if (d.source !== source || typeof d.code !== 'string') {
          continue;
        }
        const data = isDiagnosticData(d.data) ? d.data : {};
        const fixes: Fix[] = [...(data.fixes ?? []), ...extraFixes({ ruleId: d.code, uri: doc.uri, data: data.facts }, text, views)];
        fixes.forEach((fix, i) => {
          out.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            // The finding's own fix (did-you-mean, swap) is what the author meant nearly always.
            isPreferred: i === 0 && (data.fixes?.length ?? 0) > 0 ? true : undefined,
            edit: toWorkspaceEdit(fix.edits),
          });
        });
      }
      return out;
    }),
  );
}
