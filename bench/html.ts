/**
 * The HTML rows of the bench (issue 11): newsclean from HTML against Readability.js, on jsdom (the eval's
 * anchor) and on linkedom (a faster DOM, not faithful on every page: eval/anchor.ts), on the same pages, in the
 * same bench run, at one core.
 *
 * - Throughput: the HTML of the dev pages (extraction-dev and readability-pages, read where they are), each
 *   system alone in a child process (bench/html-child.ts) cleaning them one after another on one thread,
 *   `repeat` times in turn (newsclean, then Readability, then newsclean ...), so load from other processes hits
 *   both alike. Time and CPU time of the cleaning alone; medians; the ratio of the medians and, beside it, the
 *   median of the ratios round by round, in time and in CPU time.
 * - Memory per MB of page: one large page made of the dev pages' bodies one after another (`bigMb` MB), each
 *   system once per round in its own child; peak RSS over the page's MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type AnchorDom, anchorName } from '../eval/anchor.js';
import { cleanHtmlText, NEWSCLEAN_HTML_NAME } from '../eval/newsclean-html.js';
import type { HtmlChildReport } from './html-child.js';

/** The sets whose pages' HTML the throughput rows clean. */
export const HTML_BENCH_SETS = ['extraction-dev', 'readability-pages'] as const;

export interface HtmlRow {
  readonly what: string;
  readonly ms: number[];
  readonly docs: number;
  readonly bytes: number;
  readonly rss: number | null;
  readonly cpuMs: number[];
}

export interface HtmlTarget {
  readonly name: string;
  readonly value: number;
  readonly ok: (v: number) => boolean | null;
  readonly fmt: (v: number) => string;
}

