/**
 * near-duplicates (a corpus stage): the same story published twice with small changes (another headline,
 * a fixed typo, a trimmed paragraph) is found across documents and recorded as a cluster, never dropped.
 * Shaped as map → bucket → reduce so it can be split across processes: each document maps to a MinHash
 * signature; documents sharing a band (the same four values at one of 16 places) are candidates, so a band's
 * values can key a shard; the reduce verifies candidates and joins them into clusters. Pure and deterministic: fixed hash seeds, clusters keyed by their smallest id.
 */

export interface NearDuplicateOptions {
  /** Estimated Jaccard similarity of word shingles at or above which two documents are near duplicates. */
  readonly threshold: number;
  /** Words per shingle. */
  readonly shingleSize: number;
}

/** 16 bands of 4 rows: a pair at similarity 0.8 shares a band with probability 1 - (1 - 0.8^4)^16 > 0.999. */
export const BANDS = 16;
export const ROWS = 4;
const HASHES = BANDS * ROWS; // a multiple of 4: signature() computes four at a time

/** Fixed odd multipliers and offsets: the same signature on every machine and every run. */
// Int32 throughout the hot loop: V8 keeps 32-bit integers unboxed, while uint32 values above 2^31 become doubles.
const MULTIPLIERS = Int32Array.from({ length: HASHES }, (_, i) => Math.imul(i + 1, 0x9e3779b1) | 1);
const OFFSETS = Int32Array.from({ length: HASHES }, (_, i) => Math.imul(i + 7, 0x85ebca6b));
/** Flipping the top bit makes signed order equal unsigned order. */
const SIGN = 0x80000000 | 0;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

/** The array with value at index `at` (one past its last), doubled in length first if it is full. */
function withValue(array: Int32Array<ArrayBuffer>, at: number, value: number): Int32Array<ArrayBuffer> {
  let out = array;
  if (at === array.length) {
    out = new Int32Array(array.length * 2);
    out.set(array);
  }
  out[at] = value;
  return out;
}

/** Mixes a 32-bit value so that nearby inputs land far apart (murmur3's finaliser), as an int32. */
function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * For each UTF-16 code unit, 0 not yet asked, 1 a letter or digit (\p{L}\p{N}), 2 not: the regex is asked
 * once per code unit a thread meets, not once per character read. A cache of a function of the unit alone.
 */
const WORD_UNIT = new Uint8Array(0x10000);

/** Whether a code unit outside the surrogates is a letter or digit. */
function isWordUnit(unit: number): boolean {
  let known = WORD_UNIT[unit]!;
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(unit)) ? 1 : 2;
    WORD_UNIT[unit] = known;
  }
  return known === 1;
}

/**
 * Lower-cased text is hashed in slices of about this many code units: one toLowerCase of a 10 MB text is a
 * second copy of it, and its word spans as arrays several more. Small enough that a slice (32 KB of two-byte
 * characters) is an ordinary young object, which a scavenge takes back: slices of V8's large-object size
 * (128 KB) and more piled up until a full collection, 20 MB of garbage on a 10 MB text.
 */
const LOWER_SLICE = 1 << 14;

/**
 * The text lower-cased, slice by slice, each slice cut just after a space or a line feed. The same characters
 * as text.toLowerCase() in the same order: lower-casing's one context rule (a capital sigma at a word's end
 * becomes ς, Unicode's Final_Sigma) looks only across letters and case-ignorable characters, which a space or
 * a line feed is not; and no cut splits a surrogate pair or a word.
 */
function* lowerSlices(text: string): Generator<string> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + LOWER_SLICE, text.length);
    while (end < text.length) {
      const c = text.charCodeAt(end - 1);
      if (c === SPACE || c === 0x0a) break;
      end++;
    }
    yield text.slice(at, end).toLowerCase();
    at = end;
  }
}

/**
 * The MinHash signature of a text's word shingles, or null when it has too few words to compare.
 * A shingle's hash is FNV-1a of its words joined by single spaces, computed from the lower-cased text (words
 * are runs of letters and digits, what /[\p{L}\p{N}]+/gu matches) so no shingle string is built.
 */
