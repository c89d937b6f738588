/**
 * `node dist/bench/html-child.js SYSTEM LIST`: one system cleans the HTML pages named in LIST (one path a line,
 * `.html` or `.html.gz`), alone in its process, one page after another on one thread, and prints one JSON line:
 * the time and CPU time (user + system, all threads of the process, the garbage collector's included) of the
 * cleaning alone, the process's RSS before it and its peak RSS. The pages are read and decompressed first,
 * outside the clock, so both systems are timed on the same strings in memory.
 *
 * SYSTEM: `newsclean` (eval/newsclean-html.ts: the library's HTML entry point) or `readability-linkedom` /
 * `readability-jsdom` (eval/anchor.ts: Readability.js's textContent on that DOM, as the eval's anchor runs it).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { type AnchorDom, loadExtractor } from '../eval/anchor.js';
import { cleanHtmlPage, cleanHtmlText } from '../eval/newsclean-html.js';
import { parseConfig } from '../pipeline/config.js';

export interface HtmlChildReport {
  readonly pages: number;
  /** UTF-8 bytes of the pages' HTML. */
  readonly bytes: number;
  readonly ms: number;
  readonly cpuMs: number;
  /** RSS with the pages loaded, before the first is cleaned. */
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
  /** Characters of text the system returned, over all pages (a check that it did the work). */
  readonly outChars: number;
}

const [system, list] = process.argv.slice(2);
if (!system || !list)
  throw new Error('usage: html-child.js newsclean|readability-linkedom|readability-jsdom LIST');

let clean: (html: string) => string;
if (system === 'newsclean') {
  if (cleanHtmlText === null) throw new Error('newsclean has no HTML entry point yet');
  // The large page is over the default decode.maxBytes (8 MiB), as the text bench's large document is.
  const cleaning = parseConfig({ cleaning: { decode: { maxBytes: 64 * 1024 * 1024 } } }).cleaning;
  clean = (html) => cleanHtmlPage(html, cleaning).text;
} else if (system === 'readability-linkedom' || system === 'readability-jsdom') {
  clean = await loadExtractor(system.slice('readability-'.length) as AnchorDom);
} else throw new Error(`unknown system ${system}`);

const pages = readFileSync(list, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((path) => {
    const bytes = readFileSync(path);
    return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  });
const bytes = pages.reduce((n, page) => n + Buffer.byteLength(page), 0);
const rssBeforeBytes = process.memoryUsage.rss();
const cpu = process.cpuUsage();
const started = performance.now();
let outChars = 0;
for (const page of pages) outChars += clean(page).length;
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const report: HtmlChildReport = {
  pages: pages.length,
  bytes,
  ms,
  cpuMs: (used.user + used.system) / 1000,
  rssBeforeBytes,
  // resourceUsage().maxRSS is in KiB.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  outChars,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
