/**
 * Output order is input order whatever the number of workers: the dataset written with one worker and
 * with eight is byte-identical, on a corpus large enough for batches to finish out of order.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { tempDir } from '../temp.js';
import { datasetBytes, runCli, writeCorpus } from './corpus.js';
import { FIXTURE_DIR } from './fixtures.js';

test('--concurrency 1 and --concurrency 8 write byte-identical datasets', () => {
  const dir = tempDir('newsclean-concurrency-');
  const input = join(dir, 'in');
  writeCorpus(input, 600);
  // Container records, a duplicate and a rejected file too, so every record kind is ordered.
  copyFileSync(join(FIXTURE_DIR, 'pages.jsonl.gz'), join(input, 'site-03', 'dump.jsonl.gz'));
  copyFileSync(join(FIXTURE_DIR, 'pages.wet'), join(input, 'site-05', 'crawl.wet'));
  writeFileSync(join(input, 'site-01', 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0]));
  copyFileSync(join(input, 'site-00', 'page-00007.txt'), join(input, 'site-06', 'copy-of-7.txt'));

  const one = runCli(['run', '--in', input, '--out', join(dir, 'one'), '--concurrency', '1', '--quiet']);
  const eight = runCli(['run', '--in', input, '--out', join(dir, 'eight'), '--concurrency', '8', '--quiet']);
  expect(one.status).toBe(0);
  expect(eight.status).toBe(0);

  const a = datasetBytes(join(dir, 'one'));
  const b = datasetBytes(join(dir, 'eight'));
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const name of Object.keys(a)) expect(b[name] === a[name], `${name} differs`).toBe(true);

  const report = JSON.parse(readFileSync(join(dir, 'eight', 'run.json'), 'utf8')) as {
    concurrency: number;
    outputs: { documents: number; rejected: number; duplicates: number };
  };
  expect(report.concurrency).toBe(8);
  // 600 variants, 5 JSON Lines pages and 5 WET pages equal to the seeds (only the 5 seeds are new
  // documents if no variant equals a seed: variants all carry an extra sentence).
  expect(report.outputs).toMatchObject({ documents: 605, rejected: 1, duplicates: 6 });
  // Documents are in sorted path order, then record order inside a file.
  const paths = a['documents.jsonl']!.split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { provenance: { sourcePath: string } }).provenance.sourcePath);
  expect(paths).toEqual([...paths].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
});
