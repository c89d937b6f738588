/**
 * Sharded runs and the merge (issue 9): shards run as separate processes of the built CLI, merged, equal a
 * single run byte for byte; finished shards are skipped; the merge refuses what it cannot vouch for.
 */
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShard, SHARD_MARKER, shardOf } from '../../pipeline/shard.js';
import { cli, type Json, readJsonl, tempDir } from '../cli.js';
import {
  expectSameAsSingleRun,
  folderFiles,
  SHARD_CONFIG,
  type ShardCorpus,
  writeShardCorpus,
} from './shard-corpus.js';

let dir: string;
let input: string;
let config: string;
let corpus: ShardCorpus;

function ok(args: readonly string[]): string {
  const result = cli(args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

function runShards(out: string, n: number, extra: readonly string[] = []): string[] {
  return Array.from({ length: n }, (_, k) =>
    ok([
      'run',
      '--in',
      input,
      '--out',
      join(out, `shard-${k}`),
      '--shard',
      `${k}/${n}`,
      '--config',
      config,
      ...extra,
    ]),
  );
}

const shardDirs = (out: string, n: number) => Array.from({ length: n }, (_, k) => join(out, `shard-${k}`));

beforeAll(() => {
  dir = tempDir('newsclean-shard-');
  input = join(dir, 'in');
  corpus = writeShardCorpus(input);
  config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(SHARD_CONFIG));
  ok(['run', '--in', input, '--out', join(dir, 'single'), '--config', config, '--quiet']);
});

describe('--shard K/N', () => {
  it('parses K/N and refuses anything else', () => {
    expect(parseShard('0/8')).toEqual({ index: 0, count: 8 });
    expect(parseShard('7/8')).toEqual({ index: 7, count: 8 });
    for (const bad of ['8/8', '1/0', '-1/3', '1', 'a/3', '1/3/4', ''])
      expect(typeof parseShard(bad), bad).toBe('string');
    const result = cli(['run', '--in', input, '--out', join(dir, 'bad'), '--shard', '3/3']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected K below N');
  });

  it('puts each file in one shard by its path alone', () => {
    expect(shardOf('site-0/page-1.txt', 1)).toBe(0);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 800; i++) counts[shardOf(`folder/file-${i}.txt`, 8)]++;
    // A hash, not a counter: every shard gets a share, none all.
    for (const n of counts) expect(n).toBeGreaterThan(50);
  });

  it('the corpus puts duplicates, near duplicates and site pages into different shards', () => {
    for (const n of [3, 8]) {
      for (const [copy, original] of corpus.duplicates)
        expect(shardOf(copy, n)).not.toBe(shardOf(original, n));
      const [a, b] = corpus.nearDuplicates;
      expect(shardOf(a, n)).not.toBe(shardOf(b, n));
      for (const pages of corpus.sites)
        expect(new Set(pages.map((page) => shardOf(page, n))).size).toBeGreaterThan(1);
    }
  });
});

describe.each([1, 3, 8])('%i shard(s) merged', (n) => {
  it('equal a single run byte for byte', () => {
    const out = join(dir, `shards-${n}`);
    runShards(out, n, ['--quiet', '--concurrency', '1']);
    const merged = join(dir, `merged-${n}`);
    const stdout = ok(['merge', '--out', merged, ...shardDirs(out, n)]);
    expect(stdout).toContain(`merged ${n} shard`);
    expectSameAsSingleRun(join(dir, 'single'), merged);
    // What made this hard is in the output: cross-shard duplicates, clusters, furniture.
    const duplicates = readJsonl(join(merged, 'duplicates.jsonl'));
    for (const [copy, original] of corpus.duplicates) {
      const [first, later] = copy < original ? [copy, original] : [original, copy];
      expect(duplicates).toContainEqual(expect.objectContaining({ sourcePath: later, canonicalPath: first }));
    }
    expect(duplicates).toContainEqual(
      expect.objectContaining({ sourcePath: 'site-0/page-2.txt', canonicalPath: 'feeds/feed.jsonl' }),
    );
    const clusters = readJsonl(join(merged, 'near-duplicates.jsonl'));
    const paths = clusters.flatMap((c) => (c.members as Json[]).map((m) => m.sourcePath));
    expect(paths).toEqual(expect.arrayContaining([...corpus.nearDuplicates]));
    const report = JSON.parse(readFileSync(join(merged, 'run.json'), 'utf8')) as {
      counts: Record<string, number>;
      shards: unknown[];
    };
    expect(report.counts['site-repeated.site-repeated']).toBeGreaterThan(0);
    expect(report.shards).toHaveLength(n);
  });
});

describe('other dataset formats', () => {
  it('Parquet and compressed files merge byte for byte too (parts copied through each writer)', () => {
    const formats = ['--formats', 'jsonl,csv,parquet', '--compress', 'zstd'];
    const single = join(dir, 'formats-single');
    ok(['run', '--in', input, '--out', single, '--config', config, '--quiet', ...formats]);
    const out = join(dir, 'formats');
    runShards(out, 3, ['--quiet', ...formats]);
    const merged = join(dir, 'formats-merged');
    ok(['merge', '--out', merged, ...shardDirs(out, 3)]);
    expect(Object.keys(folderFiles(merged))).toEqual(
      expect.arrayContaining(['documents.parquet', 'sentences.parquet', 'documents.csv.zst']),
    );
    expectSameAsSingleRun(single, merged);
  });
});

describe('the library API', () => {
  it('run({ shard }) and merge() as the CLI does them', async () => {
    const { merge, MergeError, parseConfig, run } = await import('../../pipeline/index.js');
    const out = join(dir, 'api');
    const settings = parseConfig(SHARD_CONFIG);
    for (const index of [0, 1])
      await run({
        inDir: input,
        outDir: join(out, `shard-${index}`),
        config: settings,
        shard: { index, count: 2 },
      });
    const report = await merge({ shards: shardDirs(out, 2), outDir: join(out, 'final') });
    expect(report.shards).toHaveLength(2);
    // In process, so against a single run in process (the code fingerprint of the sources, not of dist/).
    await run({ inDir: input, outDir: join(out, 'single'), config: settings });
    expectSameAsSingleRun(join(out, 'single'), join(out, 'final'));
    await expect(merge({ shards: [join(out, 'shard-1')], outDir: join(out, 'final') })).rejects.toThrow(
      MergeError,
    );
  });
});

describe('re-running a sharded run', () => {
  it('skips finished shards; after one input changed, only its shard cleans, only that document', () => {
    const out = join(dir, 'rerun');
    runShards(out, 3, ['--quiet']);
    const before = shardDirs(out, 3).map(folderFiles);
    const again = runShards(out, 3);
    // Nothing rewritten: run.json, which holds the run's time, is the same bytes.
    for (const [k, folder] of shardDirs(out, 3).entries()) {
      expect(again[k]).toContain(`shard ${k}/3 already complete`);
      expect(folderFiles(folder)).toEqual(before[k]);
    }

    // One page's article changes (not its furniture): its shard cleans that page, the others are skipped.
    const page = 'site-1/page-1.txt';
    const path = join(input, page);
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, original.replace('officials said', 'officials said on Tuesday'));
      const owner = shardOf(page, 3);
      for (const k of [0, 1, 2]) {
        const result = cli([
          'run',
          '--in',
          input,
          '--out',
          join(out, `shard-${k}`),
          '--shard',
          `${k}/3`,
          '--config',
          config,
        ]);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        if (k === owner) {
          expect(result.stdout).not.toContain('already complete');
          const report = JSON.parse(readFileSync(join(out, `shard-${k}`, 'run.json'), 'utf8')) as {
            incremental: { cleaned: number; reused: number };
          };
          // The changed page, and any input rejected by cleaning (rejections are never reused: run.ts).
          const failed = readJsonl(join(out, `shard-${k}`, 'shard-items.jsonl')).filter(
            (i) => i.kind === 'failed',
          );
          expect(report.incremental.cleaned).toBe(1 + failed.length);
          expect(report.incremental.reused).toBeGreaterThan(0);
        } else {
          expect(result.stdout).toContain('already complete');
          expect(folderFiles(join(out, `shard-${k}`))).toEqual(before[k]);
        }
      }
      const merged = join(dir, 'rerun-merged');
      ok(['merge', '--out', merged, ...shardDirs(out, 3)]);
      const fresh = join(dir, 'rerun-single');
      ok(['run', '--in', input, '--out', fresh, '--config', config, '--quiet']);
      expectSameAsSingleRun(fresh, merged);
    } finally {
      writeFileSync(path, original);
    }
  });
});

