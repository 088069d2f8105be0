// The graph webview's page in headless Chromium, as VS Code would host it: the same HTML (CSP, nonce),
// the same bundles from dist/webview, messages in through window.postMessage and out through a stub of
// acquireVsCodeApi. Screenshots go to test-output/webview.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { blastRadius, graphFindings, graphModel, overview } from '../../server/src/core/index';
import { graphPage } from '../../client/src/graph/html';
import { pngBytes, type FromWebview, type ToWebview } from '../../client/src/graph/protocol';
import { missingPrerequisite, startBrowser, type BrowserSession } from '../e2e/codeServer';
import { analyzeFile, analyzeText, repoRoot } from '../helpers/core';

const origin = 'https://webview.test';
const shots = join(repoRoot, 'test-output/webview');
const sample = join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap');

type ModelMessage = Extract<ToWebview, { type: 'model' }>;

function modelOf(path: string, version = 1): ModelMessage {
  const a = analyzeFile(path);
  const uri = a.files[0]!;
  return { type: 'model', uri, name: 'ai-inference.incidentmap', version, graph: graphModel(uri, a.files, a.model), findings: graphFindings(a.findings) };
}

async function openPage(session: BrowserSession, theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: theme });
  const html = graphPage({
    cspSource: origin,
    nonce: 'testnonce123',
    scriptUri: `${origin}/dist/webview/main.js`,
    workerUri: `${origin}/dist/webview/layoutWorker.js`,
    stylesUri: `${origin}/client/media/graph.css`,
  });
  // VS Code's webview host sets theme variables on <html>; a few are enough to see the theme applied.
  const themeVars =
    theme === 'dark'
      ? '--vscode-editor-background:#1e1e1e;--vscode-editor-foreground:#d4d4d4;--vscode-editorWidget-background:#252526;--vscode-foreground:#cccccc;'
      : '--vscode-editor-background:#ffffff;--vscode-editor-foreground:#1f1f1f;';
  await page.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/index.html') {
      return route.fulfill({ contentType: 'text/html', body: html.replace('<html lang="en">', `<html lang="en" style="${themeVars}">`) });
    }
    // Serve only what localResourceRoots allows the real panel.
    if (!path.startsWith('/dist/webview/') && !path.startsWith('/client/media/')) {
      return route.fulfill({ status: 404, body: '' });
    }
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };
    return route.fulfill({ contentType: types[extname(path)] ?? 'application/octet-stream', body: readFileSync(join(repoRoot, path)) });
  });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__posted = [];
    w.__violations = [];
    w.__alerted = false;
    w.alert = () => (w.__alerted = true);
    document.addEventListener('securitypolicyviolation', (e) => (w.__violations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
      getState: () => undefined,
      setState: () => undefined,
    });
  });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'));
  return page;
}

