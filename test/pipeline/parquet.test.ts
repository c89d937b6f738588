/**
 * Parquet output read back by an independent reader: hyparquet (a Parquet reader with its own decoding of
 * pages, levels and nesting; zstd pages decompressed by fzstd, not by the library that wrote them) must give
 * the JSON Lines records field for field, nested fields as structs and lists, not JSON strings.
 */
import { cpSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decompress } from 'fzstd';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import { run as runPipeline } from '../../pipeline/run.js';
import type { OutputOptions } from '../../pipeline/writers/options.js';
import { cli, readJsonl, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';
import { writeCorpus } from './corpus.js';

const compressors = { ZSTD: (input: Uint8Array) => decompress(input) };

/** Fields that only documents read from HTML have: a text document's Parquet row holds null for them. */
const HTML_ONLY = new Set([
  'encodingSource',
  'declared',
  'replaced',
  'note',
  'httpContentType',
  'htmlStart',
  'htmlEnd',
  'markup',
]);

/**
 * hyparquet gives INT64 columns as bigint and a null struct nested in a struct as undefined; JSON has numbers
 * and null, and leaves out the HTML-only fields where Parquet has null. Everything else must already match.
 */
function numbers(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbers);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !(HTML_ONLY.has(k) && (v === null || v === undefined)))
        .map(([k, v]) => [k, numbers(v)]),
    );
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
    expect(item.children.map((c) => c.element.name)).toEqual([
      'index',
      'rawStart',
      'rawEnd',
      'htmlStart',
      'htmlEnd',
      'text',
    ]);
    // Only documents read from HTML have them: optional columns, null for text.
    expect(item.children.map((c) => c.element.repetition_type)).toEqual([
      'REQUIRED',
      'REQUIRED',
      'REQUIRED',
      'OPTIONAL',
      'OPTIONAL',
      'REQUIRED',
    ]);
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

/**
 * Several row groups from a small input (the library API's rowGroupBytes; the CLI's groups are 32 MB), read
 * back by hyparquet, and reused by a re-run: each reused document is read from its own row group and
 * checked against the manifest's digest, so a damaged row group is cleaned again, never copied forward.
 */
/** A .jsonl.zst file's records, decompressed by fzstd. */
const readJsonlZst = (path: string) =>
  Buffer.from(decompress(readFileSync(path)))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);

describe('Parquet with several row groups', () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  const config = parseConfig({});
  const output = {
    formats: ['parquet', 'jsonl'],
    compress: 'zstd',
    lean: [],
    rowGroupBytes: 4096,
  } as const satisfies OutputOptions;
  beforeAll(() => cpSync(RAW, input, { recursive: true }));
  const runOnce = (outDir: string, incremental = true) =>
    runPipeline({ inDir: input, outDir, config, output, incremental, concurrency: 1 });

  it('reads back equal to the JSON Lines records, field for field, group after group', async () => {
    const out = join(dir, 'groups');
    await runOnce(out);
    for (const name of ['documents', 'sentences']) {
      const { rows, metadata } = await readParquet(join(out, `${name}.parquet`));
      expect(metadata.row_groups.length, name).toBeGreaterThan(2);
      expect(rows).toEqual(readJsonlZst(join(out, `${name}.jsonl.zst`)));
    }
  });

  it('a re-run reuses every document from its row group, re-stamps a moved one, and equals a fresh run', async () => {
    const out = join(dir, 'reuse');
    await runOnce(out);
    expect((await runOnce(out)).incremental).toMatchObject({ reused: 5, cleaned: 0 });
    const moved = readdirSync(input).sort()[3]!;
    renameSync(join(input, moved), join(input, `moved-${moved}`));
    expect((await runOnce(out)).incremental).toMatchObject({ reused: 5, cleaned: 0 });
    const fresh = join(dir, 'fresh');
    await runOnce(fresh, false);
    for (const name of [
      'documents.parquet',
      'sentences.parquet',
      'documents.jsonl.zst',
      'sentences.jsonl.zst',
    ])
      expect(readFileSync(join(out, name)).equals(readFileSync(join(fresh, name))), name).toBe(true);
    const documents = await readParquet(join(out, 'documents.parquet'));
    expect(
      documents.rows.map((row) => (row as { provenance: { sourcePath: string } }).provenance.sourcePath),
    ).toContain(`moved-${moved}`);
  });

  it('a damaged row group is not trusted: its documents are cleaned again, the others reused', async () => {
    const out = join(dir, 'damaged');
    await runOnce(out);
    const path = join(out, 'sentences.parquet');
    const { metadata } = await readParquet(path);
    // A byte in the middle of the second row group's text column, the file's size unchanged (the manifest's
    // trailer checks sizes, so only the digest of what is read back can catch this).
    const group = metadata.row_groups[1]!;
    const text = group.columns.find((column) => column.meta_data?.path_in_schema.join('.') === 'text')!;
    const start = Number(text.meta_data!.data_page_offset);
    const bytes = readFileSync(path);
    bytes[start + Math.floor(Number(text.meta_data!.total_compressed_size) / 2)]! ^= 0x55;
    writeFileSync(path, bytes);
    const report = await runOnce(out);
    expect(report.incremental.cleaned).toBeGreaterThan(0);
    expect(report.incremental.reused).toBeGreaterThan(0);
    expect(report.incremental.reused + report.incremental.cleaned).toBe(5);
    const fresh = join(dir, 'fresh-damaged');
    await runOnce(fresh, false);
    expect(readFileSync(path).equals(readFileSync(join(fresh, 'sentences.parquet')))).toBe(true);
    expect((await readParquet(path)).rows).toEqual(readJsonlZst(join(fresh, 'sentences.jsonl.zst')));
  });
});
