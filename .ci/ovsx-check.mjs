// Open VSX's checks, offline (issue 25, item 3). These machines cannot reach open-vsx.org, so this
// runs what `ovsx publish` runs before its upload, with ovsx's own code, against a registry on
// loopback that records the upload:
//
//   1. ovsx's license check (isLicenseOk: a `license` field or a LICENSE file; on open-vsx.org a
//      package without one is refused), and its manifest check (publisher, name, version);
//   2. `ovsx publish --packagePath .`: ovsx packages the folder itself with its own vsce (4.x, which
//      refuses a manifest without `repository` unless told otherwise) and uploads it;
//   3. `ovsx publish incidentmap.vsix`: the .vsix `npm run package` made, read as ovsx reads it.
//
// Each upload must reach the registry and hold the files the extension needs. What the real
// registry checks after the upload (namespace ownership, the token, its size limit) needs the
// registry. Usage, after `npm run package`:
//
//   npm install --prefix /tmp/ovsx ovsx@1.4.0 && node .ci/ovsx-check.mjs /tmp/ovsx/node_modules/ovsx
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ovsxDir = resolve(process.argv[2] ?? 'node_modules/ovsx');
const require = createRequire(join(ovsxDir, 'package.json'));
const ovsx = require(join(ovsxDir, 'lib/index.js'));
const { readVSIXPackage, readZip } = require(join(ovsxDir, 'lib/zip.js'));
const version = JSON.parse(readFileSync(join(ovsxDir, 'package.json'), 'utf8')).version;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}`);
  if (!ok) {
    failures.push(what);
  }
};

// 1. The license and the manifest, as ovsx checks them before packaging.
check((await ovsx.isLicenseOk(root)) === true, `ovsx ${version} isLicenseOk: license "${pkg.license}", LICENSE file present`);
for (const field of ['publisher', 'name', 'version', 'repository', 'engines', 'displayName', 'description', 'icon']) {
  check(pkg[field] !== undefined, `package.json has ${field}`);
}

// A registry on loopback: answers ovsx's version lookup and keeps what is published.
const uploads = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://registry');
    if (req.method === 'GET' && url.pathname === '/api/version') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ version: '0.0.0' }));
    } else if (req.method === 'POST' && url.pathname === '/api/-/publish') {
      uploads.push(Buffer.concat(chunks));
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ namespace: pkg.publisher, name: pkg.name, version: pkg.version, targetPlatform: 'universal' }));
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: `no ${req.method} ${url.pathname} here` }));
    }
  });
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const registry = `http://127.0.0.1:${server.address().port}`;
const tmp = mkdtempSync(join(tmpdir(), 'ovsx-check-'));

async function publish(what, args) {
  const before = uploads.length;
  // Run as a separate process: ovsx's own CLI, its own options parsing, HOME kept away from tokens.
  // Asynchronously: the registry answering it lives in this process's event loop.
  const r = await new Promise((done) => {
    const child = spawn(process.execPath, [join(ovsxDir, 'bin/ovsx'), 'publish', ...args, '--registryUrl', registry, '--pat', 'offline-check'], {
      cwd: root,
      env: { ...process.env, HOME: tmp, OVSX_PAT: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
  check(r.status === 0 && uploads.length === before + 1, `ovsx publish ${what}: exit ${r.status}, ${uploads.length - before} upload`);
  if (r.status !== 0) {
    console.log((r.stdout + r.stderr).trim().split('\n').slice(-15).join('\n'));
    return;
  }
  const file = join(tmp, `upload-${uploads.length}.vsix`);
  writeFileSync(file, uploads.at(-1));
  const manifest = await readVSIXPackage(file);
  check(manifest.publisher === pkg.publisher && manifest.name === pkg.name && manifest.version === pkg.version, `  uploaded manifest is ${manifest.publisher}.${manifest.name} ${manifest.version}`);
  check(manifest.license === 'MIT' && manifest.repository?.url === pkg.repository?.url, '  uploaded manifest has the license and the repository');
  check(JSON.stringify(manifest.activationEvents) === JSON.stringify(pkg.activationEvents), `  activation events: ${manifest.activationEvents.join(', ')}`);
  check(manifest.contributes?.mcpServerDefinitionProviders?.[0]?.id === 'incidentmap.mcp', '  contributes the MCP server definition provider');
  const entries = await readZip(file, () => true);
  for (const f of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/mcp.js', 'extension/LICENSE.txt', 'extension.vsixmanifest']) {
    const name = [...entries.keys()].find((n) => n.toLowerCase() === f.toLowerCase() || (f.endsWith('LICENSE.txt') && /^extension\/license(\.txt|\.md)?$/i.test(n)));
    check(name !== undefined, `  holds ${f}`);
  }
  console.log(`  ${entries.size} files, ${uploads.at(-1).length} bytes`);
}

try {
  await publish('--packagePath . (ovsx packages the folder itself)', ['--packagePath', root, '--no-dependencies']);
  await publish('incidentmap.vsix (made by npm run package)', [join(root, 'incidentmap.vsix')]);
} finally {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(failures.length === 0 ? '\nAll of ovsx\'s offline checks pass.' : `\n${failures.length} check(s) failed.`);
process.exitCode = failures.length === 0 ? 0 : 1;
