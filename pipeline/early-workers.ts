/**
 * A run's worker thread pool, and starting it before the command line is loaded: `newsclean run` spends about a
 * quarter of a second loading its modules in the main thread before run() starts, and each worker thread as long
 * loading the cleaning code. The CLI's entry (cli.ts) starts the pool of a run that will clean every document
 * in worker threads first, so that both load at once; run() (pipeline/run.ts) takes it if it has the
 * concurrency the run settles on, and the entry stops it if nothing took it.
 *
 * Only the entry and run.ts import this module: it loads tinypool and nothing of the pipeline.
 */
import { availableParallelism } from 'node:os';
import { Tinypool } from 'tinypool';

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
 * the default when no config file could set another. Anything else, and a run that then cleans in its own
 * thread (a few small files), costs at most a pool started for nothing.
 */
export function startEarlyWorkers(argv: readonly string[]): void {
  if (argv[0] !== 'run' || !argv.includes('--no-incremental')) return;
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--')) return;
  const concurrency = concurrencyOf(argv);
  if (concurrency !== null) early = { concurrency, pool: workerPool(concurrency) };
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

/**
 * The last --concurrency N (or =N) in plain digits, as the command line takes it; else the default, unless a
 * --config may set another (then null).
 */
function concurrencyOf(argv: readonly string[]): number | null {
  let told: string | undefined | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--concurrency') told = argv[i + 1];
    else if (arg.startsWith('--concurrency=')) told = arg.slice('--concurrency='.length);
  }
  if (told === null)
    return argv.some((arg) => arg === '--config' || arg.startsWith('--config='))
      ? null
      : Math.max(1, availableParallelism());
  // Above 64 (config.ts MAX_CONCURRENCY, not imported: it loads zod) the CLI refuses the run.
  return told !== undefined && /^[1-9][0-9]?$/.test(told) && Number(told) <= 64 ? Number(told) : null;
}
