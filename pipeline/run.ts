/**
 * One run: read inputs in sorted order, clean them in a worker pool, write records in input order.
 * p-queue bounds how many batches are in flight, so memory stays flat however large the corpus.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import PQueue from 'p-queue';
import { Tinypool } from 'tinypool';
import { signatureToHex } from '../stages/near-duplicates.js';
import type { ConfigFile } from './config.js';
import { ConfigError, configHash } from './config.js';
import { nearDuplicateRecords, SignatureStore } from './corpus.js';
import type { InputItem } from './inputs.js';
import { listInputFiles, readInputs } from './inputs.js';
import { MANIFEST_FILE, manifestEntry, manifestTrailer, PreviousOutput, spansDigest } from './manifest.js';
import { CsvWriter, JsonlWriter, Staging } from './output.js';
import { checkOutputAgainstInput } from './paths.js';
import type { Progress } from './progress.js';
import type { DuplicateRecord, Provenance, RejectedRecord } from './schemas.js';
import { jsonSchemas } from './schemas.js';
import { DOCUMENT_COLUMNS, SENTENCE_COLUMNS } from './serialize.js';
import type { SiteIndexStats } from './site-index.js';
import { buildSiteIndex, siteOfItem } from './site-index.js';
import { PIPELINE_VERSION, runningCodeFingerprint } from './version.js';
import type { WorkBatch, WorkItem, WorkResult } from './worker.js';
import { cleanItem } from './worker.js';

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
}

/** Written into every output folder, so a folder found on its own says what it is. */
export const OUT_README = `# newsclean output

Written by \`newsclean run\`; do not edit: the next run replaces this whole folder.
The fields of every file are described in the dataset card of the newsclean README and in \`schema/\`.
Dataset files (byte-identical for the same input and config): documents.jsonl, documents.csv,
sentences.jsonl, sentences.csv, rejected.jsonl, duplicates.jsonl, near-duplicates.jsonl,
schema/*.schema.json.
In the CSV files, a text cell that starts with = + - @ tab or CR has one \`'\` in front, so that spreadsheets
do not run it as a formula (OWASP's CSV injection guidance): remove the first character of every cell
matching \`^'+[=+\\-@\\t\\r]\` to get the exact text, which the JSON Lines files always hold.
\`run.json\` is the run report (timings, memory): it differs from run to run.
\`manifest.jsonl\` lets the next run into this folder reuse unchanged documents (see the README).
`;

export const DATASET_FILES = [
  'documents.jsonl',
  'documents.csv',
  'sentences.jsonl',
  'sentences.csv',
  'rejected.jsonl',
  'duplicates.jsonl',
  'near-duplicates.jsonl',
] as const;

/** What happens to one input, decided in the main thread in input order. */
type Slot =
  | { readonly kind: 'work'; readonly item: WorkItem }
  /** Cleaned by an earlier run with the same key: copied from the previous output when written. */
  | { readonly kind: 'reuse'; readonly item: WorkItem }
  | { readonly kind: 'rejected'; readonly rejected: RejectedRecord }
  | { readonly kind: 'duplicate'; readonly duplicate: DuplicateRecord };

class Writers {
  readonly documents: JsonlWriter;
  readonly documentsCsv: CsvWriter;
  readonly sentences: JsonlWriter;
  readonly sentencesCsv: CsvWriter;
  readonly rejected: JsonlWriter;
  readonly duplicates: JsonlWriter;
  readonly manifest: JsonlWriter;

  constructor(staging: Staging) {
    this.documents = new JsonlWriter(staging.path('documents.jsonl'), 'documents.jsonl');
    this.documentsCsv = new CsvWriter(staging.path('documents.csv'), 'documents.csv', DOCUMENT_COLUMNS);
    this.sentences = new JsonlWriter(staging.path('sentences.jsonl'), 'sentences.jsonl');
    this.sentencesCsv = new CsvWriter(staging.path('sentences.csv'), 'sentences.csv', SENTENCE_COLUMNS);
    this.rejected = new JsonlWriter(staging.path('rejected.jsonl'), 'rejected.jsonl');
    this.duplicates = new JsonlWriter(staging.path('duplicates.jsonl'), 'duplicates.jsonl');
    this.manifest = new JsonlWriter(staging.path(MANIFEST_FILE), MANIFEST_FILE);
  }

