/**
 * `newsclean merge --out FINAL SHARD...`: the shards of a sharded run (pipeline/shard.ts) made into one dataset
 * whose dataset files are byte-identical to a single `newsclean run` over the whole input.
 *
 * It first checks, before touching FINAL: every shard has its completion marker; all were made by the same
 * version, code and config, with the same output options, from the same input listing and site index; the
 * shards are 0..N-1 of one N, each once, and cover every input file exactly once; every file of every shard
 * matches the size and sha256 its marker recorded. Then it streams: the input files in sorted path order, each
 * file's records from the shard that covered it (shard-items.jsonl), exact duplicates resolved across shards by
 * the run's own rule (the first copy in input order is the document, later ones duplicates of it), documents'
 * parts copied byte for byte from the shards' dataset files (checked against the manifest's digest), and the
 * near-duplicate pass over all kept documents' signatures at the end. It writes into a staging folder swapped
 * in as a whole, like run: a crash leaves the previous FINAL whole.
 *
 * Memory holds what a single run holds: an id and a path per distinct document (exact duplicates), the list of
 * input file names, and at the end the near-duplicate pass's signatures (spilled to disk while streaming).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { signatureFromHex } from '../stages/near-duplicates.js';
import { ConfigError, configHash } from './config.js';
import { SignatureStore } from './corpus.js';
import { DatasetFiles } from './dataset.js';
import type { RunStamp } from './dedupe.js';
import { ExactDedupe } from './dedupe.js';
import type { ManifestEntry } from './manifest.js';
import { MANIFEST_FILE, spansDigest } from './manifest.js';
import { Staging } from './output.js';
import { realPathOf, within } from './paths.js';
import type { RunReport, ShardFigures } from './run.js';
import { languageCounts, round, sortKeys, Tally, writeCorpusFiles } from './run.js';
import type { RejectedRecord } from './schemas.js';
import type { ShardItem, ShardMarker } from './shard.js';
import { firstMismatch, listingDigest, readMarker, SHARD_ITEMS, SHARD_MARKER, shardOf } from './shard.js';
import type { PartReader } from './sinks.js';
import type { DatasetWriter } from './writers/index.js';
import { datasetWriters } from './writers/options.js';

export interface MergeOptions {
  /** The shard folders (`OUT/shard-*`), in any order. */
  readonly shards: readonly string[];
  readonly outDir: string;
  /** Also write the audit report into FINAL/report/. */
  readonly report?: boolean;
}

/** The shards cannot be merged (exit 5): what is wrong and with which shard; FINAL is left as it was. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

interface Shard {
  readonly dir: string;
  readonly marker: ShardMarker;
  readonly run: RunReport;
}

/** Lines of a file, streamed, empty lines skipped. */
class Lines {
  private readonly iterator: AsyncIterator<string>;
  private peeked: string | null = null;

  constructor(path: string) {
    this.iterator = createInterface({ input: createReadStream(path), crlfDelay: Infinity })[
      Symbol.asyncIterator
    ]();
  }

