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
