/**
 * Container files as a careless or hostile user hands them over (issue 13, items 4 and 5): archives with
 * many records, cut short, or with Content-Lengths that lie. Each must end, never crash (exit 70), keep every
 * well-formed record and turn every broken one into a `malformed-record` rejection that says why.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import type { InputItem } from '../../pipeline/inputs.js';
import { readInputs } from '../../pipeline/inputs.js';
import { tempDir } from '../temp.js';
import { buildWet, type Page } from './fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');

function pagesOf(n: number): Page[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `p${i}`,
    text: `Headline number ${i}\n\nThe council met on day ${i} and agreed the plan. It ends well.\n`,
    url: `https://x.example/${i}`,
  }));
}

function runOn(files: Record<string, Uint8Array>, extra: string[] = []) {
  const dir = tempDir('newsclean-hostile-');
  mkdirSync(join(dir, 'in'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, 'in', name), bytes);
  const out = join(dir, 'out');
  const result = spawnSync(
    process.execPath,
    [CLI, 'run', '--in', join(dir, 'in'), '--out', out, '--quiet', ...extra],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const read = (name: string) =>
    readFileSync(join(out, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { result, read };
}

describe('item 4: archives with many records', () => {
  test('an uncompressed WET with seven records is cleaned (no DataCloneError, exit 0)', async () => {
    const { result, read } = runOn({ 'a.wet': await buildWet(pagesOf(7)) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(
      read('documents.jsonl').map((d) => (d.provenance as { record: { url: string } }).record.url),
    ).toEqual(pagesOf(7).map((p) => p.url));
  });
});

const defaults = parseConfig({});

/** One WARC record written by hand, so its Content-Length can lie. */
function record(type: string, body: string, n: number, length?: (actual: number) => number): Buffer {
  const bytes = Buffer.from(body);
  const declared = length ? length(bytes.byteLength) : bytes.byteLength;
  const head =
    `WARC/1.0\r\nWARC-Type: ${type}\r\nWARC-Record-ID: <urn:uuid:${n}>\r\n` +
    `WARC-Target-URI: https://x.example/${n}\r\nContent-Length: ${declared}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), bytes, Buffer.from('\r\n\r\n')]);
}

const page = (n: number) => `Headline ${n}\n\nThe board met on day ${n} and approved the budget. It ends.\n`;
const httpResponse = `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>${'<p>filler</p>'.repeat(400)}</body></html>`;

async function readFile(name: string, bytes: Uint8Array, maxBytes = defaults.cleaning.decode.maxBytes) {
  const dir = tempDir('newsclean-warc-');
  writeFileSync(join(dir, name), bytes);
  const items: InputItem[] = [];
  for await (const item of readInputs(dir, [name], { maxBytes, input: defaults.input })) items.push(item);
  return items;
}

/** 'ok:<url>' for a page read, the error code otherwise. */
const summary = (items: InputItem[]) => items.map((i) => (i.error ? i.error.code : `ok:${i.record?.url}`));
const url = (n: number) => `ok:https://x.example/${n}`;

describe('item 5: truncated and lying WARC files', () => {
  test('a .warc cut inside a response record it skips ends (no hang) with a malformed-record', async () => {
    const whole = Buffer.concat([
      record('conversion', page(0), 0),
      record('response', httpResponse, 1),
      record('conversion', page(2), 2),
    ]);
    const cutAt = record('conversion', page(0), 0).byteLength + 2000; // inside the response's content
    const items = await readFile('cut.warc', whole.subarray(0, cutAt));
    expect(summary(items)).toEqual([url(0), 'malformed-record']);
    expect(items[1]?.error?.reason).toMatch(
      /WARC-Type response, Content-Length \d+\) is truncated: the file ends/,
    );
  }, 15_000);

  test('a Content-Length past the end of the file costs only its record: the records after it are found', async () => {
    const items = await readFile(
      'past.warc',
      Buffer.concat([
        record('conversion', page(0), 0),
        record('conversion', page(1), 1, (n) => n + 100_000),
        record('conversion', page(2), 2),
      ]),
    );
    expect(summary(items)).toEqual([url(0), 'malformed-record', url(2)]);
    expect(items[1]?.error?.reason).toMatch(/is truncated: the file ends \d+ bytes into its content/);
  }, 15_000);

  test('a Content-Length too small is not accepted as a cut page; the next record is read', async () => {
    const items = await readFile(
      'small.warc',
      Buffer.concat([
        record('conversion', page(0), 0),
        record('conversion', page(1), 1, (n) => n - 20),
        record('conversion', page(2), 2),
      ]),
    );
    expect(summary(items)).toEqual([url(0), 'malformed-record', url(2)]);
    expect(items[1]?.error?.reason).toMatch(/not followed by the blank line that ends a record/);
    expect(items[1]?.record?.url).toBe('https://x.example/1');
  }, 15_000);

  test('a Content-Length too large does not swallow the next record', async () => {
    const items = await readFile(
      'large.warc',
      Buffer.concat([
        record('conversion', page(0), 0),
        record('conversion', page(1), 1, (n) => n + 30),
        record('conversion', page(2), 2),
        record('conversion', page(3), 3),
      ]),
    );
    expect(summary(items)).toEqual([url(0), 'malformed-record', url(2), url(3)]);
  }, 15_000);

  test('a truncated .warc.gz keeps the records before the cut and rejects the cut one', async () => {
    const members = [0, 1, 2].map((n) => gzipSync(record('conversion', page(n), n)));
    const whole = Buffer.concat(members);
    const cut = whole.subarray(0, members[0]!.byteLength + members[1]!.byteLength + 20);
    const items = await readFile('cut.warc.gz', cut);
    expect(summary(items)).toEqual([url(0), url(1), 'malformed-record']);
    expect(items[2]?.error?.reason).toMatch(/truncated.*gzip member at byte offset \d+/);
    expect(items[2]?.record?.byteOffset).toBe(members[0]!.byteLength + members[1]!.byteLength);
  }, 15_000);

  test('--log-format json stays JSON on stderr whatever the archive holds', () => {
    const bytes = Buffer.concat([
      record('conversion', page(0), 0),
      record('conversion', page(1), 1, (n) => n - 20),
      record('response', httpResponse, 2),
      record('conversion', page(3), 3),
    ]);
    const { result, read } = runOn({ 'a.warc': bytes, 'b.warc': bytes.subarray(0, 700) }, [
      '--log-format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const lines = result.stderr.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    // a.warc: the record whose Content-Length is too small; b.warc (cut at byte 700): that record again and
    // the response record the cut falls in.
    expect(read('rejected.jsonl').map((r) => [r.sourcePath, r.code])).toEqual([
      ['a.warc', 'malformed-record'],
      ['b.warc', 'malformed-record'],
      ['b.warc', 'malformed-record'],
    ]);
  }, 30_000);
});
