/**
 * Sharded runs on many machines through a queue on Redis, with BullMQ as the engine (no home-made scheduler):
 *
 * - `submit` adds one BullMQ flow per run: a `merge` job whose children are the N `shard` jobs. BullMQ moves
 *   the parent to its queue only when every child has completed, which is exactly "merge when all shards are
 *   done"; a shard that fails for good fails the merge too (`failParentOnFailure`).
 * - `startWorker` takes jobs one at a time and runs them in this process: `run --shard K/N` into the shard's
 *   folder, or the merge of the shard folders into --out. Any number of workers on any number of machines
 *   share the work; the folders are on storage all of them see at the same path.
 * - A worker that dies (killed, out of memory, machine gone) stops renewing its job's lock; after the lock
 *   expires, BullMQ's stalled-job check (run by every live worker) puts the job back in the queue and another
 *   worker takes it. A job that throws is retried with back-off. The shard's completion marker (shard.json)
 *   makes a retried shard that had already finished skip the work; an unfinished one starts again, since a
 *   run's output is swapped in only when complete.
 * - Job ids are derived from the run (input listing, folders, shard count, config, output options, code), so
 *   submitting the same run again adds nothing; a run whose inputs changed is a new run.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ConfigFile } from './config.js';
import { ConfigError, canonicalJson, configHash, parseConfig } from './config.js';
import { listInputFiles } from './inputs.js';
import { MergeError, merge } from './merge.js';
import { checkOutputAgainstInput, within } from './paths.js';
import { EmptyInputError, run } from './run.js';
import { PIPELINE_VERSION, runningCodeFingerprint } from './version.js';
import type { OutputOptions } from './writers/options.js';

/** The BullMQ queue all jobs of newsclean go to, unless --queue names another. */
export const DEFAULT_QUEUE = 'newsclean';

/**
 * How a dead worker is noticed. A worker renews its job's lock every lockDuration / 2; a lock not renewed
 * for lockDuration has expired, and every stalledInterval each live worker moves jobs with expired locks back
 * to the queue. So a killed worker's shard starts again elsewhere within lockDuration + stalledInterval
 * (90 s with these values), and a live worker keeps its job through event-loop pauses of up to 30 s (the
 * main thread reads, hashes and writes while threads clean). A job whose worker died more than
 * maxStalledCount times (a shard that kills every worker, out of memory) fails instead of looping.
 */
export const LOCK_DEFAULTS = {
  lockDurationMs: 60_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
} as const;

/** A job that throws is tried this many times in all, waiting 10 s, 20 s… in between. */
export const JOB_ATTEMPTS = 3;
const BACKOFF_MS = 10_000;

/** What every job carries about the code that submitted it: a worker running other code refuses the job. */
interface JobStamp {
  readonly runId: string;
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
}

export interface ShardJobData extends JobStamp {
  readonly inDir: string;
  /** The shard's own folder: shardsDir/shard-K. */
  readonly outDir: string;
  readonly shard: { readonly index: number; readonly count: number };
  readonly config: ConfigFile;
  readonly output: OutputOptions;
}

export interface MergeJobData extends JobStamp {
  readonly outDir: string;
  readonly shardDirs: readonly string[];
}

export type JobName = 'shard' | 'merge';

/** What a job returns (kept by BullMQ as the job's return value, and logged). */
export interface JobSummary {
  readonly documents: number;
  /** A shard whose completion marker matched: nothing was done. */
  readonly skipped: boolean;
  readonly cleaned: number;
  readonly reused: number;
  readonly totalMs: number;
  /** CPU time of the worker process during the job (all its threads; it runs one job at a time). */
  readonly cpuMs: number;
}

/** The parts of a sharded run the worker calls: run one shard, merge the shards (pipeline/shard.ts, merge.ts). */
export interface ShardEngine {
  runShard(data: ShardJobData, concurrency: number): Promise<JobSummary>;
  merge(data: MergeJobData, concurrency: number): Promise<JobSummary>;
  /** An error that another attempt would meet again. */
  permanent(error: unknown): boolean;
}

/** Redis could not be reached, or answered with an error: exit code 6. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

/** A queued run failed for good (a shard or the merge used up its attempts): exit code 7. */
export class QueuedRunFailedError extends Error {
  override readonly name = 'QueuedRunFailedError';
}

/** The folder of shard K inside the shards folder. */
export function shardFolder(shardsDir: string, index: number): string {
  return join(shardsDir, `shard-${index}`);
}

/** Where the shards of a run to `outDir` go when --shards-dir is not given: a sibling folder. */
export function defaultShardsDir(outDir: string): string {
  return `${resolve(outDir)}.shards`;
}

