/**
 * The first pass of a run, for stages/site-repeated.ts: every input is read and decoded once in input order,
 * each document is mapped to the keys of its candidate lines, and the (site, key) pairs are counted per
 * distinct document. The result does not depend on how many workers clean later.
 *
 * Memory stays bounded: the pairs are spilled to a file in the staging folder as they come (8 bytes a
 * distinct line of a document, 28 a document), then reduced hash bucket by hash bucket, each bucket at most
 * BUCKET_KEYS pairs in memory. What stays in memory: the site names, one number per site, the furniture
 * keys of each site and one fingerprint per document that has furniture lines.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DecodeOptions } from '../stages/decode.js';
import { decodeText } from '../stages/decode.js';
import type { SiteRepeatedOptions } from '../stages/site-repeated.js';
import { bucketOf, isSiteFurniture, mapDocument, pairKey, repeatedPairs } from '../stages/site-repeated.js';
import type { ConfigFile } from './config.js';
import { COLLECT_AFTER_BYTES, collectGarbage } from './gc.js';
import { htmlCleaningLoaded, loadHtmlCleaning } from './html-cleaning.js';
import type { InputItem } from './inputs.js';
import { readInputs } from './inputs.js';

/** Pairs held in memory at once while reducing (8 bytes each): 32 MB. */
const BUCKET_KEYS = 4 * 1024 * 1024;
/**
 * A spilled document: its 16-character id, its site's number, whether its lines count (1) or it is another
 * version of a document already counted (0), how many keys follow (8 bytes each), and 4 bytes of padding, so
 * that the keys start at a multiple of 8 and are copied in and out as one Float64Array, not number by number.
 * The file is read back only by the process that wrote it, so the machine's byte order is the file's.
 */
const HEAD_BYTES = 16 + 4 + 4 + 4 + 4;
const CHUNK_BYTES = 1 << 20;

/**
 * The text whose lines the site pass counts: the decoded text, or an HTML page's text view (the text its
 * cleaning sees, so that a line learnt here is a line site-repeated meets); null when it does not decode.
 * For an HTML page, loadHtmlCleaning() (pipeline/html-cleaning.ts) must have been awaited in this thread.
 */
export function siteText(
  item: Pick<InputItem, 'bytes' | 'html' | 'httpContentType'>,
  options: DecodeOptions,
): string | null {
  if (!item.bytes) return null;
  if (item.html) return htmlCleaningLoaded().htmlSiteText(item.bytes, item.httpContentType ?? null, options);
  const decoded = decodeText(item.bytes, options);
  return decoded.ok ? decoded.text : null;
}

/** The site of an input: the host of its record's URL, else the folder of its file ("." at the top). */
export function siteOf(sourcePath: string, url: string | null | undefined): string {
  if (url) {
    try {
      const host = new URL(url).hostname;
      if (host) return host;
    } catch {
      // not a URL: the folder decides
    }
  }
  const slash = sourcePath.lastIndexOf('/');
  return slash < 0 ? '.' : sourcePath.slice(0, slash);
}

export function siteOfItem(item: Pick<InputItem, 'sourcePath' | 'record'>): string {
  return siteOf(item.sourcePath, item.record?.url);
}

export interface SiteIndexStats {
  /** Sites among the documents, and those with at least one furniture line. */
  readonly sites: number;
  readonly sitesWithFurniture: number;
  /** Furniture lines over all sites. */
  readonly furnitureLines: number;
  /** Distinct (document, candidate line) pairs counted, and the hash buckets they were reduced in. */
  readonly pairs: number;
  readonly buckets: number;
  readonly ms: number;
}

/** What the first pass learned: each site's furniture, and for reuse, a fingerprint per document. */
export class SiteIndex {
  private static readonly NONE: ReadonlySet<number> = new Set();

  constructor(
    private readonly sites: ReadonlyMap<string, ReadonlySet<number>>,
    private readonly fingerprints: ReadonlyMap<string, string>,
    readonly stats: SiteIndexStats,
  ) {}

  /** An index that knows nothing (the stage disabled): every document is cleaned on its own. */
  static empty(): SiteIndex {
    return new SiteIndex(new Map(), new Map(), {
      sites: 0,
      sitesWithFurniture: 0,
      furnitureLines: 0,
      pairs: 0,
      buckets: 0,
      ms: 0,
    });
  }

  lines(site: string): ReadonlySet<number> {
    return this.sites.get(site) ?? SiteIndex.NONE;
  }

  /**
   * The furniture lines a document holds, as a fingerprint ('' for none): part of its reuse key, so a re-run
   * cleans it again exactly when the lines the stage would remove from it change.
   */
  fingerprint(id: string): string {
    return this.fingerprints.get(id) ?? '';
  }

