// Carrying the last full analysis's findings across edits (issue 23, item 8).
//
// While the author types, the language server runs only the syntax pass; the propagation rules run on
// save. Their findings were computed on an older text, so they are moved onto the current one: the
// text the edits left alone is the common prefix and suffix of the old and new texts; a finding wholly
// before the edited span stays, one wholly after it moves by the span's growth, and one on an item the
// edits touched (a component, domain or failover, ranges from the syntax tree of the old analysis) is
// left out until the next full analysis says what is true of it now.
import type { Finding, Range } from '../core/index';

/** Maps a range of the old text onto the new one, or undefined when the edits touched it. */
export type RangeMap = (r: Range) => Range | undefined;

export function rangeMapAfterEdit(oldText: string, newText: string, items: readonly Range[]): RangeMap {
  if (oldText === newText) {
    return (r) => r;
  }
  // The longest common prefix and, separately, the longest common suffix. Where they overlap the edit
  // could have been made at several places (inserting "\n  x" after a line or "  x\n" before the next
  // one give the same text): the whole ambiguous span counts as edited.
  const min = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < min && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) {
    prefix++;
  }
  let suffix = 0;
  while (suffix < min && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) {
    suffix++;
  }
  const oldLines = lineStarts(oldText);
  const newLines = lineStarts(newText);
  const offsetAt = (p: { line: number; character: number }): number => {
    const start = oldLines[Math.min(Math.max(p.line, 0), oldLines.length - 1)]!;
    const end = p.line + 1 < oldLines.length ? oldLines[p.line + 1]! : oldText.length;
    return Math.min(start + Math.max(p.character, 0), end);
  };
  // The edited span in the old text, widened to every item it reaches into.
  let from = Math.min(prefix, oldText.length - suffix);
  let to = Math.max(prefix, oldText.length - suffix);
  for (const item of items) {
    const a = offsetAt(item.start);
    const b = offsetAt(item.end);
    if (a <= to && b >= from) {
      from = Math.min(from, a);
      to = Math.max(to, b);
    }
  }
  const growth = newText.length - oldText.length;
  const positionAt = (offset: number): { line: number; character: number } => {
    let lo = 0;
    let hi = newLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (newLines[mid]! <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: offset - newLines[lo]! };
  };
  return (r) => {
    const a = offsetAt(r.start);
    const b = offsetAt(r.end);
    if (b < from) {
      return r;
    }
    if (a > to) {
      return { start: positionAt(a + growth), end: positionAt(b + growth) };
    }
    return undefined;
  };
}

/** `f` moved by `map` (its related locations and fixes in the same file too), or undefined when the edits touched it. */
export function moveFinding(f: Finding, map: RangeMap): Finding | undefined {
  const range = map(f.range);
  if (!range) {
    return undefined;
  }
  const related = f.related
    ?.map((r) => {
      if (r.uri !== f.uri) {
        return r;
      }
      const moved = map(r.range);
      return moved ? { ...r, range: moved } : undefined;
    })
    .filter((r) => r !== undefined);
  const fixes = f.fixes
    ?.map((fix) => {
      const edits = fix.edits.map((e) => {
        if (e.uri !== f.uri) {
          return e;
        }
        const moved = map(e.range);
        return moved ? { ...e, range: moved } : undefined;
      });
      return edits.every((e) => e !== undefined) ? { ...fix, edits } : undefined;
    })
    .filter((fix) => fix !== undefined);
  return {
    ...f,
    range,
    ...(related ? { related } : {}),
    ...(fixes ? { fixes } : {}),
  };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      out.push(i + 1);
    }
  }
  return out;
}