export function signature(text: string, options: NearDuplicateOptions): Uint32Array | null {
  const shingles = new ShingleHashes(options.shingleSize, text.length);
  for (const lower of lowerSlices(text)) shingles.read(lower);
  if (shingles.words < options.shingleSize * 2) return null;
  return minHash(shingles.hashes.subarray(0, shingles.count));
}

/** The most shingle hashes ShingleHashes makes room for at first (256 KB). */
const MAX_INITIAL_SHINGLES = 1 << 16;

/**
 * The shingle hashes of a text, read once, slice by slice: each of the last `size` words starts a shingle
 * whose hash is kept running (slot w % size for the shingle that starts at word w), so every code unit of a
 * word goes into the hashes of all the shingles it belongs to as it is read, and a shingle is done at the end
 * of its last word. A class of its own rather than a loop in signature(): V8 compiles this hot loop once,
 * and a rare branch of signature (a text long enough for two slices) no longer throws its compiled code away.
 */
class ShingleHashes {
  /** Running hashes of the shingles that start at the last `size` words. */
  private readonly running: Int32Array;
  private inWord = false;
  words = 0;
  hashes: Int32Array<ArrayBuffer>;
  count = 0;

  /**
   * A text of n code units has at most n / 2 + 1 words: room for them all up to MAX_INITIAL_SHINGLES, so only
   * a long text's array grows (a branch that, taken the first time, has V8 compile read() again).
   */
  constructor(
    private readonly size: number,
    textLength: number,
  ) {
    this.running = new Int32Array(size);
    this.hashes = new Int32Array(Math.min(MAX_INITIAL_SHINGLES, (textLength >> 1) + 1));
  }

  /**
   * Reads a lower-cased slice of the text, then one step past its end as a space: the text's last word ends
   * there (a slice is cut only after a space or a line feed, so no other word is cut by a slice's end).
   */
  read(lower: string): void {
    const { running, size } = this;
    let { inWord, words, hashes, count } = this;
    for (let i = 0; i <= lower.length; i++) {
      const unit = i < lower.length ? lower.charCodeAt(i) : SPACE;
      let low = -1; // the low surrogate of a character outside the BMP
      let word: boolean;
      if (unit < 0xd800 || unit > 0xdbff) word = isWordUnit(unit);
      else {
        // A high surrogate: with a low one after it, a character outside the BMP; alone, not a letter.
        const cp = lower.codePointAt(i)!;
        word = cp > 0xffff && LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
        if (cp > 0xffff) low = lower.charCodeAt(++i);
      }
      if (word) {
        if (!inWord) running[words % size] = FNV_OFFSET;
        inWord = true;
        for (let s = 0; s < size; s++) {
          const h = Math.imul(running[s]! ^ unit, FNV_PRIME);
          running[s] = low < 0 ? h : Math.imul(h ^ low, FNV_PRIME);
        }
      } else if (inWord) {
        // The end of a word: the shingle that started size - 1 words ago is whole; the others go on after a
        // space (the whole one's slot starts afresh at the next word).
        inWord = false;
        words++;
        if (words >= size) hashes = withValue(hashes, count++, running[words % size]!);
        for (let s = 0; s < size; s++) running[s] = Math.imul(running[s]! ^ SPACE, FNV_PRIME);
      }
    }
    this.inWord = inWord;
    this.words = words;
    this.hashes = hashes;
    this.count = count;
  }
}