  /**
   * A digest of every site's furniture lines: shards of one run must have learned the same (pipeline/shard.ts),
   * since each builds the index over the whole input.
   */
  digest(): string {
    const hash = createHash('sha256');
    for (const name of [...this.sites.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const keys = Float64Array.from(this.sites.get(name) ?? []).sort();
      hash.update(`${name}\n${keys.length}\n`);
      hash.update(new Uint8Array(keys.buffer));
    }
    return hash.digest('hex');
  }
}

/**
 * V8 keeps the subject of the last successful RegExp match of a thread alive (the legacy `RegExp.input`): after
 * the site pass that is the text of the last document, as large as the document (a 10 MB one kept 20 MB of
 * this thread's heap for the whole run). A match on the empty string lets it go.
 */
export function forgetLastMatch(): void {
  /(?:)/.exec('');
}

/** The spill file: documents appended as they are mapped, read back in order as often as reducing needs. */
class PairSpill {
  private readonly fd: number;
  private chunk = Buffer.alloc(CHUNK_BYTES);
  private used = 0;
  pairs = 0;

  constructor(private readonly file: string) {
    this.fd = openSync(file, 'w+');
  }

  add(id: string, site: number, counted: boolean, keys: Float64Array): void {
    const size = HEAD_BYTES + keys.length * 8;
    if (this.used + size > this.chunk.length) this.flush();
    if (size > this.chunk.length) this.chunk = Buffer.alloc(size);
    this.chunk.write(id.padEnd(16).slice(0, 16), this.used, 'latin1');
    this.chunk.writeUInt32LE(site, this.used + 16);
    this.chunk.writeUInt32LE(counted ? 1 : 0, this.used + 20);
    this.chunk.writeUInt32LE(keys.length, this.used + 24);
    this.chunk.writeUInt32LE(0, this.used + 28);
    const at = this.chunk.byteOffset + this.used + HEAD_BYTES;
    new Float64Array(this.chunk.buffer, at, keys.length).set(keys);
    this.used += size;
    this.pairs += keys.length;
  }

  flush(): void {
    if (this.used > 0) writeSync(this.fd, this.chunk, 0, this.used);
    this.used = 0;
  }

