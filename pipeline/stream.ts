/**
 * The library's streaming side (Node only): cleanStream() cleans documents that the caller reads, in worker
 * threads, and hands back their records in input order with a bounded number in flight; readFolder() reads a
 * folder as `newsclean run --in` does; learnSiteFurniture() is the run's first pass for site-repeated.
 */
import { createHash } from 'node:crypto';
import { Tinypool } from 'tinypool';
import { SiteLineCounter } from '../stages/site-repeated.js';
import type { ConfigFile } from './config.js';
import { ConfigError, configHash, MAX_CONCURRENCY } from './config.js';
import type { RunStamp } from './dedupe.js';
import { ExactDedupe } from './dedupe.js';
import { loadHtmlCleaning } from './html-cleaning.js';
import type { InputItem } from './inputs.js';
import { listInputFiles, readInputs } from './inputs.js';
import type { CleanDocument, ConfigInput, Rejected } from './library.js';
import { configOf } from './library.js';
import { defaultConcurrency } from './run.js';
import type { DuplicateRecord, SourceRecord } from './schemas.js';
import { siteOf, siteText } from './site-index.js';
import type { StreamBatch, StreamItem } from './stream-worker.js';
import { PIPELINE_VERSION, runningCodeFingerprint } from './version.js';

/** One input document, as a caller's own reader gives it to cleanStream(). */
export interface InputRecord {
  /** The document: its bytes as read, or a string (cleaned as its UTF-8 bytes); null when it could not be read. */
  readonly input: string | Uint8Array | null;
  /** `provenance.sourcePath` (default `''`): where it came from, e.g. a file path relative to the input folder. */
  readonly sourcePath?: string;
  /** `provenance.record`: which record of a container file it is (default null). Its `url` names the site. */
  readonly record?: SourceRecord | null;
  /** Why it could not be read, when `input` is null: it becomes a rejected record, as in a run. */
  readonly error?: InputItem['error'];
  /** The input is an HTML page (default false): cleaned from its text view, as `newsclean run` cleans `.html` files. */
  readonly html?: boolean;
}

/** What cleanStream() yields: a cleaned document, a rejection, or an exact duplicate of an earlier input. */
export type StreamRecord = CleanDocument | Rejected | DuplicateRecord;

/** True for the record of an input whose bytes equal an earlier input's (it is not cleaned twice). */
export function isDuplicate(record: StreamRecord): record is DuplicateRecord {
  return 'duplicateOf' in record;
}

/** The lines of each site that learnSiteFurniture() found repeated across its documents. */
export class SiteFurniture {
  /** @internal */
  constructor(private readonly sites: ReadonlyMap<string, ReadonlySet<number>>) {}

  /** Sites with at least one furniture line. */
  get siteCount(): number {
    return [...this.sites.values()].filter((lines) => lines.size > 0).length;
  }

  /** How many furniture lines a site has (0 for a site it does not know). */
  lineCount(site: string): number {
    return this.sites.get(site)?.size ?? 0;
  }

  /** @internal The line keys of a site, as the site-repeated stage reads them. */
  keys(site: string): readonly number[] {
    const lines = this.sites.get(site);
    return lines ? [...lines] : [];
  }
}

export interface CleanStreamOptions {
  /** The config, as in a `--config` file (default: every default); a wrong one throws ConfigError. */
  readonly config?: ConfigInput | ConfigFile;
  /** Worker threads (default: the config's `concurrency`, else one per core); 1 to 64. */
  readonly concurrency?: number;
  /** Documents per worker task (default 16, fewer past 1 MB of input). */
  readonly batchSize?: number;
  /**
   * The site furniture of the corpus, from learnSiteFurniture() over the same inputs: with it, the
   * `site-repeated` stage removes what `newsclean run` removes; without it, that stage removes nothing.
   */
  readonly siteFurniture?: SiteFurniture;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const utf8 = new TextEncoder();

function inputItem(input: InputRecord): InputItem {
  const bytes =
    input.input === null ? null : typeof input.input === 'string' ? utf8.encode(input.input) : input.input;
  return {
    sourcePath: input.sourcePath ?? '',
    record: input.record ?? null,
    bytes,
    sha256: bytes === null ? null : sha256(bytes),
    error: bytes === null ? (input.error ?? { code: 'unreadable', reason: 'no input given' }) : null,
    ...(input.html ? { html: true } : {}),
  };
}

function isItem(slot: StreamRecord | StreamItem): slot is StreamItem {
  return 'site' in slot && 'bytes' in slot;
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)
    throw new ConfigError(
      `expected \`concurrency\` to be a whole number from 1 to ${MAX_CONCURRENCY}, got \`${n}\``,
    );
  return n;
}

/** Bytes of input per task at most, as in a run: one large document is a task of its own. */
const BATCH_BYTES = 1024 * 1024;

/**
 * Cleans a stream of documents in worker threads and yields, in input order, what `newsclean run` writes for
 * each: the documents.jsonl record, the rejected.jsonl record of an input that cannot be cleaned, or the
 * duplicates.jsonl record of an input whose bytes equal an earlier one's. At most `2 × concurrency` batches
 * are read ahead of the consumer, so memory is bounded by the concurrency, not by the stream; the source is
 * read only as fast as the records are consumed. Breaking out of the loop stops the threads.
 *
 * @example
 * for await (const record of cleanStream(readFolder('raw'))) if (!isRejected(record)) console.log(record.id);
 */
