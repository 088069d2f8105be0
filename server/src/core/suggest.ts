import { distance } from 'fastest-levenshtein';

/** The closest candidate close enough to be a plausible typo, for did-you-mean messages and fixes. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit && bestDistance > 0 ? best : bestDistance === 0 ? best : undefined;
}

/**
 * Like didYouMean, but among the equally close candidates the ones `preferred` accepts come first: a
 * typo in a list of zones suggests the zone, not the region one edit away (issue 23, item 7).
 */
export function didYouMeanPreferring(word: string, candidates: Iterable<string>, preferred: (c: string) => boolean): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestKey = [Infinity, 1];
  for (const c of candidates) {
    const key = [distance(lower, c.toLowerCase()), preferred(c) ? 0 : 1];
    if (key[0]! < bestKey[0]! || (key[0] === bestKey[0] && (key[1]! < bestKey[1]! || (key[1] === bestKey[1] && best !== undefined && c < best)))) {
      best = c;
      bestKey = key;
    }
  }
  return best !== undefined && bestKey[0]! <= limit ? best : undefined;
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
