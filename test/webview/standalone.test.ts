// `incidentmap graph --format svg|png|html` on every sample: the SVG drawn by rsvg-convert (librsvg,
// used by many docs pipelines) and by Chromium is the same picture within a tolerance; the PNG is a
// PNG of the picture; the HTML page loads with no network and no console error, pans, zooms, shows
// details on a click, and keeps hostile labels as text. Pictures go to test-output/standalone.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { missingChromium, startBrowser, type BrowserSession } from '../e2e/codeServer';
import { repoRoot } from '../helpers/core';

const out = join(repoRoot, 'test-output/standalone');
const cli = join(repoRoot, 'dist/cli.js');
const samples = readdirSync(join(repoRoot, 'samples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join('samples', d.name, readdirSync(join(repoRoot, 'samples', d.name)).find((f) => f === `${d.name}.incidentmap`) ?? ''))
  .filter((p) => p.endsWith('.incidentmap'));

function graph(args: string[], cwd = repoRoot): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'graph', ...args], { cwd, encoding: 'utf8', env: { ...process.env, INCIDENTMAP_NOW: '2026-11-22' } });
  return { status: r.status, stderr: r.stderr };
}

const hasRsvg = () => spawnSync('rsvg-convert', ['--version']).status === 0;

/** Per-pixel difference of two PNGs (same size), measured in the browser: mean of the largest channel difference, and the share of pixels that differ by more than 64 of 255. */
async function compare(page: Page, a: Buffer, b: Buffer): Promise<{ width: number; height: number; sameSize: boolean; mean: number; share: number }> {
  return page.evaluate(
    async ([x, y]) => {
      const load = (src: string) =>
        new Promise<HTMLImageElement>((resolve, reject) => {
          const i = new Image();
          i.onload = () => resolve(i);
          i.onerror = () => reject(new Error('not an image'));
          i.src = src;
        });
      const [ia, ib] = await Promise.all([load(x!), load(y!)]);
      const width = Math.min(ia.width, ib.width);
      const height = Math.min(ia.height, ib.height);
      const pixels = (img: HTMLImageElement) => {
        const c = document.createElement('canvas');
        c.width = width;
        c.height = height;
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#808080';
        ctx.fillRect(0, 0, width, height);
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, width, height).data;
      };
      const da = pixels(ia);
      const db = pixels(ib);
      let sum = 0;
      let big = 0;
      for (let i = 0; i < da.length; i += 4) {
        const d = Math.max(Math.abs(da[i]! - db[i]!), Math.abs(da[i + 1]! - db[i + 1]!), Math.abs(da[i + 2]! - db[i + 2]!));
        sum += d;
        if (d > 64) {
          big++;
        }
      }
      return { width, height, sameSize: ia.width === ib.width && ia.height === ib.height, mean: sum / (width * height), share: big / (width * height) };
    },
    [`data:image/png;base64,${a.toString('base64')}`, `data:image/png;base64,${b.toString('base64')}`],
  );
}

/** Chromium's picture of an SVG file at one pixel per unit. */
async function chromiumPng(session: BrowserSession, svgPath: string): Promise<Buffer> {
  const svg = readFileSync(svgPath, 'utf8');
  const w = Math.ceil(Number(/width="([\d.]+)"/.exec(svg)![1]));
  const h = Math.ceil(Number(/height="([\d.]+)"/.exec(svg)![1]));
  const page = await session.browser.newPage({ viewport: { width: w, height: h } });
  try {
    await page.goto(`file://${svgPath}`);
    return await page.screenshot({ clip: { x: 0, y: 0, width: w, height: h } });
  } finally {
    await page.close();
  }
}

// Within these, two renderers drew the same picture: text antialiasing and hinting differ at edges.
// Measured on the samples: mean 0.9-1.3, share 0.3-0.5%. A black rectangle (CSS variables unknown to
// the converter) or the other theme is far above both.
const tolerance = { mean: 3, share: 0.015 };