export async function* cleanStream(
  source: AsyncIterable<InputRecord> | Iterable<InputRecord>,
  options: CleanStreamOptions = {},
): AsyncGenerator<StreamRecord, void, undefined> {
  const config = configOf(options.config);
  const cleaning = config.cleaning;
  const concurrency = checkConcurrency(options.concurrency ?? config.concurrency ?? defaultConcurrency());
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 16));
  const stamp: RunStamp = {
    pipelineVersion: PIPELINE_VERSION,
    codeFingerprint: runningCodeFingerprint(),
    configHash: configHash(cleaning),
  };
  const dedupe = new ExactDedupe(stamp);
  const furniture = options.siteFurniture;
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let pool: Tinypool | null = null;
  let exhausted = false;

  /**
   * Reads the next batch from the source and starts cleaning it; null when the source is done. (Its
   * records are wrapped: an async function would otherwise wait for the cleaning it started.)
   */
  const nextBatch = async (): Promise<{ readonly records: Promise<StreamRecord[]> } | null> => {
    const slots: Array<StreamRecord | StreamItem> = [];
    const items: StreamItem[] = [];
    let bytes = 0;
    while (slots.length < batchSize && bytes < BATCH_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const admission = dedupe.admit(inputItem(next.value));
      if (admission.kind === 'rejected') slots.push(admission.rejected);
      else if (admission.kind === 'duplicate') slots.push(admission.duplicate);
      else {
        const { provenance } = admission;
        const item: StreamItem = {
          bytes: admission.bytes,
          provenance,
          site: siteOf(provenance.sourcePath, provenance.record?.url),
          ...(admission.html ? { html: true } : {}),
        };
        slots.push(item);
        items.push(item);
        bytes += item.bytes.byteLength;
      }
    }
    if (slots.length === 0) return null;
    if (items.length === 0) return { records: Promise.resolve(slots as StreamRecord[]) };
    const siteLines: Record<string, readonly number[]> = {};
    if (furniture) for (const item of items) siteLines[item.site] ??= furniture.keys(item.site);
    const batch: StreamBatch = { cleaning, items, siteLines };
    pool ??= new Tinypool({
      filename: new URL('./stream-worker.js', import.meta.url).href,
      minThreads: concurrency,
      maxThreads: concurrency,
    });
    const results = pool.run(batch) as Promise<Array<CleanDocument | Rejected>>;
    return {
      records: results.then((cleaned) => {
        let r = 0;
        return slots.map((slot) => (isItem(slot) ? cleaned[r++]! : slot));
      }),
    };
  };

  const pending: Array<Promise<StreamRecord[]>> = [];
  try {
    for (;;) {
      while (!exhausted && pending.length < 2 * concurrency) {
        const batch = await nextBatch();
        if (batch === null) break;
        // A failure is thrown when its turn comes; until then it must not count as unhandled.
        batch.records.catch(() => undefined);
        pending.push(batch.records);
      }
      const head = pending.shift();
      if (head === undefined) return;
      for (const record of await head) yield record;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
    await (pool as Tinypool | null)?.destroy();
  }
}

/**
 * The inputs of a folder as `newsclean run --in DIR` reads them, in the same order (sorted paths, then
 * record order in a container file), for cleanStream() and learnSiteFurniture(). `config` gives the size
 * limit and the JSON Lines field names (`cleaning.decode.maxBytes`, `input.jsonl`).
 */
export async function* readFolder(
  inDir: string,
  options: { readonly config?: ConfigInput | ConfigFile } = {},
): AsyncGenerator<InputRecord, void, undefined> {
  const config = configOf(options.config);
  const { root, files } = await listInputFiles(inDir);
  for await (const item of readInputs(root, files, {
    maxBytes: config.cleaning.decode.maxBytes,
    input: config.input,
  }))
    yield {
      input: item.bytes,
      sourcePath: item.sourcePath,
      record: item.record,
      error: item.error,
      ...(item.html ? { html: true } : {}),
    };
}

/**
 * The run's first pass for the `site-repeated` stage: reads every input once and learns, per site (a
 * record's URL host, else the folder of its path), the lines repeated across its documents, with the
 * thresholds of `cleaning.siteRepeated`. Give it the same inputs as cleanStream() (a second reading of the
 * same source). It keeps 8 bytes per candidate line of every document in memory; the CLI spills them to disk.
 */
export async function learnSiteFurniture(
  source: AsyncIterable<InputRecord> | Iterable<InputRecord>,
  options: { readonly config?: ConfigInput | ConfigFile } = {},
): Promise<SiteFurniture> {
  const config = configOf(options.config);
  const siteOptions = config.cleaning.siteRepeated;
  if (!siteOptions.enabled) return new SiteFurniture(new Map());
  const counter = new SiteLineCounter(siteOptions);
  const seen = new Set<string>();
  for await (const input of source) {
    const item = inputItem(input);
    if (!item.bytes || !item.sha256) continue;
    const id = item.sha256.slice(0, 16);
    if (seen.has(id)) continue;
    seen.add(id);
    if (item.html) await loadHtmlCleaning();
    const text = siteText(item, config.cleaning.decode);
    if (text === null) continue;
    counter.add(siteOf(item.sourcePath, item.record?.url), text);
  }
  return new SiteFurniture(counter.furniture());
}
