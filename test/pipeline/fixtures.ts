/**
 * How the container fixtures in test/fixtures/inputs/ are built from raw/ (run
 * `UPDATE_FIXTURES=1 npx vitest run test/pipeline/inputs.test.ts` to rebuild them). Everything here is
 * deterministic: fixed record ids and dates, gzip without a timestamp, so a rebuild gives the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';

export const RAW_DIR = join(import.meta.dirname, '../../raw');
export const FIXTURE_DIR = join(import.meta.dirname, '../fixtures/inputs');

export interface Page {
  readonly name: string;
  readonly text: string;
  readonly url: string;
}

export function rawPages(): Page[] {
  return readdirSync(RAW_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({
      name,
      text: readFileSync(join(RAW_DIR, name), 'utf8'),
      url: `https://news.example/${name.replace(/\.txt$/, '')}`,
    }));
}

/** One page per line as {id, url, text}: the shape of most scraped-news dumps. */
export function pagesJsonl(pages: readonly Page[] = rawPages()): string {
  return pages
    .map((p) => `${JSON.stringify({ id: p.name.replace(/\.txt$/, ''), url: p.url, text: p.text })}\n`)
    .join('');
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes, { level: 9 });
}

/** Real zstd compression (compressed blocks, not raw ones) through the zstd command line tool. */
export function zstd(bytes: Uint8Array): Buffer {
  return execFileSync('zstd', ['-q', '-19', '-c', '--no-check'], { input: bytes });
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const uuid = (n: number) => `<urn:uuid:00000000-0000-4000-8000-${n.toString().padStart(12, '0')}>`;

/** A Common Crawl style WET file: a warcinfo record, then one `conversion` record per page. */
export async function buildWet(
  pages: readonly Page[] = rawPages(),
  options: { gzip?: boolean } = {},
): Promise<Buffer> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const info = WARCRecord.create(
    {
      type: 'warcinfo',
      warcVersion: 'WARC/1.0',
      date: '2020-11-28T00:00:00Z',
      warcHeaders: { 'WARC-Record-ID': uuid(0), 'Content-Type': 'application/warc-fields' },
    },
    once(enc.encode('software: newsclean test fixture\r\nformat: WARC File Format 1.0\r\n')),
  );
  parts.push(await WARCSerializer.serialize(info, { gzip: options.gzip ?? false }));
  for (const [i, page] of pages.entries()) {
    const record = WARCRecord.create(
      {
        type: 'conversion',
        url: page.url,
        warcVersion: 'WARC/1.0',
        date: `2020-11-27T17:${String(i).padStart(2, '0')}:00Z`,
        warcHeaders: {
          'WARC-Record-ID': uuid(i + 1),
          'WARC-Refers-To': uuid(100 + i),
          'Content-Type': 'text/plain',
        },
      },
      once(enc.encode(page.text)),
    );
    parts.push(await WARCSerializer.serialize(record, { gzip: options.gzip ?? false }));
  }
  return Buffer.concat(parts);
}
