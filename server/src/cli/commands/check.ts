import { parseArgs } from 'node:util';
import { didYouMean, parseDuration, ruleById, severityRank, type Settings, type Severity } from '../../core/index';
import { ExitCode, sharedOptions, UsageError, type Command } from '../command';
import { runCheck } from '../checkRun';
import { writeResult } from '../output';
import { discoverMaps, displayPath } from '../discover';
import { ensureReadable, nowFromEnv, rootOf } from '../loadMap';
import { renderGithub } from '../format/github';
import { renderJson } from '../format/json';
import { renderMarkdown } from '../format/markdown';
import { linkBaseFromEnv } from '../format/markdownText';
import { buildReport, defaultMaxFindings, pathOf } from '../format/report';
import { renderSarif } from '../format/sarif';
import { colors, plain, renderText, splitLines } from '../format/text';

const formats = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
const failOn = ['error', 'warning', 'info', 'none'] as const;
const levels = ['error', 'warning', 'info', 'off'] as const;

const usage = `Usage: incidentmap check [files|folders|globs...] [options]

Checks incident maps: syntax, schema, references, and the propagation analysis (single points of
failure, failover in the same domain, retry amplification, timeout inversion, missing leading signals,
telemetry sharing paths, ...). Folders are searched for *.incidentmap; the default is the current folder.

Options:
  -f, --format FORMAT          text (default), json, sarif, github (workflow annotations), markdown (PR comment)
      --fail-on LEVEL          exit 1 when a finding is at least error (default), warning, info; or none
  -o, --output FILE            write the report to FILE instead of stdout
      --root DIR               includes may not leave DIR; paths are reported relative to it
                               (default: the repository root above the current folder, else the folder)
  -q, --quiet                  report errors only
      --rule ID=LEVEL          set a rule's level (error, warning, info, off); repeatable
      --retry-amplification-max N   largest acceptable product of attempts (default 10)
      --rehearsal-max-age DURATION  oldest acceptable failover drill, e.g. 90d (default 180d)
      --max-results N          most SARIF results (default 5000, GitHub's limit)
      --max-findings N         most findings in any report (default 10000; the most severe are kept,
                               and the report says how many were left out)
      --color / --no-color     colour text output (default: on a terminal, unless NO_COLOR is set)
  -h, --help                   show this help

Exit codes: 0 no finding at --fail-on, 1 findings at --fail-on, 2 usage or input error, 3 internal error.
`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'check maps and report findings (text, json, sarif, github, markdown)',
  usage,
  async run(argv, { io, hostFor, version }) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        'fail-on': { type: 'string', default: 'error' },
        ...sharedOptions,
        quiet: { type: 'boolean', short: 'q', default: false },
        rule: { type: 'string', multiple: true, default: [] },
        'retry-amplification-max': { type: 'string' },
        'rehearsal-max-age': { type: 'string' },
        'max-results': { type: 'string', default: '5000' },
        'max-findings': { type: 'string', default: String(defaultMaxFindings) },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
    });
    const format = oneOf('--format', values.format, formats);
    const threshold = oneOf('--fail-on', values['fail-on'], failOn);
    const maxResults = positiveInt('--max-results', values['max-results']);
    const maxFindings = positiveInt('--max-findings', values['max-findings']);
    const baseSettings = settingsFrom(values.rule, values['retry-amplification-max'], values['rehearsal-max-age']);

    const root = rootOf(io, values.root);
    const host = hostFor(root);
    const maps = discoverMaps(positionals, io.cwd);
    maps.forEach((path) => ensureReadable(host, path, displayPath(io.cwd, path), root));
    // The JSON report carries the resilience summary, so a saved report can be diff's --baseline.
    const resilience = format === 'json' ? { pathOf: (uri: string) => pathOf(root, uri) } : undefined;
    const run = runCheck(maps, host, { root, baseSettings, now: nowFromEnv(io), resilience });
    const report = buildReport(run, values.quiet ? 'error' : 'info', maxFindings);

    const useColor = values['no-color'] ? false : values.color ?? (io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined && !values.output);
    // Once per file: a large map with thousands of findings would otherwise be re-read for each frame.
    const lineCache = new Map<string, string[] | undefined>();
    const readLines = (uri: string) => {
      if (!lineCache.has(uri)) {
        const r = host.readFile(uri);
        lineCache.set(uri, r.ok ? splitLines(r.text) : undefined);
      }
      return lineCache.get(uri);
    };
    const text =
      format === 'json'
        ? renderJson(report, version)
        : format === 'sarif'
          ? renderSarif(report, version, maxResults)
          : format === 'github'
            ? renderGithub(report)
            : format === 'markdown'
              ? renderMarkdown(report, { links: linkBaseFromEnv(io.env) })
              : renderText(report, readLines, useColor ? colors : plain);
    writeResult(io, values.output, text);
    const failing = threshold !== 'none' && report.findings.some((f) => severityRank[f.severity] >= severityRank[threshold as Severity]);
    return failing ? ExitCode.findings : ExitCode.ok;
  },
};

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`${flag} must be a whole number; got "${value}"`);
  }
  return n;
}

function settingsFrom(ruleArgs: string[] | undefined, retryMax: string | undefined, maxAge: string | undefined): Partial<Settings> {
  const out: Partial<Settings> = { rules: {} };
  for (const arg of ruleArgs ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(arg);
    if (!m) {
      throw new UsageError(`--rule takes ID=LEVEL, e.g. --rule missing-runbook=warning; got "${arg}"`);
    }
    const [, id = '', level = ''] = m;
    if (!ruleById.has(id)) {
      const guess = didYouMean(id, ruleById.keys());
      throw new UsageError(`--rule: unknown rule "${id}".${guess ? ` Did you mean "${guess}"?` : ''}`, 'The rules are listed in docs/rules.md.');
    }
    out.rules![id] = oneOf(`--rule ${id}`, level, levels);
  }
  if (retryMax !== undefined) {
    const n = Number(retryMax);
    if (!Number.isFinite(n) || n < 1) {
      throw new UsageError(`--retry-amplification-max must be a number of at least 1; got "${retryMax}"`);
    }
    out.retryAmplificationMax = n;
  }
  if (maxAge !== undefined) {
    const d = parseDuration(maxAge);
    if (!d.ok) {
      throw new UsageError(`--rehearsal-max-age: ${d.message}`);
    }
    out.rehearsalMaxAgeMs = d.value;
  }
  return out;
}
