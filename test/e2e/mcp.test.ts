// Issue 25, items 2 and 3, in a real VS Code (code-server's web build of VS Code, in Chromium; see
// codeServer.ts): the extension starts in a workspace that holds maps before any map is opened (the
// Problems view fills), and VS Code's MCP support lists the server the extension offers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { suiteToday } from '../vscode/suite/today';
import { requirePrerequisites, runCommand, screenshotOnFailure, showProblems, startSession, type Session } from './codeServer';

const repo = resolve(__dirname, '../../..');
const shots = join(repo, 'test-output/e2e');


describe('in code-server: activation on a workspace with maps, and the MCP server (issue 25)', function () {
  this.timeout(300_000);
  let session: Session | undefined;
  let page: Page | undefined;

  before(async function () {
    requirePrerequisites(this);
    mkdirSync(shots, { recursive: true });
    session = await startSession('e2e-mcp');
    page = await session.open();
  });

  afterEach(async function () {
    await screenshotOnFailure(this, page, shots);
  });

  after(async () => {
    await session?.stop();
  });

  it('fills the Problems view before any map is opened (workspaceContains:**/*.incidentmap)', async () => {
    assert.equal(await page!.locator('.tabs-container .tab').count(), 0, 'no editor is open');
    // What `incidentmap check` finds in the same files, with the same "today" (codeServer.ts pins it).
    const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', 'samples', '--format', 'json', '--fail-on', 'none'], { cwd: repo, encoding: 'utf8', env: { ...process.env, INCIDENTMAP_NOW: suiteToday } });
    const summary = (JSON.parse(r.stdout) as { summary: { error: number; warning: number; info: number } }).summary;
    assert.ok(summary.error + summary.warning + summary.info > 0);
    const problems = page!.locator('.statusbar-item[id="status.problems"]');
    const counts = async () => ((await problems.innerText({ timeout: 10_000 })).match(/\d+/g) ?? []).map(Number);
    const deadline = Date.now() + 120_000;
    while (JSON.stringify(await counts()) !== JSON.stringify([summary.error, summary.warning, summary.info]) && Date.now() < deadline) {
      await page!.waitForTimeout(500);
    }
    assert.deepEqual(await counts(), [summary.error, summary.warning, summary.info], 'the status bar counts every finding of the workspace');
    await showProblems(page!);
    await page!.locator('.markers-panel').getByText('ai-inference.incidentmap').first().waitFor({ timeout: 10_000 });
    await page!.screenshot({ path: join(shots, 'mcp-problems-before-open.png') });
    assert.equal(await page!.locator('.tabs-container .tab').count(), 0, 'still no editor open');
  });

  it('lists the Incident Map MCP server in MCP: List Servers, and VS Code starts it', async () => {
    await runCommand(page!, 'MCP: List Servers');
    const row = page!.locator('.quick-input-list .monaco-list-row', { hasText: 'Incident Map' });
    await row.first().waitFor({ timeout: 60_000 });
    await page!.screenshot({ path: join(shots, 'mcp-list-servers.png') });
    await row.first().click();
    // The server's actions: start it, as a user would before a chat first needs it.
    const start = page!.locator('.quick-input-list .monaco-list-row', { hasText: /Start Server/ });
    await start.first().waitFor({ timeout: 10_000 });
    await start.first().click();
    // VS Code may ask whether to trust a server an extension contributes: answer as a user would.
    const dialog = page!.locator('.monaco-dialog-box');
    const asked = await dialog.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (asked) {
      await page!.screenshot({ path: join(shots, 'mcp-trust-dialog.png') });
      await dialog.locator('.monaco-button', { hasText: /Trust|Allow|Start/ }).first().click();
    }
    await page!.screenshot({ path: join(shots, 'mcp-after-start.png') });
    await runCommand(page!, 'MCP: List Servers');
    await page!.locator('.quick-input-list .monaco-list-row', { hasText: /Incident Map.*Running/ }).first().waitFor({ timeout: 60_000 });
    await page!.keyboard.press('Escape');
    // VS Code shows the server's log: it ran `dist/cli.js mcp` and listed the tools over stdio.
    await page!.getByText('Discovered 6 tools').first().waitFor({ timeout: 60_000 });
    await page!.screenshot({ path: join(shots, 'mcp-server-running.png') });
    await page!.keyboard.press('Escape');
  });
});
