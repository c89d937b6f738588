/**
 * A synthetic corpus for wiring tests (order, crash safety, incremental runs): variations of the seed
 * files in raw/, deterministic in n, with the noise the stages deal with (boilerplate lines, doubled
 * capitals, CRLF), spread over nested folders so path order matters.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_FILES } from '../../pipeline/run.js';
import { rawPages } from './fixtures.js';

const NOISE = [
  'Read More: Markets slide as oil climbs',
  'Add a Comment',
  'Source: Read Full Article',
  'Leave A Reply',
];

export function variant(i: number): string {
  const pages = rawPages();
  const page = pages[i % pages.length]!;
  const paragraphs = page.text.split(/\n\s*\n/);
  const extra = `In update ${i}, officials said the figure had risen to ${(i * 37) % 1000} by the evening.`;
  paragraphs.splice(2 + (i % 3), 0, extra);
  if (i % 4 === 1) paragraphs.splice(4, 0, NOISE[i % NOISE.length]!);
  if (i % 6 === 2) paragraphs.push(`AAt least ${i} people were there.`);
  const text = paragraphs.join('\n\n');
  return i % 5 === 3 ? text.replace(/\n/g, '\r\n') : text;
}

/** Writes n text files under dir/site-XX/; returns the total bytes written. */
export function writeCorpus(dir: string, n: number): number {
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const folder = join(dir, `site-${String(i % 7).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const text = variant(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(folder, `page-${String(i).padStart(5, '0')}.txt`), text);
  }
  return bytes;
}

export const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (workers load dist/pipeline/worker.js, so tests drive the built code). */
export function runCli(args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The arguments of `newsclean run` from `dir`/in to `dir`/out at concurrency 2, without incremental state. */
export function twoThreadRun(dir: string): string[] {
  return [
    'run',
    '--in',
    join(dir, 'in'),
    '--out',
    join(dir, 'out'),
    '--no-incremental',
    '--concurrency',
    '2',
    '--quiet',
  ];
}

/** The files that must be byte-identical between runs (run.json holds timings, so it is left out). */
export const COMPARED = [...DATASET_FILES, 'manifest.jsonl'] as const;

export function datasetBytes(outDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of COMPARED) files[name] = readFileSync(join(outDir, name), 'utf8');
  for (const name of readdirSync(join(outDir, 'schema')).sort())
    files[`schema/${name}`] = readFileSync(join(outDir, 'schema', name), 'utf8');
  return files;
}

/** Every file under dir, relative path → content, for "left exactly as it was" checks. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), 'latin1');
    }
  };
  walk('');
  return out;
}