  async close(): Promise<void> {
    await Promise.all(
      [
        this.documents,
        this.documentsCsv,
        this.sentences,
        this.sentencesCsv,
        this.rejected,
        this.duplicates,
        this.manifest,
      ].map((w) => w.close()),
    );
  }
}

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

export async function run(options: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const cleaning = options.config.cleaning;
  const hash = configHash(cleaning);
  const code = runningCodeFingerprint();
  const concurrency = options.concurrency ?? options.config.concurrency ?? defaultConcurrency();
  const batchSize = options.batchSize ?? 16;
  const incremental = options.incremental ?? true;
  // A mistyped --in must not replace a good output with one that says "everything was rejected".
  await stat(options.inDir).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(
      `cannot read the input folder --in ${options.inDir} (${error.code ?? error.message})`,
    );
  });
  await checkOutputAgainstInput(options.inDir, options.outDir);
  const { root, files, skipped } = await listInputFiles(options.inDir);
  // Sizes for the progress bar's total, 256 stats at a time: a million small files is seconds, not minutes.
  // Only when someone watches: a quiet run reads each file's size once, when it reads the file.
  let totalBytes = 0;
  for (let i = 0; options.progress && i < files.length; i += 256) {
    const sizes = await Promise.all(
      files.slice(i, i + 256).map((file) =>
        stat(join(root, ...file.split('/'))).then(
          (info) => info.size,
          () => 0,
        ),
      ),
    );
    for (const size of sizes) totalBytes += size;
  }
  options.progress?.start({ files: files.length, bytes: totalBytes });

  const staging = await Staging.open(options.outDir);
  // Opened after Staging.open, which restores the previous output if a swap was interrupted.
  const previous = incremental
    ? await PreviousOutput.open(options.outDir, {
        configHash: hash,
        pipelineVersion: PIPELINE_VERSION,
        codeFingerprint: code,
      }).catch(() => null)
    : null;
  const writers = new Writers(staging);
  // The first pass: every input read once more, so each site's furniture is known before any is cleaned.
  const siteIndex = await buildSiteIndex(root, files, options.config, staging.path('.site-lines.tmp')).catch(
    async (error: unknown) => {
      await writers.close().catch(() => undefined);
      await previous?.close().catch(() => undefined);
      await staging.abandon().catch(() => undefined);
      throw error;
    },
  );
  // Threads start when the first batch needs cleaning: a re-run that reuses every document needs none.
  let pool = null as Tinypool | null;
  const workers = () => {
    pool ??= new Tinypool({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: concurrency,
      maxThreads: concurrency,
    });
    return pool;
  };
  const queue = new PQueue({ concurrency });

  const counts: Record<string, number> = {};
  const rejectedByCode: Record<string, number> = {};
  const outputs = { documents: 0, sentences: 0, rejected: 0, duplicates: 0, nearDuplicateClusters: 0 };
  const reuse = { reused: 0, cleaned: 0 };
  let bytesIn = 0;
  let records = 0;
  // Grows with the number of distinct documents (an id and a path each), not with their size.
  const seen = new Map<string, string>(); // document id → canonical source path
  // One MinHash signature (256 bytes) per document for the near-duplicate pass at the end.
  const signatures = new SignatureStore(staging.path('.signatures.tmp'));

  // Batches finish in any order; they are written strictly in sequence.
  const finished = new Map<number, Array<Slot | WorkResult>>();
  let nextToWrite = 0;
  let writing: Promise<void> = Promise.resolve();

  const reused = async (item: WorkItem): Promise<WorkResult> => {
    const old = await previous?.reuse(item.provenance, siteIndex.fingerprint(documentId(item)));
    if (old) {
      reuse.reused++;
      return {
        kind: 'document',
        sourceSha256: item.provenance.sourceSha256,
        sourceBytes: item.provenance.sourceBytes,
        sourcePath: item.provenance.sourcePath,
        ...old,
      };
    }
    reuse.cleaned++;
    // The earlier lines did not check out: clean it here.
    return cleanItem(item, cleaning, siteIndex.lines(item.site));
  };

  const writeResult = async (slot: Slot | WorkResult) => {
    const result = slot.kind === 'reuse' ? await reused(slot.item) : slot;
    if (result.kind === 'document') {
      outputs.documents++;
      outputs.sentences += result.sentenceCount;
      for (const [key, n] of Object.entries(result.counts)) counts[key] = (counts[key] ?? 0) + n;
      const files = [
        writers.documents,
        writers.documentsCsv,
        writers.sentences,
        writers.sentencesCsv,
      ] as const;
      const starts = files.map((w) => w.bytes);
      await writers.documents.writeRaw(result.out.documentJson);
      await writers.documentsCsv.writeRaw(result.out.documentCsv);
      await writers.sentences.writeRaw(result.out.sentencesJson);
      await writers.sentencesCsv.writeRaw(result.out.sentencesCsv);
      const span = (i: number) => [starts[i]!, files[i]!.bytes - starts[i]!] as const;
      await writers.manifest.write(
        manifestEntry({
          sha256: result.sourceSha256,
          configHash: hash,
          pipelineVersion: PIPELINE_VERSION,
          codeFingerprint: code,
          spans: [span(0), span(1), span(2), span(3)],
          digest: spansDigest(Object.values(result.out)),
          counts: result.counts,
          signature: result.signature === null ? null : signatureToHex(result.signature),
          siteLines: siteIndex.fingerprint(result.sourceSha256.slice(0, 16)),
        }),
      );
      if (result.signature !== null) {
        signatures.add(result.sourceSha256.slice(0, 16), result.sourcePath, result.signature);
      }
    } else if (result.kind === 'rejected') {
      outputs.rejected++;
      rejectedByCode[result.rejected.code] = (rejectedByCode[result.rejected.code] ?? 0) + 1;
      await writers.rejected.write(result.rejected);
    } else if (result.kind === 'duplicate') {
      outputs.duplicates++;
      await writers.duplicates.write(result.duplicate);
    }
    options.progress?.record(result.kind === 'document' ? result.sourceBytes : 0);
  };

  // Batches submitted but not yet written are bounded, so a slow batch cannot make finished ones pile up.
  const reorderWindow = concurrency * 4;
  let written = 0;
  let wake: Array<() => void> = [];
  const wakeAll = () => {
    for (const resolve of wake) resolve();
    wake = [];
  };

  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    wakeAll();
  };

  const drainInOrder = () => {
    writing = writing.then(async () => {
      if (failure !== null) return;
      for (let batch = finished.get(nextToWrite); batch; batch = finished.get(nextToWrite)) {
        finished.delete(nextToWrite);
        nextToWrite++;
        for (const result of batch) await writeResult(result);
        written++;
        wakeAll();
      }
    });
    writing.catch(fail);
    return writing;
  };

  const submit = async (seq: number, slots: Slot[]) => {
    while (failure === null && seq - written >= reorderWindow) await new Promise<void>((r) => wake.push(r));
    await queue.onSizeLessThan(concurrency);
    if (failure !== null) throw failure;
    // The task ends when the worker is done, not when the batch is written: a batch finished out of
    // order must not hold a worker slot while it waits for an earlier one.
    const task = queue.add(async () => {
      const items = slots.flatMap((slot) => (slot.kind === 'work' ? [slot.item] : []));
      const transfer = items.map((item) => item.bytes.buffer as ArrayBuffer);
      const siteLines: Record<string, number[]> = {};
      for (const item of items) siteLines[item.site] ??= [...siteIndex.lines(item.site)];
      const batch: WorkBatch = { cleaning, items, siteLines };
      const results: WorkResult[] = items.length
        ? await workers().run(batch, { transferList: transfer })
        : [];
      let r = 0;
      finished.set(
        seq,
        slots.map((slot) => (slot.kind === 'work' ? results[r++]! : slot)),
      );
      void drainInOrder();
    });
    task.catch(fail);
  };

  const slotFor = (item: InputItem): Slot => {
    const base = { pipelineVersion: PIPELINE_VERSION, codeFingerprint: code, configHash: hash };
    if (item.error || !item.bytes || !item.sha256) {
      return {
        kind: 'rejected',
        rejected: {
          sourcePath: item.sourcePath,
          record: item.record,
          sourceSha256: item.sha256,
          code: item.error?.code ?? 'unreadable',
          reason: item.error?.reason ?? 'no bytes read',
          ...base,
        },
      };
    }
    const id = item.sha256.slice(0, 16);
    const canonical = seen.get(id);
    if (canonical !== undefined) {
      return {
        kind: 'duplicate',
        duplicate: {
          sourcePath: item.sourcePath,
          record: item.record,
          sourceSha256: item.sha256,
          duplicateOf: id,
          canonicalPath: canonical,
          ...base,
        },
      };
    }
    seen.set(id, item.sourcePath);
    const provenance: Provenance = {
      sourcePath: item.sourcePath,
      sourceSha256: item.sha256,
      sourceBytes: item.bytes.byteLength,
      record: item.record,
      ...base,
    };
    const site = siteOfItem(item);
    if (previous?.has(item.sha256, siteIndex.fingerprint(id)))
      return { kind: 'reuse', item: { provenance, bytes: item.bytes, site } };
    reuse.cleaned++;
    return { kind: 'work', item: { provenance, bytes: ownBuffer(item.bytes), site } };
  };

  try {
    let seq = 0;
    let batch: Slot[] = [];
    let batchBytes = 0;
    const inputs = readInputs(root, files, {
      maxBytes: cleaning.decode.maxBytes,
      input: options.config.input,
      ...(options.progress ? { onRead: (n: number) => options.progress?.read(n) } : {}),
    });
    for await (const item of inputs) {
      options.progress?.reading(item.sourcePath);
      records++;
      bytesIn += item.bytes?.byteLength ?? 0;
      const slot = slotFor(item);
      batch.push(slot);
      if (slot.kind === 'work') batchBytes += slot.item.bytes.byteLength;
      if (batch.length >= batchSize || batchBytes >= 1024 * 1024) {
        await submit(seq++, batch);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) await submit(seq++, batch);
    await queue.onIdle();
    await writing.catch(() => undefined);
    if (failure !== null) throw failure;
    // Header bytes of an empty CSV count too: wait for them before reading the sizes.
    await writers.documentsCsv.headerWritten();
    await writers.sentencesCsv.headerWritten();
    await writers.manifest.write(
      manifestTrailer(
        [writers.documents, writers.documentsCsv, writers.sentences, writers.sentencesCsv].map(
          (w) => w.bytes,
        ),
      ),
    );
    await writers.close();
    await previous?.close();
    // Every batch is cleaned: the threads' memory goes before the near-duplicate pass takes its own.
    await pool?.destroy();
    pool = null;
    const nearDuplicates = nearDuplicateRecords(signatures.readAll(), cleaning.nearDuplicates, {
      pipelineVersion: PIPELINE_VERSION,
      codeFingerprint: code,
      configHash: hash,
    });
    await staging.writeFile(
      'near-duplicates.jsonl',
      nearDuplicates.map((record) => `${JSON.stringify(record)}\n`).join(''),
    );
    outputs.nearDuplicateClusters = nearDuplicates.length;
    for (const [name, text] of Object.entries(jsonSchemas())) await staging.writeFile(`schema/${name}`, text);
    await staging.writeFile('README.md', OUT_README);
    const totalMs = performance.now() - started;
    // maxRSS is the high-water mark of the whole process, worker threads included: no sampling needed.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const report: RunReport = {
      pipelineVersion: PIPELINE_VERSION,
      codeFingerprint: code,
      configHash: hash,
      config: cleaning,
      inputs: { files: files.length, records, skippedFiles: skipped, bytes: bytesIn },
      outputs,
      rejectedByCode: sortKeys(rejectedByCode),
      incremental: { enabled: incremental, ...reuse },
      counts: sortKeys(counts),
      languages: languageCounts(counts),
      siteIndex: siteIndex.stats,
      concurrency,
      timings: { totalMs: Math.round(totalMs) },
      throughput: {
        docsPerSecond: round((outputs.documents / totalMs) * 1000),
        megabytesPerSecond: round(bytesIn / 1e6 / (totalMs / 1000)),
      },
      peakRssBytes: peakRss,
    };
    await staging.writeFile('run.json', `${JSON.stringify(report, null, 2)}\n`);
    await staging.commit();
    options.progress?.finish();
    return report;
  } catch (error) {
    await writers.close().catch(() => undefined);
    await previous?.close().catch(() => undefined);
    await staging.abandon().catch(() => undefined);
    options.progress?.finish();
    throw error;
  } finally {
    signatures.close();
    await pool?.destroy();
  }
}

function documentId(item: WorkItem): string {
  return item.provenance.sourceSha256.slice(0, 16);
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
function languageCounts(counts: Record<string, number>): Record<string, number> {
  const prefix = 'language.';
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, n]) => [key.slice(prefix.length), n] as const)
      .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
