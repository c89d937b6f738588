/**
 * One run, in three parts: a reader (inputs in sorted order, exact duplicates set aside: dedupe.ts), cleaning
 * (batches in a worker pool whose results come back in input order: pool.ts), and writers (each dataset file a
 * writer of the list in writers/, which this file never names). Memory stays flat however large the corpus:
 * the pool bounds how many batches are in flight.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Tinypool } from 'tinypool';
import { signatureToHex } from '../stages/near-duplicates.js';
import { datasetCard } from './card.js';
import type { ConfigFile } from './config.js';
import { ConfigError, configHash } from './config.js';
import { SignatureStore, storedNearDuplicateRecords } from './corpus.js';
import { DatasetFiles } from './dataset.js';
import type { RunStamp } from './dedupe.js';
import { ExactDedupe } from './dedupe.js';
import { INLINE_MAX_BYTES, INLINE_MAX_FILES, takeEarlyWorkers, workerPool } from './early-workers.js';
import { listInputFiles } from './inputs.js';
import { PreviousOutput, provenanceKey } from './manifest.js';
import { JsonlWriter, Staging } from './output.js';
import { checkOutputAgainstInput } from './paths.js';
import { OrderedPool } from './pool.js';
import type { Progress } from './progress.js';
import type { DuplicateRecord, RejectedRecord } from './schemas.js';
import { jsonSchemas } from './schemas.js';
import type { CoveredFile, ShardItem, ShardMarker, ShardSpec } from './shard.js';
import {
  fileHash,
  firstMismatch,
  folderDigests,
  listingDigest,
  readMarker,
  SHARD_FORMAT,
  SHARD_ITEMS,
  SHARD_MARKER,
  sameShardKey,
  shardOf,
} from './shard.js';
import { SITE_CACHE_FILE } from './site-cache.js';
import type { SiteCacheFiles, SiteIndex, SiteIndexStats } from './site-index.js';
import { buildSiteIndex, KeptReads, siteCacheKey, siteOfItem } from './site-index.js';
import { PIPELINE_VERSION, runningCodeFingerprint } from './version.js';
import type { DocumentResult, WarmBatch, WorkBatch, WorkItem, WorkResult } from './worker.js';
import type { DatasetWriter } from './writers/index.js';
import { DEFAULT_WRITERS, PartArena } from './writers/index.js';
import { recordSchemas } from './writers/lean-schemas.js';
import type { OutputOptions } from './writers/options.js';
import { datasetWriters, resolveOutput } from './writers/options.js';

export interface RunOptions {
  readonly inDir: string;
  readonly outDir: string;
  readonly config: ConfigFile;
  readonly concurrency?: number;
  readonly progress?: Progress;
  /**
   * Documents per worker task (default 16, or fewer past 1 MB): enough to amortise the thread hop (~100 ms of
   * work per task on news pages); small, because every batch in flight holds its inputs and results in memory.
   */
  readonly batchSize?: number;
  /** Reuse the records of documents already cleaned in outDir with the same config and version (default on). */
  readonly incremental?: boolean;
  /** Which dataset files to write (default: the config file's `output`, else JSON Lines and CSV). */
  readonly output?: OutputOptions;
  /**
   * Write an empty dataset when --in holds no input file (default off: an empty --in, such as a failed input
   * mount, is refused with EmptyInputError and outDir is left as it was).
   */
  readonly allowEmpty?: boolean;
  /** Also write the audit report (report/, static HTML) from the finished dataset files (pipeline/report/). */
  readonly report?: boolean;
  /**
   * Clean only the input files whose relative path falls in this shard (pipeline/shard.ts), and write what
   * `merge` needs beside the dataset: shard-items.jsonl and the completion marker shard.json. A shard whose
   * marker says it already covered the same inputs with the same code, config and site index is skipped.
   */
  readonly shard?: ShardSpec;
}

/** --in holds no input file (only hidden or skipped ones, or nothing): refused before outDir is touched. */
export class EmptyInputError extends Error {
  override readonly name = 'EmptyInputError';
}

