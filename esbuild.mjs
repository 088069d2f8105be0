// Bundles what ships: the extension, the language server, the CLI, the GitHub Action, and the webview (plus its layout
// worker). `tsc -b` type-checks and emits out/ for the unit tests; these bundles are what users run.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// ESM dependencies (tinyglobby's fdir) read import.meta.url, which a CJS bundle lacks: define it.
const importMetaUrl = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
// yaml's Node build reads process.env.LOG_TOKENS for every token it parses, and process.env is a call
// into C++ each time: 23% of a large map's parse (bench/yaml-build.mjs). Its browser build is the same
// code without those checks (and logs warnings with console.warn, which goes to stderr in Node).
const yamlWithoutEnvLookups = {
  name: 'yaml-without-env-lookups',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) }));
  },
};
const node = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning',
  define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: importMetaUrl }, plugins: [yamlWithoutEnvLookups],
};
// elkjs is 3.4 MB of the CLI's 3.9 MB bundle, and only `incidentmap graph` lays anything out: every
// other command would still load and compile it (or its code cache). It ships beside the bundle as
// dist/elk.js and is required on first use (server/src/node/elkLayout.ts).
const elkBeside = {
  name: 'elk-beside',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: './elk.js', external: true }));
  },
};
// The MCP server (`incidentmap mcp`): @modelcontextprotocol/sdk and zod are twice the rest of the CLI,
// so they ship beside it as dist/mcp.js, required when the command runs (server/src/cli/commands/mcp.ts).
const mcpBeside = {
  name: 'mcp-beside',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/mcp\/server$/ }, () => ({ path: './mcp.js', external: true }));
  },
};
const browser = { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production, logLevel: 'warning' };
// The web extension (github.dev, vscode.dev; package.json "browser"): the extension as CommonJS for the
// browser's extension host, the language server as a web worker script. The server's shared code
// imports vscode-languageserver/node; in the worker the same API comes from its browser build (the
// common part is the same code; only the transport differs, and browser/main.ts picks the browser one).
const languageServerForBrowser = {
  name: 'language-server-for-browser',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver\/node$/ }, (args) => build.resolve('vscode-languageserver/browser', { kind: args.kind, resolveDir: args.resolveDir }));
  },
};

/** Entries whose source does not exist yet are skipped, so partial checkouts still build. */
const builds = [
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The extension's ELK thread (client/src/graph/layoutThread.ts) requires dist/elk.js beside it.
  { ...node, entryPoints: ['client/src/graph/layoutThread.ts'], outfile: 'dist/layoutThread.js', plugins: [...node.plugins, elkBeside] },
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
  // dist/cli.js is a small launcher that loads dist/cli-main.js through V8's code cache (launch.ts).
  { ...node, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // @resvg/resvg-js is a native module (a .node file per platform): required from node_modules at run time.
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [...node.plugins, elkBeside, mcpBeside], external: ['@resvg/resvg-js'] },
  { ...node, entryPoints: ['server/src/mcp/server.ts'], outfile: 'dist/mcp.js' },
  { ...node, entryPoints: ['node_modules/elkjs/lib/elk.bundled.js'], outfile: 'dist/elk.js' },
  // The GitHub Action (action.yml): runs dist/cli.js beside it.
  { ...node, entryPoints: ['server/src/action/main.ts'], outfile: 'dist/action.js' },
  { ...browser, format: 'cjs', entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] },
  { ...browser, entryPoints: ['server/src/lsp/browser/main.ts'], outfile: 'dist/web/server.js', plugins: [yamlWithoutEnvLookups, languageServerForBrowser] },
  { ...browser, entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview/main.js' },
  { ...browser, entryPoints: ['client/webview/layoutWorker.ts'], outfile: 'dist/webview/layoutWorker.js' },
].filter((b) => existsSync(b.entryPoints[0]));

if (watch) {
  await Promise.all(builds.map(async (b) => (await esbuild.context(b)).watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
