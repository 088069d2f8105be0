// What the graph panel's end-to-end test (graphUi.test.ts) and the first-paint measurement
// (firstPaint.ts) do in the workbench: open a file, run the graph command, find the panel's frame, read the
// page's timing marks, close the panel; and the generated large maps they open.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { typeCommand } from './codeServer';

export const repo = resolve(__dirname, '../../..');
export const shots = join(repo, 'test-output/e2e');

export async function openFile(page: Page, name: string): Promise<void> {
  // Quick Open first lists the recent editors unfiltered, so an Enter can land before the filter applies
  // and open another file; and it can close under the test (its input goes inert) when the workbench
  // moves the focus. Either way: try again (at most three times) until the file's tab is the active one.
  for (let attempt = 1; ; attempt++) {
    try {
      // From the first editor group: with the graph's group focused, Quick Open would put the file over the graph.
      // Its active tab takes the focus without moving the cursor (a click in the text could land on a code lens).
      const firstGroup = page.locator('.editor-group-container').first();
      const tab = firstGroup.locator('.tab.active');
      if ((await tab.count()) > 0) {
        await tab.first().click();
      } else {
        await firstGroup.click({ position: { x: 200, y: 200 } });
      }
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(name, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 60_000 });
      await page.keyboard.press('Enter');
      await page.locator(`.editor-group-container .tab.active[data-resource-name="${name}"]`).first().waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) {
        await page.screenshot({ path: join(shots, `graph-open-file-${name}-failed.png`) });
        throw e;
      }
      await page.keyboard.press('Escape');
    }
  }
}

/** The maps whose first paint is measured (graphUi.test.ts and firstPaint.ts): file, a component drawn, label. */
export const timedMaps = [
  ['ai-inference.incidentmap', 'gpu-rack-r1', 'ai-inference (10 components)'],
  ['checkout.incidentmap', 'checkout-api', 'checkout (14 components)'],
  ['streaming.incidentmap', 'collectors', 'streaming (7 components)'],
  ['gen-300.incidentmap', 'c0-service', 'generated, 300 components'],
  ['gen-1000.incidentmap', 'c0-service', 'generated, 1,000 components (domain overview)'],
] as const;

/** Waits until the language server has published the map's first full analysis: the health item stops spinning. */
export async function analysed(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const item = [...document.querySelectorAll('.statusbar-item')].find((e) => /incidentmap\.health/.test(e.id));
      return !!item && !item.querySelector('.codicon-sync') && /\d/.test(item.textContent ?? '');
    },
    undefined,
    { timeout: 120_000 },
  );
}

/** The webview frame that holds a graph with `id` drawn, polled every 50 ms (the time to first paint is read from it). */
export async function graphFrame(page: Page, id: string, ms = 120_000): Promise<Frame> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if ((await f.locator(`[data-component="${id}"], [data-component^="group:"]`).count().catch(() => 0)) > 0) {
        return f;
      }
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`the graph webview did not draw ${id}`);
}

export interface Timed {
  frame: Frame;
  /** From pressing Enter on the command to the first component in the webview's DOM (polled every 50 ms). */
  ms: number;
  /** When the command reached the extension and when it had created the panel, from Enter (epoch clocks of one machine). */
  commandMs?: number;
  panelMs?: number;
  /** When VS Code started the webview's page, from Enter: VS Code's part (after panelMs, all of it is VS Code's). */
  pageStartMs: number;
  /** On the page's clock from then: our script running, the map arriving, the first paint. */
  scriptMs: number;
  modelMs?: number;
  firstPaintMs?: number;
  /** Who laid out the first picture: the extension (sent with the map) or the page's own worker. */
  layoutFrom?: string;
  /** The page's own layouts (ms from asking its worker), when it made any. */
  pageLayoutMs?: number;
  /** The extension's steps for the first map, from Enter: asked the language server, had its answer, had the layout, found the page ready, posted it. */
  requestMs?: number;
  answeredMs?: number;
  laidOutMs?: number;
  readyMs?: number;
  postedMs?: number;
}

/** Opens the graph of the active map by the command palette, and splits the time to its first paint. */
export async function openGraphTimed(page: Page, firstId: string): Promise<Timed> {
  await typeCommand(page, 'Incident Map: Open Graph');
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  return timedFrom(page, firstId, t0);
}