export interface RunReport {
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
  readonly configHash: string;
  readonly config: ConfigFile['cleaning'];
  readonly inputs: {
    readonly files: number;
    /** Input records: one per plain file, one per line or WARC record of a container file. */
    readonly records: number;
    readonly skippedFiles: readonly string[];
    readonly bytes: number;
  };
  readonly outputs: {
    readonly documents: number;
    readonly sentences: number;
    readonly rejected: number;
    readonly duplicates: number;
    readonly nearDuplicateClusters: number;
  };
  readonly rejectedByCode: Record<string, number>;
  /** Documents whose records were copied from the previous output (manifest.jsonl) vs cleaned now. */
  readonly incremental: { readonly enabled: boolean; readonly reused: number; readonly cleaned: number };
  readonly counts: Record<string, number>;
  /** Documents per detected language (ISO 639-1, 'und' when not told), from the "language.*" counts. */
  readonly languages: Record<string, number>;
  /** The first pass for site-repeated: sites, furniture lines learned, pairs counted, its time. */
  readonly siteIndex: SiteIndexStats;
  readonly concurrency: number;
  readonly timings: { readonly totalMs: number };
  readonly throughput: { readonly docsPerSecond: number; readonly megabytesPerSecond: number };
  readonly peakRssBytes: number;
  /** A sharded run's shard; `skipped` (never written) when its finished output was kept as it was. */
  readonly shard?: ShardSpec & { readonly skipped?: boolean };
  /** A merged run (pipeline/merge.ts): each shard's own figures. */
  readonly shards?: readonly ShardFigures[];
}

/** What a merged run.json keeps of each shard's run.json. */
export interface ShardFigures {
  readonly index: number;
  readonly files: number;
  readonly records: number;
  readonly documents: number;
  readonly incremental: RunReport['incremental'];
  readonly totalMs: number;
  readonly peakRssBytes: number;
}

/** The dataset files a run with these writers writes: one per writer, then the side files, in this order. */
export function datasetFiles(writers: readonly DatasetWriter[]): string[] {
  return [
    ...writers.map((writer) => writer.file),
    'rejected.jsonl',
    'duplicates.jsonl',
    'near-duplicates.jsonl',
  ];
}

/** The dataset files of a default run. */
export const DATASET_FILES: readonly string[] = datasetFiles(DEFAULT_WRITERS);

/** What happens to one input, decided in the main thread in input order. */
type Slot =
  | { readonly kind: 'work'; readonly item: WorkItem }
  /** Cleaned by an earlier run with the same key: copied from the previous output when written. */
  | { readonly kind: 'reuse'; readonly item: WorkItem }
  | { readonly kind: 'rejected'; readonly rejected: RejectedRecord }
  | { readonly kind: 'duplicate'; readonly duplicate: DuplicateRecord };

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/** Counts for run.json, added up in input order as records are written. */
export class Tally {
  readonly counts: Record<string, number> = {};
  readonly rejectedByCode: Record<string, number> = {};
  readonly outputs = { documents: 0, sentences: 0, rejected: 0, duplicates: 0, nearDuplicateClusters: 0 };
  readonly reuse = { reused: 0, cleaned: 0 };
  bytesIn = 0;
  records = 0;

  document(result: Pick<DocumentResult, 'sentenceCount' | 'counts'>): void {
    this.outputs.documents++;
    this.outputs.sentences += result.sentenceCount;
    for (const [key, n] of Object.entries(result.counts)) this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  rejected(record: RejectedRecord): void {
    this.outputs.rejected++;
    this.rejectedByCode[record.code] = (this.rejectedByCode[record.code] ?? 0) + 1;
  }
}

/**
 * The worker threads of a run: started when the first batch needs cleaning (a re-run that reuses every document
 * needs none), or ahead of it by warm(), so that starting them overlaps the site pass.
 */
class Workers {
  private pool: Tinypool | null = null;

  constructor(private readonly concurrency: number) {}

