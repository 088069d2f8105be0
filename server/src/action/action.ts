// The GitHub Action (action.yml at the repository's root runs dist/action.js): runs the bundled CLI
// on the workspace, writes the reports asked for, the job summary and one sticky pull-request
// comment, and sets outputs with the counts. Everything it knows comes from the environment the
// runner sets; tests give it a fake event, a fake API on 127.0.0.1 and, for `diff`, a fake CLI.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { foldToLimit, commentLimit } from './fold';
import { marker, scrub, upsertStickyComment } from './github';
import { appendSummary, booleanInput, escapeData, input, InputError, listInput, setOutputs, type Env } from './workflow';

export interface ActionIO {
  env: Env;
  /** The action's log: annotations and workflow commands are read from it by the runner. */
  out(text: string): void;
  /** node + the CLI to run (dist/cli.js beside dist/action.js). */
  cli: string[];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const reportFormats = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
type ReportFormat = (typeof reportFormats)[number];
const failLevels = ['error', 'warning', 'info', 'none'];
/** The job summary takes 1 MiB per step; a UTF-16 unit is at most 3 bytes of UTF-8. */
const summaryLimit = 340_000;

function exec(command: string, args: string[], cwd: string, env: Env): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => done({ code: 127, stdout: '', stderr: `${command}: ${e.message}` }));
    child.on('close', (code, signal) =>
      done({ code: code ?? 128, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + (signal ? `killed by ${signal}\n` : '') }),
    );
  });
}

class Failure extends Error {}

interface Counts {
  error: number;
  warning: number;
  info: number;
}

interface DiffSummary {
  regressions: number;
  improvements: number;
  newFindings: number;
  resolvedFindings: number;
}

