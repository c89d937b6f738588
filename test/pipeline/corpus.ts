/**
 * A synthetic corpus for wiring tests (order, crash safety, incremental runs): variations of the seed
 * files in raw/, deterministic in n, with the noise the stages deal with (boilerplate lines, doubled
 * capitals, CRLF), spread over nested folders so path order matters.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