/**
 * BullMQ and ioredis load when a queue command runs, not with the CLI: they cost about 100 ms of every start,
 * and `run`, `report` and an incremental re-run never use them.
 */
const bullmq = () => import('bullmq');

/**
 * A connection for BullMQ (which needs `maxRetriesPerRequest: null` for its blocking commands). The first
 * connection gives up after three tries (about a second), so a wrong URL or a Redis that is down is an exit
 * code, not a hang; once connected, a worker's connection reconnects for as long as it takes (see keepTrying).
 */
export async function connect(url: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`expected --redis to be a URL such as redis://host:6379, got \`${url}\``);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new ConfigError(`expected --redis to start with redis:// or rediss://, got \`${url}\``);
  const { Redis } = await import('ioredis');
  return new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: 10_000,
    retryStrategy: (times: number) => (times > 3 ? null : 250 * times),
  });
}

/** A worker (and a waiting submit) outlives Redis restarts: after the first connection, reconnect every 0.5 s … 5 s, forever. */
function keepTrying(client: Redis): void {
  client.options.retryStrategy = (times: number) => Math.min(500 * times, 5000);
}

/** Connects, or throws QueueUnavailableError saying why (the first contact is where a wrong URL shows). */
async function reach(client: Redis, url: string): Promise<void> {
  // ioredis reports what went wrong (ECONNREFUSED, ENOTFOUND, NOAUTH…) as 'error' events; the rejection of
  // connect() after the last retry only says the connection is closed.
  let cause: Error | null = null;
  const remember = (error: Error) => {
    cause = error;
  };
  client.on('error', remember);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const why = (cause ?? (error as Error)).message;
    throw new QueueUnavailableError(`cannot reach Redis at ${redact(url)}: ${why}`);
  } finally {
    client.off('error', remember);
  }
  // Later connection problems: ioredis reconnects by itself; the worker logs them through BullMQ's 'error'.
  client.on('error', () => undefined);
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export interface SubmitOptions {
  readonly redis: string;
  readonly queue?: string;
  readonly inDir: string;
  readonly outDir: string;
  readonly shardsDir?: string;
  readonly shards: number;
  readonly config: ConfigFile;
  readonly output: OutputOptions;
  /** Wait until the merge has finished: resolve when it completed, throw QueuedRunFailedError when it failed. */
  readonly wait?: boolean;
  /** Called with one line for people at each step (queued, already queued, finished). */
  readonly say?: (line: string) => void;
}

export interface SubmitResult {
  readonly runId: string;
  /** `queued`: new jobs were added; `already-queued`: the same run is in the queue; `complete`: it has finished. */
  readonly state: 'queued' | 'already-queued' | 'complete';
  readonly outDir: string;
  readonly shardsDir: string;
  readonly jobs: number;
}

/**
 * The run's id: a digest of everything that decides its output. The input is described by its listing with
 * each file's size and modification time (cheap to read for a crawl of many files; a changed file is a new
 * run, whose unchanged shards then skip their work), the folders by their absolute paths, and the code by its
 * fingerprint, so that a new release is a new run too.
 */
export async function runIdentity(
  options: SubmitOptions,
  shardsDir: string,
  listing: { readonly root: string; readonly files: readonly string[] },
): Promise<string> {
  const inDir = resolve(options.inDir);
  const { root, files } = listing;
  const hash = createHash('sha256');
  hash.update(
    canonicalJson({
      inDir,
      outDir: resolve(options.outDir),
      shardsDir,
      shards: options.shards,
      configHash: configHash(options.config.cleaning),
      input: options.config.input,
      output: options.output,
      pipelineVersion: PIPELINE_VERSION,
      codeFingerprint: runningCodeFingerprint(),
    }),
  );
  for (let i = 0; i < files.length; i += 256) {
    const infos = await Promise.all(
      files.slice(i, i + 256).map((file) => stat(join(root, ...file.split('/'))).catch(() => null)),
    );
    for (const [k, info] of infos.entries())
      hash.update(`${files[i + k]}\0${info?.size ?? -1}\0${info?.mtimeMs ?? -1}\n`);
  }
  return `nc-${hash.digest('hex').slice(0, 20)}`;
}

const mergeJobId = (runId: string) => `${runId}-merge`;
const shardJobId = (runId: string, index: number, count: number) => `${runId}-shard-${index}-of-${count}`;

/** Unfinished states of a BullMQ job. */
const UNFINISHED = ['waiting', 'waiting-children', 'active', 'delayed', 'prioritized'] as const;

