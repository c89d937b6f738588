/**
 * site-repeated: lines that repeat across many documents of one site (menus, footers, share bars, "More from
 * this section" headings) are the site's furniture, learned from the corpus instead of from rules.
 *
 * A corpus stage in three pure steps, so the work can be split by hash bucket across processes:
 * - map: `mapDocument(text)`: the distinct keys of a document's candidate lines (each line trimmed, runs of
 *   white space collapsed, hashed to a 53-bit number: the widest integer a JS number holds exactly), and its
 *   group (the key of its longest paragraph): documents of one site with the same group count once;
 * - reduce: `repeatedPairs` counts, for one hash bucket of (site, key) pairs, in how many distinct
 *   documents of its site each key occurs, and `isSiteFurniture` keeps the keys that pass the thresholds;
 * - apply: `siteRepeated(doc, lines)` removes the body lines whose key is in the document's site set
 *   (rule `site-repeated`), or logs them as a finding when they read as prose (`site-repeated-prose`).
 *
 * Policy for real article text that repeats across a site (a standard sign-off, a recurring disclaimer, a
 * recurring quote): a repeated line is removed only if it is short or does not read as a sentence (fewer than
 * `proseMinWords` words, or no sentence end). A repeated line that reads as prose is never removed: it is
 * logged as a finding, so a reader can see it (a config that knows its sites can set `prose: 'remove'`). Lines must also occur in at least
 * `minDocs` documents and in at least `minShare` of the site's documents, so a subheading that a few articles
 * share ("What happens next?") is not taken for furniture on a large site.
 *
 * No I/O, clock or global state: the index is built by the pipeline in a first pass over every input, and the
 * apply step sees only the set of its own site, so the result does not depend on worker order.
 */
import type { DocState, Role } from './document.js';
import { endsLikeSentence, isSpaceCode, reassign, wordCount } from './document.js';

const STAGE = 'site-repeated';

/** The stage's parameters; validated and defaulted by `cleaning.siteRepeated` in pipeline/config.ts. */
export interface SiteRepeatedOptions {
  /** Run the first pass and the stage at all. */
  readonly enabled: boolean;
  /** A line is furniture only if it occurs in at least this many distinct documents of its site. */
  readonly minDocs: number;
  /** ... and in at least this share (0-1) of the site's documents. */
  readonly minShare: number;
  /** Sites with fewer documents than this are left alone: too few pages to tell furniture from text. */
  readonly minSiteDocs: number;
  /** Lines longer than this (UTF-16 code units, trimmed) are never candidates: they are prose, and cost. */
  readonly maxLineChars: number;
  /** A repeated line with at least this many words that ends like a sentence reads as prose... */
  readonly proseMinWords: number;
  /** ... and is logged as a finding and kept ('finding', the default), or removed like the rest ('remove'). */
  readonly prose: 'finding' | 'remove';
}

/** 53-bit key of raw[start, end): trimmed, each run of white space read as one space (cyrb53 mixing). */
function keyOf(text: string, start: number, end: number): number {
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let space = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) {
      space = true;
      continue;
    }
    if (space) {
      h1 = Math.imul(h1 ^ 0x20, 2654435761);
      h2 = Math.imul(h2 ^ 0x20, 1597334677);
      space = false;
    }
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The key of one line: equal for lines that differ only in surrounding or repeated white space. */
export function lineKey(line: string): number {
  return keyOf(line, 0, line.length);
}

/** What the map step keeps of a document. */
export interface MappedDocument {
  /** The distinct keys of its candidate lines, ascending. */
  readonly keys: Float64Array;
  /**
   * The key of its longest line when that is longer than maxLineChars (a paragraph, not furniture), else
   * null. Versions of one article (crawled twice, updated, re-published with other furniture) share it and
   * count as one document of their site, so an article's own lines never look repeated because the site
   * holds three copies of it. A document with no line that long is a group of its own.
   */
  readonly group: number | null;
}

/**
 * Map: a decoded text's candidate line keys and its group. Lines are split the way segment splits them
 * (LF, CRLF or CR), so every body line the apply step sees has the key computed here.
 */
export function mapDocument(text: string, maxLineChars: number): MappedDocument {
  const keys: number[] = [];
  let longestStart = 0;
  let longestEnd = 0;
  // The next line end found by a native search, not a loop over every character: indexOf when the text
  // has no carriage return (the usual case, and a faster search than the regex's).
  const lineEnd = /[\n\r]/g;
  const lfOnly = text.indexOf('\r') < 0;
  for (let start = 0; start < text.length; ) {
    let end: number;
    if (lfOnly) {
      end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
    } else {
      lineEnd.lastIndex = start;
      end = lineEnd.test(text) ? lineEnd.lastIndex - 1 : text.length;
    }
    let a = start;
    let b = end;
    while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
    if (b > a && b - a <= maxLineChars) keys.push(keyOf(text, a, b));
    if (b - a > longestEnd - longestStart) {
      longestStart = a;
      longestEnd = b;
    }
    start = end + 1;
  }
  const sorted = new Float64Array(keys).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  const group = longestEnd - longestStart > maxLineChars ? keyOf(text, longestStart, longestEnd) : null;
  return { keys: sorted.slice(0, n), group };
}

/** A 53-bit key of the pair (site number, line key), for counting pairs with one numeric sort. */
export function pairKey(site: number, key: number): number {
  const lo = key % 4294967296;
  const hi = (key - lo) / 4294967296;
  let a = Math.imul(lo ^ Math.imul(site + 1, 0x9e3779b1), 0x85ebca6b);
  let b = Math.imul(hi ^ Math.imul(site + 1, 0xc2b2ae35), 0x27d4eb2f);
  a ^= b >>> 15;
  b ^= a >>> 13;
  a = Math.imul(a, 0x165667b1);
  b = Math.imul(b, 0x9e3779b1);
  return 4294967296 * (2097151 & (b ^ (a >>> 11))) + ((a ^ (b >>> 16)) >>> 0);
}

