/**
 * Hostile HTML bytes through a whole run (issue 11): wrong declared charsets, a BOM against the meta, a cut
 * character, a lying gzip, an HTTP header against the meta, binary, empty and oversized pages. Each gives a
 * document whose `decoding` records the decision, or one clear rejection; the batch goes on. The output is read
 * back by Python's json module, not by the code that wrote it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli, tempDir } from '../cli.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cat = (...parts: Array<string | number[] | Buffer>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? utf8(p) : Buffer.from(p))));

/** windows-1252 bytes for Latin text: the few non-ASCII characters used here, by hand. */
const CP1252: Record<string, number> = {
  '“': 0x93,
  '”': 0x94,
  '’': 0x92,
  é: 0xe9,
  è: 0xe8,
  '–': 0x96,
  ï: 0xef,
};
const cp1252 = (text: string) => Buffer.from(Array.from(text, (c) => CP1252[c] ?? c.charCodeAt(0)));
/** windows-1251 and KOI8-R bytes for Russian (а..я, А..Я only). */
const cp1251 = (text: string) =>
  Buffer.from(
    Array.from(text, (c) => (c.charCodeAt(0) >= 0x410 ? c.charCodeAt(0) - 0x350 : c.charCodeAt(0))),
  );
const KOI8 = 'юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ';
const koi8r = (text: string) =>
  Buffer.from(Array.from(text, (c) => (KOI8.includes(c) ? 0xc0 + KOI8.indexOf(c) : c.charCodeAt(0))));

const ARTICLE =
  'The council met on Monday and agreed the “bridge plan” after a long debate. The mayor’s office said the café on the square would stay open – a naïve hope, critics said, before the vote was taken.';
const RUSSIAN =
  'Городской совет в понедельник утвердил новый бюджет на следующий год. Депутаты обсуждали расходы на школы и больницы почти шесть часов.';
const page = (head: string, body: string) =>
  `<!doctype html><html><head>${head}<title>Bridge plan agreed</title></head><body><article><h1>Bridge plan agreed</h1><p>${body}</p></article></body></html>\n`;

interface Doc {
  provenance: { sourcePath: string; httpContentType?: string };
  decoding: Record<string, unknown>;
  text: string;
}
interface Rejection {
  sourcePath: string;
  code: string;
  reason: string;
}

