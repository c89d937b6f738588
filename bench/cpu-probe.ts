/**
 * Preloaded into a pipeline process the bench starts (`node --import cpu-probe.js cli.js run ...`): when the
 * process exits, it writes the CPU time (user + system, all threads, Node's start-up included) the process
 * used to the file named by NEWSCLEAN_BENCH_CPU_FILE. It works for any checkout's CLI, so the bench can compare
 * this code's CPU with an older build's (--baseline) the same way.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.NEWSCLEAN_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String((user + system) / 1000));
  });
}
