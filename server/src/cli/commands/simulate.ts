import { parseArgs } from 'node:util';
import { blastRadius, formatDuration, formatPath, type Affected, type BlastRadius, type Model } from '../../core/index';
import { ExitCode, sharedOptions, UsageError, type Command } from '../command';
import { pathOf } from '../format/report';
import { loadMap, simulationOrHint } from '../loadMap';
import { runStress, wantsStress } from './stress';

const usage = `Usage: incidentmap simulate FILE --fail ID [--fail ID...] [--format text|json]
       incidentmap simulate FILE --scenario ID | [--fail ID] [--demand J=F] [--traffic K=F] [--load C=F] [--slow C=DURATION]

Fails components and/or failure domains of a map (and what it includes) together and shows, in this
order: what failed, what is down (and for how long, where a failover takes over), which failovers
took over, what is degraded and why, and which standbys were lost (redundancy, not an outage).

With a scenario (declared in the map, or made of the flags below), shows its timeline instead: at the
failure, after failover, or while it lasts; what is down, failed over, saturated (utilisation of the
capacity left), stale; which journeys break, which signals fire (leading first), who is paged.

Options:
      --fail ID          a component or failure domain id; repeat to fail several together
      --scenario ID      a scenario the map declares; the flags below add to it
      --demand J=F       multiply journey J's demand by F, e.g. --demand place-order=2
      --traffic K=F      multiply business, telemetry or control traffic by F, e.g. --traffic telemetry=3
      --load C=F         multiply the load arriving at component C by F
      --slow C=DURATION  component C answers DURATION later, e.g. --slow payments=2s
  -f, --format FORMAT    text (default) or json
      --root DIR         includes may not leave DIR (default: the repository root, else the current folder)
  -h, --help             show this help

Exit codes: 0 simulated, 2 usage error (unknown id, unreadable map), 3 internal error.
`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'fail a component or a domain and show what goes down or degrades, and through which path',
  usage,
  async run(argv, { io, hostFor }) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        fail: { type: 'string', multiple: true, default: [] },
        scenario: { type: 'string' },
        demand: { type: 'string', multiple: true, default: [] },
        traffic: { type: 'string', multiple: true, default: [] },
        load: { type: 'string', multiple: true, default: [] },
        slow: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', short: 'f', default: 'text' },
        root: sharedOptions.root,
      },
    });
    if (positionals.length !== 1) {
      throw new UsageError('give exactly one map file', 'e.g. incidentmap simulate samples/checkout/checkout.incidentmap --fail eu-west-a');
    }
    if (values.format !== 'text' && values.format !== 'json') {
      throw new UsageError(`--format must be text or json; got "${values.format}"`);
    }
    const fail = values.fail ?? [];
    const stressFlags = { scenario: values.scenario, fail, demand: values.demand ?? [], traffic: values.traffic ?? [], load: values.load ?? [], slow: values.slow ?? [] };
    if (wantsStress(stressFlags)) {
      const { analysis } = loadMap(positionals[0]!, values.root, io, hostFor, { syntaxOnly: true });
      return runStress(analysis, stressFlags, values.format, positionals[0]!, io);
    }
    if (fail.length === 0) {
      throw new UsageError('say what fails with --fail ID (a component or a failure domain), or give a --scenario');
    }
    const file = positionals[0]!;
    const { root, analysis } = loadMap(file, values.root, io, hostFor, { syntaxOnly: true });
    const result = simulationOrHint(blastRadius(analysis.graph, fail), analysis, file);
    if (values.format === 'json') {
      io.stdout.write(JSON.stringify(simulationJson(result, root), null, 2) + '\n');
      return ExitCode.ok;
    }
    io.stdout.write(simulationText(result, analysis.model));
    return ExitCode.ok;
  },
};

/**
 * `simulate --format json` (and the MCP server's simulate tool): what failed, what is down and
 * degraded with the path each took, the standbys lost and the failovers. Fields are only ever added
 * (standbys, failovers, reason), never renamed: scripts read this.
 */
export function simulationJson(result: BlastRadius, root: string) {
  const at = (s: { at?: { uri: string; range: { start: { line: number; character: number } } } }) =>
    s.at ? { path: pathOf(root, s.at.uri), line: s.at.range.start.line + 1, column: s.at.range.start.character + 1 } : undefined;
  const affected = (list: typeof result.down) =>
    list.map((a) => ({ id: a.id, path: a.pathText, reason: reasonOf(a, result), steps: a.path.map((s) => ({ component: s.component, how: s.how, at: at(s) })) }));
  return {
    failed: result.failed,
    down: affected(result.down),
    degraded: affected(result.degraded),
    standbys: result.standbys.map((a) => ({ ...affected([a])[0]!, uncovered: a.uncovered })),
    failovers: result.failovers,
  };
}

/**
 * The text report, in the order the person on call needs it: what failed, what is down and for how
 * long, what failed over to what, what is degraded and why, and the redundancy lost. Each id once per
 * line, followed by the reason in words.
 */
