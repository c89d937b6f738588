/**
 * Worker thread entry: cleans a batch of inputs and serialises the records to UTF-8 bytes, so the main
 * thread is left with reading and writing.
 */
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { kTransferable, kValue, Tinypool } from 'tinypool';
import { signature } from '../stages/near-duplicates.js';
import type { SiteLines } from '../stages/site-repeated.js';
import type { Settle } from './clean.js';
import type { ConfigFile } from './config.js';
import { COLLECT_AFTER_BYTES, collectGarbage } from './gc.js';
import { loadHtmlCleaning } from './html-cleaning.js';
import { provenanceKey } from './manifest.js';
import { cleanToRecords, ruleCounts } from './records.js';
import type { Provenance, RejectedRecord } from './schemas.js';
import type { Part } from './sinks.js';
import type { DatasetWriter, DocumentParts } from './writers/index.js';
import { DEFAULT_WRITERS, encodeParts, PartArena, SpillArena } from './writers/index.js';
import { LARGE_TEXT } from './writers/json.js';
import type { OutputOptions } from './writers/options.js';
import { datasetWriters } from './writers/options.js';

export interface WorkItem {
  readonly provenance: Provenance;
  readonly bytes: Uint8Array;
  /** Its site (pipeline/site-index.ts), whose furniture lines travel with the batch. */
  readonly site: string;
  /** An HTML page, cleaned from its text view (stages/html.ts). */
  readonly html?: boolean;
}

export interface DocumentResult {
  readonly kind: 'document';
  readonly sourceSha256: string;
  readonly sourceBytes: number;
  readonly sourcePath: string;
  /** Which record of a container file, if any (a sharded run lists it in shard-items.jsonl). */
  readonly record: Provenance['record'];
  readonly sentenceCount: number;
  /** MinHash signature of the clean text for the near-duplicate pass, null if too short to compare. */
  readonly signature: Uint32Array | null;
  /** Counts per "stage.rule" for run.json. */
  readonly counts: Record<string, number>;
  /** provenanceKey of the provenance its parts were written with (the manifest keeps it). */
  readonly provenanceKey: string;
  /** The document's part of each dataset file, in the order of the run's writer list. */
  readonly out: readonly Part[];
}

export type WorkResult = DocumentResult | { readonly kind: 'rejected'; readonly rejected: RejectedRecord };

/** A task: the cleaning options travel with each batch, so the worker holds no state between tasks. */
export interface WorkBatch {
  readonly cleaning: ConfigFile['cleaning'];
  readonly items: readonly WorkItem[];
  /** The furniture line keys of the sites of the batch's items (stages/site-repeated.ts), by site. */
  readonly siteLines: Readonly<Record<string, readonly number[]>>;
  /** Which dataset files to encode each document for (the run's writer list, built from these options). */
  readonly output: OutputOptions;
  /** Where a document of many MB writes its parts (cleanItem), or null to hold every part in memory. */
  readonly spillDir: string | null;
}

/** Spill files written by this thread so far: their names only need to differ within a staging folder. */
let spilled = 0;

export function cleanItem(
  item: WorkItem,
  cleaning: ConfigFile['cleaning'],
  siteLines: SiteLines,
  writers: readonly DatasetWriter[] = DEFAULT_WRITERS,
  arena: PartArena = new PartArena(),
  /** Where a document of many MB writes its parts instead of holding them (the run's staging folder). */
  spillDir: string | null = null,
  /**
   * The item's bytes belong to this thread alone and nothing reads them after cleaning (a worker's batch, moved
   * to it): a document of many MB lets them go once decoded.
   */
  ownsBytes = false,
): WorkResult {
  const { provenance } = item;
  // A document of many MB collects garbage at its largest steps (pipeline/gc.ts): its peak is then what is
  // live, not what V8 let pile up. Ordinary pages never pay for it.
  const large = item.bytes.byteLength >= COLLECT_AFTER_BYTES;
  const settle = !large ? undefined : ownsBytes ? releasingFirst(item.bytes) : collectGarbage;
  const encoded = cleanAndEncode(item, cleaning, siteLines, writers, arena, spillDir, settle);
  if ('kind' in encoded) return encoded;
  const { text, counts, sentenceCount, out } = encoded;
  // The records are gone (cleanAndEncode returned): only the clean text is live while its signature's shingles
  // (4 bytes a word) are hashed, and after this collection the thread holds little while the main thread
  // writes the parts.
  const sig = signature(text, cleaning.nearDuplicates);
  settle?.();
  return {
    kind: 'document' as const,
    sourceSha256: provenance.sourceSha256,
    sourceBytes: provenance.sourceBytes,
    sourcePath: provenance.sourcePath,
    record: provenance.record,
    sentenceCount,
    signature: sig,
    counts,
    provenanceKey: provenanceKey(provenance),
    out,
  };
}

