// `incidentmap diff`: what a change does to resilience. The head is the working tree; the base is a
// git ref (read with git itself, through the same read limits) or a report saved by
// `incidentmap check --format json`. Both become the same Snapshot, and the core compares them.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareSnapshots, resilienceVersion, type Host, type Snapshot, type ResilienceDiff } from '../../core/index';
import { toUri } from '../../node/nodeHost';
import { runCheck } from '../checkRun';
import { ExitCode, sharedOptions, UsageError, type Command } from '../command';
import { discoverMaps } from '../discover';
import { baseMaps, openGitBase, renamesSince } from '../gitBase';
import { nowFromEnv, rootOf } from '../loadMap';
import { writeResult } from '../output';
import { renderDiffGithub, renderDiffJson, renderDiffMarkdown, renderDiffText } from '../format/diff';
import { linkBaseFromEnv } from '../format/markdownText';
import { buildReport, pathOf, type Report } from '../format/report';

const formats = ['text', 'json', 'markdown', 'github'] as const;

const usage = `Usage: incidentmap diff [--base REF | --baseline REPORT.json] [files|folders...] [options]

Compares the maps at a base with the working tree and reports what the change does to resilience:
new and resolved findings; components whose blast radius (what goes down or degrades when they fail)
grew or shrank; new single points of failure; failovers added, removed or now inside one failure
domain; retry amplification and worst-case waits that grew. Components are matched by id, so moved
and renamed files are not reported as removed and added.

Options:
      --base REF               a commit, branch or tag, read with git (default: HEAD)
      --baseline FILE          a report saved by \`incidentmap check --format json\` instead of a ref
  -f, --format FORMAT          text (default), json, markdown (PR comment), github (annotations)
      --fail-on-regression     exit 1 when the change makes anything worse
  -o, --output FILE            write the result to FILE instead of stdout
      --root DIR               includes may not leave DIR; paths are relative to it
                               (default: the repository root above the current folder)
  -h, --help                   show this help

Exit codes: 0 done (or no regression with --fail-on-regression), 1 regressions with
--fail-on-regression, 2 usage or input error, 3 internal error.
`;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'what a change does to resilience, against a git ref or a saved report',
  usage,
  async run(argv, { io, hostFor, version }) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        base: { type: 'string' },
        baseline: { type: 'string' },
        format: { type: 'string', short: 'f', default: 'text' },
        'fail-on-regression': { type: 'boolean', default: false },
        ...sharedOptions,
      },
    });
    const format = values.format as (typeof formats)[number];
    if (!(formats as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${formats.join(', ')}; got "${values.format}"`);
    }
    if (values.base !== undefined && values.baseline !== undefined) {
      throw new UsageError('give --base or --baseline, not both');
    }
    const root = rootOf(io, values.root);
    const now = nowFromEnv(io);
    let diff: ResilienceDiff;
    let source: string;
    if (values.baseline !== undefined) {
      // The saved report is named by whoever runs the command, not by the change under review: it is
      // read through the gate rooted at its own folder (a regular file, within the size limit).
      const baselinePath = resolve(io.cwd, values.baseline);
      const base = readBaseline(hostFor(dirname(baselinePath)), baselinePath, values.baseline);
      source = `--baseline ${values.baseline}`;
      const head = snapshotOf(workingMaps(positionals, io.cwd, true), hostFor(root), root, now, true);
      diff = compareSnapshots(base, head, { renames: new Map() });
    } else {
      ({ diff, source } = diffAgainstRef({ root, cwd: io.cwd, ref: values.base ?? 'HEAD', paths: positionals, host: hostFor(root), now }));
    }
    const text =
      format === 'json'
        ? renderDiffJson(diff, { base: source }, version)
        : format === 'markdown'
          ? renderDiffMarkdown(diff, { base: source }, { links: linkBaseFromEnv(io.env) })
          : format === 'github'
            ? renderDiffGithub(diff, { base: source })
            : renderDiffText(diff, { base: source });
    writeResult(io, values.output, text);
    return values['fail-on-regression'] && diff.summary.regressions > 0 ? ExitCode.findings : ExitCode.ok;
  },
};

/** A report's findings and resilience summary for the maps, as diff compares them. */
function snapshotOf(maps: string[], from: Host, root: string, now: number | undefined, via = false): Snapshot {
  return toSnapshot(buildReport(runCheck(maps, from, { root, now, resilience: { pathOf: (uri) => pathOf(root, uri), via } })));
}

export interface RefDiffOptions {
  root: string;
  /** Where paths are resolved and git is run. */
  cwd: string;
  /** A commit, branch or tag. */
  ref: string;
  /** Files and folders (relative to cwd); none: the whole folder. */
  paths: readonly string[];
  /** The working tree, through the file gate. */
  host: Host;
  now?: number;
}

/**
 * The maps at `ref` (read with git) against the working tree: `incidentmap diff --base REF`, and the
 * MCP server's diff tool. Usage errors for a bad ref, no repository, or paths that match no map.
 */
export function diffAgainstRef(o: RefDiffOptions): { diff: ResilienceDiff; source: string } {
  const git = openGitBase(o.cwd, o.ref);
  const maps = baseMaps(git, o.paths, o.cwd);
  const headMaps = workingMaps(o.paths, o.cwd, maps.length > 0);
  const base = snapshotOf(maps, git.host, o.root, o.now);
  // The head also records the step each failure took (`via`), for the picture of the changed paths.
  const head = snapshotOf(headMaps, o.host, o.root, o.now, true);
  return { diff: compareSnapshots(base, head, { renames: renamesSince(git, o.root) }), source: `--base ${o.ref} (${git.commit.slice(0, 12)})` };
}

/** The working tree's maps under the arguments; a folder or file the change deleted is fine when the base had maps. */
function workingMaps(args: readonly string[], cwd: string, baseHasMaps: boolean): string[] {
  const out = new Set<string>();
  for (const arg of args.length > 0 ? args : ['.']) {
    if (!existsSync(resolve(cwd, arg)) && baseHasMaps) {
      continue;
    }
    try {
      discoverMaps([arg], cwd).forEach((m) => out.add(m));
    } catch (e) {
      if (!(e instanceof UsageError && baseHasMaps)) {
        throw e;
      }
    }
  }
  return [...out].sort();
}

function toSnapshot(report: Report): Snapshot {
  if (!report.resilience) {
    throw new Error('the resilience summary was not computed');
  }
  return {
    findings: report.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, span: f.span, ...(f.key !== undefined ? { key: f.key } : {}) })),
    suppressed: report.suppressed.map((s) => ({ ruleId: s.ruleId, message: s.message, path: s.path, line: s.line, reason: s.reason, ...(s.key !== undefined ? { key: s.key } : {}) })),
    resilience: report.resilience,
  };
}

/** A saved check report, read through the same gate as maps, and checked for what diff needs. */
function readBaseline(host: Host, path: string, shown: string): Snapshot {
  const read = host.readFile(toUri(path));
  if (!read.ok) {
    throw new UsageError(`cannot read --baseline ${shown}: ${read.reason}${read.detail ? ` (${read.detail})` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    throw new UsageError(`--baseline ${shown} is not JSON: ${(e as Error).message}`, 'Save it with `incidentmap check --format json -o FILE`.');
  }
  const resave = 'Save the base again with `incidentmap check --format json -o FILE` (this version adds the `resilience` field diff needs).';
  const o = json as { findings?: unknown; suppressed?: unknown; resilience?: { version?: unknown; components?: unknown; singlePoints?: unknown; failovers?: unknown } };
  if (typeof o !== 'object' || o === null || !Array.isArray(o.findings)) {
    throw new UsageError(`--baseline ${shown} is not a report of \`incidentmap check --format json\` (it has no findings list)`, resave);
  }
  const r = o.resilience;
  if (!r || r.version !== resilienceVersion || !Array.isArray(r.components) || !Array.isArray(r.singlePoints) || !Array.isArray(r.failovers)) {
    throw new UsageError(`--baseline ${shown} has no resilience summary (version ${resilienceVersion})`, resave);
  }
  const isWhere = (w: unknown) => typeof w === 'object' && w !== null && typeof (w as { path?: unknown }).path === 'string' && typeof (w as { line?: unknown }).line === 'number';
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  const bad =
    (o.findings as unknown[]).find((f) => {
      const x = f as Record<string, unknown>;
      return typeof x['ruleId'] !== 'string' || typeof x['message'] !== 'string' || typeof x['path'] !== 'string' || !['error', 'warning', 'info'].includes(x['severity'] as string) || typeof (x['span'] as { startLine?: unknown } | undefined)?.startLine !== 'number';
    }) ??
    (r.components as unknown[]).find((c) => {
      const x = c as Record<string, unknown>;
      return typeof x['id'] !== 'string' || !isWhere(x['at']) || !strings(x['down']) || !strings(x['degraded']) || typeof x['retryAmplification'] !== 'number' || typeof x['worstWaitMs'] !== 'number';
    }) ??
    (r.singlePoints as unknown[]).find((p) => typeof (p as { id?: unknown }).id !== 'string' || !strings((p as { down?: unknown }).down) || !isWhere((p as { at?: unknown }).at)) ??
    (r.failovers as unknown[]).find((f) => typeof (f as { from?: unknown }).from !== 'string' || typeof (f as { to?: unknown }).to !== 'string' || !strings((f as { sharedDomains?: unknown }).sharedDomains) || !isWhere((f as { at?: unknown }).at));
  if (bad !== undefined) {
    throw new UsageError(`--baseline ${shown} has an entry diff cannot read: ${JSON.stringify(bad).slice(0, 200)}`, resave);
  }
  const suppressed = Array.isArray(o.suppressed) ? (o.suppressed as Snapshot['suppressed']).filter((s) => typeof s?.ruleId === 'string' && typeof s.reason === 'string') : [];
  return { findings: o.findings as Snapshot['findings'], suppressed, resilience: r as Snapshot['resilience'] };
}
