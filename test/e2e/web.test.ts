// The web extension (package.json "browser") for real: VS Code's web build (code-server) in Chromium,
// with the packaged .vsix running in the BROWSER's extension host (a web worker of the page), as on
// github.dev and vscode.dev, and its language server in a web worker of its own. code-server would
// run the extension in its Node extension host; the user setting
// `"remote.extensionKind": { "incidentmap.incidentmap": ["web"] }` moves it to the browser (docs/web.md
// says what else was tried). The test proves the browser entry ran, not the Node one: the Output
// channel names the entry and the server's platform, and no process of the Node server exists.
// Then a person's path: open a sample that includes another file (read through vscode.workspace.fs),
// its findings in the Problems panel, a hover, the graph. Screenshots: test-output/e2e/web-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { requirePrerequisites, runCommand, screenshotOnFailure, showProblems, startSession, type Session } from './codeServer';
import { openFile } from './graphPanel';

const repo = resolve(__dirname, '../../..');
const shots = join(repo, 'test-output/e2e');

/** The webview frame that holds a drawn graph with `id`, polled with a bound. */
async function graphFrame(page: Page, id: string, ms = 60_000): Promise<Frame> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if ((await f.locator(`[data-component="${id}"]`).count().catch(() => 0)) > 0) {
        return f;
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`the graph webview did not draw ${id}`);
}

/** Command lines of live processes that run the Node language server or the Node entry of a packaged incidentmap. */
function nodeEntryProcesses(extensionsDir: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter((cmd) => cmd.includes(extensionsDir) && /dist\/(server|extension)\.js/.test(cmd));
}

