import { parseArgs } from 'node:util';
import { blastRadius } from '../../core/index';
import { ExitCode, sharedOptions, UsageError, type Command } from '../command';
import { pathOf } from '../format/report';
import { loadMap, simulationOrHint } from '../loadMap';

const usage = `Usage: incidentmap simulate FILE --fail ID [--fail ID...] [--format text|json]

Fails components and/or failure domains of a map (and what it includes) together and shows what goes
down, what degrades, and the path that carries the failure to each.

Options:
      --fail ID          a component or failure domain id; repeat to fail several together
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
    if (fail.length === 0) {
      throw new UsageError('say what fails with --fail ID (a component or a failure domain)');
    }
    const file = positionals[0]!;
    const { root, analysis } = loadMap(file, values.root, io, hostFor, { syntaxOnly: true });
    const result = simulationOrHint(blastRadius(analysis.graph, fail), analysis, file);
    if (values.format === 'json') {
      const at = (s: { at?: { uri: string; range: { start: { line: number; character: number } } } }) =>
        s.at ? { path: pathOf(root, s.at.uri), line: s.at.range.start.line + 1, column: s.at.range.start.character + 1 } : undefined;
      const affected = (list: typeof result.down) =>
        list.map((a) => ({ id: a.id, path: a.pathText, steps: a.path.map((s) => ({ component: s.component, how: s.how, at: at(s) })) }));
      io.stdout.write(JSON.stringify({ failed: result.failed, down: affected(result.down), degraded: affected(result.degraded) }, null, 2) + '\n');
      return ExitCode.ok;
    }
    const out: string[] = [`If ${fail.join(' and ')} fail${fail.length === 1 ? 's' : ''}:`, ''];
    const section = (title: string, list: typeof result.down) => {
      out.push(`${title} (${list.length})`);
      if (list.length === 0) {
        out.push('  nothing');
      }
      const width = Math.max(0, ...list.map((a) => a.id.length));
      for (const a of [...list].sort((x, y) => (x.id < y.id ? -1 : 1))) {
        out.push(`  ${a.id.padEnd(width)}  ${a.pathText}`);
      }
      out.push('');
    };
    section('Down', result.down);
    section('Degraded', result.degraded);
    const tier1 = result.down.filter((a) => analysis.model.components.get(a.id)?.tier === 1).map((a) => a.id);
    if (tier1.length > 0) {
      out.push(`Tier-1 down: ${tier1.sort().join(', ')}`, '');
    }
    io.stdout.write(out.join('\n'));
    return ExitCode.ok;
  },
};

