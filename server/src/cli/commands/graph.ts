import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { affectedSections, blastRadius, failureTitle, phaseTitle, buildScene, didYouMean, maxPageFrames, sceneScenarios, scenarioIds, type PageFrame, type Scene, type SceneOverlay, type SceneSimulation, elkGraph, fallbackLayout, graphFindings, graphModel, layoutMap, mergeFindings, pageScript, renderSvg, standalonePage, toDot, toMermaid } from '../../core/index';
import { svgToPng } from '../../node/png';
import { layoutElk } from '../../node/elkLayout';
import { ExitCode, sharedOptions, UsageError, type Command } from '../command';
import { pathOf } from '../format/report';
import { loadMap, simulationOrHint } from '../loadMap';
import { writeResult } from '../output';

const usage = `Usage: incidentmap graph FILE [--format svg|png|html|dot|mermaid|json] [--theme light|dark] [-o OUT] [--simulate ID...]

Renders a map (and what it includes) as the graph panel in VS Code draws it: failure domains as
nested containers, hard, soft and async dependencies and failover paths in their own line styles,
and every finding as a badge on the element it concerns. Embed the SVG in docs; paste the Mermaid
into a PR description; feed the DOT to Graphviz. The PNG and the self-contained HTML page (pan, zoom,
click for details, and the map's declared scenarios to step through; it loads nothing from the network)
are for docs and onboarding.

Options:
  -f, --format FORMAT    svg (default), png, html, dot, mermaid, or json (model, findings and laid-out scene)
      --theme THEME      light (default) or dark: the colours of svg, png and html, written out in full
                         so every SVG renderer (browsers, rsvg-convert, resvg) draws the same picture
  -o, --output FILE      write to FILE instead of stdout
      --simulate ID      light up what goes down and degrades when ID (a component or a domain)
                         fails; repeat to fail several together (svg, png, html and json)
      --scenario ID      draw a stress scenario the map declares: what is down, what took over, utilisation
                         as heat, stale consumers (svg, png, html and json; the html page holds every
                         scenario and opens on this one)
      --phase NAME       with --scenario: failure (until failover completes) or after (default: the last)
      --no-legend        leave the legend out of the SVG
      --root DIR         includes may not leave DIR (default: the repository root, else the current folder)
  -h, --help             show this help

Exit codes: 0 rendered, 2 usage error (unreadable map, unknown id), 3 internal error.
`;

const formats = ['svg', 'png', 'html', 'dot', 'mermaid', 'json'] as const;
const themes = ['light', 'dark'] as const;

/** The largest graph `graph` lays out with ELK (svg, json); above it, fallbackLayout. */
export const maxLaidOut = { components: 2_000, edges: 8_000 };

/**
 * The largest graph `graph` draws at all (svg, json): the simple layout of a 72,785-component fan-out
 * at the size limit took 50 s and 1.8 GB for a 52 MB picture nobody can read. Above it: a usage error
 * that says what to do (dot and mermaid are text, linear, and not bounded by this).
 */
export const maxDrawn = { components: 10_000, edges: 40_000 };

/** Whether a graph this size is laid out with ELK (at or below both bounds). */
export function layoutFits(components: number, edges: number): boolean {
  return components <= maxLaidOut.components && edges <= maxLaidOut.edges;
}