/** Which hash bucket (of `buckets`) a line key belongs to: a site's pairs for one key share a bucket. */
export function bucketOf(key: number, buckets: number): number {
  return (key % 4294967296) % buckets;
}

/**
 * Reduce, step 1: given the pair keys of one bucket (one per document and distinct line, in any order), the
 * pair keys that occur at least minDocs times. The array is sorted in place.
 */
export function repeatedPairs(pairs: Float64Array, minDocs: number): Map<number, number> {
  pairs.sort();
  const out = new Map<number, number>();
  for (let i = 0; i < pairs.length; ) {
    let j = i + 1;
    while (j < pairs.length && pairs[j] === pairs[i]) j++;
    if (j - i >= minDocs) out.set(pairs[i]!, j - i);
    i = j;
  }
  return out;
}

/** Reduce, step 2: whether a key repeated in `docs` of a site's `siteDocs` documents is furniture. */
export function isSiteFurniture(docs: number, siteDocs: number, options: SiteRepeatedOptions): boolean {
  return siteDocs >= options.minSiteDocs && docs >= options.minDocs && docs >= options.minShare * siteDocs;
}

/** Apply: the keys of one site's furniture lines (empty: the stage changes nothing). */
export type SiteLines = ReadonlySet<number>;

function readsAsProse(text: string, options: SiteRepeatedOptions): boolean {
  return wordCount(text) >= options.proseMinWords && endsLikeSentence(text);
}

/**
 * Apply: remove the body lines whose key is one of the site's furniture lines, logged with rule
 * `site-repeated`; a line that reads as prose stays and is logged as a `site-repeated-prose` finding.
 */
export function siteRepeated(doc: DocState, lines: SiteLines, options: SiteRepeatedOptions): DocState {
  if (!options.enabled || lines.size === 0) return doc;
  const changes = new Map<number, { role: Role; rule: string }>();
  const findings = [...doc.findings];
  for (const block of doc.blocks) {
    if (block.role !== 'body' || block.text.length > options.maxLineChars) continue;
    if (!lines.has(lineKey(block.text))) continue;
    if (options.prose === 'finding' && readsAsProse(block.text, options)) {
      findings.push({
        stage: STAGE,
        rule: 'site-repeated-prose',
        rawStart: block.rawStart,
        rawEnd: block.rawEnd,
        text: block.text,
        message: `repeated across ${options.minDocs} or more documents of this site, kept because it reads as prose`,
      });
    } else {
      changes.set(block.index, { role: 'boilerplate', rule: 'site-repeated' });
    }
  }
  const out = reassign(doc, STAGE, changes);
  if (findings.length === doc.findings.length) return out;
  findings.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { ...out, findings };
}

/**
 * The whole corpus step in memory, one document at a time: `add` maps a document (8 bytes a candidate line
 * are kept, not its text), `furniture` reduces in one bucket and keeps what passes the thresholds. The
 * pipeline does the same steps with the pairs spilled to disk and reduced bucket by bucket
 * (pipeline/site-index.ts); the library's learnSiteFurniture() and siteLinesInMemory use this.
 */
export class SiteLineCounter {
  private readonly siteNumbers = new Map<string, number>();
  private readonly siteDocs: number[] = [];
  private readonly groups = new Set<number>();
  private readonly docs: Array<{ site: number; keys: Float64Array; counted: boolean }> = [];

  constructor(private readonly options: SiteRepeatedOptions) {}

  add(site: string, text: string): void {
    let n = this.siteNumbers.get(site);
    if (n === undefined) {
      n = this.siteDocs.length;
      this.siteNumbers.set(site, n);
      this.siteDocs.push(0);
    }
    const { keys, group } = mapDocument(text, this.options.maxLineChars);
    // Only the first document of a group counts (pipeline/site-index.ts does the same, in input order).
    const counted = group === null || !this.groups.has(pairKey(n, group));
    if (counted) {
      if (group !== null) this.groups.add(pairKey(n, group));
      this.siteDocs[n]!++;
    }
    this.docs.push({ site: n, keys, counted });
  }

  /** Each site's furniture line keys (an empty set for a site without any). */
  furniture(): Map<string, Set<number>> {
    const { docs, siteDocs, options } = this;
    const counted = docs.filter((d) => d.counted);
    const pairs = new Float64Array(counted.reduce((sum, d) => sum + d.keys.length, 0));
    let at = 0;
    for (const d of counted) for (const key of d.keys) pairs[at++] = pairKey(d.site, key);
    const repeated = repeatedPairs(pairs, options.minDocs);
    const out = new Map<string, Set<number>>();
    for (const [site, n] of this.siteNumbers) {
      const keys = new Set<number>();
      for (const d of docs) {
        if (d.site !== n) continue;
        for (const key of d.keys) {
          const count = repeated.get(pairKey(n, key));
          if (count !== undefined && isSiteFurniture(count, siteDocs[n]!, options)) keys.add(key);
        }
      }
      out.set(site, keys);
    }
    return out;
  }
}

/** The whole corpus step in memory, for a set of documents small enough to hold (tests, eval). */
export function siteLinesInMemory(
  documents: Iterable<{ readonly site: string; readonly text: string }>,
  options: SiteRepeatedOptions,
): Map<string, Set<number>> {
  const counter = new SiteLineCounter(options);
  for (const { site, text } of documents) counter.add(site, text);
  return counter.furniture();
}