/** JSON Lines read by Python's json module: an independent parser of what the run wrote. */
function pythonJsonl<T>(path: string): T[] {
  const script =
    'import json, sys\nwith open(sys.argv[1], encoding="utf-8") as f:\n    json.dump([json.loads(l) for l in f if l.strip()], sys.stdout)\n';
  const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python3 json failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

function warcResponse(contentType: string, body: Buffer): Buffer {
  const block = Buffer.concat([utf8(`HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\n\r\n`), body]);
  const head =
    'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: https://x.example/r\r\n' +
    `Content-Type: application/http; msgtype=response\r\nContent-Length: ${block.length}\r\n\r\n`;
  return Buffer.concat([utf8(head), block, utf8('\r\n\r\n')]);
}

describe('hostile HTML bytes through a run', () => {
  let docs: Map<string, Doc>;
  let rejected: Map<string, Rejection>;
  let status: number | null;

  beforeAll(() => {
    const dir = tempDir('newsclean-html-decoding-');
    const input = join(dir, 'in');
    mkdirSync(input);
    /** A page whose paragraph is given as bytes (in the page's own encoding). */
    const withBody = (head: string, body: Buffer) => {
      const [before, after] = page(head, '@').split('@') as [string, string];
      return cat(before, body, after);
    };
    const files: Record<string, Buffer> = {
      'a-meta-utf8-bytes-1252.html': withBody('<meta charset="utf-8">', cp1252(ARTICLE)),
      'b-utf8.html': utf8(page('<meta charset="utf-8">', ARTICLE)),
      'c-bom-against-meta.html': cat([0xef, 0xbb, 0xbf], page('<meta charset="windows-1252">', ARTICLE)),
      'd-cut.html': cat(page('<meta charset="utf-8">', ARTICLE), [0xe2, 0x80]),
      'e-empty.html': Buffer.alloc(0),
      'f-binary.html': Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131) & 0xff)),
      'g-big.html': utf8(page('', `${ARTICLE} `.repeat(200))),
      'h-lying.html.gz': utf8(page('', ARTICLE)),
      'i-header-against-meta.warc': warcResponse(
        'text/html; charset=KOI8-R',
        withBody('<meta charset="windows-1251">', koi8r(RUSSIAN)),
      ),
      'j-stale-meta.jsonl': utf8(
        `${JSON.stringify({ id: 'j', html: page('<meta charset="iso-8859-1">', ARTICLE) })}\n`,
      ),
      'k-gzipped.html.gz': gzipSync(withBody('<meta charset=windows-1252>', cp1252(ARTICLE))),
      'l-undeclared-1251.html': withBody('', cp1251(RUSSIAN)),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(input, name), bytes);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ cleaning: { decode: { maxBytes: 20_000 } } }));
    const out = join(dir, 'out');
    const r = cli(['run', '--in', input, '--out', out, '--quiet', '--config', config]);
    expect(r.stderr).toBe('');
    status = r.status;
    docs = new Map(pythonJsonl<Doc>(join(out, 'documents.jsonl')).map((d) => [d.provenance.sourcePath, d]));
    rejected = new Map(pythonJsonl<Rejection>(join(out, 'rejected.jsonl')).map((r) => [r.sourcePath, r]));
  });

  test('the batch goes on: every page is a document or one rejection', () => {
    expect(status).toBe(0);
    expect([...docs.keys()].sort()).toEqual([
      'a-meta-utf8-bytes-1252.html',
      'b-utf8.html',
      'c-bom-against-meta.html',
      'd-cut.html',
      'i-header-against-meta.warc',
      'j-stale-meta.jsonl',
      'k-gzipped.html.gz',
      'l-undeclared-1251.html',
    ]);
    expect(Object.fromEntries([...rejected].map(([path, r]) => [path, r.code]))).toEqual({
      'e-empty.html': 'empty',
      'f-binary.html': 'binary',
      'g-big.html': 'too-large',
      'h-lying.html.gz': 'unreadable',
    });
  });

  test('a correct UTF-8 page is decoded as declared, nothing noted', () => {
    const doc = docs.get('b-utf8.html')!;
    expect(doc.decoding).toEqual({
      encoding: 'utf-8',
      bom: false,
      lineEndings: 'lf',
      encodingSource: 'meta',
      declared: [{ source: 'meta', label: 'utf-8', encoding: 'utf-8' }],
      replaced: 0,
    });
    expect(doc.text).toContain(ARTICLE);
  });

  test('meta says UTF-8 over windows-1252 bytes: the curly quotes come out right, the decision recorded', () => {
    const doc = docs.get('a-meta-utf8-bytes-1252.html')!;
    expect(doc.text).toContain(ARTICLE);
    expect(doc.decoding).toMatchObject({ encoding: 'windows-1252', replaced: 0 });
    expect(doc.decoding.note).toMatch(
      /the <meta> declared "utf-8" but \d+ of \d+ non-ASCII sequences are not valid UTF-8/,
    );
  });

  test('a gzipped windows-1252 page is decoded as its meta says', () => {
    const doc = docs.get('k-gzipped.html.gz')!;
    expect(doc.text).toContain(ARTICLE);
    expect(doc.decoding).toMatchObject({ encoding: 'windows-1252', encodingSource: 'meta' });
  });

  test('a BOM beats the meta, and the contradiction is noted', () => {
    const doc = docs.get('c-bom-against-meta.html')!;
    expect(doc.decoding).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom', bom: true });
    expect(doc.decoding.note).toMatch(/byte order mark wins over the <meta> declared "windows-1252"/);
    expect(doc.text).toContain(ARTICLE);
  });

  test('a page cut inside its last character keeps UTF-8, one replacement counted', () => {
    expect(docs.get('d-cut.html')!.decoding).toMatchObject({
      encoding: 'utf-8',
      encodingSource: 'meta',
      replaced: 1,
    });
  });

  test('the HTTP header of a WARC response beats the meta; the header is kept in provenance', () => {
    const doc = docs.get('i-header-against-meta.warc')!;
    expect(doc.provenance.httpContentType).toBe('text/html; charset=KOI8-R');
    expect(doc.decoding).toMatchObject({
      encoding: 'koi8-r',
      encodingSource: 'http-header',
      declared: [
        { source: 'http-header', label: 'KOI8-R', encoding: 'koi8-r' },
        { source: 'meta', label: 'windows-1251', encoding: 'windows-1251' },
      ],
    });
    expect(doc.text).toContain('Городской совет в понедельник утвердил новый бюджет');
  });

  test('a JSON Lines page with a stale legacy meta is UTF-8 (its string was written as UTF-8)', () => {
    const doc = docs.get('j-stale-meta.jsonl')!;
    expect(doc.decoding).toMatchObject({ encoding: 'utf-8', encodingSource: 'detected' });
    expect(doc.decoding.note).toMatch(/declared "iso-8859-1" but the bytes are valid UTF-8/);
    expect(doc.text).toContain(ARTICLE);
  });

  test('an undeclared windows-1251 page is detected', () => {
    const doc = docs.get('l-undeclared-1251.html')!;
    expect(doc.decoding).toMatchObject({
      encoding: 'windows-1251',
      encodingSource: 'detected',
      declared: [],
    });
    expect(doc.text).toContain('Городской совет');
  });

  test('the rejections say why', () => {
    expect(rejected.get('g-big.html')!.reason).toMatch(/more than the limit of 20000 bytes/);
    expect(rejected.get('h-lying.html.gz')!.reason).toMatch(/cannot read the gzip stream/);
  });
});
