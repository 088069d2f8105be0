// Folding ranges from indentation: every key and list item folds over the lines indented under it,
// and runs of comment lines fold as comments. One pass with a stack, so a 40,000-line map costs a
// few milliseconds and a broken one folds as well as a valid one.
import { parseLine, splitLines } from './text';

export interface Fold {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

export function foldingRanges(text: string): Fold[] {
  const lines = splitLines(text);
  const byStart = new Map<number, Fold>();
  const add = (f: Fold) => {
    if (f.endLine > f.startLine && (byStart.get(f.startLine)?.endLine ?? -1) < f.endLine) {
      byStart.set(f.startLine, f);
    }
  };
  const stack: { line: number; col: number; dash: boolean; last: number }[] = [];
  let commentRun: number | undefined;
  let commentLast = 0;
  let lastContent = -1;
  lines.forEach((raw, l) => {
    const trimmed = raw.trimStart();
    if (trimmed.startsWith('#')) {
      commentRun ??= l;
      commentLast = l;
      return;
    }
    if (commentRun !== undefined) {
      add({ startLine: commentRun, endLine: l - 1, kind: 'comment' });
      commentRun = undefined;
    }
    if (trimmed === '') {
      return;
    }
    const info = parseLine(raw);
    const s = info.dashes[0] ?? info.col;
    // Close the blocks this line is not part of. A key's block also takes `- ` items written at the
    // key's own column (a compact sequence).
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const inside = s > top.col || (!top.dash && info.dashes[0] === top.col);
      if (inside) {
        break;
      }
      stack.pop();
      add({ startLine: top.line, endLine: top.last });
    }
    stack.forEach((b) => (b.last = l));
    info.dashes.forEach((d) => stack.push({ line: l, col: d, dash: true, last: l }));
    if (info.key !== undefined) {
      stack.push({ line: l, col: info.col, dash: false, last: l });
    }
    lastContent = l;
  });
  if (commentRun !== undefined) {
    add({ startLine: commentRun, endLine: commentLast, kind: 'comment' });
  }
  while (stack.length > 0) {
    const top = stack.pop()!;
    add({ startLine: top.line, endLine: Math.min(top.last, lastContent) });
  }
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