describe('end to end: the web extension in the browser extension host (code-server + Chromium)', function () {
  this.timeout(300_000);
  let session: Session | undefined;
  let extensions = '';
  let page: Page;
  let folder = '';

  before(async function () {
    requirePrerequisites(this);
    mkdirSync(shots, { recursive: true });
    session = await startSession('web-e2e', { settings: { 'remote.extensionKind': { 'incidentmap.incidentmap': ['web'] }, 'extensions.webWorker': true } });
    extensions = session.extensions;
    folder = session.folder;
    page = await session.open();
  });

  afterEach(async function () {
    await screenshotOnFailure(this, page, shots);
  });

  after(async () => {
    await session?.stop();
  });

  it("lists the findings of a map that includes another file, read through the browser's file system", async () => {
    await openFile(page, 'checkout.incidentmap');
    await showProblems(page);
    const panel = page.locator('.markers-panel');
    await page.waitForFunction("/scenario-not-survived/.test(document.querySelector('.markers-panel')?.textContent ?? '')", undefined, { timeout: 90_000 });
    const text = await panel.innerText();
    // Written by hand from `incidentmap check samples/checkout/checkout.incidentmap`: four findings, all
    // of which need platform.incidentmap (its zones, links and load balancer) to have been read.
    for (const rule of ['scenario-not-survived', 'capacity-after-domain-loss', 'retry-storm', 'journey-rto-unachievable']) {
      assert.match(text, new RegExp(rule), `${rule} is missing from the Problems panel:\n${text}`);
    }
    // Had the include not been read, its ids would be unknown references.
    assert.doesNotMatch(text, /unknown-reference|missing-include|file-refused|include-outside-root/, text);
    assert.match(text, /checkout\.incidentmap\s*checkout\s*4\b/, `the file's row counts 4 findings:\n${text}`);
    // The CLI on the same files agrees (same clock: rehearsal ages are not among these rules).
    const cli = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', 'samples/checkout/checkout.incidentmap', '--format', 'json', '--fail-on', 'none'], { cwd: repo, encoding: 'utf8' });
    assert.equal((JSON.parse(cli.stdout) as { findings: unknown[] }).findings.length, 4);
    await page.screenshot({ path: join(shots, 'web-problems.png') });
  });

  it('ran the browser entry and the web worker server, not the Node ones', async () => {
    assert.deepEqual(nodeEntryProcesses(extensions), [], 'a Node process of the extension runs');
    await runCommand(page, 'Incident Map: Show Output');
    const lines = '.panel .view-lines';
    await page
      .waitForFunction(
        `/web extension \\(browser entry/.test(document.querySelector('${lines}')?.textContent?.replace(/\\u00a0/g, ' ') ?? '')
        && /language server started \\(browser\\)/.test(document.querySelector('${lines}')?.textContent?.replace(/\\u00a0/g, ' ') ?? '')`,
        undefined,
        { timeout: 30_000 },
      )
      .catch(async (e: unknown) => {
        // Say what the panel showed instead, with a picture: a timeout alone cannot be diagnosed from CI's log.
        await page.screenshot({ path: join(shots, 'web-output-failed.png') });
        const panel = await page.locator('.panel').first().innerText().catch(() => '(no panel)');
        throw new Error(`the Output panel does not show both lines (screenshot web-output-failed.png):\n${panel}\n${String(e)}`);
      });
    // What the browser cannot do is said in the UI, not left to be discovered.
    const told = page.locator('.notification-toast', { hasText: 'Not available in the browser' });
    const inOutput = /Not available in the browser/.test((await page.locator(lines).first().innerText()).replace(/\u00a0/g, ' '));
    assert.ok((await told.count()) > 0 || inOutput, 'the limits of the browser are not said');
    await page.screenshot({ path: join(shots, 'web-output.png') });
  });

  it('shows a hover over a component', async () => {
    await openFile(page, 'checkout.incidentmap');
    const source = readFileSync(join(repo, 'samples/checkout/checkout.incidentmap'), 'utf8').split('\n');
    const line = source.findIndex((l) => l === '  - id: checkout-api') + 1;
    assert.ok(line > 0);
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${line}:12`);
    await page.keyboard.press('Enter');
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'checkout-api' });
    await hover.first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = await hover.first().innerText();
    assert.match(text, /Checkout API/, text);
    await page.screenshot({ path: join(shots, 'web-hover.png') });
    await page.keyboard.press('Escape');
  });

  it('draws the graph of the map, included components too', async () => {
    await openFile(page, 'checkout.incidentmap');
    await runCommand(page, 'Incident Map: Open Graph');
    const frame = await graphFrame(page, 'checkout-api');
    const ids = await frame.locator('[data-component]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    // checkout-api is declared in checkout.incidentmap, edge-lb in platform.incidentmap (included).
    for (const id of ['checkout-api', 'edge-lb']) {
      assert.ok(ids.includes(id), `graph lacks ${id}: ${ids.join(', ')}`);
    }
    await page.screenshot({ path: join(shots, 'web-graph.png') });
  });

  it('exports the graph as PNG from the panel (drawn by the webview\'s canvas, written through vscode.workspace.fs)', async () => {
    const frame = await graphFrame(page, 'checkout-api');
    await frame.locator('#export-png').click();
    // VS Code's web save dialog: a path in the quick input, the map's name by default.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    // The dialog fills its path in steps (the folder, then the name): wait for the name.
    await page.waitForFunction("/checkout\\.png$/.test(document.querySelector('.quick-input-widget input')?.value ?? '')", undefined, { timeout: 20_000 });
    await page.keyboard.press('Enter');
    const target = join(folder, 'checkout.png');
    for (let i = 0; i < 80 && !existsSync(target); i++) {
      await page.waitForTimeout(250);
    }
    assert.ok(existsSync(target), `${target} was not written`);
    // The PNG signature, written by hand.
    assert.deepEqual([...readFileSync(target).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await page.screenshot({ path: join(shots, 'web-export.png') });
  });

  it('restarts the web worker server on request, and the findings come back', async () => {
    await page.keyboard.press('Escape'); // whatever an earlier test left open
    await openFile(page, 'checkout.incidentmap');
    await runCommand(page, 'Incident Map: Restart Language Server');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await runCommand(page, 'Incident Map: Show Output');
    const started = `((document.querySelector('.panel .view-lines')?.textContent ?? '').replace(/\\u00a0/g, ' ').match(/language server started \\(browser\\)/g) ?? []).length >= 2`;
    await page.waitForFunction(started, undefined, { timeout: 30_000 });
    await showProblems(page);
    try {
      // The Problems list is virtual and may show another file's rows first: filter it to the map.
      await page.locator('.viewpane-filter input:visible').first().fill('checkout');
      await page.waitForFunction("/scenario-not-survived/.test(document.querySelector('.markers-panel')?.textContent ?? '')", undefined, { timeout: 60_000 });
    } finally {
      // On failure too.
      await page.screenshot({ path: join(shots, 'web-restarted.png') });
    }
    assert.deepEqual(nodeEntryProcesses(extensions), []);
  });
});