function readEvent(env: Env): { number?: number; baseSha?: string } {
  const path = env['GITHUB_EVENT_PATH'];
  if (!path) {
    return {};
  }
  let event: { pull_request?: { number?: unknown; base?: { sha?: unknown } } };
  try {
    event = JSON.parse(readFileSync(path, 'utf8')) as typeof event;
  } catch (e) {
    throw new Failure(`cannot read the event payload GITHUB_EVENT_PATH=${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const pr = event?.pull_request;
  return {
    number: typeof pr?.number === 'number' ? pr.number : undefined,
    baseSha: typeof pr?.base?.sha === 'string' ? pr.base.sha : undefined,
  };
}

export async function runAction(io: ActionIO): Promise<number> {
  const { env } = io;
  const token = input(env, 'token');
  const log = (s: string) => io.out(scrub(s, token));
  const error = (s: string) => log(`::error title=incidentmap::${escapeData(s)}\n`);
  const warning = (s: string) => log(`::warning title=incidentmap::${escapeData(s)}\n`);
  try {
    return await act(io, token, log, error, warning);
  } catch (e) {
    if (e instanceof Failure || e instanceof InputError) {
      error(e.message);
      return 1;
    }
    error(`internal error in the incidentmap action (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

async function act(io: ActionIO, token: string, log: (s: string) => void, error: (s: string) => void, warning: (s: string) => void): Promise<number> {
  const { env } = io;
  const cwd = env['GITHUB_WORKSPACE'] || process.cwd();
  const paths = listInput(env, 'paths');
  if (paths.length === 0) {
    paths.push('.');
  }
  const failOn = input(env, 'fail-on') || 'error';
  if (!failLevels.includes(failOn)) {
    throw new InputError(`input fail-on is "${failOn}"; use one of ${failLevels.join(', ')}`);
  }
  const formats = new Set<ReportFormat>();
  for (const f of listInput(env, 'formats')) {
    if (!(reportFormats as readonly string[]).includes(f)) {
      throw new InputError(`input formats names "${f}"; the formats are ${reportFormats.join(', ')}`);
    }
    formats.add(f as ReportFormat);
  }
  const sarif = booleanInput(env, 'sarif', false);
  if (sarif) {
    formats.add('sarif');
  }
  const comment = booleanInput(env, 'comment', true);
  const failOnRegression = booleanInput(env, 'fail-on-regression', false);
  const event = readEvent(env);
  const base = input(env, 'base') || event.baseSha || '';
  const outDir = resolve(cwd, input(env, 'output-dir') || join(env['RUNNER_TEMP'] || tmpdir(), 'incidentmap'));
  mkdirSync(outDir, { recursive: true });

  // The CLI never needs the token: it is not passed on.
  const childEnv: Env = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('INPUT_')));
  const [node, ...cliArgs] = io.cli;
  const cli = async (args: string[]): Promise<Run> => {
    const r = await exec(node!, [...cliArgs, ...args], cwd, childEnv);
    if (r.stderr !== '') {
      log(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
    }
    if (r.code !== 0 && r.code !== 1) {
      throw new Failure(`incidentmap ${args[0]} exited ${r.code} (${r.code === 2 ? 'a usage or input error' : 'an internal error'}): ${r.stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`);
    }
    return r;
  };
  const outputs: Record<string, string> = { 'report-dir': outDir };
  const write = (name: string, text: string, output: string) => {
    const file = join(outDir, name);
    writeFileSync(file, text);
    outputs[output] = file;
  };

  // check: the counts (and the gate) from JSON, then each format asked for.
  const checkArgs = (format: string, fail = 'none') => ['check', '--format', format, '--fail-on', fail, ...(format === 'text' ? ['--no-color'] : []), ...paths];
  const json = await cli(checkArgs('json', failOn));
  let counts: Counts;
  try {
    counts = (JSON.parse(json.stdout) as { summary: Counts }).summary;
  } catch {
    throw new Failure('incidentmap check --format json did not print a JSON report');
  }
  outputs['errors'] = String(counts.error);
  outputs['warnings'] = String(counts.warning);
  outputs['infos'] = String(counts.info);
  if (formats.has('json')) {
    write('incidentmap.json', json.stdout, 'json-file');
  }
  if (formats.has('sarif')) {
    write('incidentmap.sarif', (await cli(checkArgs('sarif'))).stdout, 'sarif-file');
  }
  if (formats.has('text')) {
    const text = (await cli(checkArgs('text'))).stdout;
    log(text);
    write('incidentmap.txt', text, 'text-file');
  }
  if (formats.has('github')) {
    // Workflow commands: the runner turns them into annotations on the pull request's diff.
    log((await cli(checkArgs('github'))).stdout);
  }
  const checkMarkdown = (await cli(checkArgs('markdown'))).stdout;
  if (formats.has('markdown')) {
    write('incidentmap.md', checkMarkdown, 'markdown-file');
  }

  // diff: what the change does, when there is something to compare with.
  let diffMarkdown = '';
  let regressed = false;
  if (base !== '') {
    await ensureCommit(base, cwd, childEnv, log);
    const diffJson = await cli(['diff', '--base', base, '--format', 'json', ...(failOnRegression ? ['--fail-on-regression'] : []), ...paths]);
    let summary: DiffSummary;
    try {
      summary = (JSON.parse(diffJson.stdout) as { summary: DiffSummary }).summary;
      for (const k of ['regressions', 'improvements', 'newFindings', 'resolvedFindings'] as const) {
        if (typeof summary[k] !== 'number') {
          throw new Error(k);
        }
      }
    } catch {
      throw new Failure('incidentmap diff --format json did not print a report with summary.regressions, improvements, newFindings and resolvedFindings');
    }
    regressed = failOnRegression && diffJson.code === 1;
    outputs['regressions'] = String(summary.regressions);
    outputs['improvements'] = String(summary.improvements);
    outputs['new-findings'] = String(summary.newFindings);
    outputs['resolved-findings'] = String(summary.resolvedFindings);
    diffMarkdown = (await cli(['diff', '--base', base, '--format', 'markdown', ...paths])).stdout;
    if (formats.has('json')) {
      write('incidentmap-diff.json', diffJson.stdout, 'diff-json-file');
    }
    if (formats.has('markdown')) {
      write('incidentmap-diff.md', diffMarkdown, 'diff-markdown-file');
    }
  }

  const server = env['GITHUB_SERVER_URL'] || 'https://github.com';
  const runUrl = env['GITHUB_REPOSITORY'] && env['GITHUB_RUN_ID'] ? `${server}/${env['GITHUB_REPOSITORY']}/actions/runs/${env['GITHUB_RUN_ID']}` : undefined;
  const parts = [diffMarkdown.trim(), checkMarkdown.trim()].filter((p) => p !== '');
  const report = parts.join('\n\n');
  const footer = runUrl ? `\n\n<sub>[workflow run](${runUrl})</sub>\n` : '\n';

  appendSummary(env, foldToLimit(report + footer, summaryLimit, 'The report is longer than a job summary takes: the rest is in the report files (output report-dir).'));

  if (comment) {
    if (event.number === undefined) {
      log('incidentmap: not a pull request event, so no comment; the report is in the job summary.\n');
    } else if (token === '') {
      warning('input token is empty, so no pull-request comment was posted; the report is in the job summary.');
    } else if (!env['GITHUB_REPOSITORY']) {
      warning('GITHUB_REPOSITORY is not set, so no pull-request comment was posted.');
    } else {
      const notice = `**Folded**: the full report did not fit in a comment (${commentLimit.toLocaleString('en-US')} characters)${runUrl ? `; it is in the [job summary](${runUrl})` : '; it is in the job summary'}.`;
      const body = foldToLimit(`${marker}\n${report}${footer}`, commentLimit, notice);
      try {
        const posted = await upsertStickyComment({ url: env['GITHUB_API_URL'] || 'https://api.github.com', token, repository: env['GITHUB_REPOSITORY'] }, event.number, body);
        outputs['comment-id'] = String(posted.id);
        log(`incidentmap: ${posted.action} comment ${posted.id}${posted.url ? ` (${posted.url})` : ''}\n`);
      } catch (e) {
        // A pull request from a fork gets a read-only token: the report is still in the summary.
        warning(
          `could not post the pull-request comment (${e instanceof Error ? e.message : String(e)}). The job needs "permissions: pull-requests: write"; pull requests from forks get a read-only token. The report is in the job summary.`,
        );
      }
    }
  }

  setOutputs(env, outputs);
  let code = 0;
  if (json.code === 1) {
    error(`${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info: findings at or above fail-on (${failOn}). The report is in the job summary.`);
    code = 1;
  }
  if (regressed) {
    error(`this change makes the system less resilient (${outputs['regressions']} regressions, fail-on-regression is on). The report is in the job summary.`);
    code = 1;
  }
  return code;
}

/** A shallow checkout lacks the base commit: fetch it once, with the credentials checkout left. */
async function ensureCommit(sha: string, cwd: string, env: Env, log: (s: string) => void): Promise<void> {
  // Not an option to git, not a range: a commit id or a ref name.
  if (!/^\w[\w./-]*$/.test(sha) || sha.includes('..')) {
    throw new Failure(`base "${sha}" is not a commit or a ref`);
  }
  if ((await exec('git', ['cat-file', '-e', `${sha}^{commit}`], cwd, env)).code === 0) {
    return;
  }
  log(`incidentmap: fetching the base ${sha}\n`);
  const f = await exec('git', ['fetch', '--no-tags', '--depth=1', 'origin', sha], cwd, env);
  if (f.code !== 0) {
    throw new Failure(`the base ${sha} is not in the checkout and could not be fetched (${f.stderr.trim().split('\n').pop() ?? ''}). Give actions/checkout "fetch-depth: 0".`);
  }
}