export interface HtmlBenchOptions {
  readonly repoRoot: string;
  readonly work: string;
  readonly repeat: number;
  /** The DOMs Readability.js runs on, each its own rows. */
  readonly doms: readonly AnchorDom[];
  /** Size of the single large page, in MB of HTML (0: no memory rows). */
  readonly bigMb: number;
  readonly log: (line: string) => void;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The `.html.gz` paths of the bench's pages, sorted; none when ../shared/eval is missing. */
export function htmlPagePaths(repoRoot: string): string[] {
  const paths: string[] = [];
  for (const set of HTML_BENCH_SETS) {
    const dir = join(repoRoot, '..', 'shared', 'eval', set);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.html.gz')) paths.push(join(dir, name));
  }
  return paths;
}

/**
 * One large page: the first page's `<head>`, then the `<body>` contents of the pages one after another (again
 * from the first when they run out) until the page holds `mb` MB. A long page of real markup, not one element
 * repeated.
 */
export function bigHtmlPage(paths: readonly string[], mb: number): string {
  const target = mb * 1e6;
  const html = (path: string) => gunzipSync(readFileSync(path)).toString('utf8');
  const first = html(paths[0]!);
  const head = /<head[\s>][\s\S]*?<\/head>/iu.exec(first)?.[0] ?? '<head><title>big page</title></head>';
  const parts = [`<!doctype html>\n<html>${head}<body>\n`];
  let size = Buffer.byteLength(parts[0]!);
  for (let i = 0; size < target; i++) {
    const page = html(paths[i % paths.length]!);
    const body = /<body[^>]*>([\s\S]*?)(?:<\/body>|$)/iu.exec(page)?.[1] ?? '';
    const chunk = `<div class="page-${i}">${body}</div>\n`;
    parts.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  parts.push('</body></html>\n');
  return parts.join('');
}

function child(repoRoot: string, system: string, list: string): HtmlChildReport {
  const script = join(repoRoot, 'dist', 'bench', 'html-child.js');
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', script, system, list], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`html-child ${system} failed (${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as HtmlChildReport;
  // A system that returned nothing (a rejected page) was not timed doing the work.
  if (report.outChars === 0) throw new Error(`html-child ${system} returned no text from ${list}`);
  return report;
}

/** The HTML rows and their targets; newsclean's are left out (with a note) until the library has HTML input. */
export function htmlSection(options: HtmlBenchOptions): {
  rows: HtmlRow[];
  targets: HtmlTarget[];
  notes: string[];
} {
  const { repoRoot, work, repeat, doms, log } = options;
  const paths = htmlPagePaths(repoRoot);
  if (paths.length === 0) {
    return { rows: [], targets: [], notes: ['../shared/eval not found: no HTML rows.'] };
  }
  mkdirSync(work, { recursive: true });
  const list = join(work, 'html-pages.txt');
  writeFileSync(list, `${paths.join('\n')}\n`);
  const ours = cleanHtmlText !== null;
  const anchors = doms.map((dom) => [`readability-${dom}`, anchorName(dom)] as const);
  const named = [...(ours ? [['newsclean', NEWSCLEAN_HTML_NAME] as const] : []), ...anchors];
  const systems = named.map(([system]) => system);
  const runs = new Map<string, HtmlChildReport[]>(systems.map((s) => [s, []]));
  for (let i = 0; i < repeat; i++) {
    for (const system of i % 2 ? [...systems].reverse() : systems) {
      const report = child(repoRoot, system, list);
      runs.get(system)!.push(report);
      log(`html: ${system} ${report.pages} pages in ${(report.ms / 1000).toFixed(2)} s`);
    }
  }
  const pagesNote = `${paths.length} pages of ${HTML_BENCH_SETS.join(' and ')}`;
  const rowOf = (system: string, name: string): HtmlRow => {
    const reports = runs.get(system)!;
    return {
      what: `HTML → text, ${name} (1 core, own process, ${pagesNote})`,
      ms: reports.map((r) => r.ms),
      docs: reports[0]!.pages,
      bytes: reports[0]!.bytes,
      rss: median(reports.map((r) => r.peakRssBytes)),
      cpuMs: reports.map((r) => r.cpuMs),
    };
  };
  const rows: HtmlRow[] = named.map(([system, name]) => rowOf(system, name));
  const targets: HtmlTarget[] = [];
  const notes: string[] = [];
  if (ours) {
    const a = runs.get('newsclean')!;
    for (const [system, anchor] of anchors) {
      const b = runs.get(system)!;
      const paired = median(a.map((r, i) => b[i]!.ms / r.ms));
      const pairedCpu = median(a.map((r, i) => b[i]!.cpuMs / r.cpuMs));
      targets.push({
        name: `${NEWSCLEAN_HTML_NAME} ≥ 10× ${anchor} at 1 core (pages/s, time medians; beside it run by run, and CPU time)`,
        value: median(b.map((r) => r.ms)) / median(a.map((r) => r.ms)),
        ok: (v) => v >= 10,
        fmt: (v) => `${v.toFixed(1)}× (paired ${paired.toFixed(1)}×; CPU ${pairedCpu.toFixed(1)}×)`,
      });
    }
  } else {
    notes.push(
      `${NEWSCLEAN_HTML_NAME}: not available (the library has no HTML entry point yet): its rows and the 10× target are left out.`,
    );
  }

  if (options.bigMb > 0) {
    const bigFile = join(work, 'html-big.html');
    writeFileSync(bigFile, bigHtmlPage(paths, options.bigMb));
    const bigList = join(work, 'html-big.txt');
    writeFileSync(bigList, `${bigFile}\n`);
    const big = new Map<string, HtmlChildReport[]>(systems.map((s) => [s, []]));
    for (let i = 0; i < repeat; i++) {
      for (const system of i % 2 ? [...systems].reverse() : systems) {
        const report = child(repoRoot, system, bigList);
        big.get(system)!.push(report);
        log(
          `html: ${system} one ${(report.bytes / 1e6).toFixed(1)} MB page in ${(report.ms / 1000).toFixed(2)} s`,
        );
      }
    }
    for (const [system, name] of named) {
      const reports = big.get(system)!;
      const bytes = reports[0]!.bytes;
      const peak = median(reports.map((r) => r.peakRssBytes));
      const before = median(reports.map((r) => r.rssBeforeBytes));
      rows.push({
        what: `one ${(bytes / 1e6).toFixed(1)} MB HTML page → text, ${name} (1 core, own process)`,
        ms: reports.map((r) => r.ms),
        docs: 1,
        bytes,
        rss: peak,
        cpuMs: reports.map((r) => r.cpuMs),
      });
      targets.push({
        name: `memory per MB of HTML, one ${(bytes / 1e6).toFixed(1)} MB page, ${name} (peak RSS / MB; beside it the growth over the RSS before cleaning, per MB)`,
        value: peak / 1048576 / (bytes / 1e6),
        ok: () => null,
        fmt: (v) =>
          `${v.toFixed(1)} MiB (growth ${((peak - before) / 1048576 / (bytes / 1e6)).toFixed(1)} MiB)`,
      });
    }
  }
  return { rows, targets, notes };
}
