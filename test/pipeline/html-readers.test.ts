/**
 * Readers of HTML input (issue 11): `.html`/`.htm` and `.html.gz` files, JSON Lines records with an `html`
 * field, WARC `response` records whose HTTP Content-Type is HTML. Each page is one item marked `html`; every
 * broken input is one rejection saying why, and the reading goes on. What was read as text before reads the same.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { WARCRecord, WARCSerializer } from 'warcio';
import { type ConfigFile, parseConfig } from '../../pipeline/config.js';
import type { InputItem } from '../../pipeline/inputs.js';
import { inputFormat, readInputs, sha256 } from '../../pipeline/inputs.js';
import { tempDir } from '../temp.js';

const defaults = parseConfig({});
const MAX = defaults.cleaning.decode.maxBytes;

async function read(
  files: Record<string, Uint8Array | string>,
  config: ConfigFile = defaults,
  maxBytes = MAX,
): Promise<InputItem[]> {
  const dir = tempDir('newsclean-html-readers-');
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const items: InputItem[] = [];
  const names = Object.keys(files).sort();
  for await (const item of readInputs(dir, names, { maxBytes, input: config.input })) items.push(item);
  return items;
}

/** 'html' or 'text' for an item read, its error code otherwise. */
const kinds = (items: InputItem[]) => items.map((i) => (i.error ? i.error.code : i.html ? 'html' : 'text'));
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cat = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? utf8(p) : Buffer.from(p))));
const PAGE = utf8(
  '<!doctype html><html><head><meta charset="utf-8"><title>Bridge</title></head><body><p>The council met on Monday and agreed the plan.</p></body></html>\n',
);

describe('.html, .htm and .html.gz files', () => {
  test('each is one HTML item; a gzipped page reads as its decompressed bytes (same id as the plain copy)', async () => {
    const items = await read({
      'a.html': PAGE,
      'b.htm': PAGE,
      'c.html.gz': gzipSync(PAGE),
      'd.txt': 'Plain text.\n',
    });
    expect(kinds(items)).toEqual(['html', 'html', 'html', 'text']);
    expect(Buffer.from(items[2]!.bytes!).equals(PAGE)).toBe(true);
    expect(items[2]!.sha256).toBe(sha256(PAGE));
    expect(items[0]!.sha256).toBe(items[2]!.sha256);
    expect(items[3]!.html).toBeUndefined();
  });

  test('the format comes from the name, case aside; .htm.gz too', () => {
    expect(inputFormat('X/PAGE.HTML.GZ')).toMatchObject({ format: 'html', compression: 'gzip' });
    expect(inputFormat('p.htm.gz')).toMatchObject({ format: 'html', compression: 'gzip' });
    expect(inputFormat('p.html')).toMatchObject({ format: 'html', compression: 'none' });
  });

  test('a .html.gz that is not gzip, or is cut, is one unreadable rejection; the next file is read', async () => {
    const packed = gzipSync(PAGE);
    const items = await read({
      'a-lie.html.gz': PAGE,
      'b-cut.html.gz': packed.subarray(0, packed.length - 12),
      'c-ok.html': PAGE,
    });
    expect(kinds(items)).toEqual(['unreadable', 'unreadable', 'html']);
    expect(items[0]!.error!.reason).toMatch(/cannot read the gzip stream after 0 decompressed bytes/);
    expect(items[1]!.error!.reason).toMatch(/cannot read the gzip stream/);
  });

  test('a gzip bomb stops at the size limit: too-large, never held whole', async () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    const items = await read({ 'bomb.html.gz': bomb }, defaults, 1024 * 1024);
    expect(kinds(items)).toEqual(['too-large']);
    expect(items[0]!.error!.reason).toMatch(/decompresses to more than the limit of 1048576 bytes/);
  });

  test('a .html over the size limit is too-large, unread', async () => {
    const items = await read({ 'big.html': Buffer.alloc(2000, 0x61) }, defaults, 1000);
    expect(kinds(items)).toEqual(['too-large']);
  });

  test('an empty .html and a binary .html are read as bytes: decoding rejects them (empty, binary)', async () => {
    const items = await read({
      'e.html': '',
      'bin.html': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]),
    });
    expect(kinds(items)).toEqual(['html', 'html']);
    expect(items.map((i) => i.bytes!.byteLength)).toEqual([8, 0]);
  });
});

