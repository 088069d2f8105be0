// Writes the extension's `contributes` into package.json. The per-rule severity setting lists every
// rule id of the core's registry with its title, so it is generated, never typed by hand; a unit test
// fails when package.json is stale (run `npm run contributes`).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '../..');

function contributes() {
  const { rules } = require(join(root, 'out/server/src/core/index.js'));
  const when = 'editorLangId == incidentmap';
  return {
    languages: [
      {
        id: 'incidentmap',
        aliases: ['Incident Map', 'incidentmap'],
        extensions: ['.incidentmap'],
        configuration: './language-configuration.json',
        icon: { light: './icons/incidentmap.svg', dark: './icons/incidentmap-dark.svg' },
      },
    ],
    grammars: [{ language: 'incidentmap', scopeName: 'source.incidentmap', path: './syntaxes/incidentmap.tmLanguage.json' }],
    yamlValidation: [{ fileMatch: 'incidentmap.config.yaml', url: './schemas/incidentmap-config.schema.json' }],
    commands: [
      { command: 'incidentmap.openGraph', title: 'Open Graph', category: 'Incident Map', icon: { light: './icons/graph.svg', dark: './icons/graph-dark.svg' } },
      { command: 'incidentmap.restartServer', title: 'Restart Language Server', category: 'Incident Map' },
      { command: 'incidentmap.showOutput', title: 'Show Output', category: 'Incident Map' },
      { command: 'incidentmap.showAllFindings', title: 'Show All Findings of This File', category: 'Incident Map' },
      { command: 'incidentmap.graph.fit', title: 'Graph: Fit to View', category: 'Incident Map' },
      { command: 'incidentmap.graph.resetSimulation', title: 'Graph: Reset Simulation', category: 'Incident Map' },
      { command: 'incidentmap.graph.exportSvg', title: 'Graph: Export as SVG', category: 'Incident Map' },
      { command: 'incidentmap.graph.exportPng', title: 'Graph: Export as PNG', category: 'Incident Map' },
    ],
    menus: {
      'editor/title': [{ command: 'incidentmap.openGraph', when: 'resourceLangId == incidentmap', group: 'navigation' }],
      'editor/context': [{ command: 'incidentmap.openGraph', when: 'resourceLangId == incidentmap', group: 'navigation@9' }],
      'explorer/context': [{ command: 'incidentmap.openGraph', when: 'resourceExtname == .incidentmap', group: 'navigation@9' }],
      commandPalette: [
        { command: 'incidentmap.openGraph', when: `${when} || activeWebviewPanelId == incidentmap.graph` },
        ...['fit', 'resetSimulation', 'exportSvg', 'exportPng'].map((c) => ({ command: `incidentmap.graph.${c}`, when: 'activeWebviewPanelId == incidentmap.graph' })),
      ],
    },
    // `incidentmap mcp` for VS Code's agent (client/src/mcp.ts registers the provider; the id is
    // client/src/mcpDefinition.ts's mcpProviderId). Older VS Code ignores the contribution.
    mcpServerDefinitionProviders: [{ id: 'incidentmap.mcp', label: 'Incident Map' }],
    configuration: {
      title: 'Incident Map',
      properties: {
        'incidentmap.analyzeOn': {
          type: 'string',
          enum: ['save', 'type'],
          enumDescriptions: [
            'Syntax, schema and references while typing; the propagation analysis when the file is saved.',
            'Every rule, propagation included, while typing.',
          ],
          default: 'save',
          scope: 'resource',
          markdownDescription: 'When to run the propagation analysis (single points of failure, retry amplification, ...). Syntax, schema and reference checks always run as you type.',
        },
        'incidentmap.rules': {
          type: 'object',
          scope: 'resource',
          default: {},
          markdownDescription:
            'Level per rule id: `error`, `warning`, `info` or `off`. A map\'s own `settings.rules` and `incidentmap.config.yaml` take precedence. See [the rules](https://github.com/incidentmap/incidentmap/blob/main/docs/rules.md).',
          properties: Object.fromEntries(
            rules.map((r) => [r.id, { type: 'string', enum: ['error', 'warning', 'info', 'off'], description: `${r.title} (default: ${r.severity})` }]),
          ),
          additionalProperties: false,
        },
        'incidentmap.retryAmplificationMax': {
          type: ['number', 'null'],
          minimum: 1,
          default: null,
          scope: 'resource',
          markdownDescription: 'Largest acceptable product of attempts along a synchronous chain (`retry-amplification`). Empty: the default, 10.',
        },
        'incidentmap.rehearsalMaxAge': {
          type: ['string', 'null'],
          pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d|w)$',
          default: null,
          scope: 'resource',
          markdownDescription: 'Oldest acceptable failover rehearsal, e.g. `90d` (`failover-not-rehearsed`). Empty: the default, 180d.',
        },
        'incidentmap.trace.server': {
          type: 'string',
          enum: ['off', 'messages', 'verbose'],
          default: 'off',
          scope: 'window',
          description: 'Traces the communication between VS Code and the Incident Map language server in the output channel.',
        },
      },
    },
  };
}

module.exports = { contributes };

if (require.main === module) {
  const path = join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  pkg.contributes = contributes();
  writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
}
