/**
 * A run's worker thread pool, and starting it before the command line is loaded: `newsclean run` spends about a
 * quarter of a second loading its modules in the main thread before run() starts, and each worker thread as long
 * loading the cleaning code. The CLI's entry (cli.ts) starts the pool of a run that will clean every document
 * in worker threads first, so that both load at once; run() (pipeline/run.ts) takes it if it has the
 * concurrency the run settles on, and the entry stops it if nothing took it.
 *
 * Only the entry and run.ts import this module: it loads tinypool and nothing of the pipeline.
 */
import type { Dir } from 'node:fs';
import { opendirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Tinypool } from 'tinypool';

/**
 * A run of at most this many input files holding at most this many bytes cleans in the main thread (run.ts):
 * starting worker threads, each loading the cleaning code, would cost more than cleaning them.
 */
export const INLINE_MAX_FILES = 32;
export const INLINE_MAX_BYTES = 256 * 1024;

/**
 * A worker thread's young generation, in MB (Node's default for a worker is 48). Measured on the bench's
 * 10 MB document at concurrency 1: peak RSS 259-261 MiB at 6 or 12 against 284-341 at the default, the old
 * generation no longer growing on what a large document's stages leave behind; total CPU time unchanged
 * within noise on the 8 MB and 80 MB corpora at one and two workers.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/** The pool of a run's worker threads (pipeline/worker.ts), every thread started at once. */
export function workerPool(concurrency: number): Tinypool {
  return new Tinypool({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: concurrency,
    maxThreads: concurrency,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
}

let early: { readonly concurrency: number; readonly pool: Tinypool } | null = null;

/**
 * Starts the pool for `newsclean run` arguments when the run will need it from its start: --no-incremental (a run
 * that may reuse starts its threads once it knows it reuses nothing) and a concurrency told by the arguments, or
 * the default when no config file could set another; not when --in certainly holds a few small files, which the
 * run cleans in its own thread (the threads would load the cleaning code for nothing, about as much CPU each as
 * the whole run of one small file). Anything else that the run then cleans in its own thread costs at most a
 * pool started for nothing.
 */
export function startEarlyWorkers(argv: readonly string[]): void {
  if (argv[0] !== 'run' || !argv.includes('--no-incremental')) return;
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--')) return;
  const concurrency = concurrencyOf(argv);
  if (concurrency === null || fewSmallFiles(lastValue(argv, '--in') ?? 'raw')) return;
  early = { concurrency, pool: workerPool(concurrency) };
}

/** The pool started by startEarlyWorkers, once, if it has this concurrency. */
export function takeEarlyWorkers(concurrency: number): Tinypool | null {
  const taken = early?.concurrency === concurrency ? early.pool : null;
  if (taken !== null) early = null;
  return taken;
}

/** Stops a pool nothing took, so that the process can end. */
export async function dropEarlyWorkers(): Promise<void> {
  const pool = early?.pool;
  early = null;
  await pool?.destroy();
}

/** The value of the last `--flag V` or `--flag=V` (undefined for a flag that ends the arguments); null if none. */
function lastValue(argv: readonly string[], flag: string): string | undefined | null {
  let told: string | undefined | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === flag) told = argv[i + 1];
    else if (arg.startsWith(`${flag}=`)) told = arg.slice(flag.length + 1);
  }
  return told;
}

/**
 * True only when `path` is a file of at most INLINE_MAX_BYTES, or a folder of at most INLINE_MAX_FILES files
 * holding at most INLINE_MAX_BYTES in all (hidden entries aside, as the run lists them): then the run cleans in
 * its own thread, since the files it reads are among these. Any file counts, input or not, so a folder this
 * calls small is small to the run too; a symbolic link, an unreadable entry or a larger folder gives false
 * (then the pool starts, as before), and the walk stops there: it reads at most a few dozen entries.
 */
export function fewSmallFiles(path: string | undefined): boolean {
  if (path === undefined) return false;
  let files = 0;
  let folders = 0;
  let bytes = 0;
  const walk = (folder: string): boolean => {
    if (++folders > INLINE_MAX_FILES) return false;
    let dir: Dir;
    try {
      dir = opendirSync(folder);
    } catch {
      return false;
    }
    try {
      for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
        if (entry.name.startsWith('.')) continue;
        const full = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!walk(full)) return false;
        } else if (entry.isFile()) {
          bytes += statSync(full).size;
          if (++files > INLINE_MAX_FILES || bytes > INLINE_MAX_BYTES) return false;
        } else return false;
      }
      return true;
    } catch {
      return false;
    } finally {
      dir.closeSync();
    }
  };
  try {
    const info = statSync(path);
    return info.isDirectory() ? walk(path) : info.size <= INLINE_MAX_BYTES;
  } catch {
    return false;
  }
}

/**
 * The last --concurrency N (or =N) in plain digits, as the command line takes it; else the default, unless a
 * --config may set another (then null).
 */
function concurrencyOf(argv: readonly string[]): number | null {
  const told = lastValue(argv, '--concurrency');
  if (told === null)
    return argv.some((arg) => arg === '--config' || arg.startsWith('--config='))
      ? null
      : Math.max(1, availableParallelism());
  // Above 64 (config.ts MAX_CONCURRENCY, not imported: it loads zod) the CLI refuses the run.
  return told !== undefined && /^[1-9][0-9]?$/.test(told) && Number(told) <= 64 ? Number(told) : null;
}
