/**
 * Fuzz test over whole runs (issue 13, "What to build"): random folders of random byte strings, JSON Lines
 * (plain, gzip, zstd) and WARC files (plain or one gzip member per record), truncated at random points, with
 * Content-Lengths that lie. For every folder the real CLI must end within a time bound, never exit 70, lose
 * no well-formed record (each is in documents.jsonl, duplicates.jsonl or rejected.jsonl at its place), and
 * write CSV that csv-parse reads back to exactly the JSON Lines records.
 *
 * A fixed seed and a few runs in `npm test`; NEWSCLEAN_FUZZ_RUNS=1000 (and FC_SEED=<n>) for a wider sweep.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DocumentRecord, SentenceRecord } from '../../pipeline/schemas.js';
import { DOCUMENT_COLUMNS, documentRow, SENTENCE_COLUMNS, sentenceRow } from '../../pipeline/serialize.js';
import { FC_SEED } from '../helpers.js';

const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');
const RUNS = Number(process.env.NEWSCLEAN_FUZZ_RUNS ?? 6);
/** A run of a few small files takes about a second; far longer means a hang. */
const RUN_TIMEOUT_MS = 60_000;

const WORDS = [
  'the',
  'council',
  'said',
  'on',
  'Monday',
  'Minsk',
  'prices',
  'rose',
  'by',
  '5%',
  'Mr.',
  'U.S.',
];
const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 4, maxLength: 12 })
  .map((words) => `${words.join(' ')}.`);
/** Prose, sometimes with hostile characters after it (quotes, commas, CR, formula starts, emoji, controls). */
const prose = fc
  .tuple(
    fc.array(sentence, { minLength: 2, maxLength: 5 }),
    fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: '' }),
    fc.constantFrom('', '=SUM(A1)\n\n', '"Quoted, here"\n\n', '+1\r\n'),
  )
  .map(([sentences, tail, head]) => `${head}${sentences.join(' ')}\n\n${sentences[0]}${tail}`);

/** Where to cut a file: not at all, or at a fraction of its length. */
const cut = fc.oneof(
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
);

interface Expected {
  /** sourcePath and line (JSON Lines) or byteOffset (WARC) of each well-formed record. */
  readonly path: string;
  readonly line: number | null;
  readonly byteOffset: number | null;
}

interface Built {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expected: Expected[];
}

const cutAt = (length: number, at: number | null) => (at === null ? length : Math.floor(length * at));

const jsonlFile = fc
  .record({
    lines: fc.array(
      fc.oneof(
        prose.map((text) => ({ good: true, line: JSON.stringify({ text }) })),
        fc
          .string({ unit: 'binary', maxLength: 60 })
          .map((s) => ({ good: false, line: s.replace(/[\r\n]/g, ' ') })),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    compression: fc.constantFrom('none', 'gzip', 'zstd'),
    cut,
  })
  .map(({ lines, compression, cut: at }): ((n: number) => Built) => (n) => {
    const name = `f${n}.jsonl${compression === 'gzip' ? '.gz' : compression === 'zstd' ? '.zst' : ''}`;
    const plain = Buffer.from(lines.map((l) => `${l.line}\n`).join(''));
    const packed =
      compression === 'gzip'
        ? gzipSync(plain)
        : compression === 'zstd'
          ? execFileSync('zstd', ['-q', '-c'], { input: plain })
          : plain;
    const end = cutAt(packed.byteLength, at);
    const expected: Expected[] = [];
    let offset = 0;
    for (const [i, l] of lines.entries()) {
      offset += Buffer.byteLength(l.line) + 1;
      // A cut compressed stream guarantees nothing about the lines before the cut: only whole files count.
      const whole = compression === 'none' ? offset <= end : end === packed.byteLength;
      if (l.good && whole) expected.push({ path: name, line: i + 1, byteOffset: null });
    }
    return { name, bytes: packed.subarray(0, end), expected };
  });

/** A lie small enough never to land exactly on the next record's end (records are longer than that). */
const lie = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: -20, max: -1 }), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 40 }), weight: 1 },
);

