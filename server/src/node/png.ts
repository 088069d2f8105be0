// `incidentmap graph --format png`: the standalone SVG drawn by resvg (@resvg/resvg-js), a Rust SVG
// renderer compiled to a native Node module: no browser, no system libraries, the same pixels on every
// machine. It is loaded on first use, as elkjs is, so no other command pays for it.
import type { Resvg as ResvgClass } from '@resvg/resvg-js';

/** Pixels per SVG unit: sharp on high-density screens and in docs. */
export const pngScale = 2;

export async function svgToPng(svg: string, scale = pngScale): Promise<Uint8Array> {
  let Resvg: typeof ResvgClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Resvg = (require('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  } catch (e) {
    throw new Error(`PNG output needs the @resvg/resvg-js package, which could not be loaded (${(e as Error).message}). Install it next to incidentmap, or write --format svg and convert it.`);
  }
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
    shapeRendering: 2,
    textRendering: 1,
  });
  return r.render().asPng();
}