  /**
   * Starts every thread and has each load the cleaning code and clean a small page (worker.ts warm()), without
   * waiting: a thread's start-up and what its first document pays once (franc's tables, compiling the
   * expressions) are spent while this thread reads the input for the site pass instead of after it. A failure
   * here is the first real batch's failure too, so it is left to that batch.
   */
  warm(batch: WarmBatch): void {
    const pool = this.started();
    for (let i = 0; i < this.concurrency; i++)
      pool.run(batch satisfies WarmBatch, { name: 'warm' }).catch(() => undefined);
  }

  run(batch: WorkBatch, transfer: ArrayBuffer[]): Promise<WorkResult[]> {
    return this.started().run(batch, { transferList: transfer });
  }

  /** The threads' memory goes before the near-duplicate pass takes its own. */
  async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  private started(): Tinypool {
    // The CLI may have started them already, while it loaded (pipeline/early-workers.ts).
    this.pool ??= takeEarlyWorkers(this.concurrency) ?? workerPool(this.concurrency);
    return this.pool;
  }
}

/**
 * Cleaning: batches go to the worker threads; reused documents are read back from the previous output in this
 * thread.
 */
class Cleaner {
  /**
   * The cleaning code in this thread, loaded the first time this thread cleans (a small run, or a reused
   * document whose earlier parts do not check out): a run whose workers clean every document never loads the
   * stages, the sentence parser and franc's data here.
   */
  private here: Promise<typeof import('./worker.js')> | null = null;

  constructor(
    private readonly workers: Workers,
    private readonly cleaning: ConfigFile['cleaning'],
    private readonly output: OutputOptions,
    private readonly writers: readonly DatasetWriter[],
    private readonly siteIndex: SiteIndex,
    private readonly previous: PreviousOutput | null,
    private readonly tally: Tally,
    /** Clean in this thread: a small run would spend longer starting worker threads than cleaning. */
    private readonly inline: boolean,
    /** Where a document of many MB writes its parts instead of holding them (worker.ts cleanItem). */
    private readonly spillDir: string,
  ) {}

  /** The batch's results, slot for slot (reused slots are resolved when written). */
  async clean(slots: readonly Slot[]): Promise<Array<Slot | WorkResult>> {
    const items = slots.flatMap((slot) => (slot.kind === 'work' ? [slot.item] : []));
    if (items.length === 0) return [...slots];
    if (this.inline) {
      const { cleanItem } = await this.cleaningHere();
      const arena = new PartArena();
      return slots.map((slot) =>
        slot.kind === 'work'
          ? cleanItem(
              slot.item,
              this.cleaning,
              this.siteIndex.lines(slot.item.site),
              this.writers,
              arena,
              this.spillDir,
            )
          : slot,
      );
    }
    const siteLines: Record<string, number[]> = {};
    for (const item of items) siteLines[item.site] ??= [...this.siteIndex.lines(item.site)];
    const batch: WorkBatch = {
      cleaning: this.cleaning,
      items,
      siteLines,
      output: this.output,
      spillDir: this.spillDir,
    };
    const transfer = items.map((item) => item.bytes.buffer as ArrayBuffer);
    const results = await this.workers.run(batch, transfer);
    let r = 0;
    return slots.map((slot) => (slot.kind === 'work' ? results[r++]! : slot));
  }

  /** A document of the previous output, or cleaned here if its earlier parts do not check out. */
  async reused(item: WorkItem): Promise<WorkResult> {
    const id = item.provenance.sourceSha256.slice(0, 16);
    const old = await this.previous?.reuse(item.provenance, this.siteIndex.fingerprint(id));
    if (old) {
      this.tally.reuse.reused++;
      return {
        kind: 'document',
        sourceSha256: item.provenance.sourceSha256,
        sourceBytes: item.provenance.sourceBytes,
        sourcePath: item.provenance.sourcePath,
        record: item.provenance.record,
        provenanceKey: provenanceKey(item.provenance),
        ...old,
      };
    }
    this.tally.reuse.cleaned++;
    const { cleanItem } = await this.cleaningHere();
    return cleanItem(
      item,
      this.cleaning,
      this.siteIndex.lines(item.site),
      this.writers,
      new PartArena(),
      this.spillDir,
    );
  }

