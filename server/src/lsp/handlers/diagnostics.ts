import { FileChangeType, type DidChangeConfigurationParams, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { FileFindingsRequest } from '../../protocol/lsp';
import { checkUri, type ServerContext } from '../context';
import type { SettingsStore } from '../settings';

/**
 * Document and file events into the workspace: as-you-type analysis after a debounce (syntax, schema,
 * references), every rule on open and on save, re-analysis of the maps that read a changed file.
 */
export function registerDiagnostics(ctx: ServerContext, settings: SettingsStore): void {
  const { documents, workspace } = ctx;
  // Every finding of a file, past the editor's 1,000 diagnostics (issue 23, item 11).
  ctx.connection.onRequest(
    FileFindingsRequest.method,
    ctx.request('fileFindings', async (params: FileFindingsRequest.Params, token): Promise<FileFindingsRequest.Result> => {
      const uri = checkUri(params?.uri);
      await workspace.whenSettled(uri, token);
      const findings = workspace.findingsFor(uri) ?? [];
      return { findings: findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.range.start.line, character: f.range.start.character })) };
    }),
  );
  // TextDocuments fires onDidChangeContent right after onDidOpen for the same text.
  const justOpened = new Set<string>();
  documents.onDidOpen(
    ctx.notification('didOpen', (e: { document: { uri: string } }) => {
      justOpened.add(e.document.uri);
      workspace.opened(e.document.uri);
    }),
  );
  documents.onDidChangeContent(
    ctx.notification('didChange', (e: { document: { uri: string } }) => {
      if (!justOpened.delete(e.document.uri)) {
        workspace.changed(e.document.uri);
      }
    }),
  );
  documents.onDidSave(ctx.notification('didSave', (e: { document: { uri: string } }) => workspace.saved(e.document.uri)));
  documents.onDidClose(
    ctx.notification('didClose', (e: { document: { uri: string } }) => {
      justOpened.delete(e.document.uri);
      workspace.closed(e.document.uri);
    }),
  );
  ctx.connection.onDidChangeWatchedFiles(
    ctx.notification('didChangeWatchedFiles', (params: DidChangeWatchedFilesParams) => {
      const types = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;
      workspace.filesChanged(
        (params.changes ?? []).filter((c) => typeof c?.uri === 'string' && c.type in types).map((c) => ({ uri: c.uri, type: types[c.type] })),
      );
    }),
  );
  ctx.connection.onDidChangeConfiguration(
    ctx.notification('didChangeConfiguration', (params: DidChangeConfigurationParams) => {
      settings.changed(params?.settings);
      workspace.configurationChanged();
    }),
  );
}