export function simulationText(result: BlastRadius, model: Model): string {
  const failed = new Set(result.failed);
  const out: string[] = [`If ${result.failed.join(' and ')} fail${result.failed.length === 1 ? 's' : ''}:`, ''];
  const byPrimary = new Map(result.failovers.map((f) => [f.from, f]));
  const section = (title: string, rows: [string, string][]) => {
    out.push(`${title} (${rows.length})`);
    if (rows.length === 0) {
      out.push('  nothing');
    }
    const width = Math.max(0, ...rows.map(([id]) => id.length));
    for (const [id, text] of [...rows].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
      out.push(`  ${id.padEnd(width)}  ${text}`);
    }
    out.push('');
  };
  const tier = (id: string) => (model.components.get(id)?.tier === 1 ? 'tier 1, ' : '');
  const until = (id: string): string => {
    const f = byPrimary.get(id);
    if (!f) {
      return '';
    }
    return f.tookOver ? `; ${takesOver(f)}` : `; its failover target ${f.to} is down too`;
  };
  section(
    'Failed',
    result.failed.map((id) => {
      const d = model.domains.get(id);
      return [id, d ? `${d.kind.replace(/-/g, ' ')}, and everything in it` : `${tier(id)}failed${until(id)}`];
    }),
  );
  section(
    'Down',
    result.down.filter((a) => !failed.has(a.id)).map((a) => [a.id, `${tier(a.id)}${reasonOf(a, result)}${until(a.id)}`]),
  );
  section(
    'Failovers',
    result.failovers.map((f) => [
      `${f.from} → ${f.to}`,
      f.tookOver
        ? `${f.mode}, ${f.rtoMs !== undefined ? `RTO ${formatDuration(f.rtoMs)}` : 'no RTO stated'}: ${f.waiting.length > 0 ? `${f.waiting.join(', ')} ${f.waiting.length > 1 ? 'are' : 'is'} down until ${f.to} takes over` : `${f.to} takes over`}`
        : `did not help: ${f.to} is down too`,
    ]),
  );
  section(
    'Degraded',
    result.degraded.map((a) => [a.id, reasonOf(a, result)]),
  );
  if (result.degraded.length > 0) {
    // The rule of issue 23, item 2, said where it applies.
    out.splice(out.length - 1, 0, '  Degradation stops at these; their own callers are affected only where the dependency says inheritsDegradation: true.');
  }
  if (result.standbys.length > 0) {
    section(
      'Redundancy lost',
      result.standbys.map((a) => [
        a.id,
        `standby, ${a.uncovered.length > 0 ? `${a.uncovered.join(', ')} ${a.uncovered.length > 1 ? 'are' : 'is'} up but now without a failover` : 'its primary is down too'} (${reasonOf(a, result)})`,
      ]),
    );
  }
  const lost = result.down.filter((a) => model.components.get(a.id)?.tier === 1 && !byPrimary.get(a.id)?.tookOver).map((a) => a.id);
  const saved = result.down.filter((a) => model.components.get(a.id)?.tier === 1 && byPrimary.get(a.id)?.tookOver).map((a) => a.id);
  out.push(
    `Tier-1 down: ${lost.length > 0 ? lost.sort().join(', ') : 'none'}${saved.length > 0 ? ` (failed over: ${saved.sort().join(', ')})` : ''}`,
    '',
  );
  return out.join('\n');
}

function takesOver(f: BlastRadius['failovers'][number]): string {
  const within = f.rtoMs !== undefined ? ` within ${formatDuration(f.rtoMs)}` : ' (no RTO stated)';
  return f.mode === 'automatic' ? `${f.to} takes over automatically${within}` : `${f.to} takes over when someone fails it over (manual${f.rtoMs !== undefined ? `, RTO ${formatDuration(f.rtoMs)}` : ''})`;
}

/** Why an affected component is down or degraded, in words, without repeating its own id. */
export function reasonOf(a: Affected, result: BlastRadius): string {
  const [first, ...rest] = a.path;
  if (!first) {
    return '';
  }
  if (rest.length === 0) {
    return first.how === 'fails' ? 'failed' : first.how;
  }
  const next = formatPath(rest);
  switch (first.how) {
    case 'fails over from': {
      const f = result.failovers.find((x) => x.from === rest[0]!.component);
      return f ? `waits while ${f.from} fails over to ${f.to} (${f.mode}${f.rtoMs !== undefined ? `, up to ${formatDuration(f.rtoMs)}` : ', no RTO stated'})` : `waits for the failover of ${next}`;
    }
    case 'falls back from':
      return `runs on its fallback while ${next} is down`;
    case 'soft dependency on':
      return `soft dependency on ${next}, which is down`;
    case 'async dependency on':
      return `async dependency on ${next}, which is down: work queues up`;
    case 'inherits degradation from':
      return `inherits degradation from ${next}`;
    case 'calls over':
      return `calls over ${next}`;
    default:
      return `${first.how} ${next}`;
  }
}