  private cleaningHere(): Promise<typeof import('./worker.js')> {
    this.here ??= import('./worker.js');
    return this.here;
  }
}

export async function run(options: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const cleaning = options.config.cleaning;
  const hash = configHash(cleaning);
  const concurrency = options.concurrency ?? options.config.concurrency ?? defaultConcurrency();
  const batchSize = options.batchSize ?? 16;
  const incremental = options.incremental ?? true;
  const output = options.output ?? resolveOutput(options.config.output);
  const writers = datasetWriters(output);
  // A mistyped --in must not replace a good output with one that says "everything was rejected".
  await stat(options.inDir).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(
      `cannot read the input folder --in ${options.inDir} (${error.code ?? error.message})`,
    );
  });
  await checkOutputAgainstInput(options.inDir, options.outDir);
  const { root, files: allFiles, skipped } = await listInputFiles(options.inDir);
  // A nightly batch whose input mount failed must not swap yesterday's dataset for an empty one.
  if (allFiles.length === 0 && !(options.allowEmpty ?? false)) {
    const hidden = skipped.length === 0 ? '' : ` (${skipped.length} hidden or skipped)`;
    throw new EmptyInputError(
      `no input files under --in ${options.inDir}${hidden}: refusing to write an empty dataset, --out left as it was (pass --allow-empty to write one)`,
    );
  }
  // A shard reads and cleans its own files; the site pass below still reads them all.
  const shard = options.shard ?? null;
  const files =
    shard === null ? allFiles : allFiles.filter((file) => shardOf(file, shard.count) === shard.index);
  // A few small files (raw/, a quick try) are cleaned in this thread: starting the pool would cost more. The
  // CLI did not start the pool early for them (early-workers.ts fewSmallFiles, on the same bounds).
  const small = files.length <= INLINE_MAX_FILES ? await totalSize(root, files) : null;
  const inline = small !== null && small <= INLINE_MAX_BYTES;
  options.progress?.start({
    files: files.length,
    bytes: options.progress ? (small ?? (await totalSize(root, files))) : 0,
  });
  const workers = new Workers(concurrency);
  // A run that reuses nothing (--no-incremental) cleans every document in the worker threads: they start now,
  // before the code's fingerprint is computed and the staging folder opened, and go on starting while this
  // thread reads the input for the site pass. A run that may reuse starts them once it knows it reuses nothing.
  const warmed = !inline && !incremental && files.length > 0;
  if (warmed) workers.warm({ cleaning, output });
  const stamp: RunStamp = {
    pipelineVersion: PIPELINE_VERSION,
    codeFingerprint: runningCodeFingerprint(),
    configHash: hash,
  };

  // Until the try below, a failure stops the threads warm() started, or they would keep the process alive.
  const stopWorkers = async (error: unknown): Promise<never> => {
    await workers.stop();
    throw error;
  };
  const staging = await Staging.open(options.outDir).catch(stopWorkers);
  // Opened after Staging.open, which restores the previous output if a swap was interrupted.
  const previous = incremental
    ? await PreviousOutput.open(options.outDir, stamp, writers).catch(() => null)
    : null;
  let dataset: DatasetFiles | null = null;
  const tally = new Tally();
  // One MinHash signature (256 bytes) per document for the near-duplicate pass at the end.
  let signatures: SignatureStore;
  try {
    signatures = new SignatureStore(staging.path('.signatures.tmp'));
  } catch (error) {
    await previous?.close().catch(() => undefined);
    await staging.abandon().catch(() => undefined);
    return stopWorkers(error);
  }
  let items: JsonlWriter | null = null;
  try {
    // With nothing to reuse, every document is cleaned in the worker threads: they start now, while this
    // thread reads the input once for the site pass, rather than after it.
    if (!warmed && !inline && previous === null && files.length > 0) workers.warm({ cleaning, output });
    // The first pass: every input read once more, so each site's furniture is known before any is cleaned.
    // A shard reads the whole input here: its documents' furniture depends on documents of other shards.
    // An unchanged input's line keys come from the previous output's site-index.bin, and this run's go into
    // its own (pipeline/site-cache.ts). Not for a shard: a skipped shard would keep one of older inputs, and
    // a merged folder holds none.
    const siteCache: SiteCacheFiles | null =
      shard === null && cleaning.siteRepeated.enabled
        ? {
            previous: incremental ? join(staging.target, SITE_CACHE_FILE) : null,
            next: staging.path(SITE_CACHE_FILE),
            key: siteCacheKey(options.config),
          }
        : null;
    // The inputs it reads are kept for cleaning (up to KEPT_READ_BYTES), rather than read and parsed again.
    const kept = new KeptReads(KEPT_READ_BYTES, new Set(files));
    const siteIndex = await buildSiteIndex(
      root,
      allFiles,
      options.config,
      staging.path('.site-lines.tmp'),
      siteCache,
      kept,
    );
    let shardKey: Omit<ShardMarker, 'files'> | null = null;
    if (shard !== null) {
      shardKey = {
        format: SHARD_FORMAT,
        shard: { index: shard.index, count: shard.count },
        ...stamp,
        config: cleaning,
        inputConfig: options.config.input,
        output: { formats: output.formats, compress: output.compress, lean: output.lean },
        input: { files: allFiles.length, listing: listingDigest(allFiles), skipped },
        siteIndex: siteIndex.digest(),
        covered: await coveredFiles(root, files),
      };
      const done = incremental ? await finishedShard(options.outDir, shardKey) : null;
      if (done !== null) {
        await previous?.close();
        await staging.abandon();
        options.progress?.finish();
        return { ...done, shard: { index: shard.index, count: shard.count, skipped: true } };
      }
      items = new JsonlWriter(staging.path(SHARD_ITEMS), SHARD_ITEMS);
    }
    const listed = items;
    const out = await DatasetFiles.open(staging, writers);
    dataset = out;
    const clean = new Cleaner(
      workers,
      cleaning,
      output,
      writers,
      siteIndex,
      previous,
      tally,
      inline,
      staging.path('.spill'),
    );

    const write = async (slot: Slot | WorkResult): Promise<void> => {
      const result = slot.kind === 'reuse' ? await clean.reused(slot.item) : slot;
      if (listed !== null) await listed.write(shardItem(result));
      if (result.kind === 'document') {
        tally.document(result);
        const id = result.sourceSha256.slice(0, 16);
        await out.writeDocument({
          out: result.out,
          entry: {
            sha256: result.sourceSha256,
            ...stamp,
            provenance: result.provenanceKey,
            sentences: result.sentenceCount,
            counts: result.counts,
            signature: result.signature === null ? null : signatureToHex(result.signature),
            siteLines: siteIndex.fingerprint(id),
          },
        });
        if (result.signature !== null) signatures.add(id, result.sourcePath, result.signature);
      } else if (result.kind === 'rejected') {
        tally.rejected(result.rejected);
        await out.writeRejected(result.rejected);
      } else if (result.kind === 'duplicate') {
        tally.outputs.duplicates++;
        await out.writeDuplicate(result.duplicate);
      }
      options.progress?.record(result.kind === 'document' ? result.sourceBytes : 0);
    };
    const pool = new OrderedPool<Slot[], Array<Slot | WorkResult>>({
      concurrency,
      run: (slots) => clean.clean(slots),
      write: async (results) => {
        for (const result of results) await write(result);
      },
    });

    const dedupe = new ExactDedupe(stamp);
    const slotFor = (admission: ReturnType<ExactDedupe['admit']>): Slot => {
      if (admission.kind !== 'new') return admission;
      const { id, provenance, bytes, html } = admission;
      const site = siteOfItem({ sourcePath: provenance.sourcePath, record: provenance.record });
      if (previous?.has(provenance.sourceSha256, siteIndex.fingerprint(id)))
        return { kind: 'reuse', item: { provenance, bytes, site, ...(html ? { html } : {}) } };
      tally.reuse.cleaned++;
      return { kind: 'work', item: { provenance, bytes: ownBuffer(bytes), site, ...(html ? { html } : {}) } };
    };

    let batch: Slot[] = [];
    let batchBytes = 0;
    const inputs = kept.inputs(root, files, {
      maxBytes: cleaning.decode.maxBytes,
      input: options.config.input,
      ...(options.progress ? { onRead: (n: number) => options.progress?.read(n) } : {}),
    });
    for await (const item of inputs) {
      options.progress?.reading(item.sourcePath);
      tally.records++;
      tally.bytesIn += item.bytes?.byteLength ?? 0;
      const slot = slotFor(dedupe.admit(item));
      batch.push(slot);
      if (slot.kind === 'work') batchBytes += slot.item.bytes.byteLength;
      if (batch.length >= batchSize || batchBytes >= 1024 * 1024) {
        await pool.submit(batch);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) await pool.submit(batch);
    await pool.finish();
    await out.close();
    // Every spill file went once its document was written; the folder must not end up in the output.
    await rm(staging.path('.spill'), { recursive: true, force: true });
    await items?.close();
    await previous?.close();
    await workers.stop();

    tally.outputs.nearDuplicateClusters = await writeCorpusFiles(staging, signatures, {
      cleaning,
      stamp,
      output,
      writers,
      documents: tally.outputs.documents,
      counts: tally.counts,
    });
    const totalMs = performance.now() - started;
    // maxRSS is the high-water mark of the whole process, worker threads included: no sampling needed.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const report: RunReport = {
      ...stamp,
      config: cleaning,
      inputs: { files: files.length, records: tally.records, skippedFiles: skipped, bytes: tally.bytesIn },
      outputs: tally.outputs,
      rejectedByCode: sortKeys(tally.rejectedByCode),
      incremental: { enabled: incremental, ...tally.reuse },
      counts: sortKeys(tally.counts),
      languages: languageCounts(tally.counts),
      siteIndex: siteIndex.stats,
      concurrency,
      timings: { totalMs: Math.round(totalMs) },
      throughput: {
        docsPerSecond: round((tally.outputs.documents / totalMs) * 1000),
        megabytesPerSecond: round(tally.bytesIn / 1e6 / (totalMs / 1000)),
      },
      peakRssBytes: peakRss,
      ...(shard === null ? {} : { shard: { index: shard.index, count: shard.count } }),
    };
    await staging.writeFile('run.json', `${JSON.stringify(report, null, 2)}\n`);
    // Built from the staged files, so the report is swapped in with the dataset it describes. Loaded only
    // here: the report's modules (and hyparquet, which reads a Parquet-only output) are no cost of a run without.
    if (options.report) await (await import('./report/build.js')).buildReport({ outDir: staging.dir });
    // The completion marker last, vouching for every file staged before it; swapped in with them.
    if (shardKey !== null) {
      const marker: ShardMarker = { ...shardKey, files: await folderDigests(staging.dir) };
      await staging.writeFile(SHARD_MARKER, `${JSON.stringify(marker, null, 2)}\n`);
    }
    await staging.commit();
    options.progress?.finish();
    return report;
  } catch (error) {
    await dataset?.abandon();
    await items?.close().catch(() => undefined);
    await previous?.close().catch(() => undefined);
    await staging.abandon().catch(() => undefined);
    options.progress?.finish();
    throw error;
  } finally {
    signatures.close();
    await workers.stop();
  }
}

