/**
 * A document of many MB is encoded into a spill file in the staging folder instead of memory
 * (pipeline/writers/arena.ts SpillArena), and the main thread copies its parts into the dataset files a slice
 * at a time (pipeline/sinks.ts partSlices). The files must hold exactly the bytes of the in-memory path: the
 * records clean() gives for the same input, and a re-run must reuse them (their digest checks out). Runs the
 * built CLI and library (dist/), whose worker threads load compiled code.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourcePages, writeBigDocument } from '../../bench/corpus.js';
import type * as Library from '../../pipeline/index.js';
import { LARGE_TEXT } from '../../pipeline/writers/json.js';
import { cli, tempDir } from '../cli.js';
import { ROOT } from '../helpers.js';

let api: typeof Library;
let dir: string;
let input: string;
let out: string;

const DATASET = ['documents.jsonl', 'documents.csv', 'sentences.jsonl', 'sentences.csv'];
const lines = (file: string) => readFileSync(join(out, file), 'utf8').split('\n').filter(Boolean);

beforeAll(async () => {
  api = (await import(pathToFileURL(join(ROOT, 'dist', 'pipeline', 'index.js')).href)) as typeof Library;
  dir = tempDir();
  input = join(dir, 'in');
  out = join(dir, 'out');
  mkdirSync(input);
  // About 1.3 MB: its clean text is past LARGE_TEXT, the threshold for spilling (checked below).
  writeBigDocument(join(input, 'big.txt'), sourcePages(ROOT).pages, 1.3);
  const result = cli(['run', '--in', input, '--out', out, '--quiet', '--concurrency', '1']);
  if (result.status !== 0) throw new Error(`newsclean run exited ${result.status}: ${result.stderr}`);
}, 240_000);

describe('a document of many MB, spilled to a file while encoded', () => {
  it('is written exactly as the records clean() gives for the same bytes', () => {
    const records = api.cleanWithSentences(readFileSync(join(input, 'big.txt')), { sourcePath: 'big.txt' });
    if ('code' in records) throw new Error(`rejected: ${records.reason}`);
    expect(records.document.text.length).toBeGreaterThan(LARGE_TEXT);
    expect(lines('documents.jsonl')).toEqual([JSON.stringify(records.document)]);
    expect(lines('sentences.jsonl')).toEqual(records.sentences.map((s) => JSON.stringify(s)));
    // documents.csv: a header and one row, whose text cell holds the whole text (quoted: it has line breaks).
    const csv = readFileSync(join(out, 'documents.csv'), 'utf8');
    expect(csv).toContain(`"${records.document.text.replaceAll('"', '""')}"`);
    expect(readFileSync(join(out, 'sentences.csv'), 'utf8').split('\r\n').length).toBe(
      records.sentences.length + 2,
    );
  });

  it('leaves no spill file behind, in the output or beside it', () => {
    expect(existsSync(join(out, '.spill'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['in', 'out']);
  });

  it('is reused by a re-run, byte for byte (the digest of its spilled parts checks out)', () => {
    const before = DATASET.map((file) => readFileSync(join(out, file)));
    const result = cli(['run', '--in', input, '--out', out, '--quiet', '--concurrency', '1']);
    expect(result.status).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      incremental: { reused: number; cleaned: number };
    };
    expect(run.incremental).toMatchObject({ reused: 1, cleaned: 0 });
    // Buffer.equals: a deep equality over MBs of bytes, element by element, would take minutes.
    expect(DATASET.map((file, i) => readFileSync(join(out, file)).equals(before[i]!))).toEqual(
      DATASET.map(() => true),
    );
  });
});
