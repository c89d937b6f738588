/**
 * Container inputs: JSON Lines (plain, gzip, zstd) and WARC/WET. Each record keeps its place in the file
 * (line, byte offset, WARC ids) and a bad record is rejected while the rest of the file goes on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import { splitLines } from '../../pipeline/inputs/streams.js';
import type { InputItem } from '../../pipeline/inputs.js';
import { inputFormat, readInputs, sha256 } from '../../pipeline/inputs.js';
import { tempDir as makeTempDir } from '../temp.js';
import { buildWet, FIXTURE_DIR, gzip, pagesJsonl, RAW_DIR, rawPages, zstd } from './fixtures.js';

const defaults = parseConfig({});
const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');

async function readAll(
  dir: string,
  files: string[],
  maxBytes = defaults.cleaning.decode.maxBytes,
  input = defaults.input,
): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readInputs(dir, files, { maxBytes, input })) items.push(item);
  return items;
}

function tempDir(): string {
  return makeTempDir('newsclean-inputs-');
}

describe('fixtures', () => {
  const update = process.env.UPDATE_FIXTURES === '1';
  test('the committed fixtures are what test/pipeline/fixtures.ts builds from raw/', async () => {
    const jsonl = Buffer.from(pagesJsonl());
    const wet = await buildWet();
    const wetGz = await buildWet(rawPages(), { gzip: true });
    if (update) {
      mkdirSync(FIXTURE_DIR, { recursive: true });
      writeFileSync(join(FIXTURE_DIR, 'pages.jsonl'), jsonl);
      writeFileSync(join(FIXTURE_DIR, 'pages.jsonl.gz'), gzip(jsonl));
      writeFileSync(join(FIXTURE_DIR, 'pages.jsonl.zst'), zstd(jsonl));
      writeFileSync(join(FIXTURE_DIR, 'pages.wet'), wet);
      writeFileSync(join(FIXTURE_DIR, 'pages.wet.gz'), wetGz);
    }
    expect(readFileSync(join(FIXTURE_DIR, 'pages.jsonl'))).toEqual(jsonl);
    expect(readFileSync(join(FIXTURE_DIR, 'pages.wet'))).toEqual(wet);
    expect(readFileSync(join(FIXTURE_DIR, 'pages.wet.gz'))).toEqual(wetGz);
    expect(existsSync(join(FIXTURE_DIR, 'pages.jsonl.gz'))).toBe(true);
    expect(existsSync(join(FIXTURE_DIR, 'pages.jsonl.zst'))).toBe(true);
  });
});

describe('format detection', () => {
  test('by extension, longest ending first, case-insensitive', () => {
    expect(inputFormat('a/b.txt')?.format).toBe('text');
    expect(inputFormat('x.JSONL')?.format).toBe('jsonl');
    expect(inputFormat('x.jsonl.gz')).toMatchObject({ format: 'jsonl', compression: 'gzip' });
    expect(inputFormat('x.jsonl.zst')).toMatchObject({ format: 'jsonl', compression: 'zstd' });
    expect(inputFormat('CC-MAIN-1.warc.wet.gz')?.format).toBe('warc');
    expect(inputFormat('x.warc')?.format).toBe('warc');
    expect(inputFormat('x.json')).toBeNull();
    expect(inputFormat('x.gz')).toBeNull();
  });
});

describe('JSON Lines', () => {
  const pages = rawPages();

  test.each(['pages.jsonl', 'pages.jsonl.gz', 'pages.jsonl.zst'])(
    '%s: one item per line, with line, id and url, and the text bytes of the raw file',
    async (name) => {
      const items = await readAll(FIXTURE_DIR, [name]);
      expect(items).toHaveLength(pages.length);
      for (const [i, item] of items.entries()) {
        const raw = readFileSync(join(RAW_DIR, pages[i]!.name));
        expect(item.error).toBeNull();
        expect(item.sourcePath).toBe(name);
        expect(item.record).toEqual({
          line: i + 1,
          byteOffset: null,
          id: pages[i]!.name.replace(/\.txt$/, ''),
          url: pages[i]!.url,
          warcRecordId: null,
          warcDate: null,
        });
        // Same text → same bytes → same document id as the .txt file.
        expect(item.sha256).toBe(sha256(raw));
      }
    },
  );

  test('field names come from config, with dotted paths into nested objects', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.jsonl'),
      `${JSON.stringify({ body: 'Hello there.', meta: { link: 'https://x.example/1', uid: 42 } })}\n`,
    );
    const input = parseConfig({
      input: { jsonl: { textField: 'body', urlField: 'meta.link', idField: 'meta.uid' } },
    }).input;
    const [item] = await readAll(dir, ['a.jsonl'], 1000, input);
    expect(item?.error).toBeNull();
    expect(item?.record).toMatchObject({ line: 1, id: '42', url: 'https://x.example/1' });
    expect(Buffer.from(item!.bytes!).toString()).toBe('Hello there.');
  });

  test('a malformed line is rejected with its line number and reason; the rest of the file goes on', async () => {
    const dir = tempDir();
    const good = (n: number) => `${JSON.stringify({ id: `d${n}`, text: `Document ${n}.` })}\n`;
    const lines = [
      good(1),
      '{"id": "broken", "text": "no closing\n',
      '[1, 2, 3]\n',
      '\n', // blank lines are not records
      `${JSON.stringify({ id: 'no-text', body: 'x' })}\n`,
      `${JSON.stringify({ id: 'number', text: 5 })}\n`,
      good(7),
    ];
    const bytes = Buffer.concat([
      ...lines.map((l) => Buffer.from(l)),
      Buffer.from([0x7b, 0x22, 0x74, 0xff, 0x22, 0x7d, 0x0a]), // invalid UTF-8 on line 8
      Buffer.from(good(9).trimEnd()), // last line without a newline
    ]);
    writeFileSync(join(dir, 'mixed.jsonl'), bytes);
    const items = await readAll(dir, ['mixed.jsonl']);
    const summary = items.map((item) => [item.record?.line, item.error?.code ?? 'ok']);
    expect(summary).toEqual([
      [1, 'ok'],
      [2, 'malformed-record'],
      [3, 'malformed-record'],
      [5, 'malformed-record'],
      [6, 'malformed-record'],
      [7, 'ok'],
      [8, 'malformed-record'],
      [9, 'ok'],
    ]);
    expect(items[1]?.error?.reason).toMatch(/^line 2 is not valid JSON/);
    expect(items[2]?.error?.reason).toBe('line 3 is not a JSON object');
    expect(items[3]?.error?.reason).toContain('no string field `text`');
    expect(items[3]?.record?.id).toBe('no-text');
    expect(items[6]?.error?.reason).toBe('line 8 is not valid UTF-8');
  });

  test('CRLF line endings are not part of the record', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'crlf.jsonl'), '{"text":"One."}\r\n{"text":"Two."}\r\n');
    const items = await readAll(dir, ['crlf.jsonl']);
    expect(items.map((i) => Buffer.from(i.bytes!).toString())).toEqual(['One.', 'Two.']);
  });

  test('a text over maxBytes, or a line too long to hold such a text, is rejected as too-large', async () => {
    const dir = tempDir();
    const maxBytes = 1000;
    writeFileSync(
      join(dir, 'big.jsonl'),
      [
        JSON.stringify({ id: 'small', text: 'ok' }),
        JSON.stringify({ id: 'over', text: 'x'.repeat(1001) }),
        JSON.stringify({ id: 'huge', text: 'y'.repeat(200_000) }),
        JSON.stringify({ id: 'after', text: 'still read' }),
      ].join('\n'),
    );
    const items = await readAll(dir, ['big.jsonl'], maxBytes);
    expect(items.map((i) => i.error?.code ?? 'ok')).toEqual(['ok', 'too-large', 'too-large', 'ok']);
    expect(items[1]?.error?.reason).toMatch(/line 2 is 1001 bytes, more than the limit of 1000 bytes/);
    expect(items[1]?.record?.id).toBe('over');
    expect(items[2]?.error?.reason).toMatch(/line 3 is more than 67536 bytes/);
  });

  test('an endless line is skipped with bounded memory, not buffered', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    async function* source() {
      for (let i = 0; i < 200; i++) yield chunk; // 200 MB without a newline
      yield new TextEncoder().encode('\n{"text":"next"}\n');
    }
    const before = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed;
    let peak = 0;
    const lines = [];
    for await (const line of splitLines(source(), 4 * 1024 * 1024)) {
      lines.push({ line: line.line, held: line.bytes?.byteLength ?? null, length: line.length });
      const m = process.memoryUsage();
      peak = Math.max(peak, m.arrayBuffers + m.heapUsed - before);
    }
    expect(lines).toEqual([
      { line: 1, held: null, length: 200 * 1024 * 1024 },
      { line: 2, held: 15, length: 15 },
    ]);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  });

  test('a corrupt gzip stream rejects the rest of the file, after the lines read before it', async () => {
    const dir = tempDir();
    const many = Array.from(
      { length: 2000 },
      (_, i) => `${JSON.stringify({ text: `Doc ${i} ${'z'.repeat(i)}` })}\n`,
    );
    const gz = gzip(Buffer.from(many.join('')));
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    writeFileSync(join(dir, 'cut.jsonl.gz'), cut);
    const items = await readAll(dir, ['cut.jsonl.gz']);
    const last = items.at(-1)!;
    expect(items.length).toBeGreaterThan(10);
    expect(items.slice(0, -1).every((i) => i.error === null)).toBe(true);
    expect(last.error?.code).toBe('unreadable');
    expect(last.error?.reason).toMatch(/^cannot read past line \d+ \(gzip stream\)/);
  });
});

describe('WARC / WET', () => {
  const pages = rawPages();

  test.each(['pages.wet', 'pages.wet.gz'])(
    '%s: one item per conversion record with offset, WARC-Record-ID, target URI and date',
    async (name) => {
      const items = await readAll(FIXTURE_DIR, [name]);
      expect(items).toHaveLength(pages.length); // the warcinfo record is not a page
      const file = readFileSync(join(FIXTURE_DIR, name));
      for (const [i, item] of items.entries()) {
        expect(item.error).toBeNull();
        expect(item.sha256).toBe(sha256(readFileSync(join(RAW_DIR, pages[i]!.name))));
        expect(item.record).toMatchObject({
          line: null,
          id: null,
          url: pages[i]!.url,
          warcRecordId: `<urn:uuid:00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}>`,
          warcDate: `2020-11-27T17:${String(i).padStart(2, '0')}:00Z`,
        });
        const offset = item.record!.byteOffset!;
        if (name === 'pages.wet') expect(file.subarray(offset, offset + 10).toString()).toBe('WARC/1.0\r\n');
        else expect([file[offset], file[offset + 1]]).toEqual([0x1f, 0x8b]); // a gzip member starts there
      }
    },
  );

  test('a malformed record is rejected with its byte offset; the records after it are read', async () => {
    const dir = tempDir();
    const wet = await buildWet(pages.slice(0, 2));
    const garbage = Buffer.from('NOT A WARC HEADER\r\nfoo: bar\r\n\r\n');
    const tail = await buildWet(pages.slice(2, 3));
    writeFileSync(join(dir, 'bad.wet'), Buffer.concat([wet, garbage, tail]));
    const items = await readAll(dir, ['bad.wet']);
    expect(items.map((i) => i.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'malformed-record', 'ok']);
    expect(items[2]?.record?.byteOffset).toBe(wet.length);
    expect(items[2]?.error?.reason).toMatch(/no WARC record at byte offset \d+/);
    expect(items[3]?.record?.url).toBe(pages[2]!.url);
  });

  test('a record over maxBytes is rejected unread and the next record is read; a truncated one is malformed', async () => {
    const dir = tempDir();
    const small = { name: 's', text: 'Short page.', url: 'https://x.example/s' };
    const big = { name: 'b', text: 'B'.repeat(5000), url: 'https://x.example/b' };
    const wet = await buildWet([small, big, small]);
    writeFileSync(join(dir, 'big.wet'), wet);
    const items = await readAll(dir, ['big.wet'], 1000);
    expect(items.map((i) => i.error?.code ?? 'ok')).toEqual(['ok', 'too-large', 'ok']);
    expect(items[1]?.error?.reason).toMatch(/is 5000 bytes, more than the limit of 1000 bytes/);
    writeFileSync(join(dir, 'cut.wet'), wet.subarray(0, wet.length - 3000));
    const cut = await readAll(dir, ['cut.wet']);
    expect(cut.map((i) => i.error?.code ?? 'ok')).toEqual(['ok', 'malformed-record']);
    expect(cut[1]?.error?.reason).toMatch(
      /Content-Length 5000\) is truncated: the file ends 2\d\d\d bytes into its content/,
    );
  });
});

describe('end to end (built CLI)', () => {
  const pages = rawPages();
  test('a folder of .txt, .jsonl.zst and .wet gives documents with their provenance; bad records go to rejected.jsonl', () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(join(input, 'dumps'), { recursive: true });
    writeFileSync(join(input, 'a.txt'), readFileSync(join(RAW_DIR, pages[0]!.name)));
    writeFileSync(join(input, 'dumps', 'b.jsonl.zst'), readFileSync(join(FIXTURE_DIR, 'pages.jsonl.zst')));
    writeFileSync(join(input, 'dumps', 'c.wet'), readFileSync(join(FIXTURE_DIR, 'pages.wet')));
    writeFileSync(join(input, 'dumps', 'd.jsonl'), '{"text": "Fine page. It has words."}\nnot json\n');
    const out = join(dir, 'out');
    const result = spawnSync(process.execPath, [CLI, 'run', '--in', input, '--out', out, '--quiet'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const read = (name: string) =>
      readFileSync(join(out, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const docs = read('documents.jsonl') as Array<{ id: string; provenance: Record<string, unknown> }>;
    // a.txt and the first record of each container share bytes: one document, the others are duplicates.
    expect(docs.map((d) => d.provenance.sourcePath)).toEqual([
      'a.txt',
      'dumps/b.jsonl.zst',
      'dumps/b.jsonl.zst',
      'dumps/b.jsonl.zst',
      'dumps/b.jsonl.zst',
      'dumps/d.jsonl',
    ]);
    expect(docs[0]?.provenance.record).toBeNull();
    expect(docs[1]?.provenance.record).toMatchObject({ line: 2, id: pages[1]!.name.replace(/\.txt$/, '') });
    const duplicates = read('duplicates.jsonl');
    expect(duplicates).toHaveLength(6);
    expect(duplicates[0]).toMatchObject({ sourcePath: 'dumps/b.jsonl.zst', canonicalPath: 'a.txt' });
    expect(duplicates[1]).toMatchObject({ sourcePath: 'dumps/c.wet', canonicalPath: 'a.txt' });
    const rejected = read('rejected.jsonl');
    expect(rejected).toEqual([
      expect.objectContaining({
        sourcePath: 'dumps/d.jsonl',
        code: 'malformed-record',
        record: expect.objectContaining({ line: 2 }),
      }),
    ]);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      inputs: { files: number; records: number };
    };
    expect(report.inputs).toMatchObject({ files: 4, records: 1 + 5 + 5 + 2 });
  });
});
