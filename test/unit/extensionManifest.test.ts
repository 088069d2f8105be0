// The extension's static parts: the generated manifest, the snippets (field names the format knows)
// and the status bar's wording.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { healthText } from '../../client/src/health';
import { mcpLaunches, mcpProviderId } from '../../client/src/mcpDefinition';
import { snippets } from '../../server/src/core/language/snippets';
import { mapSpec, rules, type Spec } from '../../server/src/core/index';
import { defaultServerSettings, sanitize, toBaseSettings } from '../../server/src/lsp/settings';
import { repoRoot } from '../helpers/core';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** Every field name of the format, at any depth. */
function fieldNames(spec: Spec, out = new Set<string>()): Set<string> {
  if (spec.t === 'object') {
    for (const [name, f] of Object.entries(spec.fields)) {
      out.add(name);
      fieldNames(f.spec, out);
    }
  } else if (spec.t === 'array') {
    fieldNames(spec.items, out);
  } else if (spec.t === 'stringOr') {
    fieldNames(spec.object, out);
  }
  return out;
}

describe('the extension manifest', () => {
  it('is generated from the rule registry (run `npm run contributes`)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { contributes } = require(join(repoRoot, 'client/scripts/contributes.js')) as { contributes(): unknown };
    assert.deepEqual(pkg.contributes, contributes());
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties['incidentmap.rules'].properties).sort(), rules.map((r) => r.id).sort());
  });

  it('names the settings the language server reads, and the server takes each one it names', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual(Object.keys(props).sort(), ['incidentmap.analyzeOn', 'incidentmap.rehearsalMaxAge', 'incidentmap.retryAmplificationMax', 'incidentmap.rules', 'incidentmap.trace.server']);
    // The manifest's defaults are the server's defaults (trace.server is read by the client library).
    const section = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/^incidentmap\./, ''), v]));
    const defaults = section(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default])));
    assert.deepEqual(sanitize(defaults), defaultServerSettings);
    assert.deepEqual(defaultServerSettings, { rules: {}, retryAmplificationMax: null, rehearsalMaxAge: null, analyzeOn: 'save' });
    // Each setting, set to something other than its default, reaches the server's settings and the core's.
    const set = sanitize({ rules: { 'missing-owner': 'off', 'missing-runbook': 'error' }, retryAmplificationMax: 4, rehearsalMaxAge: '30d', analyzeOn: 'type', 'trace.server': 'verbose' });
    assert.deepEqual(set, { rules: { 'missing-owner': 'off', 'missing-runbook': 'error' }, retryAmplificationMax: 4, rehearsalMaxAge: '30d', analyzeOn: 'type' });
    assert.deepEqual(toBaseSettings(set), { rules: { 'missing-owner': 'off', 'missing-runbook': 'error' }, retryAmplificationMax: 4, rehearsalMaxAgeMs: 30 * 24 * 3600 * 1000 });
    // Values the manifest's schema would not allow fall back to the defaults, one by one.
    assert.deepEqual(sanitize({ rules: { 'no-such-rule': 'off', 'missing-owner': 'loud' }, retryAmplificationMax: 0, rehearsalMaxAge: 'soon', analyzeOn: 'always' }), defaultServerSettings);
  });

  it('activates on the language and on a workspace holding maps (so Problems fills before one is opened); its files exist', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:incidentmap', 'workspaceContains:**/*.incidentmap']);
    for (const path of [pkg.icon, pkg.contributes.grammars[0].path, pkg.contributes.languages[0].configuration]) {
      assert.doesNotThrow(() => readFileSync(join(repoRoot, path)), path);
    }
  });

  it('has a browser entry for github.dev and vscode.dev, shipped in the .vsix, whose bundles need no Node module', () => {
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.browser, './dist/web/extension.js');
    const ignore = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!dist/web/*.js'), '.vscodeignore does not ship dist/web');
    // `npm run build` made them: a web worker has no require() and no node: modules.
    const extension = readFileSync(join(repoRoot, 'dist/web/extension.js'), 'utf8');
    const server = readFileSync(join(repoRoot, 'dist/web/server.js'), 'utf8');
    assert.deepEqual([...new Set(extension.match(/require\(["'][^"']+["']\)/g) ?? [])], ['require("vscode")']);
    assert.deepEqual(server.match(/require\(["'][^"']+["']\)/g) ?? [], []);
    assert.doesNotMatch(server, /worker_threads|node:fs|child_process/);
  });

  it('contributes no static snippets (VS Code would offer them as values); the server\'s snippets use fields of the format', () => {
    assert.equal(pkg.contributes.snippets, undefined);
    const known = fieldNames(mapSpec);
    for (const [name, s] of Object.entries(snippets)) {
      for (const line of s.body) {
        const key = /^\s*(?:-\s+)?([A-Za-z]+):/.exec(line)?.[1];
        if (key) {
          assert.ok(known.has(key), `snippet "${name}" uses unknown key ${key}`);
        }
      }
    }
    assert.deepEqual(
      ['component', 'dependency', 'signal', 'failover', 'runbook-step'].filter((p) => !Object.values(snippets).some((s) => s.prefix === p)),
      [],
    );
  });
});

describe('the MCP server the extension offers VS Code', () => {
  it('contributes the provider id the extension registers', () => {
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [{ id: 'incidentmap.mcp', label: 'Incident Map' }]);
    assert.equal(mcpProviderId, 'incidentmap.mcp');
    // Registered by that id in the extension (the call is feature-detected there: VS Code 1.101+).
    assert.match(readFileSync(join(repoRoot, 'client/src/mcp.ts'), 'utf8'), /registerMcpServerDefinitionProvider\(mcpProviderId,/);
  });

  it('runs the bundled CLI with the editor\'s Node, one server per folder, each held to its folder', () => {
    assert.deepEqual(mcpLaunches('/opt/code/code', '/ext/dist/cli.js', [{ name: 'shop', fsPath: '/work/shop' }]), [
      { label: 'Incident Map', command: '/opt/code/code', args: ['/ext/dist/cli.js', 'mcp', '--root', '/work/shop'] },
    ]);
    assert.deepEqual(
      mcpLaunches('node', '/ext/dist/cli.js', [
        { name: 'a', fsPath: '/w/a' },
        { name: 'b', fsPath: '/w/b' },
      ]).map((l) => [l.label, l.args[3]]),
      [
        ['Incident Map: a', '/w/a'],
        ['Incident Map: b', '/w/b'],
      ],
    );
    assert.deepEqual(mcpLaunches('node', '/ext/dist/cli.js', []), []);
  });
});

describe('status bar health', () => {
  it('shows errors, warnings and single points of failure', () => {
    const h = healthText({ counts: { error: 2, warning: 1, info: 0 }, singlePointsOfFailure: 3 });
    assert.equal(h.text, '$(error) 2 $(warning) 1 $(debug-disconnect) 3 SPOF');
    assert.match(h.tooltip, /2 errors, 1 warning, 3 single points of failure/);
    assert.equal(healthText({ counts: { error: 0, warning: 0, info: 4 }, singlePointsOfFailure: 0 }).text, '$(error) 0 $(warning) 0');
    assert.match(healthText(undefined).text, /sync~spin/);
  });
});
