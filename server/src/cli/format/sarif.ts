// SARIF 2.1.0 for GitHub code scanning and other viewers. One run; every rule with its full metadata
// (GitHub rejects rules without fullDescription and help); paths relative to %SRCROOT% so alerts
// attach to the repository's files; partialFingerprints from the findings' stable keys, so a re-run
// on unchanged maps raises no new alerts; at most `maxResults` results (GitHub's limit is 5,000 per
// run), the most severe kept, with a notification saying how many were left out.
import { docsUrl, rules, severityRank, type Severity } from '../../core/index';
import { isAbsolute } from 'node:path';
import { toUri } from '../../node/nodeHost';
import type { Report, ReportFinding, Span } from './report';

const level = { error: 'error', warning: 'warning', info: 'note' } as const;
const problemSeverity = { error: 'error', warning: 'warning', info: 'recommendation' } as const;

/**
 * A SARIF artifact location. Inside the root: the relative path, each segment percent-encoded (`#`,
 * `?`, `%`, `\` and spaces are file-name characters, not URI syntax: `a#b.incidentmap` must not
 * become `a`), under %SRCROOT%. Outside it (never for a checked map, which the file gate keeps inside):
 * the absolute file URI and no base, rather than an absolute path glued under %SRCROOT%.
 */
export function artifact(path: string, uri: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path) || path.startsWith('file:')) {
    return { uri };
  }
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function renderSarif(report: Report, version: string, maxResults = 5000): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // Most severe first so truncation keeps what matters; ties in the report's order (the sort is stable).
  const ordered = [...report.findings].sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
  const kept = ordered.slice(0, Math.max(0, maxResults));
  const omitted = ordered.length - kept.length;
  const region = (s: Span) => ({ startLine: s.startLine, startColumn: s.startColumn, endLine: s.endLine, endColumn: s.endColumn });
  const location = (path: string, uri: string, s: Span) => ({
    physicalLocation: { artifactLocation: artifact(path, uri), region: region(s) },
  });
  const result = (f: ReportFinding) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: level[f.severity],
    message: { text: f.message },
    locations: [location(f.path, f.uri, f.span)],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((r, id) => ({ id, ...location(r.path, r.uri, r.span), message: { text: r.message } })) }
      : {}),
    partialFingerprints: { 'incidentmapFingerprint/v1': f.fingerprint },
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'incidentmap',
            semanticVersion: version,
            version,
            informationUri: 'https://github.com/incidentmap/incidentmap',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: r.help, markdown: `${r.help}\n\n[Documentation and examples](${docsUrl(r.id)})` },
              helpUri: docsUrl(r.id),
              defaultConfiguration: { level: level[r.severity as Severity] },
              properties: { tags: ['incidentmap', r.category], precision: 'very-high', 'problem.severity': problemSeverity[r.severity as Severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: toUri(report.root).replace(/\/?$/, '/') } },
        invocations: [
          {
            executionSuccessful: true,
            ...(omitted > 0
              ? {
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      message: {
                        text: `${omitted} of ${ordered.length} results were left out to stay within ${maxResults} results per run (the most severe are kept). Run \`incidentmap check\` locally for all of them.`,
                      },
                    },
                  ],
                }
              : {}),
          },
        ],
        // Suppressed findings as SARIF records them: results with an in-source suppression and its justification.
        results: [
          ...kept.map(result),
          ...report.suppressed.slice(0, Math.max(0, maxResults - kept.length)).map((x) => ({
            ruleId: x.ruleId,
            ...(ruleIndex.has(x.ruleId) ? { ruleIndex: ruleIndex.get(x.ruleId) } : {}),
            level: level[x.severity],
            message: { text: x.message },
            locations: [location(x.path, x.uri, { startLine: x.line, startColumn: 1, endLine: x.line, endColumn: 1 })],
            suppressions: [{ kind: 'inSource', justification: x.reason }],
            partialFingerprints: { 'incidentmapFingerprint/v1': x.fingerprint },
          })),
        ],
        columnKind: 'utf16CodeUnits',
        properties: { summary: report.summary, omittedResults: omitted },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