const send = (page: Page, m: ToWebview) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted);
async function waitPosted(page: Page, pred: (m: FromWebview) => boolean, what: string): Promise<FromWebview> {
  for (let i = 0; i < 100; i++) {
    const found = (await posted(page)).find(pred);
    if (found) {
      return found;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`the webview did not post ${what}`);
}
const layouts = async (page: Page) => (await posted(page)).filter((m) => m.type === 'log' && m.message.startsWith('laid out')).length;

describe('graph webview in Chromium', function () {
  this.timeout(120_000);
  const missing = missingPrerequisite();
  let session: BrowserSession | undefined;

  before(async function () {
    if (missing) {
      if (process.env['CI']) {
        throw new Error(missing);
      }
      this.skip();
    }
    mkdirSync(shots, { recursive: true });
    session = await startBrowser();
  });

  after(async () => {
    await session?.stop();
  });

  it('draws the sample: nodes, edges, containers, and severity badges where the findings are', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    await page.waitForSelector('[data-component]');
    const components = await page.locator('[data-component]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    assert.deepEqual([...components].sort(), m.graph.components.map((c) => c.id).sort());
    assert.equal(await page.locator('[data-edge^="e:"]').count(), m.graph.edges.length);
    assert.equal(await page.locator('[data-edge^="f:"]').count(), m.graph.failovers.length);
    assert.ok((await page.locator('[data-domain]').count()) >= 2, 'the datacenter and racks are drawn as containers');
    // Rack r1 sits inside hall-2: containers nest.
    const inside = await page.evaluate(() => {
      const box = (sel: string) => document.querySelector(sel)!.querySelector('rect')!.getBBox();
      const outer = box('[data-domain="hall-2"]');
      const inner = box('[data-domain="rack-r1"]');
      return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
    });
    assert.ok(inside, 'rack-r1 is drawn inside hall-2');
    const flagged = await page.locator('[data-component][data-severity="error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    assert.ok(flagged.length > 0, 'an error badge on some component');
    assert.ok((await page.locator('[data-badge]').count()) > 0, 'badges are drawn');
    // The tooltip lists the messages.
    const title = await page.locator(`[data-component="${flagged[0]}"] > title`).textContent();
    assert.match(title ?? '', /error [a-z-]+: /);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
    assert.ok((await layouts(page)) === 1, 'laid out once, in the worker');
    await page.screenshot({ path: join(shots, 'ai-inference-light.png') });
    await page.close();
  });

  it('loads the layout worker before the first map arrives, so ELK is warm for it', async () => {
    const page = await openPage(session!);
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/dist/webview/layoutWorker.js')), undefined, { timeout: 10_000 });
    await send(page, modelOf(sample));
    await page.waitForSelector('[data-component]');
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'log' && m.level === 'error'), []);
    await page.close();
  });

  it('posts a reveal of the declaration when a node is clicked, and on Enter from the keyboard', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    await page.locator('[data-component="gpu-rack-r2"]').click();
    const reveal = (await waitPosted(page, (x) => x.type === 'reveal', 'a reveal')) as Extract<FromWebview, { type: 'reveal' }>;
    const c = m.graph.components.find((x) => x.id === 'gpu-rack-r2')!;
    assert.equal(reveal.uri, c.uri);
    assert.deepEqual(reveal.range, c.range);
    assert.ok(await page.locator('[data-component="gpu-rack-r2"].selected').count(), 'the node is selected');
    assert.ok(!(await page.locator('#details').isHidden()), 'its details are shown');

    await page.locator('[data-component="model-gateway"]').focus();
    await page.keyboard.press('Enter');
    await waitPosted(page, (x) => x.type === 'reveal' && x.range.start.line === m.graph.components.find((y) => y.id === 'model-gateway')!.range.start.line, 'a reveal of model-gateway');
    await page.keyboard.press('f');
    const sim = await waitPosted(page, (x) => x.type === 'simulate', 'a simulate request');
    assert.deepEqual(sim, { type: 'simulate', fail: ['model-gateway'] });
    await page.close();
  });

  it('colours what goes down and what degrades in a simulation, with the paths, and resets', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    await page.waitForSelector('[data-component]');
    const a = analyzeFile(sample);
    const result = blastRadius(a.graph, ['loop-1']);
    assert.ok(!('unknown' in result));
    await send(page, { type: 'simulation', fail: ['loop-1'], result });
    await page.waitForSelector('svg.simulating');
    const down = await page.locator('[data-state="down"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    const degraded = await page.locator('[data-state="degraded"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    assert.deepEqual(down.sort(), result.down.map((d) => d.id).sort());
    assert.deepEqual(degraded.sort(), result.degraded.map((d) => d.id).sort());
    assert.ok(result.down.length > 0, 'the sample loses something when its cooling loop fails');
    assert.ok((await page.locator('.im-edge.on-path').count()) > 0, 'the propagation paths light up');
    await page.screenshot({ path: join(shots, 'ai-inference-simulation.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('svg:not(.simulating) [data-component]');
    assert.equal(await page.locator('[data-state]').count(), 0);
    await page.close();
  });

  it('writes a hostile label as text: no element, no script, no CSP violation', async () => {
    const page = await openPage(session!, 'dark');
    const hostile = '<img src=x onerror=alert(1)>';
    const text = [
      'incidentmap: 1',
      'components:',
      `  - id: evil`,
      `    kind: service`,
      `    name: "${hostile}"`,
      `    owner: "</text><script>alert(2)</script>"`,
      '    tier: 1',
      '  - id: db',
      '    kind: datastore',
      '    tier: 1',
      'dependencies: []',
    ].join('\n');
    const a = analyzeText(text.replace('dependencies: []', ''));
    const uri = a.files[0]!;
    await send(page, { type: 'model', uri, name: hostile, version: 1, graph: graphModel(uri, a.files, a.model), findings: graphFindings(a.findings) });
    await page.waitForSelector('[data-component="evil"]');
    await page.locator('[data-component="evil"]').click();
    const shown = await page.locator('[data-component="evil"] .im-title').textContent();
    assert.ok(hostile.startsWith((shown ?? '').replace('…', '')), `the title is the label's text: ${shown}`);
    assert.match((await page.locator('#details').textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
    assert.equal(await page.locator('img, script:not([src])').count(), 0, 'no element was created from a label');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { __alerted: boolean }).__alerted), false);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    await page.screenshot({ path: join(shots, 'hostile-dark.png') });
    await page.close();
  });

  it('keeps the layout, zoom and selection when a save changes no topology; highlights the node under the cursor', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    await page.locator('[data-component="gpu-rack-r1"]').click();
    await page.click('#zoom-in');
    await page.waitForTimeout(400);
    const before = await page.locator('#im-zoom').getAttribute('transform');
    // An edit that changes an owner: same boxes and edges.
    const edited: ModelMessage = { ...m, version: 2, graph: { ...m.graph, components: m.graph.components.map((c) => (c.id === 'gpu-rack-r1' ? { ...c, runbook: 'https://example.com/x' } : c)) } };
    await send(page, edited);
    await page.waitForTimeout(500);
    assert.equal(await layouts(page), 1, 'no second layout');
    assert.equal(await page.locator('#im-zoom').getAttribute('transform'), before, 'zoom and pan kept');
    assert.equal(await page.locator('[data-component="gpu-rack-r1"].selected').count(), 1, 'selection kept');

    const c = m.graph.components.find((x) => x.id === 'feature-store')!;
    await send(page, { type: 'cursor', uri: c.uri, position: { line: c.block.start.line + 1, character: 4 } });
    await page.waitForSelector('[data-component="feature-store"].highlighted');

    // A new component: a new layout.
    const grown: ModelMessage = { ...m, version: 3, graph: { ...m.graph, components: [...m.graph.components, { ...c, id: 'new-thing', name: 'New thing' }] } };
    await send(page, grown);
    await page.waitForSelector('[data-component="new-thing"]');
    assert.equal(await layouts(page), 2);
    // An answer older than what is shown is dropped.
    await send(page, { ...m, version: 1 });
    await page.waitForTimeout(400);
    assert.equal(await page.locator('[data-component="new-thing"]').count(), 1);
    await page.close();
  });

  it('filters by search, owner, tier and kind, and exports SVG and PNG', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    await page.waitForSelector('[data-component]');
    await page.fill('#search', 'gpu');
    const visible = await page.locator('[data-component]:not(.dimmed)').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    assert.deepEqual(visible.sort(), ['gpu-rack-r1', 'gpu-rack-r2']);
    await page.fill('#search', '');
    await page.selectOption('#filter-kind', 'power');
    const power = await page.locator('[data-component]:not(.dimmed)').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    assert.ok(power.length > 0 && power.every((k) => k === 'power'));
    await page.selectOption('#filter-kind', '');
    await page.selectOption('#filter-tier', '1');
    const tier1 = await page.locator('[data-component]:not(.dimmed)').evaluateAll((els) => els.map((e) => e.getAttribute('data-tier')));
    assert.ok(tier1.length > 0 && tier1.every((t) => t === '1'));

    await page.click('#export-svg');
    const svg = (await waitPosted(page, (x) => x.type === 'export' && x.format === 'svg', 'an SVG export')) as Extract<FromWebview, { type: 'export' }>;
    assert.match(svg.data, /^<\?xml[^>]*\?>\s*<svg[\s>]/);
    assert.match(svg.data, /data-component="gpu-rack-r1"/);
    await page.click('#export-png');
    const png = (await waitPosted(page, (x) => x.type === 'export' && x.format === 'png', 'a PNG export')) as Extract<FromWebview, { type: 'export' }>;
    assert.ok(pngBytes(png.data), 'a PNG data URL');
    await page.close();
  });

  it('opens a 1,000-component map on the domain overview and expands a domain on demand', async function () {
    const page = await openPage(session!);
    const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
    const a = analyzeText(singleFile(1000, 7));
    const uri = a.files[0]!;
    const graph = graphModel(uri, a.files, a.model);
    await send(page, { type: 'model', uri, name: 'big', version: 1, graph, findings: graphFindings(a.findings) });
    await page.waitForSelector('[data-component^="group:"]', { timeout: 60_000 });
    const groups = await page.locator('[data-component^="group:"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')!));
    assert.ok(groups.length > 0 && groups.length < 20, `a handful of domain boxes: ${groups.join(', ')}`);
    assert.equal(await page.locator('[data-component]:not([data-component^="group:"])').count(), 0);
    assert.ok((await page.locator('[data-component^="group:"][data-severity]').count()) > 0, 'the members\' findings show on their group');
    await page.screenshot({ path: join(shots, 'generated-1000-overview.png') });

    const members = overview(graph).components.find((c) => c.id === groups[0])!.members!;
    await page.locator(`[data-component="${groups[0]}"]`).click();
    await page.waitForSelector(`[data-component="${members[0]}"]`, { timeout: 60_000 });
    assert.equal(await page.locator(`[data-component="${groups[0]}"]`).count(), 0, 'the group gave way to its components');
    for (const id of members) {
      assert.equal(await page.locator(`[data-component="${id}"]`).count(), 1, id);
    }
    await page.screenshot({ path: join(shots, 'generated-1000-expanded.png') });

    // "Show all": every component in its domain, laid out in parts within the deadline, not the fallback.
    await page.locator('#overview').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-component]').length === n, graph.components.length, { timeout: 60_000 });
    assert.equal(await page.locator('[data-component^="group:"]').count(), 0);
    assert.ok((await page.locator('[data-domain]').count()) > 0, 'domains drawn as containers');
    assert.equal(await page.locator('#status.error').count(), 0, await page.locator('#status').innerText());
    const errors = (await posted(page)).filter((m) => m.type === 'log' && m.level === 'error');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(shots, 'generated-1000-all.png') });
    await page.close();
  });
});
