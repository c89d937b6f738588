/**
 * The CLI's entry starts a `run --no-incremental`'s worker threads before it loads the command line
 * (pipeline/early-workers.ts); run() takes them only with the concurrency it settles on, and a pool nothing takes
 * is stopped, so that the process ends.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as EarlyWorkers from '../../pipeline/early-workers.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../temp.js';
import { runCli, twoThreadRun } from './corpus.js';

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
    // --in of a folder it cannot read: the run may need the pool.
    early.startEarlyWorkers(['run', '--in=missing', '--no-incremental', '--concurrency=3']);
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
    early.startEarlyWorkers([
      'run',
      '--in',
      'a',
      '--no-incremental',
      '--config',
      'c.json',
      '--concurrency',
      '1',
    ]);
    const pool = early.takeEarlyWorkers(1);
    expect(pool).not.toBeNull();
    await pool?.destroy();
  });

  it('starts none for --in holding a few small files, which the run cleans in its own thread', () => {
    for (const argv of [
      ['run', '--in', join(ROOT, 'raw'), '--no-incremental', '--concurrency', '2'],
      ['run', `--in=${join(ROOT, 'raw', readdirSync(join(ROOT, 'raw'))[0]!)}`, '--no-incremental'],
    ]) {
      early.startEarlyWorkers(argv);
      for (const n of [1, 2, availableParallelism()])
        expect(early.takeEarlyWorkers(n), argv.join(' ')).toBeNull();
    }
  });

  it('a pool nothing took is stopped: a run cleaned in the main thread still ends', () => {
    const dir = tempDir('newsclean-early-');
    // The seeds and a file the run does not read, too large for fewSmallFiles: the CLI starts the pool, the run
    // cleans in its own thread.
    cpSync(join(ROOT, 'raw'), join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'in', 'notes.bin'), Buffer.alloc(early.INLINE_MAX_BYTES + 1));
    expect(early.fewSmallFiles(join(dir, 'in'))).toBe(false);
    const r = runCli(twoThreadRun(dir));
    expect(r.status).toBe(0);
  });
});

describe('fewSmallFiles', () => {
  it('is true for a file or folder within the bounds the run cleans in its own thread, hidden entries aside', () => {
    expect(early.fewSmallFiles(join(ROOT, 'raw'))).toBe(true);
    const dir = tempDir('newsclean-few-');
    for (let i = 0; i < early.INLINE_MAX_FILES; i++) {
      mkdirSync(join(dir, 'in', `site-${i % 3}`), { recursive: true });
      writeFileSync(join(dir, 'in', `site-${i % 3}`, `${i}.txt`), 'x'.repeat(1000));
    }
    // Hidden entries are never read by the run.
    mkdirSync(join(dir, 'in', '.git'));
    writeFileSync(join(dir, 'in', '.git', 'pack'), Buffer.alloc(early.INLINE_MAX_BYTES * 2));
    writeFileSync(join(dir, 'in', '.hidden.txt'), Buffer.alloc(early.INLINE_MAX_BYTES * 2));
    expect(early.fewSmallFiles(join(dir, 'in'))).toBe(true);
    expect(early.fewSmallFiles(join(dir, 'in', 'site-0', '0.txt'))).toBe(true);
  });

  it('is false past either bound, for a symbolic link, or a path it cannot read', () => {
    const dir = tempDir('newsclean-few-');
    const files = join(dir, 'files');
    mkdirSync(files);
    for (let i = 0; i <= early.INLINE_MAX_FILES; i++) writeFileSync(join(files, `${i}.txt`), 'x');
    expect(early.fewSmallFiles(files)).toBe(false);
    const bytes = join(dir, 'bytes');
    mkdirSync(join(bytes, 'a'), { recursive: true });
    writeFileSync(join(bytes, 'a', 'one.txt'), Buffer.alloc(early.INLINE_MAX_BYTES / 2));
    writeFileSync(join(bytes, 'two.txt'), Buffer.alloc(early.INLINE_MAX_BYTES / 2 + 1));
    expect(early.fewSmallFiles(bytes)).toBe(false);
    expect(early.fewSmallFiles(join(bytes, 'two.txt'))).toBe(true);
    writeFileSync(join(dir, 'large.jsonl'), Buffer.alloc(early.INLINE_MAX_BYTES + 1));
    expect(early.fewSmallFiles(join(dir, 'large.jsonl'))).toBe(false);
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(join(bytes, 'two.txt'), join(linked, 'two.txt'));
    expect(early.fewSmallFiles(linked)).toBe(false);
    expect(early.fewSmallFiles(join(dir, 'missing'))).toBe(false);
    expect(early.fewSmallFiles(undefined)).toBe(false);
  });
});