export async function submit(options: SubmitOptions): Promise<SubmitResult> {
  const say = options.say ?? (() => undefined);
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const inDir = resolve(options.inDir);
  const outDir = resolve(options.outDir);
  const shardsDir = options.shardsDir === undefined ? defaultShardsDir(outDir) : resolve(options.shardsDir);
  if (!Number.isInteger(options.shards) || options.shards < 1)
    throw new ConfigError(`expected --shards to be a whole number ≥ 1, got \`${options.shards}\``);
  await stat(inDir).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(
      `cannot read the input folder --in ${options.inDir} (${error.code ?? error.message})`,
    );
  });
  // What every shard and the merge would refuse, refused here, before anything is queued.
  await checkOutputAgainstInput(inDir, outDir);
  await checkOutputAgainstInput(inDir, shardsDir);
  if (within(outDir, shardsDir) || within(shardsDir, outDir))
    throw new ConfigError(
      `--shards-dir ${shardsDir} and --out ${outDir} must be apart: the merge replaces --out as a whole`,
    );
  const listing = await listInputFiles(inDir);
  if (listing.files.length === 0)
    throw new EmptyInputError(
      `no input files under --in ${options.inDir}: refusing to queue a run that would write an empty dataset`,
    );
  const runId = await runIdentity(options, shardsDir, listing);
  const base = { runId, pipelineVersion: PIPELINE_VERSION, codeFingerprint: runningCodeFingerprint() };
  const shardDirs = Array.from({ length: options.shards }, (_, k) => shardFolder(shardsDir, k));
  const result = (state: SubmitResult['state']): SubmitResult => ({
    runId,
    state,
    outDir,
    shardsDir,
    jobs: options.shards + 1,
  });

  const { FlowProducer, Queue, QueueEvents } = await bullmq();
  const client = await connect(options.redis);
  await reach(client, options.redis);
  // QueueEvents reads Redis' event stream with blocking commands: a connection of its own.
  const eventsClient = options.wait ? await connect(options.redis) : null;
  if (eventsClient)
    await reach(eventsClient, options.redis).catch(async (error) => {
      client.disconnect();
      throw error;
    });
  // A --wait may last hours: from now on ride out Redis restarts like a worker does.
  keepTrying(client);
  if (eventsClient) keepTrying(eventsClient);
  const queue = new Queue(queueName, { connection: client });
  const flows = new FlowProducer({ connection: client });
  const events = eventsClient ? new QueueEvents(queueName, { connection: eventsClient }) : null;
  try {
    // Listening before adding, so a run that finishes at once is not missed.
    if (events) await events.waitUntilReady();
    let root = await queue.getJob(mergeJobId(runId));
    const state = root ? await root.getState() : null;
    let outcome: SubmitResult['state'];
    // A completed run whose output has since been removed is run again (its shards skip what they have).
    const finished =
      state === 'completed' && (await stat(join(outDir, 'run.json')).catch(() => null)) !== null;
    if (root && finished) {
      outcome = 'complete';
      say(`newsclean: run ${runId} has already completed → ${outDir}/`);
    } else if (root && state !== null && state !== 'completed' && state !== 'failed' && state !== 'unknown') {
      outcome = 'already-queued';
      say(`newsclean: run ${runId} is already in queue ${queueName} (${state}); nothing added`);
    } else {
      if (root) {
        // BullMQ keeps finished jobs under their ids: a failed run (or a completed one whose output is gone)
        // is removed and added afresh; shards that had completed skip their work (their markers).
        const why =
          state === 'failed' ? await failureOf(queue, runId, options.shards, root.failedReason) : '';
        try {
          await root.remove({ removeChildren: true });
        } catch (error) {
          throw new ConfigError(
            `run ${runId} ${state} but a job of it is still running (${(error as Error).message}): submit again when it has stopped`,
          );
        }
        say(
          state === 'failed'
            ? `newsclean: run ${runId} had failed (${why}); submitting it again`
            : `newsclean: run ${runId} had completed but ${outDir}/ is gone; submitting it again`,
        );
      }
      await refuseConcurrentRun(queue, outDir, shardsDir, runId);
      const jobOptions = {
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: BACKOFF_MS },
      } as const;
      const node = await flows.add({
        name: 'merge' satisfies JobName,
        queueName,
        data: { ...base, outDir, shardDirs } satisfies MergeJobData,
        opts: { ...jobOptions, jobId: mergeJobId(runId) },
        children: shardDirs.map((dir, index) => ({
          name: 'shard' satisfies JobName,
          queueName,
          data: {
            ...base,
            inDir,
            outDir: dir,
            shard: { index, count: options.shards },
            config: options.config,
            output: options.output,
          } satisfies ShardJobData,
          opts: {
            ...jobOptions,
            jobId: shardJobId(runId, index, options.shards),
            failParentOnFailure: true,
          },
        })),
      });
      root = node.job;
      outcome = 'queued';
      say(
        `newsclean: queued run ${runId}: ${options.shards} shard job${options.shards === 1 ? '' : 's'} → ${shardsDir}/, then the merge → ${outDir}/ (queue ${queueName})`,
      );
    }
    if (events && root && outcome !== 'complete') {
      try {
        await root.waitUntilFinished(events);
      } catch (error) {
        throw new QueuedRunFailedError(
          `run ${runId} failed: ${await failureOf(queue, runId, options.shards, (error as Error).message)}`,
        );
      }
      say(`newsclean: run ${runId} complete → ${outDir}/`);
    }
    return result(outcome);
  } finally {
    await events?.close();
    await flows.close();
    await queue.close();
    eventsClient?.disconnect();
    client.disconnect();
  }
}