export const graphCommand: Command = {
  name: 'graph',
  summary: 'render a map as SVG, DOT, Mermaid or JSON, with findings on the elements they concern',
  usage,
  async run(argv, { io, hostFor, version }) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'svg' },
        theme: { type: 'string', default: 'light' },
        simulate: { type: 'string', multiple: true, default: [] },
        scenario: { type: 'string' },
        phase: { type: 'string' },
        'no-legend': { type: 'boolean', default: false },
        ...sharedOptions,
      },
    });
    if (positionals.length !== 1) {
      throw new UsageError('give exactly one map file', 'e.g. incidentmap graph samples/checkout/checkout.incidentmap -o checkout.svg');
    }
    const format = values.format as (typeof formats)[number];
    if (!formats.includes(format)) {
      throw new UsageError(`--format must be one of ${formats.join(', ')}; got "${values.format}"`);
    }
    const theme = values.theme as (typeof themes)[number];
    if (!themes.includes(theme)) {
      throw new UsageError(`--theme must be light or dark; got "${values.theme}"`);
    }
    if (format === 'png' && values.output === undefined) {
      throw new UsageError('a PNG is binary: write it to a file with -o', 'e.g. incidentmap graph map.incidentmap --format png -o map.png');
    }
    const fail = values.simulate ?? [];
    if (values.scenario !== undefined && fail.length > 0) {
      throw new UsageError('give --simulate or --scenario, not both');
    }
    if (values.phase !== undefined && values.scenario === undefined) {
      throw new UsageError('--phase goes with --scenario', 'e.g. --scenario lose-zone-a --phase failure');
    }
    if ((fail.length > 0 || values.scenario !== undefined) && (format === 'dot' || format === 'mermaid')) {
      throw new UsageError(`--simulate colours the svg, png, html and json outputs; ${format} has no simulation view`);
    }
    const file = positionals[0]!;
    const { uri, root, analysis } = loadMap(file, values.root, io, hostFor, { partial: true });
    const model = graphModel(uri, analysis.files, analysis.model);
    // Merged as `check` and the editor merge them, so the badges match their reports.
    const findings = graphFindings(mergeFindings([{ entry: uri, files: analysis.files.length, closure: analysis.files, findings: analysis.findings }]));

    let text: string | Uint8Array;
    if (format === 'dot') {
      text = toDot(model, findings);
    } else if (format === 'mermaid') {
      text = toMermaid(model, findings);
    } else {
      let simulation: SceneSimulation | undefined = fail.length > 0 ? simulationOrHint(blastRadius(analysis.graph, fail), analysis, file) : undefined;
      let overlay: SceneOverlay | undefined;
      let scenarioTitle = '';
      let chosen: { id: string; phase: string } | undefined;
      if (values.scenario !== undefined) {
        // Only the chosen scenario's picture is built (the engine's results are the ones the rules read).
        const sc = sceneScenarios(analysis.graph, values.scenario)[0];
        if (!sc) {
          const ids = scenarioIds(analysis.graph);
          const guess = didYouMean(values.scenario, ids);
          throw new UsageError(`no scenario "${values.scenario}" in ${file}${guess ? ` (did you mean "${guess}"?)` : ''}`, ids.length ? `its scenarios: ${ids.slice(0, 10).join(', ')}` : 'the map declares no scenarios');
        }
        const ph = values.phase === undefined ? sc.phases[sc.phases.length - 1]! : sc.phases.find((x) => x.name === values.phase);
        if (!ph) {
          throw new UsageError(`scenario ${sc.id} has no phase "${values.phase}"; its phases: ${sc.phases.map((x) => x.name).join(', ')}`);
        }
        simulation = ph.simulation;
        overlay = { utilisation: ph.utilisation, stale: ph.stale, savedBy: ph.savedBy };
        chosen = { id: sc.id, phase: ph.name };
        scenarioTitle = ` — scenario ${sc.title}${sc.phases.length > 1 ? `, ${ph.name === 'failure' ? 'until failover completes' : 'after failover'}` : ''}`;
      }
      const edges = model.edges.length + model.failovers.length;
      if (model.components.length > maxDrawn.components || edges > maxDrawn.edges) {
        throw new UsageError(
          `${file} has ${model.components.length.toLocaleString('en-US')} components and ${edges.toLocaleString('en-US')} lines; graph draws at most ${maxDrawn.components.toLocaleString('en-US')} and ${maxDrawn.edges.toLocaleString('en-US')} as ${format} (a bigger picture takes minutes and cannot be read)`,
          'Render one of the files it includes, or use --format dot or --format mermaid.',
        );
      }
      const elk = elkGraph(model);
      // ELK's cost grows faster than the graph (a 10,000-way fan-out took 20 s, 50,000 ran past 90 s
      // at 2 GB): above the bound the simple layered layout the editor falls back to is drawn instead.
      const simple = !layoutFits(model.components.length, edges);
      if (simple) {
        io.stderr.write(
          `incidentmap graph: ${model.components.length.toLocaleString('en-US')} components and ${edges.toLocaleString('en-US')} lines are more than ${maxLaidOut.components.toLocaleString('en-US')} and ${maxLaidOut.edges.toLocaleString('en-US')}, what is laid out in full; drew a simple layered layout without domain containers instead. Render a part of the map (one of its included files) for a full picture.\n`,
        );
      }
      const laidOut = simple ? fallbackLayout(elk) : await layoutMap(elk, layoutElk);
      const scene = buildScene(model, laidOut, findings, simulation, overlay);
      const title = `${analysis.model.files[0]?.name ?? pathOf(root, uri)}${fail.length ? ` — ${failureTitle(fail)}` : ''}${scenarioTitle}`;
      const svg = () => renderSvg(scene, { title, legend: !values['no-legend'], simulating: simulation !== undefined, theme, interactive: format === 'html' });
      // The HTML page steps through the map's declared scenarios too: the map as drawn (or as --simulate
      // fails it) first, then every step of every scenario, on the same layout; --scenario picks the step it
      // opens on. The same lists of what is affected as the editor's details pane (affectedSections).
      const htmlPage = (): string => {
        const scriptHash = createHash('sha256').update(pageScript).digest('base64');
        const all = sceneScenarios(analysis.graph);
        if (all.length === 0) {
          return standalonePage(svg(), { title, theme, scriptHash });
        }
        const mapName = analysis.model.files[0]?.name ?? pathOf(root, uri);
        const frame = (s: Scene, label: string, sim?: SceneSimulation, description?: string): PageFrame => ({
          label,
          svg: renderSvg(s, { title: `${mapName} — ${label}`, legend: !values['no-legend'], simulating: sim !== undefined, theme, interactive: true }),
          description,
          ...(sim ? affectedSections(s, sim) : {}),
        });
        const base = fail.length > 0 ? simulation : undefined;
        const frames = [frame(chosen ? buildScene(model, laidOut, findings, base) : scene, base ? failureTitle(fail) : 'The map, nothing failed', base)];
        let start = 0;
        const left: string[] = [];
        for (const sc of all) {
          if (frames.length + sc.phases.length > maxPageFrames) {
            left.push(sc.id);
            continue;
          }
          sc.phases.forEach((ph, i) => {
            if (chosen && chosen.id === sc.id && chosen.phase === ph.name) {
              start = frames.length;
            }
            const s = buildScene(model, laidOut, findings, ph.simulation, { utilisation: ph.utilisation, stale: ph.stale, savedBy: ph.savedBy });
            frames.push(frame(s, phaseTitle(sc, i), ph.simulation, ph.description));
          });
        }
        if (chosen && start === 0) {
          throw new UsageError(`scenario ${chosen.id} does not fit in one page with the ones before it (at most ${maxPageFrames} steps)`, `draw it alone: --format svg --scenario ${chosen.id}`);
        }
        return standalonePage(svg(), { title: mapName, theme, scriptHash, frames, start, left });
      };
      text =
        format === 'svg'
          ? svg()
          : format === 'png'
            ? await svgToPng(svg())
            : format === 'html'
              ? htmlPage()
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