/** The graph's frame once it shows `firstId`, and its timing marks, from `t0` (epoch ms). */
async function timedFrom(page: Page, firstId: string, t0: number): Promise<Timed> {
  const frame = await graphFrame(page, firstId);
  const ms = Date.now() - t0;
  // The webview's own clock (client/webview/state.ts marks): performance.now() is ms since its page started.
  const m = await frame.evaluate(() => {
    const w = window as unknown as { __imMarks?: { script: number; model?: number; firstPaint?: number; layoutFrom?: string; layouts: number[]; sent?: Record<string, number> } };
    return { origin: performance.timeOrigin, command: Number(document.body.dataset.commandAt), panel: Number(document.body.dataset.panelAt), ...w.__imMarks };
  });
  const r = (n?: number) => (n === undefined || Number.isNaN(n) ? undefined : Math.round(n));
  const sent = (k: string) => (m.sent?.[k] === undefined ? undefined : r(m.sent[k]! - t0));
  return {
    frame, ms, commandMs: r(m.command - t0), panelMs: r(m.panel - t0), pageStartMs: Math.round(m.origin - t0), scriptMs: r(m.script)!, modelMs: r(m.model), firstPaintMs: r(m.firstPaint), layoutFrom: m.layoutFrom, pageLayoutMs: m.layouts?.[0],
    requestMs: sent('request'), answeredMs: sent('answered'), laidOutMs: sent('laidOut'), readyMs: sent('ready'), postedMs: sent('posted'),
  };
}

export const timingRow = (map: string, r: Timed) => {
  const { frame: _frame, ...row } = r;
  return { map, ...row };
};

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function closeGraph(page: Page): Promise<void> {
  const tab = page.locator('.tab', { hasText: 'Incident Map:' }).first();
  await tab.click();
  await page.keyboard.press('Control+W');
  await tab.waitFor({ state: 'detached', timeout: 10_000 });
}

/** The smallest text of the graph on screen (font size × zoom), in CSS pixels. */
export const smallestGraphText = (frame: Frame) =>
  frame.evaluate(() => {
    let min = Infinity;
    const c = document.getElementById('canvas')!.getBoundingClientRect();
    document.querySelectorAll<SVGTextElement>('#canvas text').forEach((t) => {
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.right < c.left || r.left > c.right || r.bottom < c.top || r.top > c.bottom) {
        return;
      }
      min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1));
    });
    return min;
  });

/** The smallest font size of the workbench's visible UI text: the floor the graph must not go below. */
export const smallestWorkbenchText = (page: Page) =>
  page.evaluate(() => {
    let min = Infinity;
    const walker = document.createTreeWalker(document.querySelector('.monaco-workbench')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !(n.textContent ?? '').trim() || el.closest('.monaco-editor .view-lines, .minimap, .codicon, [aria-hidden="true"]')) {
        continue;
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') {
        continue;
      }
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });

/** Labels a badge covers, in screen coordinates. */
export const badgesOnLabels = (frame: Frame) =>
  frame.evaluate(() => {
    const labels = [...document.querySelectorAll('#canvas text')].filter((t) => !t.closest('[data-badge]')).map((t) => ({ t: t.textContent ?? '', r: t.getBoundingClientRect() }));
    const out: string[] = [];
    document.querySelectorAll('#canvas [data-badge]').forEach((b) => {
      const r = b.getBoundingClientRect();
      for (const l of labels) {
        if (Math.min(r.right, l.r.right) - Math.max(r.left, l.r.left) > 1 && Math.min(r.bottom, l.r.bottom) - Math.max(r.top, l.r.top) > 1) {
          out.push(l.t);
        }
      }
    });
    return out;
  });

/** True when the element is inside the graph's canvas on screen. */
export const inView = (frame: Frame, selector: string) =>
  frame.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) {
      return false;
    }
    const r = el.getBoundingClientRect();
    const c = document.getElementById('canvas')!.getBoundingClientRect();
    return r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 12 && r.bottom <= c.bottom + 1;
  }, selector);

/** The webview's camera has run every re-fit pass it had scheduled (no timer: window.__imCameraPending). */
export const settled = (frame: Frame) =>
  frame.waitForFunction(() => ((window as unknown as { __imCameraPending?: number }).__imCameraPending ?? 0) === 0, undefined, { timeout: 10_000 });

/** The generated maps the graph tests open: 300 components (opens on what matters) and 1,000 (opens on the domain overview). */
export function writeGeneratedMaps(folder: string): void {
  const { singleFile } = require(join(repo, 'bench/generate.js')) as { singleFile: (n: number, seed?: number) => string };
  mkdirSync(join(folder, 'generated'), { recursive: true });
  writeFileSync(join(folder, 'generated/gen-300.incidentmap'), singleFile(300, 3));
  writeFileSync(join(folder, 'generated/gen-1000.incidentmap'), singleFile(1000, 7));
}

/** The elements (by selector) that are not wholly inside the graph's canvas: their ids. */
export const outsideCanvas = (frame: Frame, selector: string) =>
  frame.evaluate((sel) => {
    const c = document.getElementById('canvas')!.getBoundingClientRect();
    return [...document.querySelectorAll(sel)].filter((el) => {
      const r = (el.querySelector('rect.im-frame, rect.im-box') ?? el).getBoundingClientRect();
      return r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5;
    }).map((el) => (el as HTMLElement).dataset.domain ?? (el as HTMLElement).dataset.component ?? el.textContent ?? '?');
  }, selector);