  async peek(): Promise<string | null> {
    if (this.peeked !== null) return this.peeked;
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) return null;
      if (next.value) {
        this.peeked = next.value;
        return next.value;
      }
    }
  }

  async next(): Promise<string | null> {
    const line = await this.peek();
    this.peeked = null;
    return line;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** The last line of a manifest: its trailer, with the frame tables the readers need. */
async function trailerOf(path: string): Promise<{ meta: unknown[]; files: string[] } | null> {
  const lines = new Lines(path);
  let last: string | null = null;
  for (let line = await lines.next(); line !== null; line = await lines.next()) last = line;
  try {
    const value = JSON.parse(last ?? 'null') as { end?: unknown; meta?: unknown; files?: unknown } | null;
    if (value?.end !== true || !Array.isArray(value.meta) || !Array.isArray(value.files)) return null;
    return { meta: value.meta, files: value.files as string[] };
  } catch {
    return null;
  }
}

/** One shard being read: its records in order, its manifest entries, rejections and dataset files. */
class ShardCursor {
  private constructor(
    readonly shard: Shard,
    readonly items: Lines,
    readonly manifest: Lines,
    readonly rejected: Lines,
    readonly readers: readonly PartReader[],
  ) {}

  static async open(shard: Shard, writers: readonly DatasetWriter[]): Promise<ShardCursor> {
    const trailer = await trailerOf(join(shard.dir, MANIFEST_FILE));
    if (
      trailer === null ||
      JSON.stringify(trailer.files) !== JSON.stringify(writers.map((writer) => writer.file))
    )
      throw new MergeError(`${shard.dir}: ${MANIFEST_FILE} has no trailer naming its dataset files`);
    const readers: PartReader[] = [];
    for (const [i, writer] of writers.entries())
      readers.push(await writer.reader(join(shard.dir, writer.file), trailer.meta[i]));
    return new ShardCursor(
      shard,
      new Lines(join(shard.dir, SHARD_ITEMS)),
      new Lines(join(shard.dir, MANIFEST_FILE)),
      new Lines(join(shard.dir, 'rejected.jsonl')),
      readers,
    );
  }

  fail(what: string): MergeError {
    return new MergeError(`${this.shard.dir}: ${what}`);
  }

  /** The next record of the shard if it comes from this input file. */
  async nextItemOf(path: string): Promise<ShardItem | null> {
    const line = await this.items.peek();
    if (line === null) return null;
    const item = JSON.parse(line) as ShardItem;
    if (item.path !== path) return null;
    await this.items.next();
    return item;
  }

  async nextEntry(item: ShardItem): Promise<ManifestEntry> {
    const line = await this.manifest.next();
    const entry = line === null ? null : (JSON.parse(line) as Partial<ManifestEntry> & { end?: true });
    if (entry === null || entry.end === true || entry.sha256 !== item.sha256)
      throw this.fail(`${MANIFEST_FILE} does not list ${item.path}'s document where ${SHARD_ITEMS} says`);
    return entry as ManifestEntry;
  }

  async nextRejected(item: ShardItem): Promise<RejectedRecord> {
    const line = await this.rejected.next();
    const record = line === null ? null : (JSON.parse(line) as RejectedRecord);
    if (record === null || record.sourcePath !== item.path)
      throw this.fail(`rejected.jsonl does not list ${item.path} where ${SHARD_ITEMS} says`);
    return record;
  }

  /** Throws unless every record, manifest entry and rejection was used. */
  async finished(): Promise<void> {
    if ((await this.items.peek()) !== null)
      throw this.fail(`${SHARD_ITEMS} lists records of files the shard's marker does not cover`);
    const last = await this.manifest.next();
    if (last === null || (JSON.parse(last) as { end?: unknown }).end !== true)
      throw this.fail(`${MANIFEST_FILE} lists more documents than ${SHARD_ITEMS}`);
    if ((await this.rejected.peek()) !== null)
      throw this.fail(`rejected.jsonl lists more rejections than ${SHARD_ITEMS}`);
  }

  async close(): Promise<void> {
    await Promise.all([this.items.close(), this.manifest.close(), this.rejected.close()]);
    await Promise.all(this.readers.map((reader) => reader.close().catch(() => undefined)));
  }
}

/** The fields every shard must share, with how to name them in an error. */
function sameRun(a: ShardMarker, b: ShardMarker): string | null {
  if (a.shard.count !== b.shard.count)
    return `a different shard count (${a.shard.count} vs ${b.shard.count})`;
  if (a.pipelineVersion !== b.pipelineVersion)
    return `a different pipeline version (${a.pipelineVersion} vs ${b.pipelineVersion})`;
  if (a.codeFingerprint !== b.codeFingerprint)
    return `different cleaning code (code fingerprint ${a.codeFingerprint} vs ${b.codeFingerprint})`;
  if (a.configHash !== b.configHash)
    return `a different config (config hash ${a.configHash} vs ${b.configHash})`;
  if (JSON.stringify(a.inputConfig) !== JSON.stringify(b.inputConfig))
    return `a different input config (${JSON.stringify(a.inputConfig)} vs ${JSON.stringify(b.inputConfig)})`;
  if (JSON.stringify(a.output) !== JSON.stringify(b.output))
    return `different output options (${JSON.stringify(a.output)} vs ${JSON.stringify(b.output)})`;
  if (a.input.listing !== b.input.listing || a.input.files !== b.input.files)
    return `a different input listing (${a.input.files} vs ${b.input.files} files under --in, or other names)`;
  if (JSON.stringify(a.input.skipped) !== JSON.stringify(b.input.skipped))
    return 'a different list of skipped (non-input) files under --in';
  if (a.siteIndex !== b.siteIndex)
    return "a different site index (the input changed between the shards' runs: run the shards again)";
  return null;
}

/** Reads and checks every shard; throws a MergeError naming the first problem. */
async function openShards(dirs: readonly string[]): Promise<Shard[]> {
  if (dirs.length === 0)
    throw new MergeError('no shard folders given: newsclean merge --out FINAL OUT/shard-*');
  const shards: Shard[] = [];
  for (const dir of dirs) {
    const marker = await readMarker(dir);
    if (marker === null)
      throw new MergeError(
        `${dir}: no completion marker ${SHARD_MARKER} (the shard has not finished, or this is not a shard folder): run its \`newsclean run --shard K/N\` again`,
      );
    if (configHash(marker.config) !== marker.configHash)
      throw new MergeError(`${dir}: ${SHARD_MARKER}'s config does not match its config hash`);
    shards.push({ dir, marker, run: {} as RunReport });
  }
  const first = shards[0]!;
  for (const shard of shards.slice(1)) {
    const why = sameRun(first.marker, shard.marker);
    if (why) throw new MergeError(`${shard.dir} and ${first.dir} come from ${why}: refusing to merge them`);
  }
  // Each shard once, all of them.
  const count = first.marker.shard.count;
  const byIndex = new Map<number, Shard>();
  for (const shard of shards) {
    const { index } = shard.marker.shard;
    const other = byIndex.get(index);
    if (other) throw new MergeError(`shard ${index} of ${count} given twice (${other.dir} and ${shard.dir})`);
    byIndex.set(index, shard);
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length)
    throw new MergeError(
      `shard${missing.length === 1 ? '' : 's'} ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', ...' : ''} of ${count} missing: every shard 0..${count - 1} must be given, finished`,
    );
  // Every input file exactly once, by the shard its path belongs to.
  const covered: string[] = [];
  for (const shard of shards) {
    for (const file of shard.marker.covered) {
      const owner = shardOf(file.path, count);
      if (owner !== shard.marker.shard.index)
        throw new MergeError(
          `${shard.dir} covers ${file.path}, which belongs to shard ${owner} of ${count}: overlapping shards`,
        );
      covered.push(file.path);
    }
  }
  covered.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 1; i < covered.length; i++)
    if (covered[i] === covered[i - 1])
      throw new MergeError(`${covered[i]} is covered twice: overlapping shards`);
  if (covered.length !== first.marker.input.files || listingDigest(covered) !== first.marker.input.listing)
    throw new MergeError(
      `the shards cover ${covered.length} input files, but the input held ${first.marker.input.files} (other names): missing or extra coverage`,
    );
  // Every file as the marker recorded it: a shard synced or copied in part is refused.
  for (const shard of shards) {
    const why = await firstMismatch(shard.dir, shard.marker);
    if (why)
      throw new MergeError(
        `${shard.dir}: ${why}: its files do not match its marker (changed, or copied or synced only in part)`,
      );
    for (const needed of ['run.json', MANIFEST_FILE, SHARD_ITEMS, 'rejected.jsonl'])
      if (!(needed in shard.marker.files))
        throw new MergeError(`${shard.dir}: its marker does not list ${needed}`);
    try {
      (shard as { run: RunReport }).run = JSON.parse(
        await readFile(join(shard.dir, 'run.json'), 'utf8'),
      ) as RunReport;
    } catch {
      throw new MergeError(`${shard.dir}: run.json does not parse`);
    }
  }
  return shards.sort((a, b) => a.marker.shard.index - b.marker.shard.index);
}