describe('merge refuses, exit 5, --out left as it was', () => {
  let out: string;
  const final = () => join(dir, 'refused');

  beforeAll(() => {
    out = join(dir, 'refuse');
    runShards(out, 3, ['--quiet']);
    writeFileSync(join(dir, 'marker.txt'), 'x');
  });

  /** A copy of the three shards with one changed by `tamper`, merged: the error. */
  function refused(tamper: (shards: string[]) => string[] | undefined): string {
    const copy = tempDir('newsclean-shard-copy-');
    cpSync(out, copy, { recursive: true });
    const dirs = shardDirs(copy, 3);
    const given = tamper(dirs) ?? dirs;
    rmSync(final(), { recursive: true, force: true });
    cpSync(join(dir, 'marker.txt'), join(final(), 'previous.txt'));
    const result = cli(['merge', '--out', final(), ...given]);
    expect(result.status).toBe(5);
    expect(readFileSync(join(final(), 'previous.txt'), 'utf8')).toBe('x');
    expect(result.stderr).toContain('--out was left as it was');
    // Nothing half-written left beside it either.
    expect(readdirSync(dir).filter((name) => name.startsWith('.refused.'))).toEqual([]);
    return result.stderr;
  }

  it('a shard without its completion marker', () => {
    const stderr = refused((dirs) => {
      rmSync(join(dirs[1]!, SHARD_MARKER));
      return undefined;
    });
    expect(stderr).toContain('no completion marker');
  });

  it('a missing shard, and one given twice', () => {
    expect(refused((dirs) => [dirs[0]!, dirs[2]!])).toContain('shard 1 of 3 missing');
    expect(refused((dirs) => [dirs[0]!, dirs[1]!, dirs[2]!, dirs[1]!])).toContain('given twice');
  });

  it('shards of another shard count, version, code or config', () => {
    const other = join(dir, 'other-count');
    runShards(other, 2, ['--quiet']);
    expect(refused((dirs) => [dirs[0]!, dirs[1]!, join(other, 'shard-1')])).toContain(
      'different shard count',
    );
    const edit = (field: string, value: string) => (dirs: string[]) => {
      const path = join(dirs[2]!, SHARD_MARKER);
      const marker = JSON.parse(readFileSync(path, 'utf8')) as Json;
      marker[field] = value;
      writeFileSync(path, JSON.stringify(marker));
      return undefined;
    };
    expect(refused(edit('pipelineVersion', '0.0.1'))).toContain('different pipeline version');
    expect(refused(edit('codeFingerprint', 'ffffffffffffffff'))).toContain('different cleaning code');
    // Another config: shard 2 run again with near duplicates at another threshold.
    const otherConfig = join(dir, 'other-config.json');
    writeFileSync(
      otherConfig,
      JSON.stringify({ cleaning: { ...SHARD_CONFIG.cleaning, nearDuplicates: { threshold: 0.5 } } }),
    );
    expect(
      refused((dirs) => {
        ok(['run', '--in', input, '--out', dirs[2]!, '--shard', '2/3', '--config', otherConfig, '--quiet']);
        return undefined;
      }),
    ).toContain('different config');
  });

  it('overlapping coverage', () => {
    const stderr = refused((dirs) => {
      // Shard 2's marker claims one of shard 0's files too.
      const take = JSON.parse(readFileSync(join(dirs[0]!, SHARD_MARKER), 'utf8')) as { covered: Json[] };
      const path = join(dirs[2]!, SHARD_MARKER);
      const marker = JSON.parse(readFileSync(path, 'utf8')) as { covered: Json[] };
      marker.covered.push(take.covered[0]!);
      writeFileSync(path, JSON.stringify(marker));
      return undefined;
    });
    expect(stderr).toContain('overlapping shards');
  });

  it('files that do not match their recorded hashes: a changed byte, a file cut short, a file missing', () => {
    const flip = (name: string) => (dirs: string[]) => {
      const path = join(dirs[1]!, name);
      const bytes = readFileSync(path);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at]! ^ 1;
      writeFileSync(path, bytes);
      return undefined;
    };
    expect(refused(flip('documents.jsonl'))).toContain('documents.jsonl does not match its recorded sha256');
    expect(refused(flip('shard-items.jsonl'))).toContain('shard-items.jsonl does not match');
    expect(
      refused((dirs) => {
        const path = join(dirs[0]!, 'sentences.csv');
        writeFileSync(path, readFileSync(path).subarray(0, 100));
        return undefined;
      }),
    ).toContain('sentences.csv has 100 bytes');
    expect(
      refused((dirs) => {
        rmSync(join(dirs[0]!, 'manifest.jsonl'));
        return undefined;
      }),
    ).toContain('manifest.jsonl is missing');
  });

  it('a document whose bytes do not match the manifest, found mid-merge: the staged output is dropped', () => {
    const stderr = refused((dirs) => {
      // A letter of a document changed, and the marker's hash of the file updated to match: only the
      // manifest's per-document digest, checked while streaming, can tell.
      const path = join(dirs[1]!, 'documents.jsonl');
      const text = readFileSync(path, 'utf8');
      const at = text.indexOf('officials said');
      expect(at).toBeGreaterThan(-1);
      const changed = Buffer.from(
        `${text.slice(0, at)}Officials said${text.slice(at + 'officials said'.length)}`,
      );
      writeFileSync(path, changed);
      const markerPath = join(dirs[1]!, SHARD_MARKER);
      const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as { files: Record<string, unknown> };
      marker.files['documents.jsonl'] = {
        bytes: changed.length,
        sha256: createHash('sha256').update(changed).digest('hex'),
      };
      writeFileSync(markerPath, JSON.stringify(marker));
      return undefined;
    });
    expect(stderr).toContain("do not match manifest.jsonl's digest");
  });

  it('an --out that is or holds a shard folder (exit 2)', () => {
    const result = cli(['merge', '--out', out, ...shardDirs(out, 3)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('holds the shard folder');
  });
});
