// Fits a markdown body into a size limit (a pull-request comment: 65,536 characters) by keeping
// whole lines from the top and saying what was left out. A cut never leaves a code fence or a
// <details> block open (the rest of the comment would render as code or stay hidden), and never
// splits a surrogate pair.

/** GitHub refuses an issue or pull-request comment longer than this. */
export const commentLimit = 65_536;

/**
 * Lengths are UTF-16 code units (String.length). GitHub counts characters, which are never more
 * than code units, so a body that fits here fits there.
 */
export function foldToLimit(body: string, limit: number, notice: string): string {
  if (body.length <= limit) {
    return body;
  }
  const tail = `\n\n${notice}\n`;
  const lines = body.split('\n');
  let fence: { char: string; size: number } | undefined;
  let details = 0;
  let used = 0;
  let best = { end: 0, closers: '' };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (f) {
      const run = f[1]!;
      if (fence === undefined) {
        fence = { char: run[0]!, size: run.length };
      } else if (run[0] === fence.char && run.length >= fence.size && f[2]!.trim() === '') {
        fence = undefined;
      }
    } else if (fence === undefined) {
      details += (line.match(/<details[\s>]/gi) ?? []).length;
      details = Math.max(0, details - (line.match(/<\/details\s*>/gi) ?? []).length);
    }
    used += line.length + (i > 0 ? 1 : 0);
    const closers = (fence ? `\n${fence.char.repeat(fence.size)}` : '') + '\n</details>'.repeat(details);
    if (used + closers.length + tail.length > limit) {
      break;
    }
    best = { end: i + 1, closers };
  }
  if (best.end === 0) {
    // Even the first line does not fit: cut it, on a character boundary.
    let cut = Math.max(0, limit - tail.length);
    if (cut > 0 && /[\uD800-\uDBFF]/.test(body[cut - 1]!)) {
      cut--;
    }
    return body.slice(0, cut) + tail;
  }
  return lines.slice(0, best.end).join('\n') + best.closers + tail;
}