/**
 * Two runs writing the same folders at once would overwrite each other's shards: a new run to an output that
 * an unfinished run of the queue still writes is refused (the same run is not refused: it is not added again).
 */
async function refuseConcurrentRun(
  queue: Queue,
  outDir: string,
  shardsDir: string,
  runId: string,
): Promise<void> {
  const jobs = await queue.getJobs([...UNFINISHED]);
  for (const job of jobs) {
    const data = job.data as Partial<MergeJobData & ShardJobData>;
    if (data.runId === runId) continue;
    const writes =
      job.name === 'merge'
        ? data.outDir === outDir
        : typeof data.outDir === 'string' && data.outDir.startsWith(`${shardsDir}/`);
    if (writes)
      throw new ConfigError(
        `run ${data.runId} to the same folders is still in the queue (job ${job.id}, ${await job.getState()}): wait for it to finish, or remove it, before submitting another run to ${outDir}`,
      );
  }
}

/** Why a run failed: the first shard that failed for good, else the merge's own reason. */
async function failureOf(queue: Queue, runId: string, shards: number, fallback: string): Promise<string> {
  for (let index = 0; index < shards; index++) {
    const job = await queue.getJob(shardJobId(runId, index, shards));
    if (job && (await job.getState()) === 'failed')
      return `shard ${index} of ${shards} failed after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${job.failedReason}`;
  }
  const merge = await queue.getJob(mergeJobId(runId));
  return merge?.failedReason ? `the merge failed: ${merge.failedReason}` : fallback;
}

export interface WorkerOptions {
  readonly redis: string;
  readonly queue?: string;
  /** Worker threads of each job's run (the CLI's --concurrency). */
  readonly concurrency: number;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** Shown in BullMQ's job records (processedBy) and in log lines: host:pid by default. */
  readonly name?: string;
  readonly engine: ShardEngine;
  readonly log: (event: string, message: string, fields: Record<string, unknown>) => void;
  /**
   * Redis says the lock of the job in hand is no longer this worker's (it paused longer than lockDuration, or
   * was cut off from Redis that long): BullMQ may already have given the job to another worker, and a shard
   * folder must be written by one process at a time. The CLI stops the process at once (exit 8).
   */
  readonly lockLost: (jobIds: readonly string[]) => void;
}

export interface RunningWorker {
  readonly name: string;
  /** Finish the job in hand, then stop taking jobs and disconnect. */
  close(): Promise<void>;
  /** Resolves when the worker has closed. */
  readonly closed: Promise<void>;
}

/** Describes a job for log lines: "shard 2 of 8 of run nc-…" or "merge of run nc-…". */
function describeJob(job: Job): string {
  const data = job.data as Partial<ShardJobData>;
  return job.name === 'shard' && data.shard
    ? `shard ${data.shard.index} of ${data.shard.count} of run ${data.runId}`
    : `${job.name} of run ${data.runId}`;
}

/** ": 120 documents (cleaned 120, reused 0) in 3.2 s", or ": already complete, kept as it was". */
function summary(value: unknown): string {
  const result = (value ?? {}) as Partial<JobSummary>;
  if (result.skipped) return ': already complete, kept as it was';
  const cleaned =
    result.cleaned === undefined ? '' : ` (cleaned ${result.cleaned}, reused ${result.reused ?? 0})`;
  const cpu = result.cpuMs === undefined ? '' : ` (CPU ${(result.cpuMs / 1000).toFixed(1)} s)`;
  const time = result.totalMs === undefined ? '' : ` in ${(result.totalMs / 1000).toFixed(1)} s${cpu}`;
  return result.documents === undefined ? '' : `: ${result.documents} documents${cleaned}${time}`;
}

