// Small pieces of English shared by every message and label, so a count, an owner and a named domain
// read the same everywhere: "1 error", "model-servers' timeout", "rack-r2" rather than "rack rack-r2".

/** "1 error", "2 errors"; `many` when the plural is not the word plus "s". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "model-servers'" for an id that ends in s, "checkout-api's" otherwise. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/**
 * A domain (or component) named with its kind, without saying the kind twice: `rack rack-r2` reads
 * as "rack-r2", `cooling-loop loop-1` as "cooling loop-1", `cache cache` as "cache", while
 * `zone eu-west-1a` stays as it is.
 */
export function kindNamed(kind: string, id: string): string {
  const words = kind.split(/[-_ ]+/).filter(Boolean);
  const last = words[words.length - 1]?.toLowerCase();
  if (!last) {
    return id;
  }
  const lower = id.toLowerCase();
  if (lower === kind.toLowerCase() || lower === last) {
    return id;
  }
  if (lower.startsWith(`${last}-`) || lower.startsWith(`${last}_`) || (lower.startsWith(last) && /^\d/.test(lower.slice(last.length)))) {
    return [...words.slice(0, -1), id].join(' ');
  }
  return `${words.join(' ')} ${id}`;
}