describe('JSON Lines with an html field', () => {
  const line = (record: object) => `${JSON.stringify(record)}\n`;
  const file = [
    line({ id: 'a', html: '<p>Only HTML here.</p>' }),
    line({ id: 'b', text: 'Only text here.', html: '<p>Both.</p>' }),
    line({ id: 'c', text: 'Only text.' }),
    line({ id: 'd', title: 'neither' }),
  ].join('');

  test('html alone is an HTML item; with both, text wins by default (as before HTML input existed)', async () => {
    const items = await read({ 'p.jsonl': file });
    expect(kinds(items)).toEqual(['html', 'text', 'text', 'malformed-record']);
    expect(Buffer.from(items[0]!.bytes!).toString('utf8')).toBe('<p>Only HTML here.</p>');
    expect(Buffer.from(items[1]!.bytes!).toString('utf8')).toBe('Only text here.');
    expect(items[3]!.error!.reason).toMatch(/no string field `text` or `html`/);
  });

  test('input.jsonl.prefer "html" takes the page when a record has both; htmlField renames the field', async () => {
    const prefer = parseConfig({ input: { jsonl: { prefer: 'html' } } });
    expect(kinds(await read({ 'p.jsonl': file }, prefer))).toEqual([
      'html',
      'html',
      'text',
      'malformed-record',
    ]);
    const renamed = parseConfig({ input: { jsonl: { htmlField: 'page.raw' } } });
    const items = await read({ 'q.jsonl': line({ page: { raw: '<p>x</p>' } }) }, renamed);
    expect(kinds(items)).toEqual(['html']);
  });

  test('config errors read like every config error', () => {
    expect(() => parseConfig({ input: { jsonl: { prefer: 'markup' } } })).toThrow(
      /expected `input.jsonl.prefer` to be one of `text`, `html`/,
    );
  });
});

/** One WARC record written by hand. */
function record(
  type: string,
  block: Uint8Array | string,
  n: number,
  headers: Record<string, string> = {},
): Buffer {
  const bytes = typeof block === 'string' ? utf8(block) : Buffer.from(block);
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const head =
    `WARC/1.0\r\nWARC-Type: ${type}\r\nWARC-Record-ID: <urn:uuid:${n}>\r\n` +
    `WARC-Target-URI: https://x.example/${n}\r\n${extra}Content-Length: ${bytes.byteLength}\r\n\r\n`;
  return Buffer.concat([utf8(head), bytes, utf8('\r\n\r\n')]);
}

const HTTP = { 'Content-Type': 'application/http; msgtype=response' };
const http = (status: string, headers: string, body: Uint8Array | string) =>
  Buffer.concat([
    utf8(`HTTP/1.1 ${status}\r\n${headers}\r\n`),
    typeof body === 'string' ? utf8(body) : Buffer.from(body),
  ]);
const html1252 = Buffer.concat([
  utf8('<p>'),
  Buffer.from([0x93]),
  utf8('Quoted'),
  Buffer.from([0x94]),
  utf8('</p>'),
]);

