// The graph webview's page in headless Chromium, as VS Code would host it: the same HTML (CSP, nonce),
// the same bundles from dist/webview, messages in through window.postMessage and out through a stub of
// acquireVsCodeApi. Screenshots go to test-output/webview.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { blastRadius, elkGraph, graphFindings, graphModel, openingView, overview, panelView, topologyKey, type ElkNode } from '../../server/src/core/index';
import { layoutElk } from '../../server/src/node/elkLayout';
import { embeddedJson, graphPage } from '../../client/src/graph/html';
import { pngBytes, type FromWebview, type SceneScenario, type ToWebview } from '../../client/src/graph/protocol';
import { missingChromium, startBrowser, type BrowserSession } from '../e2e/codeServer';
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

async function openPage(session: BrowserSession, theme: 'light' | 'dark' = 'light', inline = false, model?: string): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: theme });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n${e.stack}\n`));
  const html = graphPage({
    cspSource: origin,
    nonce: 'testnonce123',
    scriptUri: `${origin}/dist/webview/main.js`,
    workerUri: `${origin}/dist/webview/layoutWorker.js`,
    stylesUri: `${origin}/client/media/graph.css`,
    // As the extension sends it: the script and the style sheet written into the page.
    inline: inline ? { script: readFileSync(join(repoRoot, 'dist/webview/main.js'), 'utf8'), styles: readFileSync(join(repoRoot, 'client/media/graph.css'), 'utf8') } : undefined,
    model,
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
/** The first message the webview posts that satisfies `pred`, waiting on each new post (at most 10 s in all). */
async function waitPosted(page: Page, pred: (m: FromWebview) => boolean, what: string): Promise<FromWebview> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const all = await posted(page);
    const found = all.find(pred);
    if (found) {
      return found;
    }
    const left = deadline - performance.now();
    try {
      if (left <= 0) {
        throw new Error('no time left');
      }
      await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, all.length, { timeout: left });
    } catch {
      throw new Error(`the webview did not post ${what} within 10 s; it posted ${JSON.stringify(all.map((m) => m.type))}`);
    }
  }
}
/** Sends a model and waits until the webview has handled it (drawn, or dropped as older): no timer. */
async function sendModel(page: Page, m: ModelMessage): Promise<void> {
  const before = await page.evaluate(() => (window as unknown as { __imModels?: number }).__imModels ?? 0);
  await send(page, m);
  await page.waitForFunction((n) => ((window as unknown as { __imModels?: number }).__imModels ?? 0) > n, before, { timeout: 30_000 });
}
/** Resizes the page and waits until the webview's last re-fit pass for it has run: no timer. */
async function resize(page: Page, width: number, height: number): Promise<void> {
  const before = await page.evaluate(() => (window as unknown as { __imResized?: number }).__imResized ?? 0);
  await page.setViewportSize({ width, height });
  await page.waitForFunction((n) => ((window as unknown as { __imResized?: number }).__imResized ?? 0) > n, before, { timeout: 10_000 });
}
/** Clicks a zoom button and waits until the view's transform has changed. */
async function clickZoom(page: Page, selector: string): Promise<void> {
  const before = await page.locator('#im-zoom').getAttribute('transform');
  await page.click(selector);
  await page.waitForFunction((t) => document.getElementById('im-zoom')!.getAttribute('transform') !== t, before, { timeout: 5000 });
}
/** The camera's re-fit passes (after a resize, or the details pane opening) have all run: no timer. */
async function settledCamera(page: Page): Promise<void> {
  // Two frames first: a resize (the details pane opening) is reported to the camera's ResizeObserver after layout,
  // and only then are its re-fit passes counted.
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await page.waitForFunction(() => ((window as unknown as { __imCameraPending?: number }).__imCameraPending ?? 0) === 0, undefined, { timeout: 10_000 });
}
/** The first picture is painted and opened on what matters. */
const firstPaint = (page: Page) => page.waitForFunction(() => (window as unknown as { __imFirstPaint?: number }).__imFirstPaint !== undefined, undefined, { timeout: 30_000 });
const layouts = async (page: Page) => (await posted(page)).filter((m) => m.type === 'log' && m.message.startsWith('laid out')).length;

describe('graph webview in Chromium', function () {
  this.timeout(120_000);
  const missing = missingChromium();
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
    // One short line (the tab names the map): only the severities that occur, plurals right.
    assert.equal(await page.locator('#status').innerText(), '10 components · 3 errors, 6 warnings · 1 map-wide finding in Problems');
    await page.screenshot({ path: join(shots, 'ai-inference-light.png') });
    await page.close();
  });

  it('paints a map sent with the extension\'s layout without its own worker, which starts only after the first paint', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    const input = elkGraph(panelView(m.graph));
    const laidOut = await layoutElk(input);
    await send(page, { ...m, layout: { key: topologyKey(input), graph: laidOut } });
    await page.waitForSelector('[data-component]');
    const at = await page.evaluate(() => {
      const w = window as unknown as { __imMarks: { layoutFrom: string; layouts: number[] }; __imLayoutWorker: { started: number } };
      return { from: w.__imMarks.layoutFrom, layouts: w.__imMarks.layouts.length, workers: w.__imLayoutWorker.started };
    });
    assert.deepEqual(at, { from: 'extension', layouts: 0, workers: 0 }, 'painted from the extension\'s layout, no worker yet');
    // The rack is drawn where the extension's layout put it (elkGraph asks ELK for root-relative coordinates;
    // the scene moves y down below its top band, x stays).
    const find = (n: ElkNode, id: string): ElkNode | undefined => (n.id === id ? n : (n.children ?? []).map((c) => find(c, id)).find(Boolean));
    const want = find(laidOut, 'c:gpu-rack-r1')!;
    const drawn = await page.evaluate(() => {
      const r = document.querySelector('[data-component="gpu-rack-r1"] > rect.im-box')!;
      return { x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')) };
    });
    assert.ok(Math.abs(drawn.x - want.x!) < 1, `drawn at ${JSON.stringify(drawn)}, laid out at ${JSON.stringify(want)}`);
    // Then the page's worker starts, warmed for what the user asks next.
    await page.waitForFunction(() => (window as unknown as { __imLayoutWorker: { started: number } }).__imLayoutWorker.started === 1, undefined, { timeout: 10_000 });
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'log' && m.level === 'error'), []);
    await page.close();
  });

  it('runs with its script and style sheet written into the page, as the extension sends it: no fetch of either, no CSP violation', async () => {
    const page = await openPage(session!, 'light', true);
    await send(page, modelOf(sample));
    await page.waitForSelector('[data-component]');
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(!fetched.includes('/dist/webview/main.js') && !fetched.includes('/client/media/graph.css'), JSON.stringify(fetched));
    // The style sheet applies: the toolbar is a flex row, as graph.css says.
    assert.equal(await page.locator('.toolbar').evaluate((e) => getComputedStyle(e).display), 'flex');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
    await page.close();
  });

  it('paints the map the extension wrote into the page before any message, laid out by the extension', async () => {
    const m = modelOf(sample);
    const input = elkGraph(panelView(m.graph));
    const layout = { key: topologyKey(input), graph: await layoutElk(input) };
    const page = await openPage(session!, 'light', true, embeddedJson({ ...m, layout }));
    await firstPaint(page);
    assert.equal(await page.locator('[data-component="gpu-rack-r1"]').count(), 1, 'drawn from the page itself');
    const marks = await page.evaluate(() => (window as unknown as { __imMarks: { layoutFrom?: string; layouts: number[] } }).__imMarks);
    assert.deepEqual({ from: marks.layoutFrom, layouts: marks.layouts.length }, { from: 'extension', layouts: 0 }, 'painted from the extension\'s layout, none of its own');
    await page.close();
  });

  it('reads a large map sent as JSON bytes (packedModel) as the same map', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    const bytes = [...new TextEncoder().encode(JSON.stringify({ graph: m.graph, findings: m.findings }))];
    const before = await page.evaluate(() => (window as unknown as { __imModels?: number }).__imModels ?? 0);
    await page.evaluate(({ uri, data }) => window.postMessage({ type: 'packedModel', uri, name: 'ai-inference.incidentmap', version: 1, data: new Uint8Array(data) }, '*'), { uri: m.uri, data: bytes });
    await page.waitForFunction((n) => ((window as unknown as { __imModels?: number }).__imModels ?? 0) > n, before, { timeout: 30_000 });
    assert.equal(await page.locator('[data-component]').count(), m.graph.components.length, 'every component drawn');
    assert.equal(await page.locator('.im-cross[data-domain="loop-1"] [data-badge]').count(), 1, 'findings came with it');
    // Bytes that are not the map's JSON are refused with a message, not drawn.
    await page.evaluate(({ uri }) => window.postMessage({ type: 'packedModel', uri, name: 'x', version: 2, data: new Uint8Array([123, 34]) }, '*'), { uri: m.uri });
    await waitPosted(page, (x) => x.type === 'log' && /could not be read/.test(x.message), 'a refusal');
    assert.equal(await page.locator('[data-component]').count(), m.graph.components.length, 'the map drawn stays');
    await page.close();
  });

  it('lays out in its worker when the extension\'s layout is for another view (a stale key)', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, { ...m, layout: { key: 'not-this-view', graph: { id: 'root', children: [], edges: [] } } });
    await page.waitForSelector('[data-component]');
    assert.equal(await page.evaluate(() => (window as unknown as { __imMarks: { layoutFrom: string } }).__imMarks.layoutFrom), 'webview');
    assert.equal(await layouts(page), 1, 'laid out once, in the worker');
    await page.close();
  });

  it('posts a reveal of the declaration when a node is clicked, and on Enter from the keyboard', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    await page.locator('[data-component="gpu-rack-r2"]').click();
    const reveal = (await waitPosted(page, (x) => x.type === 'reveal', `a reveal (posted ${JSON.stringify((await posted(page)).map((p) => p.type === 'log' ? p.message : p.type))}, selected ${await page.locator('.selected').count()})`)) as Extract<FromWebview, { type: 'reveal' }>;
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
    // Standbys that go down with the loop are drawn down too (they are listed apart, as lost redundancy).
    assert.deepEqual(down.sort(), [...result.down, ...(result.standbys ?? [])].map((d) => d.id).sort());
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
    // With no element made from a label, nothing can alert later: no wait for something not to happen.
    assert.equal(await page.evaluate(() => (window as unknown as { __alerted: boolean }).__alerted), false);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    await page.screenshot({ path: join(shots, 'hostile-dark.png') });
    await page.close();
  });

  it('keeps the layout, zoom and selection when a save changes no topology; highlights the node under the cursor', async () => {
    const page = await openPage(session!);
    const m = modelOf(sample);
    await send(page, m);
    // Selecting opens the details pane beside the picture: a resize, whose re-fit passes end before the zoom.
    const resized = await page.evaluate(() => (window as unknown as { __imResized?: number }).__imResized ?? 0);
    await page.locator('[data-component="gpu-rack-r1"]').click();
    await page.waitForFunction((n) => ((window as unknown as { __imResized?: number }).__imResized ?? 0) > n, resized, { timeout: 10_000 });
    await clickZoom(page, '#zoom-in');
    const before = await page.locator('#im-zoom').getAttribute('transform');
    // An edit that changes an owner: same boxes and edges.
    const edited: ModelMessage = { ...m, version: 2, graph: { ...m.graph, components: m.graph.components.map((c) => (c.id === 'gpu-rack-r1' ? { ...c, runbook: 'https://example.com/x' } : c)) } };
    await sendModel(page, edited);
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
    await sendModel(page, { ...m, version: 1 });
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
    assert.ok(await page.locator('#filter-kind').isHidden(), 'the filters fold away: the toolbar fits a narrow pane');
    await page.click('#filters-toggle');
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

  it('names the domain boxes a failure hits off-screen on the overview as domains, never as components', async function () {
    const page = await openPage(session!);
    await page.setViewportSize({ width: 480, height: 700 });
    const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
    const a = analyzeText(singleFile(1000, 7));
    const uri = a.files[0]!;
    await send(page, { type: 'model', uri, name: 'big', version: 1, graph: graphModel(uri, a.files, a.model), findings: graphFindings(a.findings) });
    await page.waitForSelector('[data-component^="group:"]', { timeout: 60_000 });
    const groups = await page.locator('[data-component^="group:"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component')!));
    // A failure on the overview, in a pane too small for the domain boxes it hits: the status counts the
    // domain boxes out of view as domains ("N domains hit"), as the picture shows them, never as components.
    const zone = groups[0]!.slice('group:'.length);
    const hit = blastRadius(a.graph, [zone]);
    assert.ok(!('unknown' in hit));
    await send(page, { type: 'simulation', fail: [zone], result: hit });
    await page.waitForSelector('svg.simulating');
    await settledCamera(page);
    const outOfView = await page.evaluate(() => {
      const c = document.getElementById('canvas')!.getBoundingClientRect();
      const top = document.querySelector('.im-band-bg')?.getBoundingClientRect().bottom ?? c.top;
      const boxes = [...document.querySelectorAll('[data-component][data-state="down"], [data-component][data-state="failed"]')];
      return {
        groups: boxes.filter((el) => (el as HTMLElement).dataset.component!.startsWith('group:')).length,
        components: boxes.filter((el) => !(el as HTMLElement).dataset.component!.startsWith('group:')).length,
        out: boxes.filter((el) => {
          const r = el.querySelector('rect.im-box')!.getBoundingClientRect();
          return r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < top - 0.5 || r.bottom > c.bottom + 0.5;
        }).length,
      };
    });
    assert.ok(outOfView.groups > 1, `the failure hits several domain boxes (${outOfView.groups})`);
    assert.equal(outOfView.components, 0, 'the overview draws no component');
    assert.ok(outOfView.out > 0, 'some of them are out of view at 480 px');
    const status = await page.locator('#status').innerText();
    assert.match(status, new RegExp(`^${outOfView.out} domains? hit off-screen`), status);
    assert.doesNotMatch(status, /\d+ down off-screen/);
    await page.screenshot({ path: join(shots, 'generated-1000-overview-failure-480.png') });
    await page.close();
  });

  it('paints a large map\'s opening view before the whole map arrives, says it is painted, and the whole map changes nothing drawn', async function () {
    const page = await openPage(session!);
    const { singleFile } = require(join(repoRoot, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
    const a = analyzeText(singleFile(1000, 7));
    const uri = a.files[0]!;
    const graph = graphModel(uri, a.files, a.model);
    const findings = graphFindings(a.findings);
    const input = elkGraph(panelView(graph));
    const layout = { key: topologyKey(input), graph: await layoutElk(input) };
    const opening = openingView(graph, findings)!;
    // As the extension sends it: the opening view, packed as bytes (it is about 0.9 MB), with the map's size.
    const bytes = [...new TextEncoder().encode(JSON.stringify({ graph: opening.graph, findings: opening.findings, layout }))];
    await page.evaluate(({ uri, data }) => window.postMessage({ type: 'packedModel', uri, name: 'big', version: 1, data: new Uint8Array(data), opening: { components: 1000 } }, '*'), { uri, data: bytes });
    await firstPaint(page);
    await waitPosted(page, (m) => m.type === 'painted', 'painted');
    const groups = await page.locator('[data-component^="group:"]').count();
    assert.ok(groups > 0 && groups < 20, `the overview's domain boxes: ${groups}`);
    assert.match(await page.locator('#status').innerText(), /1000 components · overview/);
    assert.ok(await page.locator('#overview').isVisible(), 'the map is large: the Overview / Show all button is there');
    const picture = await page.locator('#im-zoom').innerHTML();
    const transform = await page.locator('#im-zoom').getAttribute('transform');
    // Then the whole map, as the extension posts it once the page said it painted: the same picture, no layout.
    await sendModel(page, { type: 'model', uri, name: 'big', version: 1, graph, findings, layout });
    assert.equal(await page.locator('#im-zoom').innerHTML(), picture, 'the whole map draws the same overview');
    assert.equal(await page.locator('#im-zoom').getAttribute('transform'), transform, 'the view stays where it was');
    assert.equal(await layouts(page), 0, 'no layout in the page');
    // Expanding a domain needs the whole map: it has it now.
    const first = await page.locator('[data-component^="group:"]').first().getAttribute('data-component');
    const members = overview(graph).components.find((c) => c.id === first)!.members!;
    await page.locator(`[data-component="${first}"]`).click();
    await page.waitForSelector(`[data-component="${members[0]}"]`, { timeout: 60_000 });
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'log' && m.level === 'error'), []);
    await page.close();
  });

  describe('readable by default (issue 21)', () => {
    /** The zoom the camera chose, read from the transform panzoom writes. */
    const scaleOf = async (page: Page) => {
      const t = (await page.locator('#im-zoom').getAttribute('transform')) ?? '';
      const m = /matrix\(([-\d.e]+)/.exec(t);
      return m ? Number(m[1]) : 1;
    };
    /** The smallest text of the graph on screen, in CSS pixels: font size times the zoom. */
    const smallestText = (page: Page) =>
      page.evaluate(() => {
        let min = Infinity;
        document.querySelectorAll<SVGTextElement>('#canvas text').forEach((t) => {
          const r = t.getBoundingClientRect();
          const c = document.getElementById('canvas')!.getBoundingClientRect();
          if (r.width === 0 || r.right < c.left || r.left > c.right || r.bottom < c.top || r.top > c.bottom) {
            return;
          }
          const size = parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1);
          min = Math.min(min, size);
        });
        return min;
      });

    it('starts one layout worker, warmed, even when the map arrives while its script is loading', async () => {
      const page = await openPage(session!);
      // No wait for the worker script: the model races the warm-up, as in VS Code.
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      assert.equal(await page.evaluate(() => (window as unknown as { __imLayoutWorker: { started: number } }).__imLayoutWorker.started), 1);
      await page.close();
    });

    it('never fits below a legible zoom nor above 1, and opens on the findings in a narrow pane', async () => {
      const page = await openPage(session!);
      // Before the first picture: no camera yet, so no re-fit to wait for.
      await page.setViewportSize({ width: 520, height: 700 });
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      await firstPaint(page);
      const scale = await scaleOf(page);
      assert.ok(scale >= 11 / 12 - 1e-6 && scale <= 1, `zoom ${scale}`);
      assert.ok((await smallestText(page)) >= 11 - 0.01, `smallest text ${await smallestText(page)} px`);
      await page.screenshot({ path: join(shots, 'narrow-520.png') });
      // The worst findings (errors) are on screen: the sample's are on cdu-1 (its own badge) and on the
      // failover between the two GPU racks (a badge on the line); the box with the badge is whole.
      const canvas = (await page.locator('#canvas').boundingBox())!;
      const whole = async (id: string) => {
        const b = (await page.locator(`[data-component="${id}"] rect.im-box`).boundingBox())!;
        return b.x >= canvas.x - 1 && b.x + b.width <= canvas.x + canvas.width + 1 && b.y >= canvas.y - 1 && b.y + b.height <= canvas.y + canvas.height + 1;
      };
      assert.ok(await whole('cdu-1'), 'the box with the error badge is whole in view');
      // The toolbar is one row.
      const bar = (await page.locator('.toolbar').boundingBox())!;
      assert.ok(bar.height < 40, `toolbar ${bar.height} px high`);
      assert.ok(await page.locator('#legend').isHidden(), 'the legend starts collapsed');
      // A small map is never magnified.
      await resize(page, 1400, 900);
      assert.ok((await scaleOf(page)) <= 1);
      await page.close();
    });

    it('opens a map too big for the pane at the zoom Fit chooses, placed on what matters, not zoomed in on it', async () => {
      const page = await openPage(session!);
      await page.setViewportSize({ width: 520, height: 700 });
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      await page.waitForTimeout(300);
      const opening = await scaleOf(page);
      // 11 px text from the picture's 12 px: the floor, the most context that stays legible (the sample is
      // wider than 520 px even there). Zooming to 1 on the findings cut the map at both sides until Fit.
      assert.ok(Math.abs(opening - 11 / 12) < 1e-6, `opening zoom ${opening}`);
      await page.locator('#fit').click();
      assert.ok(Math.abs((await scaleOf(page)) - opening) < 1e-6, 'Fit keeps the zoom the view opened at');
      await page.close();
    });

    it('in a narrow pane the details sit under the picture, compact, and fold to their first line; kinds read as words', async () => {
      const page = await openPage(session!);
      await page.setViewportSize({ width: 520, height: 700 });
      await send(page, modelOf(sample));
      await page.locator('.im-cross[data-domain="loop-1"]').click();
      await page.locator('#details:not([hidden])').waitFor();
      const text = await page.locator('#details').innerText();
      assert.match(text, /cooling loop, shared across the placement boxes/);
      assert.doesNotMatch(text, /cooling-loop/);
      const main = (await page.locator('#main').boundingBox())!;
      const open = (await page.locator('#details').boundingBox())!;
      assert.ok(open.y >= main.y + main.height / 2, 'under the picture');
      assert.ok(open.height <= 200 + 1, `at most 200 px high (${open.height})`);
      await page.locator('#details .fold').click();
      const folded = (await page.locator('#details').boundingBox())!;
      assert.ok(folded.height < 40, `folded to one line (${folded.height} px)`);
      assert.equal(await page.locator('#details .head').innerText(), 'cooling loop-1');
      await page.screenshot({ path: join(shots, 'narrow-details-folded.png') });
      await page.locator('#details .fold').click();
      assert.ok((await page.locator('#details').boundingBox())!.height > folded.height + 20, 'unfolds');
      // A wide pane has room beside the picture: no fold button there.
      await page.setViewportSize({ width: 1400, height: 900 });
      assert.ok(await page.locator('#details .fold').isHidden());
      await page.close();
    });

    it('re-fits on resize until the user moves the view; Fit brings re-fitting back', async () => {
      const page = await openPage(session!);
      // Before the first picture: no camera yet, so no re-fit to wait for.
      await page.setViewportSize({ width: 700, height: 600 });
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      await firstPaint(page);
      const t0 = await page.locator('#im-zoom').getAttribute('transform');
      await resize(page, 1300, 800);
      assert.notEqual(await page.locator('#im-zoom').getAttribute('transform'), t0, 'a resize re-fits');
      await clickZoom(page, '#zoom-out');
      const moved = await page.locator('#im-zoom').getAttribute('transform');
      await resize(page, 900, 700);
      assert.equal(await page.locator('#im-zoom').getAttribute('transform'), moved, 'a moved view stays where the user put it');
      await page.click('#fit');
      const fitted = await page.locator('#im-zoom').getAttribute('transform');
      await resize(page, 1200, 800);
      assert.notEqual(await page.locator('#im-zoom').getAttribute('transform'), fitted, 'after Fit, a resize re-fits again');
      await page.close();
    });

    /** Boxes (by selector) not wholly inside the canvas, and the canvas they were measured against. */
    const outside = (page: Page, selector: string) =>
      page.evaluate((sel) => {
        const c = document.getElementById('canvas')!.getBoundingClientRect();
        return [...document.querySelectorAll(sel)].filter((el) => {
          const r = (el.querySelector('rect.im-frame, rect.im-box') ?? el).getBoundingClientRect();
          return r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5;
        }).map((el) => (el as HTMLElement).dataset.domain ?? (el as HTMLElement).dataset.component ?? el.textContent);
      }, selector);

    it('beside the editor, keeps the strip of shared domains whole and opens on the elements with errors, whole', async () => {
      const page = await openPage(session!);
      // The pane beside the editor in the end-to-end test (1600 px window, explorer open): about 620 px.
      await page.setViewportSize({ width: 620, height: 800 });
      await send(page, modelOf(sample));
      await firstPaint(page);
      await page.screenshot({ path: join(shots, 'beside-editor-620.png') });
      assert.deepEqual(await outside(page, '.im-cross'), [], 'every chip of the strip is whole in the pane');
      assert.deepEqual(await outside(page, '.im-band-title'), [], 'the strip\'s title is in the pane');
      assert.ok((await scaleOf(page)) >= 11 / 12 - 1e-6, 'the legible floor holds');
      // The sample's errors: cdu-1's unreachable threshold (a badge on its box), failover-same-domain on the
      // failover from gpu-rack-r1 to gpu-rack-r2 (a badge on the line, with a warning: "2"; both racks on
      // cooling loop 1), and one map-wide. At 11 px text cdu-1 and the racks do not fit 620 px together: the
      // box with the error badge is whole (the view kept the two racks before, weighing the line's two
      // findings against cdu-1's one, and cut cdu-1 at the left edge), and the status says, first, what is
      // off-screen and what to do.
      assert.deepEqual(await outside(page, '[data-component="cdu-1"]'), [], 'the box with the error badge is whole in view');
      assert.deepEqual(await outside(page, '[data-component="gpu-rack-r1"]'), ['gpu-rack-r1'], 'the rack does not fit beside it');
      assert.match(await page.locator('#status').innerText(), /^1 error off-screen, to the right: drag the picture or zoom out \(−\) · 10 components · 3 errors/);
      // The strip is fixed: panning the picture leaves it where it is.
      const before = (await page.locator('.im-cross[data-domain="feed-a"]').boundingBox())!;
      await page.mouse.move(400, 500);
      await page.mouse.down();
      await page.mouse.move(200, 420, { steps: 4 });
      await page.mouse.up();
      assert.deepEqual((await page.locator('.im-cross[data-domain="feed-a"]').boundingBox())!, before, 'the strip does not pan with the picture');
      // Dragged 200 px to the left, the racks and the failover's badge are in view and cdu-1 is not: the note
      // follows the view.
      await page.waitForFunction(() => /^1 error off-screen, to the left/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 5000 });
      assert.deepEqual(await outside(page, '[data-component="gpu-rack-r1"], [data-component="gpu-rack-r2"]'), [], 'the racks are in view after the drag');
      assert.match(await page.locator('#status').innerText(), /^1 error off-screen, to the left: drag the picture or zoom out \(−\) · 10 components/);
      // Narrower still: the strip wraps to the pane instead of running off it.
      await page.click('#fit');
      await resize(page, 400, 800);
      assert.deepEqual(await outside(page, '.im-cross'), [], 'every chip is whole at 400 px');
      const rows = await page.locator('.im-cross').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
      assert.ok(rows >= 2, `the strip wrapped (${rows} row)`);
      // What the picture shows starts under the strip, not behind it.
      const band = (await page.locator('.im-band-bg').boundingBox())!;
      const nodeTops = await page.locator('[data-component] rect.im-box').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.right > 0 && r.left < window.innerWidth).map((r) => r.top));
      assert.ok(Math.min(...nodeTops) >= band.y + band.height - 0.5, 'no box starts behind the strip');
      await page.screenshot({ path: join(shots, 'beside-editor-400.png') });
      await page.close();
    });

    it('after Reset, goes back to the view the map opens on: the box with the error badge whole again', async () => {
      const page = await openPage(session!);
      await page.setViewportSize({ width: 620, height: 800 });
      await send(page, modelOf(sample));
      await firstPaint(page);
      assert.deepEqual(await outside(page, '[data-component="cdu-1"]'), [], 'whole when the panel opens');
      await page.locator('.im-cross[data-domain="loop-1"]').click();
      const loop = blastRadius(analyzeFile(sample).graph, ['loop-1']);
      assert.ok(!('unknown' in loop));
      const opened = await page.locator('#im-zoom').getAttribute('transform');
      await send(page, { type: 'simulation', fail: ['loop-1'], result: loop });
      await page.waitForSelector('svg.simulating');
      await page.waitForFunction((t) => document.getElementById('im-zoom')!.getAttribute('transform') !== t, opened, { timeout: 5000 });
      // The failure's view is fitted to what it takes down (the racks, on the right): cdu-1 is cut there.
      await page.keyboard.press('Escape');
      await page.waitForSelector('svg:not(.simulating) [data-component]');
      await page.waitForFunction(() => (window as unknown as { __imCameraPending?: number }).__imCameraPending === 0 || (window as unknown as { __imCameraPending?: number }).__imCameraPending === undefined);
      assert.deepEqual(await outside(page, '[data-component="cdu-1"]'), [], 'whole again after Reset');
      await page.close();
    });

    it('during a failure wider than a narrow pane, keeps whole what is down, rank by rank, and names the rest in the status', async () => {
      const page = await openPage(session!);
      // The pane beside the editor in the graph UI test (1200 px window): about 425 px wide, the details
      // pane under the picture.
      await page.setViewportSize({ width: 425, height: 700 });
      await send(page, modelOf(sample));
      await firstPaint(page);
      await page.locator('.im-cross[data-domain="loop-1"]').click();
      const loop = blastRadius(analyzeFile(sample).graph, ['loop-1']);
      assert.ok(!('unknown' in loop));
      await send(page, { type: 'simulation', fail: ['loop-1'], result: loop });
      await page.waitForSelector('svg.simulating');
      await settledCamera(page);
      await page.screenshot({ path: join(shots, 'loop-1-425.png') });
      // Down: cdu-1 (left), model-gateway and model-servers (side by side, 250 + 180 px at 11 px text: more
      // than the 377 px between the margins), gpu-rack-r1 and its standby gpu-rack-r2, lost (stacked under
      // model-servers). At most two fit whole at once; the column of model-servers and the racks holds three
      // across, and its top two are what fits under the strip (the view starts as near the top as it can).
      // Centred on the whole affected set, the view cut the gateway and the racks at both edges.
      const down = ['cdu-1', 'model-gateway', 'model-servers', 'gpu-rack-r1', 'gpu-rack-r2'];
      const cut = await outside(page, down.map((id) => `[data-component="${id}"]`).join(', '));
      assert.deepEqual(cut.sort(), ['cdu-1', 'gpu-rack-r2', 'model-gateway'], 'model-servers and gpu-rack-r1 whole, the rest named in the status');
      assert.match(await page.locator('#status').innerText(), /^3 down off-screen, to the left and below: drag the picture or zoom out \(−\) · 10 components/);
      // The details pane answers first what the failure takes down (the loop was selected and failed), then the loop.
      const details = await page.locator('#details').innerText();
      assert.equal(await page.locator('#details .head').textContent(), 'if loop-1 fails', 'the failure heads the details (its first line when folded)');
      const order = ['Failed (1)', 'Down (4)', 'Standbys down, redundancy lost (1)', 'cooling loop-1', 'Lives here (3)'].map((t) => details.indexOf(t));
      assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), `in that order: ${JSON.stringify(order)}\n${details}`);
      // The strip of shared domains takes two rows here, not three: the rows after the first start under its title.
      const rows = await page.locator('.im-cross').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
      assert.equal(rows, 2, 'the strip wraps to two rows at 425 px');
      // Dragged up, the standby comes into view, model-servers goes under the strip, and the note follows.
      await page.mouse.move(300, 400);
      await page.mouse.down();
      await page.mouse.move(300, 250, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction(() => !/^3 down off-screen, to the left and below/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 5000 });
      assert.ok(!(await outside(page, '[data-component="gpu-rack-r2"]')).length, 'the standby is in view after the drag');
      assert.match(await page.locator('#status').innerText(), /^3 down off-screen, to the left and above: /, 'model-servers went off the top, gpu-rack-r2 came in');
      // The checkout sample's three network paths carry no finding: no room kept for a badge, two rows (three before).
      await page.keyboard.press('Escape');
      await sendModel(page, modelOf(join(repoRoot, 'samples/checkout/checkout.incidentmap'), 2));
      await page.waitForSelector('.im-cross[data-domain="carrier-a"]');
      const checkoutRows = await page.locator('.im-cross').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
      assert.equal(checkoutRows, 2, "checkout's strip at 425 px");
      assert.deepEqual(await outside(page, '.im-cross'), [], 'every chip whole');
      await page.close();
    });

    it('marks a selected, failed shared domain as failed, apart from its findings and from the selection, in light and dark', async () => {
      for (const theme of ['light', 'dark'] as const) {
        const page = await openPage(session!, theme);
        await page.setViewportSize({ width: 620, height: 800 });
        const m = modelOf(sample);
        await send(page, m);
        await firstPaint(page);
        await page.locator('.im-cross[data-domain="loop-1"]').click();
        const loop = blastRadius(analyzeFile(sample).graph, ['loop-1']);
        assert.ok(!('unknown' in loop));
        await send(page, { type: 'simulation', fail: ['loop-1'], result: loop });
        await page.waitForSelector('.im-cross[data-domain="loop-1"].state-failed.selected');
        await page.screenshot({ path: join(shots, `loop-1-failed-selected-${theme}.png`) });
        const look = await page.evaluate(() => {
          const chip = document.querySelector('.im-cross[data-domain="loop-1"]')!;
          const css = (el: Element | null) => (el ? getComputedStyle(el) : undefined);
          const pill = chip.querySelector('[data-pill="failed"]');
          const pillBox = pill?.getBoundingClientRect();
          const chipBox = chip.querySelector('rect.im-frame')!.getBoundingClientRect();
          return {
            pillText: pill?.textContent,
            pillInside: !!pillBox && pillBox.left >= chipBox.left && pillBox.right <= chipBox.right,
            pillFill: css(pill?.querySelector('rect') ?? null)?.fill,
            frameStroke: css(chip.querySelector('rect.im-frame'))!.stroke,
            ringStroke: css(chip.querySelector('rect.im-ring'))!.stroke,
            badgeFill: css(chip.querySelector('[data-badge] .im-mark'))!.fill,
            downStroke: css(document.querySelector('[data-component="cdu-1"] rect.im-box'))!.stroke,
            // A member of the selected loop is down: its box keeps the down border, the ring says "member".
            memberStroke: css(document.querySelector('[data-component="gpu-rack-r1"] rect.im-box'))!.stroke,
            memberRing: css(document.querySelector('[data-component="gpu-rack-r1"] rect.im-ring'))!.stroke,
          };
        });
        assert.equal(look.pillText, 'failed', `${theme}: the chip says "failed"`);
        assert.ok(look.pillInside, `${theme}: the pill is inside the chip`);
        assert.equal(look.pillFill, look.downStroke, `${theme}: the pill is in the down colour`);
        assert.equal(look.frameStroke, look.downStroke, `${theme}: the chip's border is the down colour while selected`);
        assert.notEqual(look.ringStroke, 'none', `${theme}: the selection shows as a ring`);
        assert.notEqual(look.ringStroke, look.frameStroke, `${theme}: selection and failure differ`);
        assert.notEqual(look.badgeFill, look.frameStroke, `${theme}: the finding's badge and the failure differ`);
        assert.equal(look.memberStroke, look.downStroke, `${theme}: a down member keeps its down border`);
        assert.equal(look.memberRing, look.ringStroke, `${theme}: the member's ring is the selection colour`);
        await page.close();
      }
    });

    it('keeps the legend beside the picture, never over it', async () => {
      const page = await openPage(session!);
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      await page.click('#legend-toggle');
      const legend = (await page.locator('#legend').boundingBox())!;
      const canvas = (await page.locator('#canvas').boundingBox())!;
      assert.ok(legend.x >= canvas.x + canvas.width - 0.5 || legend.y >= canvas.y + canvas.height - 0.5, 'legend outside the canvas');
      await page.close();
    });

    it('draws the shared domains as elements to select and fail, with their findings badged; no badge on a label', async () => {
      const page = await openPage(session!);
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      for (const id of ['feed-a', 'feed-b', 'loop-1', 'carrier-x']) {
        assert.equal(await page.locator(`.im-cross[data-domain="${id}"]`).count(), 1, id);
      }
      assert.equal(await page.locator('.im-cross[data-domain="loop-1"] [data-badge]').count(), 1, 'the single point of failure is badged on loop-1');
      const overlapping = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('#canvas text')].filter((t) => !t.closest('[data-badge]')).map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }));
        const out: string[] = [];
        document.querySelectorAll('#canvas [data-badge]').forEach((b) => {
          const r = b.getBoundingClientRect();
          for (const x of boxes) {
            const o = Math.min(r.right, x.r.right) - Math.max(r.left, x.r.left);
            const v = Math.min(r.bottom, x.r.bottom) - Math.max(r.top, x.r.top);
            if (o > 1 && v > 1) {
              out.push(x.t ?? '');
            }
          }
        });
        return out;
      });
      assert.deepEqual(overlapping, [], 'badges that cover a label');
      await page.locator('.im-cross[data-domain="loop-1"]').click();
      const details = await page.locator('#details').innerText();
      assert.match(details, /gpu-rack-r1/);
      assert.match(details, /gpu-rack-r2/);
      assert.equal(await page.locator('[data-component="gpu-rack-r2"].member').count(), 1, 'its members light up');
      await page.keyboard.press('f');
      assert.deepEqual(await waitPosted(page, (x) => x.type === 'simulate', 'a simulate request'), { type: 'simulate', fail: ['loop-1'] });
      await page.close();
    });

    it('after a failure, fits the affected set, marks the failed domain, and shows the failover that saves a component', async () => {
      const page = await openPage(session!);
      await page.setViewportSize({ width: 640, height: 600 });
      await send(page, modelOf(sample));
      await page.waitForSelector('[data-component]');
      const a = analyzeFile(sample);
      const r1 = blastRadius(a.graph, ['rack-r1']);
      assert.ok(!('unknown' in r1));
      await send(page, { type: 'simulation', fail: ['rack-r1'], result: r1 });
      await page.waitForSelector('svg.simulating');
      // Rack R1 fails; R2 (its failover target) takes over: drawn as the saviour, with the failover lit.
      assert.equal(await page.locator('[data-component="gpu-rack-r2"].saves').count(), 1, 'gpu-rack-r2 takes over');
      assert.equal(await page.locator('.im-edge.failover.saving').count(), 1);
      assert.equal(await page.locator('[data-component="gpu-rack-r2"] [data-pill]').textContent(), 'takes over');
      const inView = async (sel: string) => {
        const b = (await page.locator(sel).boundingBox())!;
        const c = (await page.locator('#canvas').boundingBox())!;
        return b.x >= c.x - 1 && b.y >= c.y - 12 && b.x + b.width <= c.x + c.width + 1 && b.y + b.height <= c.y + c.height + 1;
      };
      assert.ok(await inView('[data-component="gpu-rack-r1"]'), 'the failed component is on screen');
      assert.match(await page.locator('#details').innerText(), /Takes over \(1\)/);
      await page.screenshot({ path: join(shots, 'saviour-640.png') });

      const loop = blastRadius(a.graph, ['loop-1']);
      assert.ok(!('unknown' in loop));
      await send(page, { type: 'simulation', fail: ['loop-1'], result: loop });
      await page.waitForSelector('.im-cross[data-domain="loop-1"].state-failed');
      await page.screenshot({ path: join(shots, 'loop-1-640.png') });
      assert.ok(await inView('.im-cross[data-domain="loop-1"]'), 'the failed loop is on screen');
      // State and severity on separate channels: a down node's border is the down colour, not its findings'.
      const strokes = await page.evaluate(() => {
        const s = (sel: string) => getComputedStyle(document.querySelector(sel)!).stroke;
        return { down: s('[data-component="gpu-rack-r2"] rect.im-box'), telemetry: s('.im-edge.telemetry path.im-line') };
      });
      assert.notEqual(strokes.down, strokes.telemetry);
      await page.close();
    });

    it('steps through a declared scenario: down, degraded, saturated as heat, stale, in each phase', async () => {
      const page = await openPage(session!);
      const m = modelOf(sample);
      await send(page, m);
      await page.waitForSelector('[data-component]');
      // A hand-made scenario in the shape the stress-scenarios engine fills (SceneScenario).
      const scenario: SceneScenario = {
        id: 'loop-1-trip', title: 'Cooling loop 1 trips',
        phases: [
          { name: 'after', simulation: { failed: ['loop-1'], down: [], degraded: [] }, utilisation: { 'gpu-rack-r2': 0.5 } },
          { name: 'failure', description: 'Loop 1 stops.', simulation: { failed: ['cdu-1'], down: [{ id: 'gpu-rack-r1', path: [{ component: 'gpu-rack-r1' }] }], degraded: [] }, stale: ['model-servers'] },
          { name: 'during failover', simulation: { failed: ['cdu-1'], down: [{ id: 'gpu-rack-r1', path: [{ component: 'gpu-rack-r1' }] }], degraded: [{ id: 'model-gateway', path: [{ component: 'model-gateway' }, { component: 'model-servers' }] }] }, utilisation: { 'gpu-rack-r2': 1.35, 'pdu-a': 0.7 } },
        ],
      };
      await send(page, { type: 'scenarios', uri: m.uri, scenarios: [scenario] });
      await page.waitForSelector('#scenario-bar:not([hidden])');
      await page.selectOption('#scenario', '0');
      // Phases in the engine's order, whatever order they came in.
      await page.waitForSelector('[data-component="gpu-rack-r1"][data-state="down"]');
      assert.match(await page.locator('#phase').innerText(), /failure \(1\/3\)/);
      assert.equal(await page.locator('[data-component="model-servers"][data-stale="true"]').count(), 1);
      await page.screenshot({ path: join(shots, 'scenario-1-failure.png') });
      await page.click('#phase-next');
      await page.waitForSelector('[data-component="gpu-rack-r2"].saturated');
      assert.match(await page.locator('[data-component="gpu-rack-r2"] [data-pill]').textContent() ?? '', /saturated 135%/);
      assert.equal(await page.locator('[data-component="model-gateway"][data-state="degraded"]').count(), 1);
      assert.equal(await page.locator('[data-component="pdu-a"] .im-heat').count(), 1, 'utilisation drawn as heat');
      await page.screenshot({ path: join(shots, 'scenario-2-during-failover.png') });
      await page.keyboard.press(']');
      await page.waitForSelector('.im-cross[data-domain="loop-1"].state-failed');
      assert.match(await page.locator('#phase').innerText(), /after \(3\/3\)/);
      await page.screenshot({ path: join(shots, 'scenario-3-after.png') });
      // A malformed scenario list is refused, not drawn.
      await send(page, { type: 'scenarios', uri: m.uri, scenarios: [{ id: 'x', title: 'x', phases: [{ name: 'failure', simulation: { failed: 'loop-1' } }] }] as never });
      await waitPosted(page, (x) => x.type === 'log' && /do not have the shape/.test(x.message), 'a refusal');
      await page.close();
    });
  });
});
