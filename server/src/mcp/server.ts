// `incidentmap mcp`: the Model Context Protocol server. This file is the protocol side only: tool
// and resource names, their input schemas (zod, checked by the SDK before a tool runs) and the
// descriptions an agent reads to choose a tool. What each tool does is in tools.ts, over the same
// core calls as the CLI. Read-only: no tool writes a file; every read goes through the file gate.
import type { Readable, Writable } from 'node:stream';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { configJsonSchema, jsonSchema, rules } from '../core/index';
import { UsageError } from '../cli/command';
import { check, diffRef, listMaps, listScenarios, ruleIndexMarkdown, ruleMarkdown, runScenario, simulateFailure, type ToolAnswer, type ToolContext } from './tools';

/** Bounds on what an agent may pass: a path, an id, how many of each. */
const path = z.string().min(1).max(4096);
const id = z.string().min(1).max(256);
const ids = (what: string) => z.array(id).max(100).describe(what);
const factor = z.number().min(0).max(1000);
const paths = z
  .array(path)
  .max(100)
  .optional()
  .describe('Files, folders or glob patterns relative to the root (e.g. ["samples/checkout"]). Default: every .incidentmap file under the root.');
const map = path.describe('The .incidentmap file, relative to the root (e.g. "samples/checkout/checkout.incidentmap"). Its includes are read too.');

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

function answer(a: ToolAnswer): CallToolResult {
  return { content: a.text.map((text) => ({ type: 'text' as const, text })), structuredContent: a.data };
}

/**
 * A tool's run: a usage error (a path outside the root, an unknown id, a map that is not YAML) is a
 * tool error the agent can act on; anything else is a bug, said as one.
 */