/** FINAL is replaced as a whole: it must not be, hold or lie inside a shard folder. */
async function checkOutput(outDir: string, shards: readonly string[]): Promise<void> {
  const output = await realPathOf(outDir);
  for (const dir of shards) {
    const shard = await realPathOf(dir);
    if (within(shard, output) || within(output, shard))
      throw new ConfigError(
        `--out ${outDir} ${output === shard ? 'is' : within(shard, output) ? 'holds' : 'lies inside'} the shard folder ${dir}: the merge replaces --out as a whole; choose an --out beside the shards`,
      );
  }
}

export async function merge(options: MergeOptions): Promise<RunReport> {
  const started = performance.now();
  await checkOutput(options.outDir, options.shards);
  const shards = await openShards(options.shards);
  const reference = shards[0]!.marker;
  const stamp: RunStamp = {
    pipelineVersion: reference.pipelineVersion,
    codeFingerprint: reference.codeFingerprint,
    configHash: reference.configHash,
  };
  const cleaning = reference.config;
  const output = reference.output;
  const writers = datasetWriters(output);
  // The input files in input order, each with the shard that covered it.
  const files = shards
    .flatMap((shard, s) => shard.marker.covered.map((file) => [file.path, s] as const))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const staging = await Staging.open(options.outDir);
  let dataset: DatasetFiles | null = null;
  const cursors: ShardCursor[] = [];
  const signatures = new SignatureStore(staging.path('.signatures.tmp'));
  const tally = new Tally();
  try {
    for (const shard of shards) cursors.push(await ShardCursor.open(shard, writers));
    const out = await DatasetFiles.open(staging, writers);
    dataset = out;
    const dedupe = new ExactDedupe(stamp);
    for (const [path, s] of files) {
      const cursor = cursors[s]!;
      for (let item = await cursor.nextItemOf(path); item !== null; item = await cursor.nextItemOf(path)) {
        if (item.kind === 'rejected' || item.sha256 === null) {
          const record = await cursor.nextRejected(item);
          tally.rejected(record);
          await out.writeRejected(record);
          continue;
        }
        const duplicate = dedupe.duplicateOf(item.path, item.record, item.sha256);
        if (duplicate !== null) {
          // A later copy of an earlier input's bytes, maybe in another shard: what its shard made of it goes.
          if (item.kind === 'document') await cursor.nextEntry(item);
          else if (item.kind === 'failed') await cursor.nextRejected(item);
          tally.outputs.duplicates++;
          await out.writeDuplicate(duplicate);
          continue;
        }
        if (item.kind === 'duplicate')
          throw cursor.fail(`${SHARD_ITEMS} lists ${item.path} as a duplicate of nothing before it`);
        if (item.kind === 'failed') {
          const record = await cursor.nextRejected(item);
          tally.rejected(record);
          await out.writeRejected(record);
          continue;
        }
        const entry = await cursor.nextEntry(item);
        const parts = await Promise.all(cursor.readers.map((reader, i) => reader.read(entry.spans[i]!)));
        const pieces = parts.map((part) => [part] as const);
        if (spansDigest(pieces) !== entry.digest)
          throw cursor.fail(
            `${item.path}'s bytes in the dataset files do not match ${MANIFEST_FILE}'s digest`,
          );
        await out.writeDocument({
          out: pieces,
          entry: {
            sha256: entry.sha256,
            ...stamp,
            provenance: entry.provenance,
            sentences: entry.sentences,
            counts: entry.counts,
            signature: entry.signature,
            siteLines: entry.siteLines,
          },
        });
        tally.document({ sentenceCount: entry.sentences, counts: entry.counts });
        const signature = entry.signature === null ? null : signatureFromHex(entry.signature);
        if (signature !== null) signatures.add(entry.sha256.slice(0, 16), item.path, signature);
      }
    }
    for (const cursor of cursors) await cursor.finished();
    await out.close();
    for (const cursor of cursors) await cursor.close();

    tally.outputs.nearDuplicateClusters = await writeCorpusFiles(staging, signatures, {
      cleaning,
      stamp,
      output,
      writers,
      documents: tally.outputs.documents,
      counts: tally.counts,
    });
    const runs = shards.map((shard) => shard.run);
    const sum = (of: (run: RunReport) => number) => runs.reduce((total, run) => total + of(run), 0);
    const totalMs = performance.now() - started;
    const report: RunReport = {
      ...stamp,
      config: cleaning,
      inputs: {
        files: sum((run) => run.inputs.files),
        records: sum((run) => run.inputs.records),
        skippedFiles: reference.input.skipped,
        bytes: sum((run) => run.inputs.bytes),
      },
      outputs: tally.outputs,
      rejectedByCode: sortKeys(tally.rejectedByCode),
      incremental: {
        enabled: runs.every((run) => run.incremental.enabled),
        reused: sum((run) => run.incremental.reused),
        cleaned: sum((run) => run.incremental.cleaned),
      },
      counts: sortKeys(tally.counts),
      languages: languageCounts(tally.counts),
      // Every shard built the same index over the whole input; the time is the slowest shard's.
      siteIndex: { ...runs[0]!.siteIndex, ms: Math.max(...runs.map((run) => run.siteIndex.ms)) },
      concurrency: Math.max(...runs.map((run) => run.concurrency)),
      timings: { totalMs: Math.round(totalMs) },
      throughput: {
        docsPerSecond: round((tally.outputs.documents / totalMs) * 1000),
        megabytesPerSecond: round(sum((run) => run.inputs.bytes) / 1e6 / (totalMs / 1000)),
      },
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      shards: shards.map(
        ({ marker, run }): ShardFigures => ({
          index: marker.shard.index,
          files: run.inputs.files,
          records: run.inputs.records,
          documents: run.outputs.documents,
          incremental: run.incremental,
          totalMs: run.timings.totalMs,
          peakRssBytes: run.peakRssBytes,
        }),
      ),
    };
    await staging.writeFile('run.json', `${JSON.stringify(report, null, 2)}\n`);
    // Loaded only here, as in run.ts: a merge without --report never loads the report's modules.
    if (options.report) await (await import('./report/build.js')).buildReport({ outDir: staging.dir });
    await staging.commit();
    return report;
  } catch (error) {
    await dataset?.abandon();
    await Promise.all(cursors.map((cursor) => cursor.close().catch(() => undefined)));
    await staging.abandon().catch(() => undefined);
    throw error;
  } finally {
    signatures.close();
  }
}
