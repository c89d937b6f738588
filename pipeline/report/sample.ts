/**
 * Seeded, stable samples: each candidate gets a hash of the seed and its own key (a document id, a rule and an
 * offset), and a sample keeps the k candidates with the smallest hashes (bottom-k). The result depends only on
 * the seed and the set of candidates, never on the order they came in or on how many came before, and it needs
 * memory for k entries however many candidates pass.
 */

/** 53-bit hash of a string (cyrb53: two 32-bit multiply-xor lanes); fast, and plenty for sampling. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The hash a sample seeded `seed` gives the candidate `key`. */
export function sampleHash(seed: string, key: string): number {
  return hash53(`${seed}\u0000${key}`);
}

/** The k items with the smallest keys offered; ties broken by the tie string, so the choice is total. */
export class BottomK<T> {
  private readonly entries: Array<{ readonly hash: number; readonly tie: string; readonly item: T }> = [];
  /** How many candidates were offered in all. */
  seen = 0;

  constructor(
    readonly k: number,
    private readonly seed: string,
  ) {}

  /** Offers a candidate named `key` (unique among candidates); `make` runs only when it is kept. */
  offer(key: string, make: () => T): void {
    this.offerRanked(sampleHash(this.seed, key), key, make);
  }

  /**
   * Offers a candidate with a rank of the caller's: kept when (hash, tie) is among the k smallest. Used to rank
   * log entries by their document's hash first, so a rule's examples come from the documents its lists show.
   */
  offerRanked(hash: number, tie: string, make: () => T): void {
    const key = tie;
    this.seen++;
    const entries = this.entries;
    if (entries.length >= this.k) {
      const worst = entries[entries.length - 1]!;
      if (hash > worst.hash || (hash === worst.hash && key >= worst.tie)) return;
      entries.pop();
    }
    let i = entries.length;
    while (i > 0 && before(hash, key, entries[i - 1]!)) i--;
    entries.splice(i, 0, { hash, tie: key, item: make() });
  }

  /** The kept items, in hash order (a fixed shuffle of the candidates). */
  items(): T[] {
    return this.entries.map((entry) => entry.item);
  }
}

function before(hash: number, key: string, entry: { readonly hash: number; readonly tie: string }): boolean {
  return hash < entry.hash || (hash === entry.hash && key < entry.tie);
}
