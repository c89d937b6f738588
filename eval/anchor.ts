/**
 * The anchor of the HTML evaluation (issue 11): Mozilla's Readability.js, the extractor behind Firefox's
 * Reader View, run on each page's HTML in the same run as newsclean, its `textContent` scored with the same
 * scorers. Readability needs a DOM. jsdom (the default) parses as a browser does (the HTML standard's
 * algorithm, parse5), as Readability's own tests do. linkedom (`npm run eval -- --anchor-dom linkedom`) is
 * about 6x faster, but its parser (htmlparser2) builds a different tree from some broken markup: measured on
 * the 663 dev pages (2026-11-30), Readability's text was the same on both DOMs for all 166 pages of the two
 * body sets and 482 of snippets-dev's 497 (white space aside); on the other 15 it differed, on 3 of them
 * linkedom's was empty. So the figures of record use jsdom, and linkedom is only a quick look.
 *
 * Readability walks and rewrites the whole document: over the dev sets it costs far more than newsclean
 * does, so the eval runs it in worker threads (eval/anchor-worker.ts) while the main thread cleans the text
 * dumps. `threads: 0` runs it in this thread (tests, one page).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { repoRoot } from './data.js';

/** The DOM implementations Readability can run on here. */
export const ANCHOR_DOMS = ['jsdom', 'linkedom'] as const;
export type AnchorDom = (typeof ANCHOR_DOMS)[number];

/** What the anchor's rows are called, with the versions pinned in package.json (devDependencies). */
export function anchorName(dom: AnchorDom): string {
  return `Readability.js ${packageVersion('@mozilla/readability')} + ${dom} ${packageVersion(dom)}`;
}

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The URL Readability's own test harness gives its pages; it only resolves links, never read here. */
const PAGE_URL = 'http://fakehost/test/page.html';

/** A page's HTML to its article text with Readability on the chosen DOM: the function is loaded once. */
export type Extractor = (html: string) => string;

/**
 * Readability's `textContent` of the page ('' when it finds no article), exactly as Readability returns it:
 * the article element's text, blocks not separated (as the README's reference figure was measured).
 */
export async function loadExtractor(dom: AnchorDom): Promise<Extractor> {
  const extract = (document: unknown) => new Readability(document).parse()?.textContent ?? '';
  if (dom === 'linkedom') {
    const { parseHTML } = await import('linkedom');
    return (html) => extract(parseHTML(html).document);
  }
  const { JSDOM, VirtualConsole } = await import('jsdom');
  // A console of its own: jsdom's CSS parser complains about many pages' style sheets on stderr otherwise.
  const virtualConsole = new VirtualConsole();
  return (html) => {
    const page = new JSDOM(html, { url: PAGE_URL, virtualConsole });
    try {
      return extract(page.window.document);
    } finally {
      page.window.close();
    }
  };
}

/** One page to run the anchor on: a key of the caller's choosing and the path of its `<id>.html.gz`. */
export interface AnchorJob {
  readonly key: string;
  readonly path: string;
}

/** The page's HTML: the dev sets store it gzipped and already decoded to UTF-8. */
export function readHtmlGz(path: string): string {
  return gunzipSync(readFileSync(path)).toString('utf8');
}

export interface AnchorOptions {
  readonly dom?: AnchorDom;
  /** Worker threads (default: one per core); 0 runs in this thread. */
  readonly threads?: number;
}

export interface AnchorRun {
  /** job key → Readability's text. */
  readonly texts: ReadonlyMap<string, string>;
  /** Sum of the threads' CPU time spent on the pages (reading and gunzip included), in ms; null without /proc. */
  readonly cpuMs: number | null;
}

/** The message a worker posts when it is done: its pages' texts and the CPU time it spent. */
export interface AnchorWorkerResult {
  readonly texts: ReadonlyArray<readonly [string, string]>;
  readonly cpuMs: number | null;
}

/** What a worker is given: its share of the pages and the DOM to use. */
export interface AnchorWorkerData {
  readonly dom: AnchorDom;
  readonly jobs: readonly AnchorJob[];
}

/**
 * CPU time of the calling thread (user + system) in ms, from Linux's /proc/thread-self/stat (utime and stime,
 * in clock ticks of 1/100 s); process.cpuUsage() would count every thread of the process, and Node 20 has no
 * per-thread call. null where /proc is missing.
 */
export function threadCpuMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces, inside parentheses): state is field 3, utime 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Run the anchor on jobs in this thread. */
export async function anchorInThread(
  dom: AnchorDom,
  jobs: readonly AnchorJob[],
): Promise<AnchorWorkerResult> {
  const extract = await loadExtractor(dom);
  const start = threadCpuMs();
  const texts = jobs.map((job) => [job.key, extract(readHtmlGz(job.path))] as const);
  const end = threadCpuMs();
  return { texts, cpuMs: start === null || end === null ? null : end - start };
}

/**
 * Deal the jobs to `n` threads, largest page first to the least loaded thread, so they finish together
 * (Readability's cost grows with the page). Deterministic: ties go by key.
 */
export function dealJobs(
  jobs: readonly AnchorJob[],
  sizes: ReadonlyMap<string, number>,
  n: number,
): AnchorJob[][] {
  const shares = Array.from({ length: n }, () => ({ load: 0, jobs: [] as AnchorJob[] }));
  const order = [...jobs].sort(
    (a, b) => sizes.get(b.key)! - sizes.get(a.key)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  for (const job of order) {
    let least = shares[0]!;
    for (const share of shares) if (share.load < least.load) least = share;
    least.jobs.push(job);
    least.load += sizes.get(job.key)!;
  }
  return shares.map((s) => s.jobs).filter((js) => js.length > 0);
}

/**
 * Start the anchor on the jobs. With threads > 0 the workers start at once and work while this thread does
 * something else synchronously (the eval cleans the text dumps meanwhile); the promise settles after that.
 * The worker is the built one (dist/eval/anchor-worker.js): `npm run eval` and `npm test` build first.
 */
export function startAnchor(jobs: readonly AnchorJob[], options: AnchorOptions = {}): Promise<AnchorRun> {
  const dom = options.dom ?? 'jsdom';
  const threads = options.threads ?? availableParallelism();
  const collect = (results: readonly AnchorWorkerResult[]): AnchorRun => ({
    texts: new Map(results.flatMap((r) => r.texts)),
    cpuMs: results.some((r) => r.cpuMs === null) ? null : results.reduce((n, r) => n + r.cpuMs!, 0),
  });
  if (threads === 0) return anchorInThread(dom, jobs).then((r) => collect([r]));
  // The compressed size stands in for the page's size when dealing the pages out.
  const sizes = new Map(jobs.map((job) => [job.key, readFileSync(job.path).byteLength]));
  const script = join(repoRoot(), 'dist', 'eval', 'anchor-worker.js');
  const runs = dealJobs(jobs, sizes, threads).map(
    (share) =>
      new Promise<AnchorWorkerResult>((resolve, reject) => {
        const workerData: AnchorWorkerData = { dom, jobs: share };
        const worker = new Worker(script, { workerData });
        worker.once('message', (result: AnchorWorkerResult) => {
          resolve(result);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`anchor worker exited with code ${code}`)));
      }),
  );
  return Promise.all(runs).then(collect);
}