function run(log: (line: string) => void, name: string, f: () => ToolAnswer): CallToolResult {
  try {
    return answer(f());
  } catch (e) {
    if (e instanceof UsageError) {
      return { isError: true, content: [{ type: 'text', text: `${name}: ${e.message}${e.hint ? `\n${e.hint}` : ''}` }] };
    }
    log(`incidentmap mcp: ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return {
      isError: true,
      content: [{ type: 'text', text: `${name}: internal error in incidentmap: ${e instanceof Error ? e.message : String(e)}. This is a bug; please report it with the map that caused it.` }],
    };
  }
}

export interface McpOptions extends ToolContext {
  /** Where internal errors are logged (stderr: stdout is the protocol). */
  log(line: string): void;
}

export function createMcpServer(o: McpOptions): McpServer {
  const server = new McpServer(
    { name: 'incidentmap', title: 'Incident Map', version: o.version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'incidentmap analyses incident maps (.incidentmap YAML files): components, their dependencies, failure domains, failovers, load and scenarios. ' +
        'Use list_maps to find the maps, check for problems with locations, simulate_failure for what breaks if a component or domain fails, ' +
        'list_scenarios and run_scenario for load under failure, and diff for what a change since a git ref does to resilience. ' +
        'Paths are relative to the root the server was started for; nothing outside it is read, nothing is written. ' +
        'Rule explanations are the resources incidentmap://rules/{id}; the map format is incidentmap://schema/map.',
    },
  );
  const ctx: ToolContext = { root: o.root, env: o.env, version: o.version };

  server.registerTool(
    'list_maps',
    {
      title: 'List incident maps',
      description: 'Lists the .incidentmap files under the root (relative paths). Use it first when you do not know which map to open; the other tools take these paths.',
      inputSchema: {},
      annotations: readOnly,
    },
    () => run(o.log, 'list_maps', () => listMaps(ctx)),
  );

  server.registerTool(
    'check',
    {
      title: 'Check maps',
      description:
        'Checks incident maps and returns every finding with its file, range (1-based lines and columns), rule id, severity and message: syntax and schema errors, unknown references, ' +
        'single points of failure, failovers inside the domain they should escape, retry amplification, timeout inversions, missing signals, owners and runbooks, capacity under failure. ' +
        'The same findings as `incidentmap check --format json` and the editor. Use it after editing a map, or to answer "what is wrong with this map". ' +
        'Explain a rule with the resource incidentmap://rules/{ruleId}.',
      inputSchema: {
        paths,
        minSeverity: z.enum(['error', 'warning', 'info']).optional().describe('Leave out findings below this severity (default: info, everything).'),
        maxFindings: z.number().int().min(1).max(10000).optional().describe('Most findings returned (default 1000); the most severe are kept and `omitted` counts the rest.'),
      },
      annotations: readOnly,
    },
    (args) => run(o.log, 'check', () => check(ctx, args)),
  );

  server.registerTool(
    'simulate_failure',
    {
      title: 'Simulate a failure (blast radius)',
      description:
        'Answers "what breaks if X fails": fails one or more components or failure domains (zones, regions, power feeds, ...) together and returns what goes down, ' +
        'what is degraded, which failovers take over and how long they take, and which standbys are lost, each with the dependency path that explains it. ' +
        'Use it to find the blast radius of a component or domain, or to check that a failover really covers an outage. Ids are those in the map (list_scenarios lists them).',
      inputSchema: {
        map,
        fail: ids('Component or failure-domain ids to fail together, e.g. ["eu-west-a"].').min(1),
      },
      annotations: readOnly,
    },
    (args) => run(o.log, 'simulate_failure', () => simulateFailure(ctx, args)),
  );

  server.registerTool(
    'list_scenarios',
    {
      title: 'List scenarios',
      description:
        'Lists the stress scenarios a map declares (what fails, load multipliers, slowdowns, whether it must be survived), and the journey, component and domain ids ' +
        'you can use in run_scenario and simulate_failure. Also says whether the map has load data at all (journeys, capacities); without it only simulate_failure applies.',
      inputSchema: { map },
      annotations: readOnly,
    },
    (args) => run(o.log, 'list_scenarios', () => listScenarios(ctx, args)),
  );

  server.registerTool(
    'run_scenario',
    {
      title: 'Evaluate a stress scenario',
      description:
        'Evaluates load under failure: a declared scenario, an ad-hoc one, or a declared one with changes on top. Returns the timeline (at the failure, after failover, while it lasts): ' +
        'what is down, failed over, saturated (utilisation of the capacity left), stale; which journeys break; which signals fire and who is paged. ' +
        'Use it for "can we survive losing zone A at peak" or "what if demand doubles". Needs a map with journeys and capacities.',
      inputSchema: {
        map,
        scenario: id.optional().describe('A scenario the map declares (see list_scenarios); the fields below add to it.'),
        fail: ids('Component or failure-domain ids that fail.').optional(),
        demand: z.record(id, factor).optional().describe('Journey id to demand multiplier, e.g. {"place-order": 2} for double. 0 to 1000.'),
        traffic: z
          .object({ business: factor.optional(), telemetry: factor.optional(), control: factor.optional() })
          .strict()
          .optional()
          .describe('Multiplier per kind of traffic, e.g. {"telemetry": 3}. 0 to 1000.'),
        load: z.record(id, factor).optional().describe('Component id to multiplier of the load arriving at it. 0 to 1000.'),
        slow: z
          .record(id, z.string().min(1).max(32))
          .optional()
          .describe('Component id to added latency, e.g. {"payments": "2s"} (ms, s, m, h).'),
      },
      annotations: readOnly,
    },
    (args) => run(o.log, 'run_scenario', () => runScenario(ctx, args)),
  );

  server.registerTool(
    'diff',
    {
      title: 'What a change does to resilience',
      description:
        'Compares the maps at a git ref (default HEAD) with the working tree, as `incidentmap diff`: new and resolved findings, components whose blast radius grew or shrank, ' +
        'new single points of failure, failovers added, removed or now inside one failure domain, retry amplification and worst waits that grew, and how many of these are regressions. ' +
        'Use it to review a change to a map before committing, or a branch against main (base: "main").',
      inputSchema: {
        base: id.optional().describe('A commit, branch or tag (default: HEAD).'),
        paths: z.array(path).max(100).optional().describe('Files or folders relative to the root (no patterns). Default: every map under the root.'),
      },
      annotations: readOnly,
    },
    (args) => run(o.log, 'diff', () => diffRef(ctx, args)),
  );

  server.registerResource(
    'map-schema',
    'incidentmap://schema/map',
    { title: 'JSON Schema of .incidentmap files', description: 'The format of incident maps (draft-07), generated from the same spec the checker uses.', mimeType: 'application/schema+json' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/schema+json', text: JSON.stringify(jsonSchema(), null, 2) }] }),
  );
  server.registerResource(
    'config-schema',
    'incidentmap://schema/config',
    { title: 'JSON Schema of incidentmap.config.yaml', description: 'Project settings: rule levels and thresholds.', mimeType: 'application/schema+json' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/schema+json', text: JSON.stringify(configJsonSchema(), null, 2) }] }),
  );
  server.registerResource(
    'rules',
    'incidentmap://rules',
    { title: 'Rules', description: 'Every rule id with its category, default severity and one-line title.', mimeType: 'text/markdown' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: ruleIndexMarkdown() }] }),
  );
  server.registerResource(
    'rule',
    new ResourceTemplate('incidentmap://rules/{id}', {
      list: () => ({ resources: rules.map((r) => ({ uri: `incidentmap://rules/${r.id}`, name: r.id, title: r.title, mimeType: 'text/markdown' })) }),
      complete: { id: (value) => rules.map((r) => r.id).filter((x) => x.startsWith(value)) },
    }),
    { title: 'A rule', description: 'What a rule finds, why it matters and what to do about a finding.', mimeType: 'text/markdown' },
    (uri, vars) => {
      const ruleId = String(vars['id']);
      const text = ruleMarkdown(ruleId);
      if (text === undefined) {
        throw new Error(`no rule "${ruleId}"; incidentmap://rules lists them`);
      }
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  );
  return server;
}

/** Serves `createMcpServer` over a pair of streams (the process's stdin and stdout) until the client closes stdin. */
export async function serveStdio(o: McpOptions, stdin: Readable, stdout: Writable): Promise<void> {
  const server = createMcpServer(o);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  // The client ends the session by closing our stdin (the SDK's transport does not watch for it).
  stdin.once('end', () => void server.close());
  await server.connect(new StdioServerTransport(stdin, stdout));
  await closed;
}