describe('standalone pictures: incidentmap graph --format svg|png|html', function () {
  this.timeout(240_000);
  const missing = missingChromium();
  let session: BrowserSession | undefined;
  let work = '';

  before(async function () {
    if (missing || !hasRsvg()) {
      if (process.env['CI']) {
        throw new Error(missing ?? 'rsvg-convert is not installed: apt-get install -y librsvg2-bin');
      }
      this.skip();
    }
    mkdirSync(out, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'im-standalone-'));
    session = await startBrowser();
  });

  after(async () => {
    await session?.stop();
    if (work) {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('is the same picture in rsvg-convert and in Chromium, for every sample in both themes', async () => {
    assert.ok(samples.length >= 4, samples.join(', '));
    const page = await session!.browser.newPage();
    const results: string[] = [];
    for (const sample of samples) {
      for (const theme of ['light', 'dark'] as const) {
        const name = `${sample.split('/')[1]}-${theme}`;
        const svg = join(out, `${name}.svg`);
        assert.equal(graph([sample, '--theme', theme, '-o', svg]).status, 0);
        const rsvg = spawnSync('rsvg-convert', [svg, '-o', join(out, `${name}-rsvg.png`)]);
        assert.equal(rsvg.status, 0, String(rsvg.stderr));
        const a = readFileSync(join(out, `${name}-rsvg.png`));
        const b = await chromiumPng(session!, svg);
        writeFileSync(join(out, `${name}-chromium.png`), b);
        const d = await compare(page, a, b);
        results.push(`${name}: mean ${d.mean.toFixed(2)}, ${(d.share * 100).toFixed(2)}% of pixels`);
        assert.ok(d.sameSize, `${name}: the same size`);
        assert.ok(d.mean < tolerance.mean && d.share < tolerance.share, `${name}: ${results[results.length - 1]}`);
      }
    }
    process.stdout.write(`      ${results.join('\n      ')}\n`);
    // The comparison can fail: the two themes of one sample are far apart.
    const d = await compare(page, readFileSync(join(out, 'ai-inference-light-rsvg.png')), readFileSync(join(out, 'ai-inference-dark-rsvg.png')));
    assert.ok(d.mean > tolerance.mean * 5, `light against dark: mean ${d.mean}`);
    await page.close();
  });

  it('writes a PNG of the picture, twice the SVG size, with a simulation', async () => {
    const png = join(work, 'loop.png');
    assert.equal(graph(['samples/ai-inference/ai-inference.incidentmap', '--format', 'png', '--simulate', 'loop-1', '-o', png]).status, 0);
    const svg = join(work, 'loop.svg');
    assert.equal(graph(['samples/ai-inference/ai-inference.incidentmap', '--simulate', 'loop-1', '-o', svg]).status, 0);
    const bytes = readFileSync(png);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    const text = readFileSync(svg, 'utf8');
    assert.equal(width, Math.ceil(Number(/width="([\d.]+)"/.exec(text)![1]) * 2));
    assert.equal(height, Math.ceil(Number(/height="([\d.]+)"/.exec(text)![1]) * 2));
    // resvg draws the same picture as rsvg-convert at the same scale.
    const page = await session!.browser.newPage();
    spawnSync('rsvg-convert', ['-z', '2', svg, '-o', join(work, 'loop-rsvg.png')]);
    const d = await compare(page, bytes, readFileSync(join(work, 'loop-rsvg.png')));
    assert.ok(d.mean < tolerance.mean && d.share < tolerance.share, `resvg against rsvg-convert: mean ${d.mean}, share ${d.share}`);
    writeFileSync(join(out, 'ai-inference-loop-1.png'), bytes);
    await page.close();
  });

  it('writes an HTML page that loads offline, pans, zooms, shows details on a click, and keeps hostile labels as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const map = join(work, 'hostile.incidentmap');
    writeFileSync(map, ['incidentmap: 1', 'components:', '  - id: evil', '    kind: service', `    name: "${hostile}"`, '    owner: "</script><script>alert(2)</script>"', '    tier: 1', '    dependsOn:', '      - target: db', '  - id: db', '    kind: datastore', '    tier: 1', ''].join('\n'));
    for (const [file, target] of [[map, 'evil'], [join(repoRoot, 'samples/ai-inference/ai-inference.incidentmap'), 'gpu-rack-r2']] as const) {
      const html = join(work, `${target}.html`);
      // Each map from inside its own root (the file gate refuses a map outside the root).
      const r = graph([file, '--format', 'html', '--simulate', target, '-o', html], file === map ? work : repoRoot);
      assert.equal(r.status, 0, r.stderr);
      const page = await session!.browser.newPage({ viewport: { width: 900, height: 700 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        errors.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) {
          return route.continue();
        }
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${html}`);
      await page.waitForSelector(`[data-component="${target}"]`);
      const before = await page.locator('#canvas > svg').evaluate((e) => (e as SVGElement).style.transform);
      await page.mouse.move(450, 400);
      await page.mouse.wheel(0, -300);
      const zoomed = await page.locator('#canvas > svg').evaluate((e) => (e as SVGElement).style.transform);
      assert.notEqual(zoomed, before, 'the wheel zooms');
      await page.keyboard.press('0');
      await page.locator(`[data-component="${target}"] rect.im-box`).click();
      const details = await page.locator('#details').innerText();
      assert.ok(details.length > 0, 'a click shows details');
      if (target === 'evil') {
        assert.match(details, /<img src=x onerror=alert\(1\)>/);
        assert.equal(await page.locator('img').count(), 0);
        assert.equal(await page.locator('script').count(), 1, 'the page has its own script only');
      }
      await page.screenshot({ path: join(out, `html-${target}.png`) });
      assert.deepEqual(errors, [], 'no console error');
      assert.deepEqual(requests, [], 'no network request');
      await page.close();
    }
  });
  /** A page from the CLI opened offline, with its console errors and attempted requests collected. */
  async function openOffline(html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await session!.browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) {
        return route.continue();
      }
      requests.push(url);
      return route.abort();
    });
    await page.goto(`file://${html}`);
    await page.waitForSelector('[data-component]');
    return { page, errors, requests };
  }

  it('steps through the declared scenarios in the HTML page: picker, ‹ ›, [ ], what is affected beside the picture', async () => {
    const html = join(work, 'checkout.html');
    assert.equal(graph(['samples/checkout/checkout.incidentmap', '--format', 'html', '-o', html]).status, 0);
    const { page, errors, requests } = await openOffline(html);
    // Written from samples/checkout/checkout.incidentmap's scenarios: losing the zone has two steps (until the
    // failover completes, after it), Black Friday and the slow cache one each.
    assert.deepEqual(await page.locator('#frame option').allTextContents(), [
      'The map, nothing failed',
      'Lose zone eu-west-a at peak: failure (1 of 2)',
      'Lose zone eu-west-a at peak: after (2 of 2)',
      'Black Friday: during (1 of 1)',
      'Session cache answers 60ms late (big keys, a noisy neighbour): during (1 of 1)',
    ]);
    assert.ok(await page.locator('#frame-prev').isDisabled(), 'no step before the map');
    assert.match(await page.locator('#frame-info').innerText(), /^Pick a scenario/);
    assert.equal(await page.locator('[data-state]').count(), 0, 'the map: nothing failed');
    await page.selectOption('#frame', '1');
    await page.waitForSelector('[data-component="orders-db"][data-state="down"]');
    // The zone failed and its database is down, in view; what it affects is listed beside the picture.
    const inCanvas = async (sel: string) => {
      const b = (await page.locator(sel).boundingBox())!;
      const c = (await page.locator('#canvas').boundingBox())!;
      return b.x >= c.x && b.y >= c.y && b.x + b.width <= c.x + c.width && b.y + b.height <= c.y + c.height;
    };
    assert.ok(await inCanvas('[data-component="orders-db"] rect.im-box'), 'the database that went down is in view');
    assert.equal(await page.locator('[data-domain="eu-west-a"][data-state="failed"]').count(), 1);
    const failure = await page.locator('#frame-info').innerText();
    assert.match(failure, /^Lose zone eu-west-a at peak: failure \(1 of 2\)\n/);
    assert.match(failure, /Failed \(1\)\neu-west-a\nDown \(1\)\norders-db\nDegraded \(7\)\n/);
    assert.doesNotMatch(failure, /Takes over/, 'nobody has taken over yet');
    // The red border of a failed zone is in the static picture's own style (it was only in the editor's).
    const zone = await page.locator('[data-domain="eu-west-a"] > rect.im-frame').evaluate((e) => getComputedStyle(e).stroke);
    const down = await page.locator('[data-component="orders-db"] rect.im-box').evaluate((e) => getComputedStyle(e).stroke);
    assert.equal(zone, down, 'the failed zone is drawn in the down colour');
    await page.screenshot({ path: join(out, 'html-checkout-failure.png') });
    await page.keyboard.press(']');
    await page.waitForSelector('[data-component="orders-db-standby"].saves');
    assert.match(await page.locator('#frame-info').innerText(), /Takes over \(1\)\norders-db-standby\n/);
    assert.equal(await page.locator('#frame').inputValue(), '2');
    await page.locator('#frame-next').click();
    await page.locator('#frame-next').click();
    assert.equal(await page.locator('#frame').inputValue(), '4');
    assert.ok(await page.locator('#frame-next').isDisabled(), 'no step after the last');
    await page.keyboard.press(']');
    assert.equal(await page.locator('#frame').inputValue(), '4', '] at the last step stays');
    await page.locator('#frame-prev').click();
    assert.match(await page.locator('#frame-info').innerText(), /^Black Friday: during \(1 of 1\)\n[^]*Saturated \(1\)\ncheckout-api/);
    // A click still shows an element's details in every step.
    await page.locator('[data-component="checkout-api"] rect.im-box').click();
    assert.match(await page.locator('#details').innerText(), /checkout-api/);
    assert.deepEqual(errors, [], 'no console error');
    assert.deepEqual(requests, [], 'no network request');
    await page.close();

    // --scenario opens the page on that scenario's chosen step.
    const chosen = join(work, 'checkout-bf.html');
    assert.equal(graph(['samples/checkout/checkout.incidentmap', '--format', 'html', '--scenario', 'lose-zone-a', '--phase', 'failure', '-o', chosen]).status, 0);
    const opened = await openOffline(chosen);
    assert.equal(await opened.page.locator('#frame').inputValue(), '1');
    assert.equal(await opened.page.locator('[data-component="orders-db"][data-state="down"]').count(), 1);
    // A phone-sized page: the list goes under the picture, the hint out of the header, and the database that
    // went down is brought back into view after the re-fit the narrower picture causes.
    await opened.page.setViewportSize({ width: 420, height: 700 });
    await opened.page.waitForFunction(() => {
      const b = document.querySelector('[data-component="orders-db"] rect.im-box')!.getBoundingClientRect();
      const c = document.getElementById('canvas')!.getBoundingClientRect();
      return c.width <= 420 && b.left >= c.left && b.right <= c.right && b.top >= c.top && b.bottom <= c.bottom;
    }, undefined, { timeout: 5000 });
    assert.ok(await opened.page.locator('header .hint').isHidden(), 'no hint in a narrow header');
    const side = (await opened.page.locator('#frame-info').boundingBox())!;
    const pic = (await opened.page.locator('#canvas').boundingBox())!;
    assert.ok(side.y >= pic.y + pic.height - 1, 'the list is under the picture');
    await opened.page.screenshot({ path: join(out, 'html-checkout-420.png') });
    assert.deepEqual(opened.errors, []);
    await opened.page.close();
  });

  it('keeps a hostile scenario name as text, and names the scenarios past 40 steps instead of drawing them', async () => {
    // 40 databases behind one API, one scenario each: every scenario is one step, after the map's own.
    const manyMap = (n: number, name = (i: number) => `Lose db${i}`) => {
      const lines = ['incidentmap: 1', 'components:', '  - id: api', '    kind: service', '    tier: 1', '    dependsOn:'];
      for (let i = 1; i <= n; i++) {
        lines.push(`      - target: db${i}`);
      }
      for (let i = 1; i <= n; i++) {
        lines.push(`  - id: db${i}`, '    kind: datastore', '    tier: 1');
      }
      lines.push('scenarios:');
      for (let i = 1; i <= n; i++) {
        lines.push(`  - id: s${i}`, `    name: ${JSON.stringify(name(i))}`, `    fail: [db${i}]`);
      }
      return `${lines.join('\n')}\n`;
    };
    const hostile = '<img src=x onerror=alert(1)></option></select><script>alert(2)</script>';
    writeFileSync(join(work, 'hostile-sc.incidentmap'), manyMap(1, () => hostile));
    assert.equal(graph(['hostile-sc.incidentmap', '--format', 'html', '-o', 'hostile-sc.html'], work).status, 0);
    const { page, errors } = await openOffline(join(work, 'hostile-sc.html'));
    assert.deepEqual(await page.locator('#frame option').allTextContents(), ['The map, nothing failed', `${hostile}: after (1 of 1)`]);
    await page.selectOption('#frame', '1');
    assert.match(await page.locator('#frame-info').innerText(), /^<img src=x onerror=alert\(1\)><\/option>/);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1, 'the page has its own script only');
    assert.deepEqual(errors, []);
    await page.close();

    // 39 scenarios and the map: 40 steps, all in the page. 40 scenarios: the last is named, not drawn.
    writeFileSync(join(work, 'sc39.incidentmap'), manyMap(39));
    writeFileSync(join(work, 'sc40.incidentmap'), manyMap(40));
    assert.equal(graph(['sc39.incidentmap', '--format', 'html', '-o', 'sc39.html'], work).status, 0);
    assert.equal(graph(['sc40.incidentmap', '--format', 'html', '-o', 'sc40.html'], work).status, 0);
    const at = readFileSync(join(work, 'sc39.html'), 'utf8');
    const above = readFileSync(join(work, 'sc40.html'), 'utf8');
    assert.equal(at.match(/<option /g)?.length, 40);
    assert.ok(!at.includes('class="left"'), 'nothing left out at 40 steps');
    assert.equal(above.match(/<option /g)?.length, 40);
    assert.ok(above.includes('<p class="left">Not in this page: s40 (draw one with incidentmap graph --scenario ID).</p>'));
    // Asking to open on the one left out says so, and how to draw it.
    const r = graph(['sc40.incidentmap', '--format', 'html', '--scenario', 's40', '-o', 'x.html'], work);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /scenario s40 does not fit in one page with the ones before it \(at most 40 steps\)\n.*--format svg --scenario s40/);
  });
});
