/**
 * Preloaded into a pipeline process the bench starts (`node --import cpu-probe.js cli.js run ...`): when the
 * process exits, it writes the CPU time (user + system, all threads, Node's start-up included) the process
 * used to the file named by NEWSCLEAN_BENCH_CPU_FILE. It works for any checkout's CLI, so the bench can compare
 * this code's CPU with an older build's (--baseline) the same way.
 *
 * Beside it, in that file's name + `.threads.json` (Linux only, from /proc), where that CPU time went (issue 8:
 * what a second worker costs): the main thread; the threads still alive at exit other than the main one (V8's
 * platform threads, which run the concurrent optimising compiler and the garbage collector's parallel and
 * concurrent work for every isolate, and libuv's pool); and the threads gone by then, the worker threads (the
 * run stops its pool before it exits). Plus the process's wall time since it started, so its CPU over its wall
 * time says how many cores one run already keeps busy.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Where the CPU time of one pipeline process went (bench/cpu-probe.ts), in ms. */
export interface ThreadCpu {
  /** The whole process, as in the CPU file. */
  readonly totalMs: number;
  /** Since the process started (Node's start-up included, like totalMs). */
  readonly wallMs: number;
  readonly mainMs: number;
  /** Threads other than the main one still alive at exit: V8's platform threads (compiler, GC) and libuv's. */
  readonly helperMs: number;
  /** Threads that ended before the process: the worker threads. */
  readonly goneMs: number;
}

/** User + system time of one thread of this process, in ms (fields 14 and 15 of its stat, in clock ticks). */
function threadMs(tid: string, tick: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * tick;
}

function threads(totalMs: number): ThreadCpu | null {
  try {
    // USER_HZ is 100 on every Linux the bench runs on (it is fixed by the kernel's ABI, not by HZ).
    const tick = 10;
    let mainMs = 0;
    let helperMs = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const ms = threadMs(tid, tick);
      if (Number(tid) === process.pid) mainMs = ms;
      else helperMs += ms;
    }
    return {
      totalMs,
      wallMs: performance.now(),
      mainMs,
      helperMs,
      goneMs: Math.max(0, totalMs - mainMs - helperMs),
    };
  } catch {
    return null;
  }
}

const file = process.env.NEWSCLEAN_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    const totalMs = (user + system) / 1000;
    writeFileSync(file, String(totalMs));
    const split = threads(totalMs);
    if (split !== null) writeFileSync(`${file}.threads.json`, JSON.stringify(split));
  });
}
