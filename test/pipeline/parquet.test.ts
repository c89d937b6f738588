/**
 * Parquet output read back by an independent reader: hyparquet (a Parquet reader with its own decoding of
 * pages, levels and nesting; zstd pages decompressed by fzstd, not by the library that wrote them) must give
 * the JSON Lines records field for field, nested fields as structs and lists, not JSON strings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decompress } from 'fzstd';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, readJsonl, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';
import { writeCorpus } from './corpus.js';

const compressors = { ZSTD: (input: Uint8Array) => decompress(input) };

/**
 * hyparquet gives INT64 columns as bigint and a null struct nested in a struct as undefined; JSON has numbers
 * and null. Everything else must already match.
 */
function numbers(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbers);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbers(v)]));
  return value;
}

async function readParquet(path: string) {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const rows = await parquetReadObjects({ file, metadata, compressors });
  return { metadata, rows: rows.map((row) => numbers({ ...row })) };
}

function run(input: string, out: string, ...extra: string[]) {
  const r = cli(['run', '--in', input, '--out', out, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { incremental: { reused: number } };
}

describe('--formats parquet --compress zstd on raw/', () => {
  const dir = tempDir();
  const plain = join(dir, 'plain');
  const out = join(dir, 'parquet');
  beforeAll(() => {
    run(RAW, plain);
    run(RAW, out, '--formats', 'parquet', '--compress', 'zstd');
  });

  it('documents.parquet holds the documents.jsonl records, field for field and in order', async () => {
    const { rows, metadata } = await readParquet(join(out, 'documents.parquet'));
    const expected = readJsonl(join(plain, 'documents.jsonl'));
    expect(rows).toHaveLength(5);
    expect(rows).toEqual(expected);
    // Same key order too: the columns follow the record schema.
    expect(Object.keys(rows[0] as object)).toEqual(Object.keys(expected[0]!));
    for (const group of metadata.row_groups)
      for (const column of group.columns) expect(column.meta_data?.codec).toBe('ZSTD');
  });

  it('sentences.parquet holds the sentences.jsonl records', async () => {
    const { rows } = await readParquet(join(out, 'sentences.parquet'));
    expect(rows).toEqual(readJsonl(join(plain, 'sentences.jsonl')));
  });

  it('nests as Parquet does: provenance a struct, paragraphs a list of structs, nullable fields optional', async () => {
    const schema = parquetSchema(
      await parquetMetadataAsync(await asyncBufferFromFile(join(out, 'documents.parquet'))),
    );
    const child = (name: string) => schema.children.find((c) => c.element.name === name)!;
    expect(child('provenance').children.map((c) => c.element.name)).toContain('sourceSha256');
    expect(child('paragraphs').element.converted_type).toBe('LIST');
    const item = child('paragraphs').children[0]!.children[0]!;
    expect(item.children.map((c) => c.element.name)).toEqual(['index', 'rawStart', 'rawEnd', 'text']);
    expect(child('title').element.repetition_type).toBe('OPTIONAL');
    expect(child('text').element.repetition_type).toBe('REQUIRED');
    expect(child('text').element.type).toBe('BYTE_ARRAY');
  });

  it('check mode reads Parquet back and compares it with the golden JSON Lines', () => {
    const r = cli(['check', '--golden', plain, '--in', RAW, '--formats', 'parquet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('Parquet on a larger corpus', () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  const out = join(dir, 'out');
  beforeAll(() => writeCorpus(input, 150));

  it('is byte-identical at any concurrency, equals the JSON Lines, and re-runs reuse it', async () => {
    run(input, out, '--formats', 'parquet', '--concurrency', '1');
    const other = join(dir, 'other');
    run(input, other, '--formats', 'parquet,jsonl', '--concurrency', '2');
    expect(
      readFileSync(join(out, 'documents.parquet')).equals(readFileSync(join(other, 'documents.parquet'))),
    ).toBe(true);
    expect(
      readFileSync(join(out, 'sentences.parquet')).equals(readFileSync(join(other, 'sentences.parquet'))),
    ).toBe(true);
    const sentences = await readParquet(join(out, 'sentences.parquet'));
    // Without --compress, pages are SNAPPY, Parquet's usual default.
    expect(sentences.metadata.row_groups[0]!.columns[0]!.meta_data?.codec).toBe('SNAPPY');
    expect(sentences.rows).toEqual(readJsonl(join(other, 'sentences.jsonl')));
    expect(run(input, out, '--formats', 'parquet').incremental.reused).toBe(150);
    const again = join(dir, 'again');
    run(input, again, '--formats', 'parquet', '--no-incremental');
    expect(
      readFileSync(join(out, 'documents.parquet')).equals(readFileSync(join(again, 'documents.parquet'))),
    ).toBe(true);
  });
});
