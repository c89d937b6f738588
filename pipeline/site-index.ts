/**
 * The first pass of a run, for stages/site-repeated.ts: every input is read and decoded once in input order,
 * each document is mapped to the keys of its candidate lines, and the (site, key) pairs are counted per
 * distinct document. The result does not depend on how many workers clean later.
 *
 * Memory stays bounded: the pairs are spilled to a file in the staging folder as they come (8 bytes a
 * distinct line of a document, 28 a document), then reduced hash bucket by hash bucket, each bucket at most
 * BUCKET_KEYS pairs in memory. What stays in memory: the site names, one number per site, the furniture
 * keys of each site and one fingerprint per document that has furniture lines.
 *
 * The map step (each input's documents and their line keys) is kept in the output as site-index.bin
 * (pipeline/site-cache.ts): a re-run hashes each input file and maps only those that changed.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { DecodeOptions } from '../stages/decode.js';
import { decodeText } from '../stages/decode.js';
import type { SiteRepeatedOptions } from '../stages/site-repeated.js';
import { bucketOf, isSiteFurniture, mapDocument, pairKey, repeatedPairs } from '../stages/site-repeated.js';
import type { ConfigFile } from './config.js';
import { COLLECT_AFTER_BYTES, collectGarbage, forgetLastMatch } from './gc.js';
import { htmlCleaningLoaded, loadHtmlCleaning } from './html-cleaning.js';
import type { InputItem } from './inputs.js';
import { readInputs } from './inputs.js';
import type { FileDigest } from './shard.js';
import { fileHash } from './shard.js';
import type { CachedDoc, CachedFile } from './site-cache.js';
import { SiteCacheReader, SiteCacheWriter } from './site-cache.js';
import { modulesLoadedBy, runningCodeFingerprint } from './version.js';

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
  /** Input files whose line keys came from the previous run's site-index.bin (unchanged since). */
  readonly filesReused: number;
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
      filesReused: 0,
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
  /** The previous run's map step to reuse and where to keep this one's (site-cache.ts); null for neither. */
  cache: SiteCacheFiles | null = null,
  /** Where to keep the inputs read here for the run's own pass (KeptReads), or null to keep none. */
  keep: KeptReads | null = null,
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
    const { largest, filesReused } = await mapInputs(
      inDir,
      files,
      config,
      spill,
      siteNumbers,
      siteDocs,
      cache,
      keep,
    );
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
      filesReused,
      ms: Math.round(performance.now() - started),
    });
  } finally {
    spill.close();
  }
}

/**
 * The key of the map step's cache (pipeline/site-cache.ts): what decides an input's documents and their line
 * keys besides its bytes: the code of this module and every module it loads (readers, decoders, the HTML text
 * view, mapDocument), the cleaning code's fingerprint, and the decode, input and line-length settings.
 */
export function siteCacheKey(config: ConfigFile): string {
  const here = fileURLToPath(import.meta.url);
  const root = dirname(dirname(here));
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  const hash = createHash('sha256');
  for (const path of modulesLoadedBy(root, [`pipeline/site-index${ext}`], ext).sort()) {
    const digest = createHash('sha256')
      .update(readFileSync(join(root, ...path.split('/'))))
      .digest('hex');
    hash.update(`${path}\0${digest}\n`);
  }
  const { decode, input, siteRepeated } = { ...config.cleaning, input: config.input };
  hash.update(
    JSON.stringify({
      code: runningCodeFingerprint(),
      decode,
      input,
      maxLineChars: siteRepeated.maxLineChars,
    }),
  );
  return hash.digest('hex');
}

/** The previous run's map step to reuse, and where this run's goes (pipeline/site-cache.ts). */
export interface SiteCacheFiles {
  /** The previous output's site-index.bin, or null to map every input. */
  readonly previous: string | null;
  /** Where to write this run's (in the staging folder), or null to write none. */
  readonly next: string | null;
  /** siteCacheKey(config): a cache written under another key is not read. */
  readonly key: string;
}

