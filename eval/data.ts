/**
 * The third-party evaluation data lives beside the repository (../shared/eval/), never inside it: it is the
 * publishers' text. Located from this file's own path so it works from eval/ (tsx, vitest) and dist/eval/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Snippets } from './snippets.js';
import { canonicalUrlOf, type Half, halfOf, readabilitySites, siteOfFileName, siteOfUrl } from './split.js';

export interface Page {
  readonly id: string;
  readonly raw: string;
  readonly expected: string;
}

/** The three dev sets of ../shared/eval: two with a full expected body, one with snippets. */
export const BODY_SETS = ['extraction-dev', 'readability-pages'] as const;
export const SNIPPET_SETS = ['snippets-dev'] as const;
export const SETS = [...BODY_SETS, ...SNIPPET_SETS] as const;
export type BodySetName = (typeof BODY_SETS)[number];
export type SnippetSetName = (typeof SNIPPET_SETS)[number];
export type SetName = (typeof SETS)[number];

/** Where a page sits: its site key and half (eval/split.ts) and its language from index.json. */
export interface Placement {
  readonly id: string;
  readonly site: string;
  readonly half: Half;
  /** index.json `lang`; "und" when the index names none. */
  readonly lang: string;
}

export interface BodyPage extends Page, Placement {}

export interface SnippetPage extends Placement {
  readonly raw: string;
  readonly snippets: Snippets;
}

interface IndexItem {
  readonly id: string;
  readonly lang?: string | null;
  readonly host?: string | null;
  readonly url?: string | null;
  readonly source_key?: string | null;
  readonly test_page?: string;
}

function indexItems(dir: string): IndexItem[] {
  const index = JSON.parse(read(join(dir, 'index.json'))) as { items: IndexItem[] };
  return index.items;
}

const placed = (id: string, site: string, lang: string | null | undefined): Placement => ({
  id,
  site,
  half: halfOf(site),
  lang: lang ?? 'und',
});

/**
 * Site key and half of every page of a set (see eval/split.ts for the rules), sorted by id. A page whose
 * site cannot be found is an error: a silent fallback could put one site on both sides.
 */
export function placements(set: SetName, dir: string = join(evalDataDir(), set)): Placement[] {
  const items = indexItems(dir);
  const fail = (item: IndexItem): never => {
    throw new Error(`${set}: no site key for page ${item.id}`);
  };
  let out: Placement[];
  if (set === 'readability-pages') {
    const named = items.map((item) => {
      const html = gunzipSync(readFileSync(join(dir, `${item.id}.html.gz`))).toString('utf8');
      return { name: item.test_page ?? fail(item), canonicalUrl: canonicalUrlOf(html) };
    });
    const sites = readabilitySites(named);
    out = items.map((item, i) => placed(item.id, sites.get(named[i]!.name)!, item.lang));
  } else {
    // extraction-dev has a host per page; snippets-dev has a URL, or a file name that starts with the host.
    out = items.map((item) => {
      const site =
        (item.url ? siteOfUrl(item.url) : null) ??
        (item.host ? siteOfUrl(`https://${item.host}/`) : null) ??
        (item.source_key ? siteOfUrl(item.source_key) : null) ??
        (item.source_key ? siteOfFileName(item.source_key.replace(/^[a-z]+::/u, '')) : null) ??
        fail(item);
      return placed(item.id, site, item.lang);
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface GoldenRule {
  readonly id: number;
  readonly name: string;
  readonly input: string;
  readonly expected: readonly string[];
}

/** The repository root: the nearest folder above this file that holds package.json. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** ../shared/eval relative to the repository root, or NEWSCLEAN_EVAL_DIR if set. */
export function evalDataDir(): string {
  const dir = process.env.NEWSCLEAN_EVAL_DIR ?? resolve(repoRoot(), '..', 'shared', 'eval');
  if (!existsSync(dir)) {
    throw new Error(`evaluation data not found at ${dir} (expected ../shared/eval beside the repository)`);
  }
  return dir;
}

/** Where a page's HTML is: `<id>.html.gz` beside its text dump (gzipped, already decoded to UTF-8). */
export function htmlPath(set: SetName, id: string): string {
  return join(evalDataDir(), set, `${id}.html.gz`);
}

/** Read as the Python scorer does: UTF-8, no newline translation (a BOM would stay; the data has none). */
const read = (path: string) => readFileSync(path, 'utf8');

export function loadPages(dir: string = join(evalDataDir(), 'extraction-dev')): Page[] {
  const suffix = '.expected.txt';
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length))
    .sort() // Python sorts code points, JS sorts UTF-16 units: the same for these ASCII ids
    .map((id) => ({
      id,
      expected: read(join(dir, `${id}${suffix}`)),
      raw: read(join(dir, `${id}.raw.txt`)),
    }));
}

export function loadGoldenRules(
  path: string = join(evalDataDir(), 'sentences', 'golden_rules_en.json'),
): GoldenRule[] {
  const cases = JSON.parse(read(path)) as GoldenRule[];
  return cases.map(({ id, name, input, expected }) => ({ id, name, input, expected }));
}

/** A body set's pages with their placement; optionally only one half. */
export function loadBodySet(set: BodySetName, half?: Half): BodyPage[] {
  const dir = join(evalDataDir(), set);
  const bodies = new Map(loadPages(dir).map((page) => [page.id, page]));
  return placements(set, dir)
    .filter((p) => !half || p.half === half)
    .map((p) => {
      const page = bodies.get(p.id);
      if (!page) throw new Error(`${set}: index.json names ${p.id} but there is no ${p.id}.expected.txt`);
      return { ...p, raw: page.raw, expected: page.expected };
    });
}

/** snippets-dev's pages with their snippets and placement; optionally only one half. */
export function loadSnippetSet(set: SnippetSetName = 'snippets-dev', half?: Half): SnippetPage[] {
  const dir = join(evalDataDir(), set);
  return placements(set, dir)
    .filter((p) => !half || p.half === half)
    .map((p) => {
      const snippets = JSON.parse(read(join(dir, `${p.id}.snippets.json`))) as Snippets;
      return { ...p, raw: read(join(dir, `${p.id}.raw.txt`)), snippets };
    });
}
