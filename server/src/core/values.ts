// Parsers for the format's value types. Each returns a value or a message that says what was
// expected, because "invalid value" alone does not tell an author what to type.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const durationRe = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** `800ms`, `5s`, `1.5m`, `2h`, `90d`, `2w` to milliseconds. */
export function parseDuration(text: string): Parsed<number> {
  const m = durationRe.exec(text.trim());
  if (!m) {
    return {
      ok: false,
      message: `"${clip(text)}" is not a duration: write a number and a unit, e.g. 800ms, 5s, 2m, 1h, 90d.`,
    };
  }
  return { ok: true, value: Number(m[1]) * (durationUnits[m[2] ?? 'ms'] ?? 1) };
}

/** `30%` (or a bare number 0..100) to a fraction-free percentage number. */
export function parsePercent(text: string | number): Parsed<number> {
  const value = typeof text === 'number' ? text : /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim())?.[1];
  const n = value === undefined ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    return { ok: false, message: `"${clip(String(text))}" is not a percentage: write a value from 0% to 100%, e.g. 30%.` };
  }
  return { ok: true, value: n };
}

/** A calendar date `YYYY-MM-DD` to epoch milliseconds (UTC). */
export function parseDate(text: string): Parsed<number> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return { ok: true, value: t };
    }
    return { ok: false, message: `"${clip(text)}" is not a real calendar date.` };
  }
  return { ok: false, message: `"${clip(text)}" is not a date: write YYYY-MM-DD, e.g. 2026-03-14.` };
}

/** Absolute http(s) URL: runbooks must open in a browser from the editor and from a PR. */
export function parseUrl(text: string): Parsed<string> {
  const m = /^(https?):\/\/([^/\s?#]+)([^\s]*)$/i.exec(text.trim());
  if (!m || !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(m[2] ?? '') || !(m[2] ?? '').includes('.') && !/^localhost(:\d+)?$/i.test(m[2] ?? '')) {
    return { ok: false, message: `"${clip(text)}" is not an http(s) URL: write e.g. https://runbooks.example.com/checkout.` };
  }
  return { ok: true, value: text.trim() };
}

/** A runbook: an http(s) URL, or a path in the repository relative to the map's folder (docs/language.md). */
export function parseUrlOrPath(text: string): Parsed<string> {
  const t = text.trim();
  if (/^https?:\/\//i.test(t)) {
    return parseUrl(t);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(t)) {
    return { ok: false, message: `"${clip(text)}" is neither an http(s) URL nor a path: write e.g. https://runbooks.example.com/checkout or runbooks/checkout.md.` };
  }
  if (t.startsWith('/')) {
    return { ok: false, message: `"${clip(text)}" is an absolute path: write it relative to this map's folder, e.g. runbooks/checkout.md, so it works in every checkout.` };
  }
  if (t === '' || /[\s\\]/.test(t)) {
    return { ok: false, message: `"${clip(text)}" is not a usable path: use '/' between folders and no spaces, e.g. runbooks/checkout.md.` };
  }
  return { ok: true, value: t };
}

const formatUnits: readonly (readonly [string, number])[] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];

export function formatDuration(ms: number): string {
  for (const [u, f] of formatUnits) {
    if (ms >= f && ms % f === 0) {
      return `${ms / f}${u}`;
    }
  }
  // Never rounded into another number: "2399ms", not "2.4s" next to a 2.4s it is compared with.
  return ms >= 1000 && ms % 100 === 0 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

export function clip(text: string, max = 60): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/**
 * Editors (and LSP) count a lone CR as a line break; the parser's line index and every line-based
 * step of the core count LF. Turning each lone CR into LF keeps every offset (same length) and makes
 * both agree on line numbers, so no range lands outside its line.
 */
export function lspLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