/**
 * Inputs the map step read, kept for the run's own pass so that it does not read, parse and hash them a second
 * time: whole files only, the files the run cleans (`wanted`), while their bytes fit `maxBytes` in all. Each is
 * handed over once (take) and then dropped, so what is kept goes as the run's pass moves on.
 */
export class KeptReads {
  private readonly files = new Map<string, { readonly items: InputItem[]; readonly bytesRead: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly wanted: ReadonlySet<string>,
  ) {}

  /** Starts keeping one file's items as they are read; null when it is not wanted or nothing fits any more. */
  open(file: string): KeptFile | null {
    return this.wanted.has(file) && this.bytes < this.maxBytes
      ? new KeptFile(this.maxBytes - this.bytes)
      : null;
  }

  /** A file read to its end: kept if it fit. */
  close(file: string, kept: KeptFile | null): void {
    if (kept === null || kept.items === null) return;
    this.bytes += kept.bytes;
    this.files.set(file, { items: kept.items, bytesRead: kept.bytesRead });
  }

  /**
   * The inputs of `files` in order, as readInputs(dir, files, options) gives them: a kept file's items (its
   * bytes read reported to options.onRead at once), the others read now.
   */
  async *inputs(
    dir: string,
    files: readonly string[],
    options: Parameters<typeof readInputs>[2],
  ): AsyncGenerator<InputItem> {
    for (const file of files) {
      const kept = this.files.get(file);
      if (kept === undefined) {
        yield* readInputs(dir, [file], options);
        continue;
      }
      this.files.delete(file);
      options.onRead?.(kept.bytesRead);
      yield* kept.items;
    }
  }
}

/** One file's items while it is read, until they no longer fit (then none are kept). */
class KeptFile {
  items: InputItem[] | null = [];
  bytes = 0;
  bytesRead = 0;

  constructor(private readonly room: number) {}

  add(item: InputItem): void {
    if (this.items === null) return;
    this.bytes += item.bytes?.byteLength ?? 0;
    if (this.bytes > this.room) this.items = null;
    else this.items.push(item);
  }
}

/** The documents' order-dependent bookkeeping of the map step, shared by mapped and reused inputs. */
class MapState {
  readonly seen = new Set<string>();
  // (site, group) pairs already counted: later versions of an article add no counts (stages/site-repeated.ts).
  readonly groups = new Set<number>();

  constructor(
    private readonly spill: PairSpill,
    private readonly siteNumbers: Map<string, number>,
    private readonly siteDocs: number[],
  ) {}

  /** A mapped document, in input order. */
  add(id: string, site: string, group: number | null, keys: Float64Array): void {
    let n = this.siteNumbers.get(site);
    if (n === undefined) {
      n = this.siteDocs.length;
      this.siteNumbers.set(site, n);
      this.siteDocs.push(0);
    }
    const counted = group === null || !this.groups.has(pairKey(n, group));
    if (counted) {
      if (group !== null) this.groups.add(pairKey(n, group));
      this.siteDocs[n]!++;
    }
    this.spill.add(id, n, counted, keys);
  }

  /**
   * Whether a reused block's documents meet the same fate as when it was written: each one marked as seen
   * before (its bytes in an earlier input) is seen now, and no other is. Inputs before it may have changed.
   */
  replays(block: CachedFile): boolean {
    const here = new Set<string>();
    for (const doc of block.docs) {
      const seen = this.seen.has(doc.id) || here.has(doc.id);
      if (seen !== (doc.kind === 'seen')) return false;
      here.add(doc.id);
    }
    return true;
  }
}

/**
 * The map step: every input read and decoded in input order, its candidate lines' keys spilled, or taken
 * from the previous run's cache when its file is unchanged (files' sha256 and size). Fills the site numbers
 * and each site's count of distinct documents; returns the largest input mapped here, in bytes, and how many
 * files were reused.
 */