/**
 * Collects garbage, and at the first call first lets the input bytes go: cleaning settles first after the
 * bytes are decoded (pipeline/clean.ts), and reads them no more. Their buffer is moved out to a copy nothing
 * refers to, so every view of it (the batch's item, the callers' arguments) is left empty and the memory goes
 * at this collection, not when the batch is done. A view of part of a buffer is left alone.
 */
function releasingFirst(bytes: Uint8Array): Settle {
  let held: Uint8Array | null = bytes;
  return () => {
    if (held !== null) {
      const { buffer } = held;
      if (buffer instanceof ArrayBuffer && held.byteOffset === 0 && held.byteLength === buffer.byteLength)
        structuredClone(buffer, { transfer: [buffer] });
      held = null;
    }
    collectGarbage();
  };
}

/** What a document's result needs of its records once they are encoded. */
interface Encoded {
  readonly text: string;
  readonly counts: Record<string, number>;
  readonly sentenceCount: number;
  readonly out: Part[];
}

/**
 * The document cleaned and encoded, or its rejection. A function of its own so that the records (for a
 * document of many MB, most of the thread's heap) are no longer reachable once it returns.
 */
function cleanAndEncode(
  item: WorkItem,
  cleaning: ConfigFile['cleaning'],
  siteLines: SiteLines,
  writers: readonly DatasetWriter[],
  arena: PartArena,
  spillDir: string | null,
  settle: Settle | undefined,
): Encoded | Extract<WorkResult, { kind: 'rejected' }> {
  // The cleaned state is gone by the time the records are returned (pipeline/records.ts cleanToRecords).
  const records = cleanRecords(item, cleaning, siteLines, settle);
  if ('kind' in records) return records;
  const out = encodeRecords(records, writers, arena, spillDir, item.provenance.sourceSha256, settle);
  return {
    text: records.document.text,
    counts: ruleCounts(records.document),
    sentenceCount: records.sentences.length,
    out,
  };
}

/** Each writer's part of the document: in the batch's arena, or for a document of many MB in a spill file. */
function encodeRecords(
  records: DocumentParts,
  writers: readonly DatasetWriter[],
  arena: PartArena,
  spillDir: string | null,
  sha256: string,
  settle: Settle | undefined,
): Part[] {
  if (spillDir === null || records.document.text.length <= LARGE_TEXT)
    return encodeParts(writers, records, arena, settle);
  // A document of many MB: its parts (about 11 bytes a byte of text) go to a file as they are encoded.
  const spill = new SpillArena(join(spillDir, `${sha256.slice(0, 16)}-${threadId}-${spilled++}.spill`));
  try {
    return encodeParts(writers, records, spill, settle);
  } finally {
    spill.close();
  }
}

/**
 * The document's records, or its rejection. A function of its own so that the cleaned state (raw text,
 * blocks, logs with raw offsets) is no longer reachable while the records are encoded: for a document of
 * many MB the garbage collector can take it back instead of growing the heap.
 */
function cleanRecords(
  item: WorkItem,
  cleaning: ConfigFile['cleaning'],
  siteLines: SiteLines,
  settle?: Settle,
): DocumentParts | Extract<WorkResult, { kind: 'rejected' }> {
  const records = cleanToRecords(
    item.bytes,
    item.provenance,
    cleaning,
    siteLines,
    item.html === true,
    settle,
  );
  return 'code' in records ? { kind: 'rejected', rejected: records } : records;
}

