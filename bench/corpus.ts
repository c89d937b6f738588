/**
 * Benchmark corpus: pages from raw/ and ../shared/eval/extraction-dev/*.raw.txt (read in place, never
 * copied into the repo), varied with seeded noise so no two documents are equal, written as JSON Lines
 * shards of 1000 pages (the shape nightly dumps arrive in).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function sourcePages(repoRoot: string): { pages: string[]; devFound: boolean } {
  const pages: string[] = [];
  const raw = join(repoRoot, 'raw');
  for (const name of readdirSync(raw).sort())
    if (name.endsWith('.txt')) pages.push(readFileSync(join(raw, name), 'utf8'));
  const dev = join(repoRoot, '..', 'shared', 'eval', 'extraction-dev');
  const devFound = existsSync(dev);
  if (devFound)
    for (const name of readdirSync(dev).sort())
      if (name.endsWith('.raw.txt')) pages.push(readFileSync(join(dev, name), 'utf8'));
  return { pages, devFound };
}

/** mulberry32: a small seeded PRNG, so the same flags give the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOILERPLATE = [
  'Read More: Stocks slide as oil climbs',
  'Add a Comment',
  'Source: Read Full Article',
  'Share this article',
  'Subscribe to our newsletter',
  'Leave A Reply',
  'Your email address will not be published. Required fields are marked *',
];

/** One varied page: extra unique sentence, boilerplate lines, typos the fix stage handles, CRLF. */
export function noisy(page: string, i: number, random: () => number): string {
  const paragraphs = page.split(/\n\s*\n/);
  const at = (n: number) => 1 + Math.floor(random() * Math.max(1, n - 1));
  paragraphs.splice(
    at(paragraphs.length),
    0,
    `In update ${i}, officials said the count had reached ${Math.floor(random() * 10_000)}.`,
  );
  if (random() < 0.4)
    paragraphs.splice(at(paragraphs.length), 0, BOILERPLATE[Math.floor(random() * BOILERPLATE.length)]!);
  if (random() < 0.3)
    paragraphs.push('Latest World News', 'Markets rally on rate hopes', 'See more Latest World News');
  let text = paragraphs.join('\n\n');
  if (random() < 0.2) text = text.replace(/\bAt least\b/, 'AAt least');
  if (random() < 0.2) text = text.replace(/\. ([A-Z])/, '.. $1');
  if (random() < 0.2) text = text.replace(/\$(\d)/, '$ $1');
  if (random() < 0.15) text = text.replace(/\n/g, '\r\n');
  return text;
}

/**
 * Writes about `megabytes` of pages as dir/part-NNNN.jsonl, `perFile` pages a file; returns documents and text
 * bytes. The same seed gives the same pages in the same order whatever `perFile` is.
 */
export function writeCorpus(
  dir: string,
  pages: readonly string[],
  megabytes: number,
  seed = 1,
  perFile = 1000,
): { docs: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const target = megabytes * 1e6;
  let bytes = 0;
  let docs = 0;
  let shard: string[] = [];
  const flush = () => {
    if (!shard.length) return;
    writeFileSync(
      join(dir, `part-${String(Math.floor((docs - 1) / perFile)).padStart(4, '0')}.jsonl`),
      shard.join(''),
    );
    shard = [];
  };
  while (bytes < target) {
    const text = noisy(pages[docs % pages.length]!, docs, random);
    bytes += Buffer.byteLength(text);
    docs++;
    shard.push(`${JSON.stringify({ id: `bench-${docs}`, url: `https://bench.example/${docs}`, text })}\n`);
    if (docs % perFile === 0) flush();
  }
  flush();
  return { docs, bytes };
}

/**
 * One long article of about `megabytes`: a title, then the prose paragraphs of every source page in turn
 * (12+ words ending in a full stop, so the stages keep them as body text), each made unique.
 */
export function writeBigDocument(path: string, pages: readonly string[], megabytes: number): number {
  const prose = pages.flatMap((page) =>
    page
      .split(/\r?\n\s*\r?\n/)
      .slice(1)
      .filter((p) => p.split(/\s+/).length >= 12 && /[.!?]["”’»]?$/.test(p.trim())),
  );
  const parts = ['One very long news document for the benchmark'];
  let bytes = 0;
  for (let i = 0; bytes < megabytes * 1e6; i++) {
    const p = `${prose[i % prose.length]!} Update ${i} followed.`;
    parts.push(p);
    bytes += Buffer.byteLength(p) + 2;
  }
  const text = parts.join('\n\n');
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}