async function mapInputs(
  inDir: string,
  files: readonly string[],
  config: ConfigFile,
  spill: PairSpill,
  siteNumbers: Map<string, number>,
  siteDocs: number[],
  cache: SiteCacheFiles | null,
  keep: KeptReads | null,
): Promise<{ largest: number; filesReused: number }> {
  const maxLineChars = config.cleaning.siteRepeated.maxLineChars;
  const state = new MapState(spill, siteNumbers, siteDocs);
  const previous = cache?.previous ? SiteCacheReader.open(cache.previous, cache.key) : null;
  const next = cache?.next ? new SiteCacheWriter(cache.next, cache.key) : null;
  const listed = new Set(files);
  let largest = 0;
  let filesReused = 0;
  try {
    for (const file of files) {
      const path = join(inDir, ...file.split('/'));
      // Hashed before it is read only when there is a cache to compare with (fileHash streams the file); for
      // a cache to write only, from the bytes its reader reads (RawHash), not in a read of its own.
      const digest = previous !== null ? await fileHash(path) : null;
      const block =
        previous !== null && digest !== null
          ? previous.take(file, digest.sha256, digest.bytes, listed)
          : null;
      if (block !== null && state.replays(block)) {
        for (const doc of block.docs) {
          state.seen.add(doc.id);
          if (doc.kind === 'mapped') state.add(doc.id, doc.site, doc.group, doc.keys);
        }
        next?.add(block);
        filesReused++;
        continue;
      }
      const docs: CachedDoc[] = [];
      const kept = keep?.open(file) ?? null;
      const raw = next !== null && digest === null ? new RawHash() : null;
      const inputs = readInputs(inDir, [file], {
        maxBytes: config.cleaning.decode.maxBytes,
        input: config.input,
        ...(kept === null && raw === null
          ? {}
          : {
              onRead: (bytes: number, chunk?: Uint8Array) => {
                if (kept !== null) kept.bytesRead += bytes;
                raw?.add(bytes, chunk);
              },
            }),
      });
      for await (const item of inputs) {
        kept?.add(item);
        if (!item.bytes || !item.sha256) continue;
        largest = Math.max(largest, item.bytes.byteLength);
        const id = item.sha256.slice(0, 16);
        if (state.seen.has(id)) {
          docs.push({ kind: 'seen', id });
          continue;
        }
        state.seen.add(id);
        if (item.html) await loadHtmlCleaning();
        const mapped = mapItem(item, config.cleaning.decode, maxLineChars);
        if (mapped === null) {
          docs.push({ kind: 'undecodable', id });
          continue;
        }
        const site = siteOfItem(item);
        state.add(id, site, mapped.group, mapped.keys);
        docs.push({ kind: 'mapped', id, site, group: mapped.group, keys: mapped.keys });
      }
      // (A file rewritten between its hash and its reading would be kept under the old bytes' hash: the run's
      // cleaning reads it once more anyway, and no run is consistent over a file that changes under it.)
      if (next !== null) {
        const whole = digest ?? (await (raw ?? new RawHash()).digest(path));
        if (whole.bytes > 0) next.add({ path: file, ...whole, docs });
      }
      keep?.close(file, kept);
    }
  } finally {
    previous?.close();
    next?.close();
  }
  forgetLastMatch();
  return { largest, filesReused };
}

/**
 * A file's fileHash() (pipeline/shard.ts) from the raw bytes its reader told onRead as it read them: when they
 * were the whole regular file, in order; else (a reader that stopped early, a file that is not a regular one or
 * changed size) the file is hashed by reading it again.
 */
class RawHash {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private whole = true;

  add(bytes: number, chunk: Uint8Array | undefined): void {
    if (chunk === undefined || chunk.byteLength !== bytes) this.whole = false;
    if (!this.whole || chunk === undefined) return;
    this.hash.update(chunk);
    this.bytes += bytes;
  }

  async digest(path: string): Promise<FileDigest> {
    const info = await lstat(path).catch(() => null);
    if (this.whole && info?.isFile() && info.size === this.bytes)
      return { bytes: this.bytes, sha256: this.hash.digest('hex') };
    return fileHash(path);
  }
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