/**
 * The files every dataset ends with, written after its documents: near-duplicates.jsonl (the clusters over all
 * signatures, in input order), the JSON Schemas and the dataset card. Returns the number of clusters.
 * Shared by run and merge, so a merged dataset's files are made exactly as a single run's.
 */
export async function writeCorpusFiles(
  staging: Staging,
  signatures: SignatureStore,
  what: {
    readonly cleaning: ConfigFile['cleaning'];
    readonly stamp: RunStamp;
    readonly output: OutputOptions;
    readonly writers: readonly DatasetWriter[];
    readonly documents: number;
    readonly counts: Record<string, number>;
  },
): Promise<number> {
  // Band by band from the spill file: the signatures are never all in memory (pipeline/corpus.ts).
  const nearDuplicates = storedNearDuplicateRecords(signatures, what.cleaning.nearDuplicates, what.stamp);
  await staging.writeFile(
    'near-duplicates.jsonl',
    nearDuplicates.map((record) => `${JSON.stringify(record)}\n`).join(''),
  );
  for (const [name, text] of Object.entries(jsonSchemas(recordSchemas(what.output.lean))))
    await staging.writeFile(`schema/${name}`, text);
  const languages = Object.keys(languageCounts(what.counts)).filter((code) => code !== 'und');
  await staging.writeFile(
    'README.md',
    datasetCard(what.writers, what.output, { documents: what.documents, languages }),
  );
  return nearDuplicates.length;
}

