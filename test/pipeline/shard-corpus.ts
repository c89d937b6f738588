/**
 * A corpus for sharded runs (shard.test.ts, deploy.test.ts and the queue's test), built so that what a shard
 * cannot see alone crosses shard borders: exact duplicates whose first copy sits in another shard (before and
 * after it in path order, a copy of a rejected binary too), near duplicates in different shards, and sites whose
 * furniture lines repeat over pages spread across shards. And the comparison of a merged dataset with a single
 * run's: every file byte for byte but run.json, whose figures about how the work was done may differ.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { shardOf } from '../../pipeline/shard.js';
import { variant } from './corpus.js';

/** density's structural rules off, so the furniture reaches site-repeated (as in site-repeated.test.ts). */
export const SHARD_CONFIG = {
  cleaning: { density: { disable: ['outside-article', 'not-prose', 'link-list'] } },
};

/** The shard counts the corpus is built to split badly for: duplicates and their originals apart. */
export const SHARD_COUNTS = [3, 8] as const;

function sitePage(s: number, article: string): string {
  return [
    `Site ${s} News\nHome\nWorld\nSport ${s}`,
    article,
    `Follow Site ${s} on social media`,
    `© 2026 Site ${s} Media Group`,
  ].join('\n\n');
}

/** The first name made by name(j) that lands in another shard than `other`, for every count of SHARD_COUNTS. */
function apart(other: string, name: (j: number) => string): string {
  for (let j = 0; ; j++) {
    const candidate = name(j);
    if (SHARD_COUNTS.every((n) => shardOf(candidate, n) !== shardOf(other, n))) return candidate;
  }
}

export interface ShardCorpus {
  /** Exact copies: [copy, original], the original first in path order or not. */
  readonly duplicates: ReadonlyArray<readonly [string, string]>;
  /** Two files whose texts differ in one sentence. */
  readonly nearDuplicates: readonly [string, string];
  /** The pages of each site folder (their furniture is learned across shards). */
  readonly sites: readonly (readonly string[])[];
}

/** Writes the corpus under dir (a fresh folder); returns where the cross-shard cases are. */
export function writeShardCorpus(dir: string): ShardCorpus {
  const write = (path: string, content: string | Uint8Array) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  const sites: string[][] = [];
  for (let s = 0; s < 3; s++) {
    const pages: string[] = [];
    for (let i = 0; i < 7; i++) {
      const path = `site-${s}/page-${i}.txt`;
      write(path, sitePage(s, variant(10 * s + i)));
      pages.push(path);
    }
    sites.push(pages);
  }
  // Exact copies in other shards: one sorting after its original, one before (it is then the canonical copy).
  const after = apart('site-1/page-3.txt', (j) => `zz-copies/copy-${j}.txt`);
  write(after, readFileSync(join(dir, 'site-1/page-3.txt')));
  const before = apart('site-2/page-5.txt', (j) => `aa-copies/copy-${j}.txt`);
  write(before, readFileSync(join(dir, 'site-2/page-5.txt')));
  // A binary file (rejected by cleaning) and a copy of it in another shard: a duplicate of a rejected input.
  const binary = new Uint8Array(600).map((_, i) => (i * 7) % 32);
  write('binary/blob.txt', binary);
  const binaryCopy = apart('binary/blob.txt', (j) => `zz-copies/blob-${j}.txt`);
  write(binaryCopy, binary);
  // Near duplicates: one story, one sentence changed, in two shards.
  const story = variant(5);
  write('near/a.txt', story);
  const nearB = apart('near/a.txt', (j) => `near/b-${j}.txt`);
  write(nearB, story.replace('officials said', 'officials told reporters'));
  // JSON Lines from two hosts (the URL's host is the site), a malformed line, and a record repeating a file.
  const records = Array.from({ length: 8 }, (_, i) => {
    const host = i % 2 ? 'a.example' : 'www.b.example';
    const text = [`${host} front page`, 'Contact us', variant(40 + i), `All content © ${host}`].join('\n\n');
    return JSON.stringify({ id: `r${i}`, url: `https://${host}/story/${i}`, text });
  });
  records.splice(3, 0, '{"id": "broken", "text": ');
  // The same bytes as a text file that sorts after the feed: that file becomes the duplicate.
  records.push(JSON.stringify({ id: 'copy', text: readFileSync(join(dir, 'site-0/page-2.txt'), 'utf8') }));
  write('feeds/feed.jsonl', `${records.join('\n')}\n`);
  return {
    duplicates: [
      [after, 'site-1/page-3.txt'],
      [before, 'site-2/page-5.txt'],
      [binaryCopy, 'binary/blob.txt'],
    ],
    nearDuplicates: ['near/a.txt', nearB],
    sites,
  };
}

/** Every file under dir, relative path → bytes. */
export function folderFiles(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path));
    }
  };
  walk('');
  return out;
}

/**
 * The fields of run.json that say how the work was done, not what the dataset holds, and so may differ
 * between a merged and a single run: times, speed, memory, threads, how many documents each process cleaned
 * or reused (shards clean a cross-shard duplicate before the merge drops it), and the merge's per-shard list.
 */
export const RUN_JSON_VOLATILE = [
  'timings',
  'throughput',
  'peakRssBytes',
  'concurrency',
  'incremental',
  'shards',
] as const;

export function comparableRunJson(bytes: Buffer): Record<string, unknown> {
  const report = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  for (const key of RUN_JSON_VOLATILE) delete report[key];
  const siteIndex = report.siteIndex as Record<string, unknown>;
  // How the site pass did its work: its time, and how many files it took from a previous site-index.bin.
  delete siteIndex.ms;
  delete siteIndex.filesReused;
  return report;
}

/**
 * A merged dataset equals a single run's: the same files, every one byte for byte (dataset files, manifest,
 * schemas, dataset card), run.json equal but for RUN_JSON_VOLATILE and the site pass's time.
 */
export function expectSameAsSingleRun(single: string, merged: string): void {
  const a = folderFiles(single);
  // The single run's site pass cache (site-index.bin), which shards do not write (README): not a dataset file.
  delete a['site-index.bin'];
  const b = folderFiles(merged);
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const [name, bytes] of Object.entries(a)) {
    if (name === 'run.json') continue;
    expect(b[name]!.equals(bytes), `${name} differs from the single run's`).toBe(true);
  }
  expect(comparableRunJson(b['run.json']!)).toEqual(comparableRunJson(a['run.json']!));
}
