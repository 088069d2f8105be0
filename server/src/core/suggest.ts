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

  /** The closest candidate close enough to be a plausible typo, or undefined. */
  suggest(word: string): string | undefined {
    const lower = word.toLowerCase();
    const limit = acceptable(word);
    let best: string | undefined;
    let bestDistance = Infinity;
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
          if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
            best = c;
            bestDistance = d;
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