/** A shard's input files with their sha256, for its marker (and so for deciding it is already done). */
async function coveredFiles(root: string, files: readonly string[]): Promise<CoveredFile[]> {
  const covered: CoveredFile[] = [];
  for (const file of files) covered.push({ path: file, ...(await fileHash(join(root, ...file.split('/')))) });
  return covered;
}

/**
 * The run.json of a shard folder that already holds this shard finished with this key (same inputs, code,
 * config, output options and site index), every file matching its recorded sha256; else null.
 */
async function finishedShard(outDir: string, key: Omit<ShardMarker, 'files'>): Promise<RunReport | null> {
  const marker = await readMarker(outDir);
  if (marker === null || !sameShardKey(marker, key)) return null;
  if ((await firstMismatch(outDir, marker)) !== null) return null;
  try {
    return JSON.parse(await readFile(join(outDir, 'run.json'), 'utf8')) as RunReport;
  } catch {
    return null;
  }
}

/** A written input's line in shard-items.jsonl. */
function shardItem(result: Slot | WorkResult): ShardItem {
  if (result.kind === 'document')
    return { kind: 'document', path: result.sourcePath, record: result.record, sha256: result.sourceSha256 };
  if (result.kind === 'duplicate') {
    const { sourcePath, record, sourceSha256 } = result.duplicate;
    return { kind: 'duplicate', path: sourcePath, record, sha256: sourceSha256 };
  }
  if (result.kind === 'rejected') {
    const { sourcePath, record, sourceSha256 } = result.rejected;
    // Rejected when read (no bytes, so no sha256) or admitted and then rejected by cleaning.
    return {
      kind: sourceSha256 === null ? 'rejected' : 'failed',
      path: sourcePath,
      record,
      sha256: sourceSha256,
    };
  }
  throw new Error('a reused document is resolved before it is written');
}