const warcFile = fc
  .record({
    records: fc.array(
      fc.record({ type: fc.constantFrom('conversion', 'conversion', 'response'), text: prose, lie }),
      { minLength: 1, maxLength: 6 },
    ),
    gzip: fc.boolean(),
    cut,
  })
  .map(({ records, gzip, cut: at }): ((n: number) => Built) => (n) => {
    const name = `f${n}.${gzip ? 'warc.gz' : 'warc'}`;
    const parts: Buffer[] = [];
    const expected: Expected[] = [];
    let offset = 0;
    const starts: number[] = [];
    for (const [i, r] of records.entries()) {
      const body = Buffer.from(`${'x'.repeat(20)} ${r.text}`); // longer than any negative lie
      const head =
        `WARC/1.0\r\nWARC-Type: ${r.type}\r\nWARC-Record-ID: <urn:uuid:${n}-${i}>\r\n` +
        `Content-Length: ${body.byteLength + r.lie}\r\n\r\n`;
      const record = Buffer.concat([Buffer.from(head), body, Buffer.from('\r\n\r\n')]);
      const bytes = gzip ? gzipSync(record) : record;
      starts.push(offset);
      parts.push(bytes);
      offset += bytes.byteLength;
    }
    const file = Buffer.concat(parts);
    const end = cutAt(file.byteLength, at);
    for (const [i, r] of records.entries()) {
      const recordEnd = starts[i]! + parts[i]!.byteLength;
      if (r.type === 'conversion' && r.lie === 0 && recordEnd <= end)
        expected.push({ path: name, line: null, byteOffset: starts[i]! });
    }
    return { name, bytes: file.subarray(0, end), expected };
  });

const randomFile = fc.uint8Array({ maxLength: 300 }).map((bytes): ((n: number) => Built) => (n) => ({
  name: `f${n}.txt`,
  bytes,
  expected: [{ path: `f${n}.txt`, line: null, byteOffset: null }],
}));

const folder = fc.array(fc.oneof(jsonlFile, warcFile, randomFile), { minLength: 1, maxLength: 4 });

type Located = { sourcePath: string; record: { line: number | null; byteOffset: number | null } | null };
const key = (path: string, line: number | null, byteOffset: number | null) => `${path}#${line}#${byteOffset}`;
const keyOf = (r: Located) => key(r.sourcePath, r.record?.line ?? null, r.record?.byteOffset ?? null);

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

/** The dataset card's rule for formula-like cells, undone. */
const restore = (value: string): string => (/^''*[=+\-@\t\r]/.test(value) ? value.slice(1) : value);
const cells = (row: Record<string, string | number | null>, columns: readonly string[]) =>
  columns.map((c) => {
    const value = row[c];
    return value === null || value === undefined ? '' : String(value);
  });

describe('fuzz: random, truncated and lying inputs through the real CLI', () => {
  test(`${RUNS} random folders: no hang, no exit 70, no well-formed record lost, CSV reads back exactly`, () => {
    fc.assert(
      fc.property(folder, (makers) => {
        const dir = mkdtempSync(join(tmpdir(), 'newsclean-fuzz-'));
        try {
          const input = join(dir, 'in');
          mkdirSync(input);
          const files = makers.map((make, n) => make(n));
          for (const f of files) writeFileSync(join(input, f.name), f.bytes);
          const out = join(dir, 'out');
          const result = spawnSync(process.execPath, [CLI, 'run', '--in', input, '--out', out, '--quiet'], {
            encoding: 'utf8',
            timeout: RUN_TIMEOUT_MS,
          });
          expect(result.signal, 'the run did not end in time').toBeNull();
          expect([0, 3], result.stderr).toContain(result.status);

          const documents = readJsonl<DocumentRecord>(join(out, 'documents.jsonl'));
          const sentences = readJsonl<SentenceRecord>(join(out, 'sentences.jsonl'));
          const seen = new Set([
            ...documents.map((d) => keyOf(d.provenance)),
            ...readJsonl<Located>(join(out, 'duplicates.jsonl')).map(keyOf),
            ...readJsonl<Located>(join(out, 'rejected.jsonl')).map(keyOf),
          ]);
          for (const f of files)
            for (const e of f.expected)
              expect(seen.has(key(e.path, e.line, e.byteOffset)), `${e.path} record lost`).toBe(true);

          const csv = (name: string) =>
            (parse(readFileSync(join(out, name)), { relax_column_count: false }) as string[][]).map((row) =>
              row.map(restore),
            );
          expect(csv('documents.csv')).toEqual([
            [...DOCUMENT_COLUMNS],
            ...documents.map((d) => cells(documentRow(d), DOCUMENT_COLUMNS)),
          ]);
          expect(csv('sentences.csv')).toEqual([
            [...SENTENCE_COLUMNS],
            ...sentences.map((s) => cells(sentenceRow(s), SENTENCE_COLUMNS)),
          ]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: FC_SEED, endOnFailure: true },
    );
  }, 600_000);
});
