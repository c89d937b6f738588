/**
 * bench/cpu-probe.ts (built, as the bench preloads it): a process's CPU time at exit, and beside it where it
 * went (main thread, threads still alive at exit, threads gone by then: the worker threads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThreadCpu } from '../../bench/cpu-probe.js';
import { ROOT } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'newsclean-cpu-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A worker thread that spins until its own thread has used 300 ms of CPU (read from /proc, so a loaded host
 * makes it last longer, never use less), then ends before the process does; the main thread only waits.
 */
const SCRIPT = `
const { Worker } = require('node:worker_threads');
const w = new Worker(\`
  const { readFileSync } = require('node:fs');
  const ms = () => { const s = readFileSync('/proc/thread-self/stat', 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
  let x = 0;
  while (ms() < 300) for (let i = 0; i < 1e6; i++) x += i;
\`, { eval: true });
w.on('exit', () => setTimeout(() => undefined, 50));
`;

describe.runIf(process.platform === 'linux')('cpu-probe', () => {
  it("puts a worker thread's CPU time under the threads gone at exit, not under the main thread", () => {
    const file = join(dir, 'cpu.txt');
    const probe = pathToFileURL(join(ROOT, 'dist', 'bench', 'cpu-probe.js')).href;
    const r = spawnSync(process.execPath, ['--import', probe, '-e', SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, NEWSCLEAN_BENCH_CPU_FILE: file },
    });
    expect(r.status, r.stderr).toBe(0);
    const total = Number(readFileSync(file, 'utf8'));
    expect(existsSync(`${file}.threads.json`)).toBe(true);
    const split = JSON.parse(readFileSync(`${file}.threads.json`, 'utf8')) as ThreadCpu;
    expect(split.totalMs).toBe(total);
    // The worker's 300 ms (clock ticks of 10 ms, and a thread's last tick may not be counted yet).
    expect(split.goneMs).toBeGreaterThanOrEqual(250);
    expect(split.mainMs).toBeLessThan(split.goneMs);
    expect(split.mainMs + split.helperMs + split.goneMs).toBeCloseTo(total, 6);
    // The process ran at least as long as its worker spun.
    expect(split.wallMs).toBeGreaterThanOrEqual(250);
  });
});
