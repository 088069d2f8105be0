import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { analyze, blastRadius, buildScene, didYouMean, elkGraph, graphFindings, graphModel, renderSvg, toDot, toMermaid } from '../../core/index';
import { layoutElk } from '../../node/elkLayout';
import { toUri } from '../../node/nodeHost';
import { ExitCode, UsageError, type Command } from '../command';
import { defaultRoot } from '../discover';
import { pathOf } from '../format/report';
import { writeResult } from '../output';

const usage = `Usage: incidentmap graph FILE [--format svg|dot|mermaid|json] [-o OUT] [--simulate ID...]

Renders a map (and what it includes) as the graph panel in VS Code draws it: failure domains as
nested containers, hard, soft and async dependencies and failover paths in their own line styles,
and every finding as a badge on the element it concerns. Embed the SVG in docs; paste the Mermaid
into a PR description; feed the DOT to Graphviz.

Options:
  -f, --format FORMAT    svg (default), dot, mermaid, or json (model, findings and laid-out scene)
  -o, --output FILE      write to FILE instead of stdout
      --simulate ID      light up what goes down and degrades when ID (a component or a domain)
                         fails; repeat to fail several together (svg and json)
      --no-legend        leave the legend out of the SVG
      --root DIR         includes may not leave DIR (default: the repository root, else the current folder)
  -h, --help             show this help

Exit codes: 0 rendered, 2 usage error (unreadable map, unknown id), 3 internal error.
`;

const formats = ['svg', 'dot', 'mermaid', 'json'] as const;

export const graphCommand: Command = {
  name: 'graph',
  summary: 'render a map as SVG, DOT, Mermaid or JSON, with findings on the elements they concern',
  usage,
  async run(argv, { io, host, version }) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'svg' },
        output: { type: 'string', short: 'o' },
        simulate: { type: 'string', multiple: true, default: [] },
        'no-legend': { type: 'boolean', default: false },
        root: { type: 'string' },
      },
    });
    if (positionals.length !== 1) {
      throw new UsageError('give exactly one map file', 'e.g. incidentmap graph samples/checkout/checkout.incidentmap -o checkout.svg');
    }
    const format = values.format as (typeof formats)[number];
    if (!formats.includes(format)) {
      throw new UsageError(`--format must be one of ${formats.join(', ')}; got "${values.format}"`);
    }
    const fail = values.simulate ?? [];
    if (fail.length > 0 && (format === 'dot' || format === 'mermaid')) {
      throw new UsageError(`--simulate colours the svg and json outputs; ${format} has no simulation view`);
    }
    const uri = toUri(resolve(io.cwd, positionals[0]!));
    const read = host.readFile(uri);
    if (!read.ok) {
      throw new UsageError(`cannot read ${positionals[0]}: ${read.reason}`);
    }
    const root = values.root !== undefined ? resolve(io.cwd, values.root) : defaultRoot(io.cwd);
    const analysis = analyze(uri, host, { root: toUri(root) });
    const fatal = analysis.findings.find((f) => f.severity === 'error' && ['yaml-syntax', 'input-too-deep', 'input-too-large', 'not-text'].includes(f.ruleId));
    if (fatal && analysis.model.components.size === 0) {
      throw new UsageError(`${positionals[0]} cannot be read as a map: ${fatal.message}`, 'Run `incidentmap check` on it for details.');
    }
    const model = graphModel(uri, analysis.files, analysis.model);
    const findings = graphFindings(analysis.findings);

    let text: string;
    if (format === 'dot') {
      text = toDot(model, findings);
    } else if (format === 'mermaid') {
      text = toMermaid(model, findings);
    } else {
      let simulation;
      if (fail.length > 0) {
        const result = blastRadius(analysis.graph, fail);
        if ('unknown' in result) {
          const known = [...analysis.model.components.keys(), ...analysis.model.domains.keys()];
          const hints = result.unknown.map((id) => `"${id}"${didYouMean(id, known) ? ` (did you mean "${didYouMean(id, known)}"?)` : ''}`);
          throw new UsageError(`no component or failure domain ${hints.join(', ')} in ${positionals[0]} or what it includes`);
        }
        simulation = result;
      }
      const laidOut = await layoutElk(elkGraph(model));
      const scene = buildScene(model, laidOut, findings, simulation);
      const title = `${analysis.model.files[0]?.name ?? pathOf(root, uri)}${fail.length ? ` — if ${fail.join(' and ')} fail${fail.length === 1 ? 's' : ''}` : ''}`;
      text =
        format === 'svg'
          ? renderSvg(scene, { title, legend: !values['no-legend'], simulating: fail.length > 0 })
          : JSON.stringify(
              { version, map: pathOf(root, uri), files: analysis.files.map((f) => pathOf(root, f)), graph: { ...model, files: model.files.map((f) => pathOf(root, f)) }, findings, simulation, scene },
              // Paths relative to the root keep the output the same on every machine.
              (key, value) => (key === 'uri' && typeof value === 'string' ? pathOf(root, value) : value),
              2,
            ) + '\n';
    }
    writeResult(io, values.output, text);
    return ExitCode.ok;
  },
};