/** The writer list of each output choice, built once per worker thread rather than once a batch. */
const writerLists = new Map<string, readonly DatasetWriter[]>();
function writersFor(output: OutputOptions): readonly DatasetWriter[] {
  const key = JSON.stringify(output);
  let writers = writerLists.get(key);
  if (writers === undefined) {
    writers = datasetWriters(output);
    writerLists.set(key, writers);
  }
  return writers;
}

/** What warm() needs: the run's options, without documents. */
export type WarmBatch = Pick<WorkBatch, 'cleaning' | 'output'>;

/**
 * A short made-up page (headline, byline, dateline, prose, a share bar, a list, a caption, a footer): warm()
 * cleans it so that every stage runs once.
 */
const WARM_PAGE = [
  'Council approves new plan for the river park',
  'By Jane Example',
  'Published 4 March 2024',
  'Share this article',
  'The city council voted on Tuesday to approve a new plan for the river park, ending a debate that had run for two years. The plan adds a footbridge, a playground and a longer path along the water.',
  '"We listened to what people told us," said the mayor, who had backed the plan from the start. "This is the park they asked for."',
  'Work is expected to begin in the spring. The council said the first section of the path would open before the end of the year, and the bridge a year later.',
  '- New footbridge over the river',
  '- A playground near the north gate',
  'Photo: The river park in winter. (Example Agency)',
  'Read more: Council budget for 2024',
  'Copyright 2024 Example News. All rights reserved.',
].join('\n');
const WARM_BYTES = new TextEncoder().encode(WARM_PAGE);

/**
 * Cleans WARM_PAGE and drops the result: run by each thread while the main thread builds the site index, so
 * what the first document of a thread pays once (loading the cleaning code, franc's tables built on first use,
 * regular expressions compiled on first use) is paid while the thread would wait anyway. Stages hold no
 * state between documents (the caches they fill are functions of read-only data), so no output changes.
 */
export function warm(batch: WarmBatch): void {
  const provenance: Provenance = {
    sourcePath: 'warm-up.txt',
    sourceSha256: '0'.repeat(64),
    sourceBytes: WARM_BYTES.byteLength,
    record: null,
    pipelineVersion: '',
    codeFingerprint: '',
    configHash: '',
  };
  cleanItem(
    { provenance, bytes: WARM_BYTES, site: '' },
    batch.cleaning,
    new Set(),
    writersFor(batch.output),
    new PartArena(),
    null,
  );
}

/**
 * The batch's results with their byte buffers (one arena's few buffers, whatever the number of documents and
 * dataset files) moved, not copied, to the main thread (tinypool's transferable protocol): the main thread
 * receives the WorkResult[] itself, each part a view into those buffers.
 */
export default function cleanBatch(
  batch: WorkBatch,
): ReturnType<typeof Tinypool.move> | Promise<ReturnType<typeof Tinypool.move>> {
  // The HTML half of cleaning is loaded by the first batch that holds an HTML page: a worker that cleans text
  // dumps never loads the HTML parser (pipeline/html-cleaning.ts).
  if (batch.items.some((item) => item.html === true))
    return loadHtmlCleaning().then(() => cleanBatchNow(batch));
  return cleanBatchNow(batch);
}

function cleanBatchNow(batch: WorkBatch): ReturnType<typeof Tinypool.move> {
  const sites = new Map(Object.entries(batch.siteLines).map(([site, keys]) => [site, new Set(keys)]));
  const none: SiteLines = new Set();
  const writers = writersFor(batch.output);
  // One arena for the batch: every part of every document is a view into its few buffers.
  const arena = new PartArena();
  const results = batch.items.map((item) =>
    cleanItem(item, batch.cleaning, sites.get(item.site) ?? none, writers, arena, batch.spillDir, true),
  );
  return Tinypool.move({ [kTransferable]: arena.buffers(), [kValue]: results });
}
