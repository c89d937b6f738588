/**
 * --formats and --compress: which dataset files a run writes. Compressed files are read back with readers
 * other than the writer's (fzstd, a JavaScript zstd decoder, for files the reference C library wrote; zlib for
 * gzip) and must hold exactly the bytes of the plain files. Re-runs reuse compressed output like plain output.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress } from 'fzstd';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';
import { variant, writeCorpus } from './corpus.js';

const unzstd = (path: string) => Buffer.from(decompress(readFileSync(path))).toString('utf8');
const gunzip = (path: string) => gunzipSync(readFileSync(path)).toString('utf8');
const text = (path: string) => readFileSync(path, 'utf8');

interface Report {
  incremental: { reused: number; cleaned: number };
}
const report = (out: string) => JSON.parse(text(join(out, 'run.json'))) as Report;

function run(input: string, out: string, ...extra: string[]): Report {
  const r = cli(['run', '--in', input, '--out', out, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return report(out);
}

/** Dataset files of a folder (not run.json, manifest.jsonl, README.md or the schemas). */
const datasetNames = (out: string) =>
  readdirSync(out)
    .filter((name) => /^(documents|sentences)\./.test(name))
    .sort();

describe('--formats and --compress on raw/', () => {
  const dir = tempDir();
  const plain = join(dir, 'plain');
  beforeAll(() => run(RAW, plain));

  it('--formats jsonl --compress zstd: only the two JSON Lines files, decompressing to the plain ones', () => {
    const out = join(dir, 'zstd');
    run(RAW, out, '--formats', 'jsonl', '--compress', 'zstd');
    expect(datasetNames(out)).toEqual(['documents.jsonl.zst', 'sentences.jsonl.zst']);
    expect(unzstd(join(out, 'documents.jsonl.zst'))).toBe(text(join(plain, 'documents.jsonl')));
    expect(unzstd(join(out, 'sentences.jsonl.zst'))).toBe(text(join(plain, 'sentences.jsonl')));
    // The side files stay plain JSON Lines: they are small and read by people.
    expect(text(join(out, 'rejected.jsonl'))).toBe(text(join(plain, 'rejected.jsonl')));
  });

  it('--formats csv --compress gzip: the CSV files, header included', () => {
    const out = join(dir, 'gzip');
    run(RAW, out, '--formats', 'csv', '--compress', 'gzip');
    expect(datasetNames(out)).toEqual(['documents.csv.gz', 'sentences.csv.gz']);
    expect(gunzip(join(out, 'documents.csv.gz'))).toBe(text(join(plain, 'documents.csv')));
    expect(gunzip(join(out, 'sentences.csv.gz'))).toBe(text(join(plain, 'sentences.csv')));
  });

  it('check mode compares compressed output with plain golden files, decompressed', () => {
    const ok = cli(['check', '--golden', plain, '--in', RAW, '--compress', 'zstd']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const golden = join(dir, 'edited-golden');
    run(RAW, golden);
    const path = join(golden, 'sentences.jsonl');
    writeFileSync(path, text(path).replace('"index":0,', '"index":7,'));
    const bad = cli(['check', '--golden', golden, '--in', RAW, '--compress', 'gzip', '--formats', 'jsonl']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('--- golden/sentences.jsonl');
    expect(bad.stdout).toContain('-  "index": 7,');
  });

  it('refuses an unknown format or codec with a usage error', () => {
    const a = cli(['run', '--in', RAW, '--out', join(dir, 'x'), '--formats', 'jsonl,xml']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('expected a comma-separated list of jsonl, csv');
    const b = cli(['run', '--in', RAW, '--out', join(dir, 'x'), '--compress', 'brotli']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('brotli');
  });
});

describe('output options in the config file', () => {
  const dir = tempDir();
  const plain = join(dir, 'plain');
  beforeAll(() => run(RAW, plain));
  const config = (output: unknown) => {
    const path = join(dir, `config-${JSON.stringify(output).replace(/\W+/g, '-')}.json`);
    writeFileSync(path, JSON.stringify({ output }));
    return path;
  };

  it('`output` sets formats, compression and lean records as the flags do, with the same config hash', () => {
    const out = join(dir, 'from-config');
    run(RAW, out, '--config', config({ formats: ['jsonl'], compress: 'zstd', lean: ['sentences'] }));
    expect(datasetNames(out)).toEqual(['documents.jsonl.zst', 'sentences.jsonl.zst']);
    // Output options are not hashed: the documents are byte for byte the default run's, configHash included.
    expect(unzstd(join(out, 'documents.jsonl.zst'))).toBe(text(join(plain, 'documents.jsonl')));
    expect(unzstd(join(out, 'sentences.jsonl.zst'))).not.toContain('"provenance"');
    const flags = join(dir, 'from-flags');
    run(RAW, flags, '--formats', 'jsonl', '--compress', 'zstd', '--lean', 'sentences');
    for (const name of ['documents.jsonl.zst', 'sentences.jsonl.zst'])
      expect(readFileSync(join(out, name)).equals(readFileSync(join(flags, name))), name).toBe(true);
  });

  it('a flag overrides its field of the config file, and only that field', () => {
    const out = join(dir, 'override');
    const path = config({ formats: ['csv'], compress: 'gzip' });
    run(RAW, out, '--config', path, '--compress', 'none');
    expect(datasetNames(out)).toEqual(['documents.csv', 'sentences.csv']);
    run(RAW, out, '--config', path, '--formats', 'jsonl,csv');
    expect(datasetNames(out)).toEqual([
      'documents.csv.gz',
      'documents.jsonl.gz',
      'sentences.csv.gz',
      'sentences.jsonl.gz',
    ]);
    expect(gunzip(join(out, 'documents.csv.gz'))).toBe(text(join(plain, 'documents.csv')));
  });

  it('check mode reads `output` from the config file too', () => {
    const r = cli(['check', '--golden', plain, '--in', RAW, '--config', config({ formats: ['parquet'] })]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    [
      { formats: ['jsonl', 'xml'] },
      'expected `output.formats[1]` to be one of `jsonl`, `csv`, `parquet`, got `"xml"`',
    ],
    [{ formats: [] }, 'expected `output.formats` to be a list of ≥ 1 items, got `[]`'],
    [
      { compress: 'brotli' },
      'expected `output.compress` to be one of `none`, `gzip`, `zstd`, got `"brotli"`',
    ],
    [{ lean: ['words'] }, 'expected `output.lean[0]` to be one of `sentences`, `paragraphs`, got `"words"`'],
    [{ format: ['csv'] }, 'unknown key `output.format`'],
  ])('%j is a config error (exit 2)', (output, message) => {
    const r = cli(['run', '--in', RAW, '--out', join(dir, 'bad'), '--config', config(output)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('incremental runs with compressed files', () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  const out = join(dir, 'out');
  // Large enough for several 1 MiB frames per file.
  beforeAll(() => writeCorpus(input, 400));

  it('reuse every document from many frames, re-stamp a moved one, and equal a fresh run', () => {
    expect(run(input, out, '--compress', 'zstd').incremental).toMatchObject({ reused: 0, cleaned: 400 });
    const trailer = JSON.parse(text(join(out, 'manifest.jsonl')).trim().split('\n').at(-1)!) as {
      meta: unknown[][];
    };
    expect(trailer.meta[0]!.length).toBeGreaterThan(1);
    expect(run(input, out, '--compress', 'zstd').incremental).toMatchObject({ reused: 400, cleaned: 0 });
    renameSync(join(input, 'site-02', 'page-00002.txt'), join(input, 'site-02', 'moved.txt'));
    writeFileSync(join(input, 'site-03', 'page-00003.txt'), `${variant(3)}\n\nA late correction.`);
    const again = run(input, out, '--compress', 'zstd');
    expect(again.incremental.reused).toBeGreaterThan(380);
    expect(unzstd(join(out, 'documents.jsonl.zst'))).toContain('"sourcePath":"site-02/moved.txt"');
    const fresh = join(dir, 'fresh');
    run(input, fresh, '--no-incremental');
    for (const name of ['documents.jsonl', 'documents.csv', 'sentences.jsonl', 'sentences.csv'])
      expect(unzstd(join(out, `${name}.zst`)) === text(join(fresh, name)), name).toBe(true);
    expect(text(join(out, 'manifest.jsonl'))).not.toBe('');
  });

  it('other formats or another codec reuse nothing (the manifest names the files it points into)', () => {
    expect(run(input, out, '--compress', 'gzip').incremental.reused).toBe(0);
    expect(run(input, out, '--compress', 'gzip').incremental.reused).toBe(400);
    expect(run(input, out, '--compress', 'gzip', '--formats', 'jsonl').incremental.reused).toBe(0);
  });

  it('a corrupt frame is caught: its documents are cleaned again, the rest reused', () => {
    run(input, out, '--compress', 'gzip');
    const path = join(out, 'sentences.csv.gz');
    const bytes = readFileSync(path);
    // Flip a byte inside the second frame's compressed data (not its size: the trailer checks sizes).
    const trailer = JSON.parse(text(join(out, 'manifest.jsonl')).trim().split('\n').at(-1)!) as {
      meta: number[][][];
    };
    const second = trailer.meta[3]![1]!;
    bytes[second[0]! + Math.floor(second[1]! / 2)]! ^= 0xff;
    writeFileSync(path, bytes);
    const r = run(input, out, '--compress', 'gzip');
    expect(r.incremental.cleaned).toBeGreaterThan(0);
    expect(r.incremental.reused).toBeGreaterThan(0);
    const fresh = join(dir, 'fresh-gzip');
    run(input, fresh, '--no-incremental');
    expect(gunzip(path) === text(join(fresh, 'sentences.csv'))).toBe(true);
  });
});