/** host:pid: unique among the workers of a cluster, and says where to look. */
export function defaultWorkerName(): string {
  return `${hostname()}:${process.pid}`;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const name = options.name ?? defaultWorkerName();
  const { UnrecoverableError, Worker } = await bullmq();
  const client = await connect(options.redis);
  await reach(client, options.redis);
  keepTrying(client);
  const code = runningCodeFingerprint();
  const processor = async (job: Job): Promise<JobSummary> => {
    const stamp = job.data as Partial<JobStamp>;
    if (stamp.codeFingerprint !== code || stamp.pipelineVersion !== PIPELINE_VERSION)
      throw new UnrecoverableError(
        `this worker (${name}) runs newsclean ${PIPELINE_VERSION} with code ${code}, the run was submitted with newsclean ${stamp.pipelineVersion} and code ${stamp.codeFingerprint}: run workers of the same build as the submitter`,
      );
    try {
      if (job.name === 'shard') {
        const data = job.data as ShardJobData;
        // Validated again here: the job may come from another machine's submit.
        return await options.engine.runShard(
          { ...data, config: parseConfig(data.config) },
          options.concurrency,
        );
      }
      if (job.name === 'merge')
        return await options.engine.merge(job.data as MergeJobData, options.concurrency);
    } catch (error) {
      // What another attempt cannot change fails the job at once (a bad config, an input folder now empty,
      // shards the merge refuses); anything else (a full disk, a lost mount) is tried again after a pause.
      if (options.engine.permanent(error)) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
    throw new UnrecoverableError(`unknown job ${job.name} (${job.id})`);
  };
  const worker = new Worker(options.queue ?? DEFAULT_QUEUE, processor, {
    connection: client,
    name,
    concurrency: 1,
    lockDuration: options.lockDurationMs ?? LOCK_DEFAULTS.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? LOCK_DEFAULTS.stalledIntervalMs,
    maxStalledCount: LOCK_DEFAULTS.maxStalledCount,
  });
  worker.on('active', (job) =>
    options.log('job-started', `newsclean worker ${name}: started ${describeJob(job)}`, {
      job: job.id,
      attempt: job.attemptsStarted,
    }),
  );
  worker.on('completed', (job, value) =>
    options.log('job-completed', `newsclean worker ${name}: completed ${describeJob(job)}${summary(value)}`, {
      job: job.id,
      result: value,
    }),
  );
  worker.on('failed', (job, error) =>
    options.log(
      'job-failed',
      `newsclean worker ${name}: ${job ? describeJob(job) : 'a job'} failed: ${error.message}`,
      { job: job?.id ?? null, attemptsMade: job?.attemptsMade ?? null },
    ),
  );
  worker.on('lockRenewalFailed', (jobIds) => options.lockLost(jobIds));
  worker.on('error', (error) =>
    options.log('worker-error', `newsclean worker ${name}: ${error.message}`, {}),
  );
  await worker.waitUntilReady();
  let closing: Promise<void> | null = null;
  let closedResolve = () => {};
  const closed = new Promise<void>((done) => {
    closedResolve = done;
  });
  return {
    name,
    closed,
    close() {
      closing ??= worker
        .close()
        .then(() => client.quit().then(() => undefined))
        .catch(() => client.disconnect())
        .finally(closedResolve);
      return closing;
    },
  };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/** The engine the CLI's worker runs: `run --shard K/N` and `merge`, in this process. */
export function shardEngine(): ShardEngine {
  return {
    async runShard(data, concurrency) {
      const cpu = process.cpuUsage();
      const report = await run({
        inDir: data.inDir,
        outDir: data.outDir,
        config: data.config,
        concurrency,
        output: data.output,
        incremental: true,
        shard: data.shard,
      });
      return {
        documents: report.outputs.documents,
        skipped: report.shard?.skipped ?? false,
        cleaned: report.incremental.cleaned,
        reused: report.incremental.reused,
        totalMs: report.timings.totalMs,
        cpuMs: cpuSince(cpu),
      };
    },
    async merge(data) {
      const cpu = process.cpuUsage();
      const report = await merge({ shards: data.shardDirs, outDir: data.outDir });
      return {
        documents: report.outputs.documents,
        skipped: false,
        cleaned: report.incremental.cleaned,
        reused: report.incremental.reused,
        totalMs: report.timings.totalMs,
        cpuMs: cpuSince(cpu),
      };
    },
    permanent: (error) =>
      error instanceof ConfigError || error instanceof EmptyInputError || error instanceof MergeError,
  };
}
