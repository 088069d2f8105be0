// The only translation between core findings and LSP: ranges already have LSP's shape, so a diagnostic
// adds its rule id as `code`, the rule's docs as `codeDescription`, and carries the finding's fixes in
// `data` for code actions to offer without re-running the analysis.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { docsUrl, type Finding, type Fix, type Severity } from '../core/index';

export const source = 'incidentmap';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries for code actions: the finding's fixes and facts. */
export interface DiagnosticData {
  fixes?: Fix[];
  facts?: Record<string, unknown>;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = f.related?.map((r) => ({
    location: { uri: r.uri, range: r.range },
    message: r.message,
  }));
  const data: DiagnosticData = {};
  if (f.fixes?.length) {
    data.fixes = f.fixes;
  }
  if (f.data) {
    data.facts = f.data;
  }
  return {
    range: f.range,
    severity: severities[f.severity],
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    source,
    message: f.message,
    ...(related?.length ? { relatedInformation: related } : {}),
    ...(data.fixes || data.facts ? { data } : {}),
  };
}

export function isDiagnosticData(x: unknown): x is DiagnosticData {
  if (typeof x !== 'object' || x === null) {
    return false;
  }
  const fixes = (x as DiagnosticData).fixes;
  return fixes === undefined || (Array.isArray(fixes) && fixes.every((f) => typeof f?.title === 'string' && Array.isArray(f.edits)));
}

export function toWorkspaceEdit(edits: Fix['edits']): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
  }
  return { changes };
}