  /** Every document in the order added. */
  forEach(visit: (id: string, site: number, counted: boolean, keys: Float64Array) => void): void {
    this.flush();
    let buffer = Buffer.alloc(CHUNK_BYTES);
    let filled = 0;
    let position = 0;
    for (;;) {
      const read = readSync(this.fd, buffer, filled, buffer.length - filled, position);
      position += read;
      filled += read;
      let at = 0;
      while (at + HEAD_BYTES <= filled) {
        const count = buffer.readUInt32LE(at + 24);
        const size = HEAD_BYTES + count * 8;
        if (at + size > filled) break;
        const start = buffer.byteOffset + at + HEAD_BYTES;
        const keys = new Float64Array(buffer.buffer.slice(start, start + count * 8));
        const id = buffer.toString('latin1', at, at + 16).trimEnd();
        visit(id, buffer.readUInt32LE(at + 16), buffer.readUInt32LE(at + 20) === 1, keys);
        at += size;
      }
      // Keep the unread tail; grow the buffer when one document does not fit.
      buffer.copy(buffer, 0, at, filled);
      filled -= at;
      if (read === 0) break;
      if (filled >= HEAD_BYTES) {
        const size = HEAD_BYTES + buffer.readUInt32LE(24) * 8;
        if (size > buffer.length) {
          const bigger = Buffer.alloc(size);
          buffer.copy(bigger, 0, 0, filled);
          buffer = bigger;
        }
      }
    }
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
  }
}

/**
 * Reads every input once (in the same order and with the same exact-duplicate rule as the run) and builds
 * the site index. Inputs that cannot be read or decoded are skipped here: the run rejects them itself.
 */
export async function buildSiteIndex(
  inDir: string,
  files: readonly string[],
  config: ConfigFile,
  spillFile: string,
): Promise<SiteIndex> {
  const options: SiteRepeatedOptions = config.cleaning.siteRepeated;
  if (!options.enabled) return SiteIndex.empty();
  const started = performance.now();
  const spill = new PairSpill(spillFile);
  try {
    const siteNumbers = new Map<string, number>();
    const siteDocs: number[] = [];
    // In a function of its own: an async function's frame keeps the last input and its decoded text (for a
    // document of many MB, three times its size) until it returns.
    const largest = await mapInputs(inDir, files, config, spill, siteNumbers, siteDocs);
    // A document of many MB left its decoded text (twice its size) in this thread's heap; this thread then
    // mostly waits for the workers and would keep that memory for the whole run (pipeline/gc.ts).
    if (largest >= COLLECT_AFTER_BYTES) collectGarbage();

    // Reduce bucket by bucket: count the pairs of one bucket, then resolve the repeated ones to their sites.
    const buckets = Math.max(1, Math.ceil(spill.pairs / BUCKET_KEYS));
    const furniture = siteDocs.map(() => new Set<number>());
    for (let bucket = 0; bucket < buckets; bucket++) {
      let pairs = new Float64Array(Math.min(spill.pairs, BUCKET_KEYS) || 1);
      let n = 0;
      spill.forEach((_id, site, counted, keys) => {
        if (!counted) return;
        for (const key of keys) {
          if (bucketOf(key, buckets) !== bucket) continue;
          if (n === pairs.length) {
            const grown = new Float64Array(pairs.length * 2);
            grown.set(pairs);
            pairs = grown;
          }
          pairs[n++] = pairKey(site, key);
        }
      });
      const repeated = repeatedPairs(pairs.subarray(0, n), options.minDocs);
      if (repeated.size === 0) continue;
      spill.forEach((_id, site, _counted, keys) => {
        if (siteDocs[site]! < options.minSiteDocs) return;
        for (const key of keys) {
          if (bucketOf(key, buckets) !== bucket) continue;
          const docs = repeated.get(pairKey(site, key));
          if (docs !== undefined && isSiteFurniture(docs, siteDocs[site]!, options))
            furniture[site]!.add(key);
        }
      });
    }

    // Each document's furniture lines, as a fingerprint for its reuse key.
    const fingerprints = new Map<string, string>();
    spill.forEach((id, site, _counted, keys) => {
      const set = furniture[site]!;
      if (set.size === 0) return;
      const own = keys.filter((key) => set.has(key)); // ascending, as mapped
      if (own.length === 0) return;
      fingerprints.set(
        id,
        createHash('sha256').update(new Uint8Array(own.buffer)).digest('hex').slice(0, 16),
      );
    });

    const sites = new Map<string, ReadonlySet<number>>();
    for (const [name, n] of siteNumbers) if (furniture[n]!.size > 0) sites.set(name, furniture[n]!);
    return new SiteIndex(sites, fingerprints, {
      sites: siteDocs.length,
      sitesWithFurniture: sites.size,
      furnitureLines: furniture.reduce((sum, set) => sum + set.size, 0),
      pairs: spill.pairs,
      buckets,
      ms: Math.round(performance.now() - started),
    });
  } finally {
    spill.close();
  }
}

/**
 * The map step: every input read and decoded in input order, its candidate lines' keys spilled. Fills the
 * site numbers and each site's count of distinct documents; returns the largest input's size in bytes.
 */
async function mapInputs(
  inDir: string,
  files: readonly string[],
  config: ConfigFile,
  spill: PairSpill,
  siteNumbers: Map<string, number>,
  siteDocs: number[],
): Promise<number> {
  const maxLineChars = config.cleaning.siteRepeated.maxLineChars;
  const seen = new Set<string>();
  // (site, group) pairs already counted: later versions of an article add no counts (stages/site-repeated.ts).
  const groups = new Set<number>();
  let largest = 0;
  const inputs = readInputs(inDir, files, {
    maxBytes: config.cleaning.decode.maxBytes,
    input: config.input,
  });
  for await (const item of inputs) {
    if (!item.bytes || !item.sha256) continue;
    largest = Math.max(largest, item.bytes.byteLength);
    const id = item.sha256.slice(0, 16);
    if (seen.has(id)) continue;
    seen.add(id);
    if (item.html) await loadHtmlCleaning();
    const mapped = mapItem(item, config.cleaning.decode, maxLineChars);
    if (mapped === null) continue;
    const site = siteOfItem(item);
    let n = siteNumbers.get(site);
    if (n === undefined) {
      n = siteDocs.length;
      siteNumbers.set(site, n);
      siteDocs.push(0);
    }
    const { keys, group } = mapped;
    const counted = group === null || !groups.has(pairKey(n, group));
    if (counted) {
      if (group !== null) groups.add(pairKey(n, group));
      siteDocs[n]!++;
    }
    spill.add(id, n, counted, keys);
  }
  forgetLastMatch();
  return largest;
}

/** One input's candidate line keys, or null when it does not decode (its text never outlives this call). */
function mapItem(
  item: Pick<InputItem, 'bytes' | 'html' | 'httpContentType'>,
  decode: DecodeOptions,
  maxLineChars: number,
): ReturnType<typeof mapDocument> | null {
  const text = siteText(item, decode);
  return text === null ? null : mapDocument(text, maxLineChars);
}