describe('WARC response records', () => {
  test('a 2xx HTML response is an HTML item: its body, with the HTTP Content-Type as the decoding hint', async () => {
    const items = await read({
      'a.warc': Buffer.concat([
        record('warcinfo', 'software: test\r\n', 0),
        record('request', 'GET / HTTP/1.1\r\nHost: x.example\r\n\r\n', 1, HTTP),
        record(
          'response',
          http('200 OK', 'Content-Type: text/html; charset=windows-1252\r\n', html1252),
          2,
          HTTP,
        ),
        record('conversion', 'Headline\n\nA text page.\n', 3),
      ]),
    });
    expect(kinds(items)).toEqual(['html', 'text']);
    expect(Buffer.from(items[0]!.bytes!).equals(html1252)).toBe(true);
    expect(items[0]!.httpContentType).toBe('text/html; charset=windows-1252');
    expect(items[0]!.record).toMatchObject({ url: 'https://x.example/2', warcRecordId: '<urn:uuid:2>' });
    expect(items[1]!.httpContentType).toBeUndefined();
  });

  test('non-HTML, non-2xx and non-HTTP responses are skipped like request records', async () => {
    const items = await read({
      'a.warc': Buffer.concat([
        record(
          'response',
          http('200 OK', 'Content-Type: image/jpeg\r\n', Buffer.from([0xff, 0xd8, 0xff, 0])),
          1,
          HTTP,
        ),
        record('response', http('404 Not Found', 'Content-Type: text/html\r\n', '<p>Gone</p>'), 2, HTTP),
        record(
          'response',
          http('301 Moved', 'Location: /x\r\nContent-Type: text/html\r\n', '<p>Moved</p>'),
          3,
          HTTP,
        ),
        record('response', 'x.example. 300 IN A 192.0.2.1\n', 4, { 'Content-Type': 'text/dns' }),
        record('response', http('200 OK', 'Content-Type: application/xhtml+xml\r\n', '<p>X</p>'), 5, HTTP),
      ]),
    });
    expect(kinds(items)).toEqual(['html']);
    expect(items[0]!.record?.url).toBe('https://x.example/5');
  });

  test('a broken HTTP header is a malformed-record naming what is wrong; the records after it are read', async () => {
    const items = await read({
      'a.warc': Buffer.concat([
        record('response', 'GARBAGE\r\n\r\n<html>', 1, HTTP),
        record('response', 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n<p>no blank line', 2, HTTP),
        record('response', 'HTTP/1.1 200 OK\r\nthis is no header\r\n\r\n<p>x</p>', 3, HTTP),
        record('response', http('200 OK', 'Content-Type: text/html\r\n', '<p>Fine</p>'), 4, HTTP),
      ]),
    });
    expect(kinds(items)).toEqual(['malformed-record', 'malformed-record', 'malformed-record', 'html']);
    expect(items[0]!.error!.reason).toMatch(/WARC-Type response.*its HTTP status line is "GARBAGE"/);
    expect(items[1]!.error!.reason).toMatch(/its HTTP header never ends/);
    expect(items[2]!.error!.reason).toMatch(/has no "Name: value" form/);
  });

  test('a chunked body is decoded; a garbage chunked body is a malformed-record', async () => {
    const chunked = 'Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n';
    const items = await read({
      'a.warc': Buffer.concat([
        record('response', http('200 OK', chunked, '5\r\n<p>Hi\r\n6\r\n there\r\n0\r\n\r\n'), 1, HTTP),
        record('response', http('200 OK', chunked, 'zz\r\n<p>not chunked</p>'), 2, HTTP),
        record('response', http('200 OK', chunked, 'ff\r\n<p>short</p>'), 3, HTTP),
      ]),
    });
    expect(kinds(items)).toEqual(['html', 'malformed-record', 'malformed-record']);
    expect(Buffer.from(items[0]!.bytes!).toString('utf8')).toBe('<p>Hi there');
    expect(items[1]!.error!.reason).toMatch(
      /the chunked body is broken: "zz" at body byte 0 is not a chunk size/,
    );
    expect(items[2]!.error!.reason).toMatch(/runs past the record's end/);
  });

  test('gzip, deflate and br content codings are undone; a corrupt one or an unknown one is a malformed-record', async () => {
    const page = utf8('<p>Compressed page.</p>');
    const coded = (coding: string, body: Uint8Array, n: number) =>
      record(
        'response',
        http('200 OK', `Content-Type: text/html\r\nContent-Encoding: ${coding}\r\n`, body),
        n,
        HTTP,
      );
    const items = await read({
      'a.warc': Buffer.concat([
        coded('gzip', gzipSync(page), 1),
        coded('deflate', deflateSync(page), 2),
        coded('br', brotliCompressSync(page), 3),
        coded('gzip', page, 4),
        coded('compress', page, 5),
      ]),
    });
    expect(kinds(items)).toEqual(['html', 'html', 'html', 'malformed-record', 'malformed-record']);
    for (const item of items.slice(0, 3)) expect(Buffer.from(item.bytes!).equals(page)).toBe(true);
    expect(items[3]!.error!.reason).toMatch(/does not decompress as Content-Encoding gzip/);
    expect(items[4]!.error!.reason).toMatch(/Content-Encoding "compress" is not one newsclean decodes/);
  });

  test('an HTML page over the size limit is too-large (read or compressed); a large image is skipped unread', async () => {
    const big = `<p>${'x'.repeat(3000)}</p>`;
    const items = await read(
      {
        'a.warc': Buffer.concat([
          record('response', http('200 OK', 'Content-Type: text/html\r\n', big), 1, HTTP),
          record('response', http('200 OK', 'Content-Type: image/png\r\n', Buffer.alloc(3000, 1)), 2, HTTP),
          record(
            'response',
            http('200 OK', 'Content-Type: text/html\r\nContent-Encoding: gzip\r\n', gzipSync(big)),
            3,
            HTTP,
          ),
          record('response', http('200 OK', 'Content-Type: text/html\r\n', '<p>small</p>'), 4, HTTP),
        ]),
      },
      defaults,
      1000,
    );
    expect(kinds(items)).toEqual(['too-large', 'too-large', 'html']);
    expect(items[0]!.record?.url).toBe('https://x.example/1');
    expect(items[1]!.record?.url).toBe('https://x.example/3');
    expect(items[1]!.error!.reason).toMatch(/its page is more than the limit of 1000 bytes/);
  });

  test('a WARC with only conversion records reads exactly as before: text items, no HTML marks', async () => {
    const items = await read({
      'a.wet': Buffer.concat([record('conversion', 'One.\n', 1), record('conversion', 'Two.\n', 2)]),
    });
    expect(kinds(items)).toEqual(['text', 'text']);
    expect(items.map((i) => Object.keys(i).sort())).toEqual([
      ['bytes', 'error', 'record', 'sha256', 'sourcePath'],
      ['bytes', 'error', 'record', 'sha256', 'sourcePath'],
    ]);
  });
});

/** A record as warcio (an independent WARC writer) serialises it, gzipped per record as Common Crawl ships. */
async function warcioRecord(
  type: 'request' | 'response' | 'metadata',
  n: number,
  body: Uint8Array,
  http?: { statusline: string; headers: Record<string, string> },
): Promise<Uint8Array> {
  async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  const record = WARCRecord.create(
    {
      type,
      url: `https://news.example/${n}`,
      warcVersion: 'WARC/1.1',
      date: '2024-01-02T03:04:05Z',
      warcHeaders: { 'WARC-Record-ID': `<urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}>` },
      ...(http ? { statusline: http.statusline, httpHeaders: http.headers } : {}),
    },
    once(body),
  );
  return WARCSerializer.serialize(record, { gzip: true });
}

describe('a .warc.gz written by warcio', () => {
  test('request, metadata and image records are skipped; each HTML response is a page with its header kept', async () => {
    const page = cat(
      '<html><head><meta charset="windows-1252"></head><body><p>',
      [0x93],
      'Hi',
      [0x94],
      '</p></body></html>',
    );
    const members = await Promise.all([
      warcioRecord('request', 1, utf8(''), {
        statusline: 'GET / HTTP/1.1',
        headers: { Host: 'news.example' },
      }),
      warcioRecord('response', 2, page, {
        statusline: 'HTTP/1.1 200 OK',
        headers: { 'Content-Type': 'text/html; charset=windows-1252', 'Content-Length': String(page.length) },
      }),
      warcioRecord('metadata', 3, utf8('fetchTimeMs: 120\r\n')),
      warcioRecord('response', 4, Buffer.from([0x89, 0x50, 0x4e, 0x47]), {
        statusline: 'HTTP/1.1 200 OK',
        headers: { 'Content-Type': 'image/png' },
      }),
      warcioRecord('response', 5, utf8('<p>Second page.</p>'), {
        statusline: 'HTTP/1.1 200 OK',
        headers: { 'Content-Type': 'text/html' },
      }),
    ]);
    const items = await read({ 'crawl.warc.gz': Buffer.concat(members) });
    expect(kinds(items)).toEqual(['html', 'html']);
    expect(Buffer.from(items[0]!.bytes!).equals(page)).toBe(true);
    expect(items[0]!.httpContentType).toBe('text/html; charset=windows-1252');
    expect(items.map((i) => i.record?.url)).toEqual(['https://news.example/2', 'https://news.example/5']);
    // A record's byte offset is its gzip member's, as a CDX index gives it.
    expect(items[0]!.record?.byteOffset).toBe(members[0]!.byteLength);
    expect(items[1]!.httpContentType).toBe('text/html');
  });
});
