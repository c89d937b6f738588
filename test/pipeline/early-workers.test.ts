/**
 * The CLI's entry starts a `run --no-incremental`'s worker threads before it loads the command line
 * (pipeline/early-workers.ts); run() takes them only with the concurrency it settles on, and a pool nothing takes
 * is stopped, so that the process ends.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as EarlyWorkers from '../../pipeline/early-workers.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../temp.js';
import { runCli } from './corpus.js';

// The built module: its pool loads dist/pipeline/worker.js.
let early: typeof EarlyWorkers;
beforeAll(async () => {
  early = (await import(
    pathToFileURL(join(ROOT, 'dist', 'pipeline', 'early-workers.js')).href
  )) as typeof EarlyWorkers;
});

describe('startEarlyWorkers', () => {
  it('starts a pool for run --no-incremental with the concurrency of its arguments, taken once', async () => {
    early.startEarlyWorkers(['run', '--in', 'a', '--out', 'b', '--no-incremental', '--concurrency', '2']);
    expect(early.takeEarlyWorkers(3)).toBeNull();
    const pool = early.takeEarlyWorkers(2);
    expect(pool).not.toBeNull();
    expect(early.takeEarlyWorkers(2)).toBeNull();
    await pool?.destroy();
    early.startEarlyWorkers(['run', '--no-incremental', '--concurrency=3']);
    const other = early.takeEarlyWorkers(3);
    expect(other).not.toBeNull();
    await other?.destroy();
  });

  it('starts none when the run may reuse, a config file may set the concurrency, or the arguments are not a run', async () => {
    for (const argv of [
      ['run', '--in', 'a', '--out', 'b', '--concurrency', '1'],
      ['run', '--no-incremental', '--config', 'c.json'],
      ['run', '--no-incremental', '--concurrency', '65'],
      ['run', '--no-incremental', '--concurrency', '1e1'],
      ['run', '--no-incremental', '--help'],
      ['check', '--no-incremental', '--concurrency', '1'],
    ]) {
      early.startEarlyWorkers(argv);
      for (const n of [1, 2, 65]) expect(early.takeEarlyWorkers(n), argv.join(' ')).toBeNull();
    }
    // With the concurrency told, a config file cannot change it.
    early.startEarlyWorkers(['run', '--no-incremental', '--config', 'c.json', '--concurrency', '1']);
    const pool = early.takeEarlyWorkers(1);
    expect(pool).not.toBeNull();
    await pool?.destroy();
  });

  it('a pool nothing took is stopped: a run cleaned in the main thread still ends', () => {
    const out = join(tempDir('newsclean-early-'), 'out');
    const r = runCli([
      'run',
      '--in',
      join(ROOT, 'raw'),
      '--out',
      out,
      '--no-incremental',
      '--concurrency',
      '2',
      '--quiet',
    ]);
    expect(r.status).toBe(0);
  });
});
