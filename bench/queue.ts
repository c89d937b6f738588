/**
 * The bench's queue rows: a run through `newsclean queue submit --wait` with W local worker processes (`newsclean
 * worker`) on a throwaway redis-server, timed from the submit to the merge's end. Workers are started and
 * ready before the clock starts (a cluster's workers wait for jobs); their CPU time, the submitter's and
 * redis-server's are measured, and each job's own time is read from the workers' JSON log lines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RedisServer } from './redis-server.js';

export interface QueueRun {
  /** From starting `queue submit --wait` to its exit (the merge done). */
  readonly ms: number;
  /** CPU time of the workers and the submitter, all threads, Node's start-up included. */
  readonly cpuMs: number;
  /** redis-server's CPU time during the run. */
  readonly redisCpuMs: number;
  /** Sum of the shard jobs' own times (run.json totalMs, as the worker logged them). */
  readonly shardMs: number;
  /** The merge job's own time. */
  readonly mergeMs: number;
  /** Sum of the shard jobs' CPU times, and the merge's (as the workers measured and logged them). */
  readonly shardCpuMs: number;
  readonly mergeCpuMs: number;
}

export interface QueueBench {
  readonly cli: string;
  readonly cpuProbe: string;
  readonly redis: RedisServer;
  readonly input: string;
  /** A folder of its own for this run (deleted first). */
  readonly dir: string;
  readonly workers: number;
  readonly shards: number;
  /** Worker threads of each worker process. */
  readonly concurrency: number;
  /** A queue of its own, so runs of the same input never find each other's finished jobs. */
  readonly queue: string;
}

/** CPU time (ms) a process has used so far, from /proc (Linux); 0 where there is no /proc. */
function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
  } catch {
    return 0;
  }
}

interface Started {
  readonly child: ChildProcess;
  readonly cpuFile: string;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
}

function startNode(args: readonly string[], probe: string, cpuFile: string): Started {
  rmSync(cpuFile, { force: true });
  const child = spawn(process.execPath, ['--import', pathToFileURL(probe).href, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEWSCLEAN_BENCH_CPU_FILE: cpuFile },
  });
  const lines: string[] = [];
  let rest = '';
  const collect = (chunk: Buffer) => {
    rest += chunk.toString();
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, cpuFile, lines, exited };
}

const cpuOf = (file: string) => (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0);

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function queueRun(bench: QueueBench): Promise<QueueRun> {
  rmSync(bench.dir, { recursive: true, force: true });
  const out = join(bench.dir, 'final');
  const shardsDir = join(bench.dir, 'shards');
  const workers = Array.from({ length: bench.workers }, (_, k) =>
    startNode(
      [
        bench.cli,
        'worker',
        '--redis',
        bench.redis.url,
        '--queue',
        bench.queue,
        '--concurrency',
        String(bench.concurrency),
        '--log-format',
        'json',
      ],
      bench.cpuProbe,
      join(bench.dir, `..`, `cpu-${bench.queue}-worker-${k}.txt`),
    ),
  );
  try {
    await until(
      () => {
        const dead = workers.find((w) => w.child.exitCode !== null);
        if (dead)
          throw new Error(`bench: a worker exited (${dead.child.exitCode}):\n${dead.lines.join('\n')}`);
        return workers.every((w) => w.lines.some((line) => line.includes('"worker-started"')));
      },
      60_000,
      'the workers to start',
    );
    const redisBefore = procCpuMs(bench.redis.pid);
    const t = performance.now();
    const submit = startNode(
      [
        bench.cli,
        'queue',
        'submit',
        '--redis',
        bench.redis.url,
        '--queue',
        bench.queue,
        '--in',
        bench.input,
        '--out',
        out,
        '--shards-dir',
        shardsDir,
        '--shards',
        String(bench.shards),
        '--wait',
      ],
      bench.cpuProbe,
      join(bench.dir, '..', `cpu-${bench.queue}-submit.txt`),
    );
    const code = await submit.exited;
    const ms = performance.now() - t;
    const redisCpuMs = procCpuMs(bench.redis.pid) - redisBefore;
    if (code !== 0)
      throw new Error(
        `bench: queue submit --wait exited ${code}:\n${submit.lines.join('\n')}\n${workers.flatMap((w) => w.lines).join('\n')}`,
      );
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
    let shardMs = 0;
    let mergeMs = 0;
    let shardCpuMs = 0;
    let mergeCpuMs = 0;
    for (const line of workers.flatMap((w) => w.lines)) {
      if (!line.includes('"job-completed"')) continue;
      const event = JSON.parse(line) as { job: string; result: { totalMs?: number; cpuMs?: number } };
      if (event.job.endsWith('-merge')) {
        mergeMs += event.result.totalMs ?? 0;
        mergeCpuMs += event.result.cpuMs ?? 0;
      } else {
        shardMs += event.result.totalMs ?? 0;
        shardCpuMs += event.result.cpuMs ?? 0;
      }
    }
    return {
      ms,
      cpuMs: workers.reduce((n, w) => n + cpuOf(w.cpuFile), 0) + cpuOf(submit.cpuFile),
      redisCpuMs,
      shardMs,
      mergeMs,
      shardCpuMs,
      mergeCpuMs,
    };
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  }
}
