/**
 * The queue path against a real redis-server (Debian's, started per test file; never a mock): three worker
 * processes of the built CLI share the shard jobs of a run, one of them is killed with SIGKILL in the middle of
 * a shard, BullMQ gives that shard to another worker once the dead one's lock has expired, and the merged
 * dataset equals a single `newsclean run` byte for byte. Submitting the same run again adds nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type RedisServer, startRedis } from '../../../bench/redis-server.js';
import { parseConfig } from '../../../pipeline/config.js';
import { submit } from '../../../pipeline/queue.js';
import { DEFAULT_OUTPUT } from '../../../pipeline/writers/options.js';
import { CLI, runCli, writeCorpus } from '../corpus.js';
import { expectSameAsSingleRun, SHARD_CONFIG, writeShardCorpus } from '../shard-corpus.js';

const SHARDS = 4;
/** Short lock settings so a killed worker's shard comes back within seconds (the defaults take up to 90 s). */
const LOCK = ['--lock-duration', '10000', '--stalled-interval', '1000'];

async function until<T>(probe: () => T | null, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
}

interface Proc {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: readonly string[]): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

describe('queue on a real redis-server', () => {
  let redis: RedisServer;
  let dir: string;
  let input: string;
  let config: string;
  const workers: Proc[] = [];

  beforeAll(async () => {
    const error = inject('redisError');
    if (error !== null) throw new Error(error);
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'newsclean-queue-'));
    input = join(dir, 'in');
    // The shard tests' corpus (duplicates, near duplicates and site furniture across shard borders), plus
    // enough pages that a shard takes a few seconds: long enough to be killed in the middle.
    writeShardCorpus(input);
    writeCorpus(join(input, 'bulk'), 600);
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify(SHARD_CONFIG));
    const single = runCli([
      'run',
      '--in',
      input,
      '--out',
      join(dir, 'single'),
      '--config',
      config,
      '--quiet',
    ]);
    expect(single.status, single.stderr).toBe(0);
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('three workers, one killed with SIGKILL mid-shard: the merge equals a single run byte for byte', async () => {
    const out = join(dir, 'final');
    const shardsDir = join(dir, 'shards');
    const submitArgs = [
      'queue',
      'submit',
      '--redis',
      redis.url,
      '--in',
      input,
      '--out',
      out,
      '--config',
      config,
    ];
    submitArgs.push('--shards', String(SHARDS), '--shards-dir', shardsDir);

    // Queued before any worker runs; the same submission again adds nothing (the job ids are the run's).
    const first = runCli(submitArgs);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/queued run nc-[0-9a-f]+: 4 shard jobs/);
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('newsclean', { connection: client });
    const counts = async () => {
      const all = await queue.getJobCounts();
      return Object.values(all).reduce((a, b) => a + b, 0);
    };
    expect(await counts()).toBe(SHARDS + 1);
    expect((await queue.getJobCounts()).waiting).toBe(SHARDS);

    for (let i = 0; i < 3; i++)
      workers.push(start(['worker', '--redis', redis.url, '--concurrency', '1', '--name', `w${i}`, ...LOCK]));
    const waiting = start([...submitArgs, '--wait']);

    // Mid-shard: a worker's staging folder for its shard holds part of a dataset file.
    const pids = new Map(workers.map((worker) => [worker.child.pid, worker]));
    const victim = await until(() => {
      if (!existsSync(shardsDir)) return null;
      for (const name of readdirSync(shardsDir)) {
        const m = /^\.shard-(\d+)\.staging-(\d+)$/.exec(name);
        const worker = m ? pids.get(Number(m[2])) : undefined;
        if (!m || !worker) continue;
        const documents = join(shardsDir, name, 'documents.jsonl');
        if (existsSync(documents) && statSync(documents).size > 0) return { worker, shard: Number(m[1]) };
      }
      return null;
    }, 60_000);
    expect(victim, workers.map((w) => w.output()).join('\n')).not.toBeNull();
    if (victim === null) return;
    expect(existsSync(join(shardsDir, `shard-${victim.shard}`, 'shard.json'))).toBe(false);
    victim.worker.child.kill('SIGKILL');
    expect((await victim.worker.exited).signal).toBe('SIGKILL');

    const done = await waiting.exited;
    expect(done.code, waiting.output() + workers.map((w) => w.output()).join('\n')).toBe(0);
    expect(waiting.output()).toMatch(/is already in queue newsclean/);
    expect(waiting.output()).toMatch(/complete →/);

    // The killed worker's shard was started again by another worker, after BullMQ found it stalled.
    const victimName = `w${workers.indexOf(victim.worker)}`;
    const jobs = await queue.getJobs(['completed']);
    const shardJob = jobs.find(
      (job) =>
        job.name === 'shard' && (job.data as { shard: { index: number } }).shard.index === victim.shard,
    );
    expect(shardJob?.processedBy).toBeDefined();
    expect(shardJob?.processedBy).not.toBe(victimName);
    expect(shardJob?.attemptsStarted ?? 0).toBeGreaterThanOrEqual(2);
    expect(jobs.map((job) => job.name).sort()).toEqual(['merge', ...Array(SHARDS).fill('shard')]);

    // Byte for byte, as the shard tests compare: every file of the folder, run.json but for how the work was done.
    expectSameAsSingleRun(join(dir, 'single'), out);
    // The killed run's staging folder was tidied by the shard's second run.
    expect(readdirSync(shardsDir).filter((name) => name.startsWith('.'))).toEqual([]);

    // Submitting the finished run again queues nothing.
    const again = runCli(submitArgs);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/has already completed/);
    expect(await counts()).toBe(SHARDS + 1);

    // SIGTERM: the live workers finish (no job in hand) and exit 0.
    for (const worker of workers) if (worker !== victim.worker) worker.child.kill('SIGTERM');
    for (const worker of workers)
      if (worker !== victim.worker) expect((await worker.exited).code, worker.output()).toBe(0);
    await queue.close();
    client.disconnect();
  }, 240_000);

  test('a shard that fails for good fails the run: submit --wait exits 7 naming the shard and why', async () => {
    const folder = join(dir, 'vanishing');
    writeCorpus(folder, 3);
    const args = ['queue', 'submit', '--redis', redis.url, '--queue', 'failing', '--in', folder];
    args.push('--out', join(dir, 'failing-out'), '--shards', '2', '--wait');
    const waiting = start(args);
    expect(await until(() => (/queued run/.test(waiting.output()) ? true : null), 30_000)).toBe(true);
    // The input is gone before any worker starts: every shard meets an empty --in, which no retry mends.
    const backup = join(dir, 'vanishing-backup');
    renameSync(folder, backup);
    mkdirSync(folder);
    const worker = start(['worker', '--redis', redis.url, '--queue', 'failing', '--concurrency', '1']);
    workers.push(worker);
    const done = await waiting.exited;
    expect(done.code, waiting.output() + worker.output()).toBe(7);
    expect(waiting.output()).toMatch(
      /run nc-[0-9a-f]+ failed: shard [01] of 2 failed after 1 attempt: no input files under --in/,
    );
    expect(existsSync(join(dir, 'failing-out'))).toBe(false);

    // The input back exactly as it was (same names, sizes and times: the same run): submitting it again
    // replaces the failed flow, and the run completes.
    rmSync(folder, { recursive: true });
    renameSync(backup, folder);
    const again = start(args);
    const second = await again.exited;
    expect(second.code, again.output() + worker.output()).toBe(0);
    expect(again.output()).toMatch(/had failed \(.*no input files under --in.*\); submitting it again/);
    expect(again.output()).toMatch(/complete →/);
    expect(existsSync(join(dir, 'failing-out', 'run.json'))).toBe(true);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 90_000);

  test('a worker of another build refuses the job at once, saying which builds differ', async () => {
    // Submitted from this process, which runs the TypeScript sources: their code fingerprint is not the one of
    // the built CLI that the worker runs.
    const folder = join(dir, 'other-build');
    writeCorpus(folder, 2);
    const worker = start(['worker', '--redis', redis.url, '--queue', 'other-build', '--concurrency', '1']);
    workers.push(worker);
    const lines: string[] = [];
    const submitted = submit({
      redis: redis.url,
      queue: 'other-build',
      inDir: folder,
      outDir: join(dir, 'other-build-out'),
      shards: 1,
      config: parseConfig({}),
      output: DEFAULT_OUTPUT,
      wait: true,
      say: (line) => lines.push(line),
    });
    await expect(submitted).rejects.toThrow(
      /shard 0 of 1 failed after 1 attempt: this worker \(.+\) runs newsclean .+ with code [0-9a-f]{16}, the run was submitted with newsclean .+ and code [0-9a-f]{16}: run workers of the same build as the submitter/,
    );
    expect(lines[0]).toMatch(/queued run/);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 60_000);

  test('Redis out of reach: exit 6 with the reason; an empty --in is refused before queueing (exit 2)', () => {
    const closed = `redis://127.0.0.1:${redis.port === 1 ? 2 : 1}`;
    const submit = runCli([
      'queue',
      'submit',
      '--redis',
      closed,
      '--in',
      input,
      '--out',
      join(dir, 'x'),
      '--shards',
      '2',
    ]);
    expect(submit.status).toBe(6);
    expect(submit.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/?: .*ECONNREFUSED/);
    const worker = runCli(['worker', '--redis', closed]);
    expect(worker.status).toBe(6);
    expect(worker.stderr).toMatch(/cannot reach Redis/);
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const refused = runCli([
      'queue',
      'submit',
      '--redis',
      redis.url,
      '--in',
      empty,
      '--out',
      join(dir, 'y'),
      '--shards',
      '2',
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/no input files under --in/);
  }, 60_000);
});
