import { distance } from 'fastest-levenshtein';

// Did-you-mean for unknown ids, keys, values and rule names. Comparing every unknown word with every
// known one is quadratic: 2,000 misspelt references among 2,000 long ids took 45 s. Two bounds:
//
//   - a length band: a candidate whose length differs from the word's by more than the accepted
//     distance cannot be accepted, so it is never compared (exact: never changes the answer);
//   - a budget of characters compared, shared by every lookup of one Suggester (one analysis): a
//     realistic map has a handful of unknown references and never comes near it; past it, later
//     lookups offer no suggestion (the message still says what is wrong and what to do).

/** Characters compared (word + candidate, per comparison) one Suggester may spend on all its lookups. */
export const suggestionBudget = 4_000_000;

/** The most distance a suggestion may have: a third of the word, at least 2. */
function acceptable(word: string): number {
  return Math.max(2, Math.floor(word.length / 3));
}

export class Suggester {
  private readonly byLength = new Map<number, string[]>();
  private readonly lower = new Map<string, string>();

  /** `budget` is shared when given as an object: several pools of one analysis spend one budget. */
  constructor(
    candidates: Iterable<string>,
    private readonly budget: { left: number } = { left: suggestionBudget },
  ) {
    for (const c of candidates) {
      let list = this.byLength.get(c.length);
      if (!list) {
        list = [];
        this.byLength.set(c.length, list);
      }
      list.push(c);
    }
  }

  /**
   * The closest candidate close enough to be a plausible typo, or undefined. Among equally close
   * candidates, those `preferred` accepts come first (a typo in a list of zones suggests the zone).
   */
  suggest(word: string, preferred?: (c: string) => boolean): string | undefined {
    const lower = word.toLowerCase();
    const limit = acceptable(word);
    let best: string | undefined;
    let bestDistance = Infinity;
    let bestPreferred = false;
    // Nearest lengths first, so a close match found early narrows the band for the rest.
    for (let delta = 0; delta <= limit && delta <= bestDistance; delta++) {
      for (const len of delta === 0 ? [word.length] : [word.length - delta, word.length + delta]) {
        for (const c of this.byLength.get(len) ?? []) {
          const cost = word.length + c.length;
          if (this.budget.left < cost) {
            return best !== undefined && bestDistance <= limit ? best : undefined;
          }
          this.budget.left -= cost;
          let cl = this.lower.get(c);
          if (cl === undefined) {
            cl = c.toLowerCase();
            this.lower.set(c, cl);
          }
          const d = distance(lower, cl);
          const p = preferred !== undefined && d <= bestDistance && preferred(c);
          if (d < bestDistance || (d === bestDistance && best !== undefined && (p && !bestPreferred || (p === bestPreferred && c < best)))) {
            best = c;
            bestDistance = d;
            bestPreferred = p;
          }
        }
      }
    }
    return best !== undefined && bestDistance <= limit ? best : undefined;
  }
}

/** The closest candidate close enough to be a plausible typo, for did-you-mean messages and fixes. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  return new Suggester(candidates).suggest(word);
}

/**
 * Like didYouMean, but among the equally close candidates the ones `preferred` accepts come first: a
 * typo in a list of zones suggests the zone, not the region one edit away (issue 23, item 7).
 */
export function didYouMeanPreferring(word: string, candidates: Iterable<string>, preferred: (c: string) => boolean): string | undefined {
  return new Suggester(candidates).suggest(word, preferred);
}

/** Words people write for an enum value of the format (kinds, modes): edit distance alone misses them. */
const valueSynonyms: Record<string, string> = {
  database: 'datastore',
  db: 'datastore',
  rdbms: 'datastore',
  sql: 'datastore',
  kv: 'cache',
  redis: 'cache',
  memcached: 'cache',
  mq: 'queue',
  kafka: 'stream',
  lb: 'load-balancer',
  loadbalancer: 'load-balancer',
  api: 'service',
  microservice: 'service',
  'third-party': 'external',
  saas: 'external',
  vm: 'compute',
  server: 'compute',
  disk: 'storage',
  synchronous: 'sync',
  asynchronous: 'async',
  required: 'hard',
  optional: 'soft',
  auto: 'automatic',
  az: 'zone',
  'availability-zone': 'zone',
  dc: 'datacenter',
};

/** The allowed value someone most likely meant: same letters in another case, a known synonym, a prefix, or a near typo. */
export function suggestValue(word: string, allowed: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const same = allowed.find((a) => a.toLowerCase() === lower);
  if (same) {
    return same;
  }
  const synonym = valueSynonyms[lower];
  if (synonym && allowed.includes(synonym)) {
    return synonym;
  }
  const prefix = allowed.filter((a) => lower.startsWith(a.toLowerCase()) || a.toLowerCase().startsWith(lower));
  if (prefix.length === 1 && Math.min(lower.length, prefix[0]!.length) >= 3) {
    return prefix[0];
  }
  return didYouMean(word, allowed);
}