/**
 * The boxes that carry an error badge themselves (components and placement domains, by id) and those of them
 * not wholly inside the graph's canvas: the box and its badge, by their bounding boxes on screen.
 */
export const errorBadgedBoxes = (frame: Frame) =>
  frame.evaluate(() => {
    const c = document.getElementById('canvas')!.getBoundingClientRect();
    const inside = (r: DOMRect) => r.width > 0 && r.left >= c.left - 0.5 && r.right <= c.right + 0.5 && r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5;
    const badged = [...document.querySelectorAll('#canvas [data-component], #canvas .im-container[data-domain]')].filter((el) => el.querySelector(':scope > [data-badge="error"]'));
    const id = (el: Element) => (el as HTMLElement).dataset.component ?? (el as HTMLElement).dataset.domain ?? '?';
    return {
      badged: badged.map(id).sort(),
      outside: badged.filter((el) => {
        const box = el.querySelector(':scope > rect.im-box, :scope > rect.im-frame');
        const badge = el.querySelector(':scope > [data-badge="error"]')!;
        // A placement domain may be wider than the pane: its badge (top right) and title row must be in view, not its whole box.
        return !inside(badge.getBoundingClientRect()) || (el.hasAttribute('data-component') && !!box && !inside(box.getBoundingClientRect()));
      }).map(id).sort(),
    };
  });

/**
 * How a failed shared domain's chip looks, as computed colours: its "failed" pill, its border, the selection's
 * ring, its finding badge, beside the border of a component that is down (`downId`).
 */
export const failedChipLook = (frame: Frame, id: string, downId: string) =>
  frame.evaluate(([chipId, down]) => {
    const chip = document.querySelector(`.im-cross[data-domain="${chipId}"]`)!;
    const css = (el: Element | null | undefined) => (el ? getComputedStyle(el) : undefined);
    const pill = chip.querySelector('[data-pill="failed"]');
    const pillBox = pill?.getBoundingClientRect();
    const chipBox = chip.querySelector('rect.im-frame')!.getBoundingClientRect();
    return {
      pillText: pill?.textContent ?? '',
      pillInside: !!pillBox && pillBox.width > 0 && pillBox.left >= chipBox.left && pillBox.right <= chipBox.right,
      pillFill: css(pill?.querySelector('rect'))?.fill ?? '',
      pillTextFill: css(pill?.querySelector('text'))?.fill ?? '',
      frameStroke: css(chip.querySelector('rect.im-frame'))!.stroke,
      ringStroke: css(chip.querySelector('rect.im-ring'))!.stroke,
      badgeFill: css(chip.querySelector('[data-badge] .im-mark'))?.fill ?? '',
      downStroke: css(document.querySelector(`[data-component="${down}"] rect.im-box`))!.stroke,
      selected: chip.classList.contains('selected'),
    };
  }, [id, downId] as const);

const rgbOf = (css: string) => (/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(css) ?? []).slice(1, 4).map(Number);

/** How far apart two CSS colours are (Euclidean distance in RGB, 0-441): colours a person tells apart at a glance are 100 or more apart. */
export function colourDistance(a: string, b: string): number {
  const [x, y] = [rgbOf(a), rgbOf(b)];
  return x.length === 3 && y.length === 3 ? Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!) : NaN;
}

/**
 * The lowest contrast (WCAG ratio) between a group box's title in the overview and the box behind it, the
 * box's fill blended over the panel's background by its opacity. Text needs 4.5:1.
 */
export const groupTitleContrast = (frame: Frame) =>
  frame.evaluate(() => {
    const rgba = (css: string) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(css);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : undefined;
    };
    const lum = ([r, g, b]: number[]) =>
      [r!, g!, b!].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const bg = rgba(getComputedStyle(document.body).backgroundColor)!;
    let min = Infinity;
    document.querySelectorAll('.im-node.kind-group').forEach((g) => {
      const box = g.querySelector('rect.im-box')!;
      const title = g.querySelector('text.im-title')!;
      const cs = getComputedStyle(box);
      const fill = rgba(cs.fill);
      const alpha = (fill?.[3] ?? 0) * Number(cs.fillOpacity || 1);
      const under = fill ? [0, 1, 2].map((i) => fill[i]! * alpha + bg[i]! * (1 - alpha)) : bg;
      const text = rgba(getComputedStyle(title).fill)!;
      const [l1, l2] = [lum(text), lum(under)].sort((a, b) => b - a);
      min = Math.min(min, (l1! + 0.05) / (l2! + 0.05));
    });
    return min;
  });
