/**
 * What a command loads: a run writing the default formats (JSON Lines and CSV) must not load the Parquet
 * writer (hyparquet, hyparquet-writer, writers/parquet.ts), check mode's diff or the report's builder; each
 * costs tens of milliseconds of every small run and incremental re-run. The CLI runs in a child process under
 * module resolution hooks (test/fixtures/module-log) that log every module URL resolved in any of its threads,
 * the worker threads included; a control run that writes Parquet shows that the log sees them when loaded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { tempDir } from '../temp.js';
import { CLI, twoThreadRun, writeCorpus } from './corpus.js';

const REGISTER = join(ROOT, 'test', 'fixtures', 'module-log', 'register.mjs');

interface Loaded {
  readonly status: number | null;
  readonly stderr: string;
  /** [parent URL, resolved URL] of every resolution, in any thread. */
  readonly edges: ReadonlyArray<readonly [string, string]>;
}

function loadedBy(args: readonly string[]): Loaded {
  const log = join(tempDir('newsclean-modules-'), 'modules.tsv');
  const result = spawnSync(process.execPath, ['--import', REGISTER, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NEWSCLEAN_MODULE_LOG: log },
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    status: result.status,
    stderr: result.stderr,
    edges: lines.map((line) => line.split('\t') as [string, string]),
  };
}

/** The modules a default run has no use for, as URL fragments. */
const UNUSED = [
  // CommonJS, loaded by require(): the log lists it from the thread's require cache.
  '/node_modules/cli-progress/',
  '/node_modules/hyparquet/',
  '/node_modules/hyparquet-writer/',
  '/node_modules/diff/',
  // WARC inputs only (the runs here read text files).
  '/node_modules/pako/',
  '/dist/pipeline/inputs/warc.js',
  '/dist/pipeline/writers/parquet.js',
  '/dist/pipeline/report/build.js',
  '/dist/pipeline/check.js',
];

function unusedLoaded(loaded: Loaded): string[] {
  const urls = new Set(loaded.edges.map(([, url]) => url));
  return UNUSED.filter((fragment) => [...urls].some((url) => url.includes(fragment)));
}

describe('modules a command loads', () => {
  it('a default run cleaned in its own thread loads neither the Parquet writer, the diff, the report nor a bar', () => {
    const out = join(tempDir('newsclean-modules-'), 'out');
    // Not --quiet: progress goes to stderr, a pipe here, as plain lines (no bar).
    const loaded = loadedBy(['run', '--in', join(ROOT, 'raw'), '--out', out]);
    expect(loaded.status, loaded.stderr).toBe(0);
    // The log sees what the run did load: the cleaning code, the CSV writer and a CommonJS package (extend,
    // loaded by unified through require).
    const urls = loaded.edges.map(([, url]) => url);
    expect(urls.some((url) => url.endsWith('/dist/stages/sentences.js'))).toBe(true);
    expect(urls.some((url) => url.includes('/node_modules/csv-stringify/'))).toBe(true);
    expect(loaded.edges.some(([by, url]) => by === 'require' && url.includes('/node_modules/extend/'))).toBe(
      true,
    );
    expect(unusedLoaded(loaded)).toEqual([]);
  });

  it('nor does one cleaned in worker threads, in any thread', () => {
    const dir = tempDir('newsclean-modules-');
    // More files than a run cleans in its own thread (run.ts INLINE_MAX_FILES).
    writeCorpus(join(dir, 'in'), 40);
    const loaded = loadedBy(twoThreadRun(dir));
    expect(loaded.status, loaded.stderr).toBe(0);
    // A worker thread loaded the cleaning code: tinypool imported worker.js.
    expect(
      loaded.edges.some(
        ([parent, url]) =>
          parent.includes('/node_modules/tinypool/') && url.endsWith('/dist/pipeline/worker.js'),
      ),
    ).toBe(true);
    expect(unusedLoaded(loaded)).toEqual([]);
  });

  it('check with nothing to show loads no diff and no Parquet reader', () => {
    const loaded = loadedBy(['check', '--in', join(ROOT, 'raw'), '--golden', join(ROOT, 'test', 'golden')]);
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(unusedLoaded(loaded)).toEqual(['/dist/pipeline/check.js']);
  });

  it('control: a run that writes Parquet loads the writer, and --report the report', () => {
    const out = join(tempDir('newsclean-modules-'), 'out');
    const loaded = loadedBy([
      'run',
      '--in',
      join(ROOT, 'raw'),
      '--out',
      out,
      '--formats',
      'parquet',
      '--report',
      '--quiet',
    ]);
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(unusedLoaded(loaded)).toEqual([
      '/node_modules/hyparquet/',
      '/node_modules/hyparquet-writer/',
      '/dist/pipeline/writers/parquet.js',
      '/dist/pipeline/report/build.js',
    ]);
  });
});
