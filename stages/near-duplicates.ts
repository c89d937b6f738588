/**
 * near-duplicates (a corpus stage): the same story published twice with small changes (another headline,
 * a fixed typo, a trimmed paragraph) is found across documents and recorded as a cluster, never dropped.
 * Shaped as map → bucket → reduce so it can be split across processes: each document maps to a MinHash
 * signature and band keys; documents sharing a band key are candidates; the reduce verifies candidates and
 * joins them into clusters. Pure and deterministic: fixed hash seeds, clusters keyed by their smallest id.
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
const HASHES = BANDS * ROWS;

/** Fixed odd multipliers and offsets: the same signature on every machine and every run. */
const MULTIPLIERS = Uint32Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0);
const OFFSETS = Uint32Array.from({ length: HASHES }, (_, i) => Math.imul(i + 7, 0x85ebca6b) >>> 0);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes a 32-bit value so that nearby inputs land far apart (murmur3's finaliser). */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The MinHash signature of a text's word shingles, or null when it has too few words to compare. */
export function signature(text: string, options: NearDuplicateOptions): Uint32Array | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < options.shingleSize * 2) return null;
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  for (let i = 0; i + options.shingleSize <= words.length; i++) {
    const base = fnv1a(words.slice(i, i + options.shingleSize).join(' '));
    for (let k = 0; k < HASHES; k++) {
      const h = mix((Math.imul(base, MULTIPLIERS[k]!) + OFFSETS[k]!) >>> 0);
      if (h < mins[k]!) mins[k] = h;
    }
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

/** The bucket keys of a signature: documents that share one are compared. */
export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    keys.push(`${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS), (n) => n.toString(36)).join('.')}`);
  }
  return keys;
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

/** Reduce: verify the candidates that share a band and join them into clusters (union-find). */
export function clusters(
  documents: ReadonlyArray<{ readonly id: string; readonly signature: Uint32Array }>,
  options: NearDuplicateOptions,
): Cluster[] {
  const byId = new Map(documents.map((d) => [d.id, d.signature]));
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const buckets = new Map<string, string[]>();
  for (const { id, signature: sig } of documents) {
    for (const key of bandKeys(sig)) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(id);
      else buckets.set(key, [id]);
    }
  }
  const checked = new Set<string>();
  const join = (x: string, y: string) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const pair = `${a} ${b}`;
    if (checked.has(pair)) return;
    checked.add(pair);
    const s = similarity(byId.get(a)!, byId.get(b)!);
    if (s < options.threshold) return;
    const ra = find(a);
    const rb = find(b);
    const root = [ra, rb].sort()[0]!; // the smaller id leads, so the result does not depend on order
    parent.set(ra, root);
    parent.set(rb, root);
    joined.push([a, s]);
  };
  const joined: Array<[string, number]> = [];
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    if (bucket.length <= MAX_BUCKET_PAIRS) {
      for (let i = 0; i < bucket.length; i++)
        for (let j = i + 1; j < bucket.length; j++) join(bucket[i]!, bucket[j]!);
    } else {
      // A huge bucket is a template shared by many pages: neighbours in id order still chain them together.
      const sorted = [...bucket].sort();
      for (let i = 1; i < sorted.length; i++) join(sorted[i - 1]!, sorted[i]!);
    }
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const group = groups.get(root);
    if (group) group.push(id);
    else groups.set(root, [id]);
  }
  const weakest = new Map<string, number>();
  for (const [id, s] of joined) {
    const root = find(id);
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