/** The MinHash minima of the shingle hashes, one per permutation. */
function minHash(shingles: Int32Array): Uint32Array {
  // Four permutations at a time over all shingles (HASHES is a multiple of 4): their multipliers, offsets and
  // running minima stay in registers, and the four independent chains of multiplies overlap in the CPU. The
  // same minima as one permutation at a time, ~30% faster; this loop is most of a signature's cost.
  const mins = new Uint32Array(HASHES);
  for (let k = 0; k < HASHES; k += 4) {
    const m0 = MULTIPLIERS[k]!;
    const m1 = MULTIPLIERS[k + 1]!;
    const m2 = MULTIPLIERS[k + 2]!;
    const m3 = MULTIPLIERS[k + 3]!;
    const o0 = OFFSETS[k]!;
    const o1 = OFFSETS[k + 1]!;
    const o2 = OFFSETS[k + 2]!;
    const o3 = OFFSETS[k + 3]!;
    // The unsigned maximum, sign-flipped.
    let min0 = 0x7fffffff;
    let min1 = 0x7fffffff;
    let min2 = 0x7fffffff;
    let min3 = 0x7fffffff;
    for (let i = 0; i < shingles.length; i++) {
      const shingle = shingles[i]!;
      const h0 = mix((Math.imul(shingle, m0) + o0) | 0) ^ SIGN;
      if (h0 < min0) min0 = h0;
      const h1 = mix((Math.imul(shingle, m1) + o1) | 0) ^ SIGN;
      if (h1 < min1) min1 = h1;
      const h2 = mix((Math.imul(shingle, m2) + o2) | 0) ^ SIGN;
      if (h2 < min2) min2 = h2;
      const h3 = mix((Math.imul(shingle, m3) + o3) | 0) ^ SIGN;
      if (h3 < min3) min3 = h3;
    }
    mins[k] = (min0 ^ SIGN) >>> 0;
    mins[k + 1] = (min1 ^ SIGN) >>> 0;
    mins[k + 2] = (min2 ^ SIGN) >>> 0;
    mins[k + 3] = (min3 ^ SIGN) >>> 0;
  }
  return mins;
}

/** A signature as text (8 hex digits a hash), for the incremental manifest. */
export function signatureToHex(sig: Uint32Array): string {
  return Array.from(sig, (n) => n.toString(16).padStart(8, '0')).join('');
}

export function signatureFromHex(hex: string): Uint32Array | null {
  if (hex.length !== HASHES * 8 || !/^[0-9a-f]+$/.test(hex)) return null;
  return Uint32Array.from({ length: HASHES }, (_, k) => Number.parseInt(hex.slice(k * 8, k * 8 + 8), 16));
}

/** The share of equal signature positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) equal++;
  return equal / HASHES;
}

/** Buckets up to this size are compared pair by pair. */
const MAX_BUCKET_PAIRS = 64;

export interface Cluster {
  /** The smallest member id: a stable key, whatever order the documents came in. */
  readonly canonical: string;
  /** Member ids, sorted. */
  readonly members: readonly string[];
  /** The lowest estimated similarity between two members joined directly. */
  readonly minSimilarity: number;
}

/**
 * What the reduce reads: the documents' ids and signatures, held in memory (clusters) or read from a spill
 * file band by band (pipeline/corpus.ts), so a corpus's signatures need not all be in memory at once.
 */
export interface SignatureTable {
  /** Documents numbered 0..count-1, their ids distinct. */
  readonly count: number;
  id(n: number): string;
  /** Document n's whole signature, read when a candidate pair is verified. */
  signature(n: number): Uint32Array;
  /** Every document's ROWS values of one band, in document order (ROWS numbers a document). */
  band(band: number): Uint32Array;
}

/**
 * The buckets of documents (by number) that share a band, two or more each. Band by band, the documents are
 * sorted by the band's values and equal runs read off: memory stays a few bytes a document, where a map of
 * band keys held sixteen strings a document (hundreds of MB for a million documents).
 */
function* bandBuckets(table: SignatureTable): Generator<number[]> {
  const order = Uint32Array.from({ length: table.count }, (_, n) => n);
  for (let band = 0; band < BANDS; band++) {
    const rows = table.band(band);
    const compare = (x: number, y: number): number => {
      for (let r = 0; r < ROWS; r++) {
        const a = rows[x * ROWS + r]!;
        const b = rows[y * ROWS + r]!;
        if (a !== b) return a - b;
      }
      return 0;
    };
    order.sort(compare);
    for (let start = 0; start < order.length; ) {
      let end = start + 1;
      while (end < order.length && compare(order[start]!, order[end]!) === 0) end++;
      if (end - start >= 2) yield Array.from(order.subarray(start, end));
      start = end;
    }
  }
}