/**
 * Bytes of input the site pass keeps for cleaning, so that they are not read, parsed and hashed again: all of
 * the bench's 8 MB corpus; a larger input's first files, the rest read again as before.
 */
const KEPT_READ_BYTES = 16 * 1024 * 1024;

/**
 * Sizes for the progress bar's total, 256 stats at a time: a million small files is seconds, not minutes.
 * Only when someone watches: a quiet run reads each file's size once, when it reads the file.
 */
async function totalSize(root: string, files: readonly string[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < files.length; i += 256) {
    const sizes = await Promise.all(
      files.slice(i, i + 256).map((file) =>
        stat(join(root, ...file.split('/'))).then(
          (info) => info.size,
          () => 0,
        ),
      ),
    );
    for (const size of sizes) total += size;
  }
  return total;
}

/**
 * Transferring a view's buffer to a worker detaches all of it: copy views that share a larger buffer.
 * The copy goes through Uint8Array.prototype.slice: on a Buffer, `slice()` is another view of the same memory
 * (readers hand out Buffers cut from one pooled ArrayBuffer, and naming it twice in a transfer list throws).
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : Uint8Array.prototype.slice.call(bytes);
}

/** "language.de": 3 → "de": 3, most documents first, then by code. */
export function languageCounts(counts: Record<string, number>): Record<string, number> {
  const prefix = 'language.';
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, n]) => [key.slice(prefix.length), n] as const)
      .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