/** Signatures in memory as a table. */
function memoryTable(ids: readonly string[], signatures: readonly Uint32Array[]): SignatureTable {
  return {
    count: ids.length,
    id: (n) => ids[n]!,
    signature: (n) => signatures[n]!,
    band: (band) => {
      const rows = new Uint32Array(ids.length * ROWS);
      for (let n = 0; n < ids.length; n++)
        rows.set(signatures[n]!.subarray(band * ROWS, band * ROWS + ROWS), n * ROWS);
      return rows;
    },
  };
}

/**
 * Reduce: verify the candidates that share a band and join them into clusters (union-find). Documents are
 * numbered internally (a pair is one number, not a string), ids decide every order.
 */
export function clusters(
  documents: ReadonlyArray<{ readonly id: string; readonly signature: Uint32Array }>,
  options: NearDuplicateOptions,
): Cluster[] {
  const numberOf = new Map<string, number>();
  const ids: string[] = [];
  const signatures: Uint32Array[] = [];
  for (const { id, signature: sig } of documents) {
    const n = numberOf.get(id);
    if (n === undefined) {
      numberOf.set(id, ids.length);
      ids.push(id);
      signatures.push(sig);
    } else signatures[n] = sig; // the same id twice: its last signature counts
  }
  return tableClusters(memoryTable(ids, signatures), options);
}

/** The clusters of a table's documents (its ids distinct): the same whichever way the table holds them. */
export function tableClusters(table: SignatureTable, options: NearDuplicateOptions): Cluster[] {
  const count = table.count;
  const id = (n: number) => table.id(n);
  const parent = new Int32Array(count).fill(-1); // -1: not joined to anything
  const find = (n: number): number => {
    let root = n;
    while (parent[root]! >= 0 && parent[root] !== root) root = parent[root]!;
    parent[n] = root;
    return root;
  };
  const checked = new Set<number>();
  const joined: Array<[number, number]> = [];
  // The signatures of the bucket being verified, each read once however many pairs it is in (a spilled table
  // reads one from disk per call). At most MAX_BUCKET_PAIRS of them: a huge bucket's chain drops them as it goes.
  let read = new Map<number, Uint32Array>();
  const signature = (n: number): Uint32Array => {
    let sig = read.get(n);
    if (sig === undefined) {
      if (read.size >= MAX_BUCKET_PAIRS) read = new Map();
      sig = table.signature(n);
      read.set(n, sig);
    }
    return sig;
  };
  const join = (x: number, y: number) => {
    const [a, b] = id(x) < id(y) ? [x, y] : [y, x];
    const pair = a * count + b;
    if (checked.has(pair)) return;
    checked.add(pair);
    const s = similarity(signature(a), signature(b));
    if (s < options.threshold) return;
    const ra = find(a);
    const rb = find(b);
    const root = id(ra) <= id(rb) ? ra : rb; // the smaller id leads, so the result does not depend on order
    parent[ra] = root;
    parent[rb] = root;
    joined.push([a, s]);
  };
  for (const bucket of bandBuckets(table)) {
    read = new Map();
    if (bucket.length <= MAX_BUCKET_PAIRS) {
      for (let i = 0; i < bucket.length; i++)
        for (let j = i + 1; j < bucket.length; j++) join(bucket[i]!, bucket[j]!);
    } else {
      // A huge bucket is a template shared by many pages: neighbours in id order still chain them together.
      const sorted = [...bucket].sort((x, y) => (id(x) < id(y) ? -1 : id(x) > id(y) ? 1 : 0));
      for (let i = 1; i < sorted.length; i++) join(sorted[i - 1]!, sorted[i]!);
    }
  }
  const groups = new Map<number, string[]>();
  for (let n = 0; n < count; n++) {
    if (parent[n]! < 0) continue;
    const root = find(n);
    const group = groups.get(root);
    if (group) group.push(id(n));
    else groups.set(root, [id(n)]);
  }
  const weakest = new Map<number, number>();
  for (const [n, s] of joined) {
    const root = find(n);
    weakest.set(root, Math.min(weakest.get(root) ?? 1, s));
  }
  const out: Cluster[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2) continue;
    const sorted = [...new Set(members)].sort();
    out.push({ canonical: sorted[0]!, members: sorted, minSimilarity: weakest.get(root) ?? 1 });
  }
  return out.sort((x, y) => (x.canonical < y.canonical ? -1 : 1));
}
