/**
 * `node dist/eval/metadata.js [--set NAME] [--json]`: how often metadata from markup (stages/markup-metadata.ts)
 * finds a title, byline, date, language and canonical URL on the dev pages' HTML (<id>.html.gz), and how
 * often it agrees with the references the sets hold, beside the text metadata stage on the same pages' text
 * dumps. References (none of them written by us):
 * - readability-pages/index.json: the title and byline Readability.js found (itself from JSON-LD, meta and
 *   <title>: agreement with it is agreement with another reader, not with the truth);
 * - snippets-dev/index.json: trafilatura's hand-made ground truth (title, author, date) and the page URL;
 * - extraction-dev/index.json: the page URL (the <title> it holds is the page's own, so it is no reference).
 * Agreement compares after Unicode NFKC, lower case, one kind of quote and dash, collapsed white space and
 * a leading "By " removed; a date agrees when its calendar day (the first 10 characters) is the reference's.
 * Pages are read here only to count: nothing of their text is printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { type MarkupMetadata, markupMetadata } from '../stages/markup-metadata.js';
import { evalDataDir, placements, SETS, type SetName } from './data.js';
import { cleanBody } from './evaluate.js';
import { HALVES, type Half } from './split.js';

interface Item {
  readonly id: string;
  readonly url?: string | null;
  readonly title?: string | null;
  readonly byline?: string | null;
  readonly lang?: string | null;
  readonly ground_truth_metadata?: { readonly author?: string; readonly date?: string };
}

/** One field's reference for a page (null: the set has none for this page). */
interface References {
  readonly title: string | null;
  readonly byline: string | null;
  readonly date: string | null;
  readonly url: string | null;
  readonly lang: string | null;
}

function references(set: SetName, item: Item): References {
  // Only non-empty strings are references (a ground truth may hold a list or nothing).
  const nonEmpty = (s: unknown) => (typeof s === 'string' && s.trim() !== '' ? s : null);
  const truth = item.ground_truth_metadata ?? {};
  return {
    title: set === 'extraction-dev' ? null : nonEmpty(item.title),
    byline: set === 'readability-pages' ? nonEmpty(item.byline) : nonEmpty(truth.author),
    date: set === 'snippets-dev' ? nonEmpty(truth.date) : null,
    url: nonEmpty(item.url),
    lang: nonEmpty(item.lang),
  };
}

export const normalise = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛′]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^by /u, '');

const FIELDS = ['title', 'byline', 'date', 'url', 'lang'] as const;
type Field = (typeof FIELDS)[number];

function agrees(field: Field, found: string, reference: string): boolean {
  if (field === 'date') return found.slice(0, 10) === reference.slice(0, 10);
  if (field === 'url') return normaliseUrl(found) === normaliseUrl(reference);
  if (field === 'lang') return found === reference.toLowerCase().split(/[-_]/u)[0];
  return normalise(found) === normalise(reference);
}

/** Scheme, a trailing slash and "www." aside, the same URL. */
const normaliseUrl = (url: string) =>
  url
    .toLowerCase()
    .replace(/^https?:\/\/(?:www\.)?/u, '')
    .replace(/[/#?]+$/u, '');

interface Tally {
  pages: number;
  /** Pages with a reference for the field. */
  referenced: number;
  /** Pages where a value was found (of all pages). */
  found: number;
  /** Of the referenced pages: found a value, and it agreed. */
  foundReferenced: number;
  agreed: number;
  /** Found values by source. */
  readonly sources: Record<string, number>;
}

const tally = (): Tally => ({
  pages: 0,
  referenced: 0,
  found: 0,
  foundReferenced: 0,
  agreed: 0,
  sources: {},
});

function count(t: Tally, field: Field, value: string | null, source: string, reference: string | null): void {
  t.pages++;
  if (value !== null) {
    t.found++;
    t.sources[source] = (t.sources[source] ?? 0) + 1;
  }
  if (reference === null) return;
  t.referenced++;
  if (value === null) return;
  t.foundReferenced++;
  if (agrees(field, value, reference)) t.agreed++;
}

const markupValue = (meta: MarkupMetadata, field: Field) => {
  const f = {
    title: meta.title,
    byline: meta.byline,
    date: meta.published,
    url: meta.canonicalUrl,
    lang: meta.language,
  }[field];
  return f === null ? { value: null, source: '' } : { value: f.value, source: f.source };
};

export interface SetFigures {
  readonly set: SetName;
  readonly half: Half | 'whole';
  readonly markup: Record<Field, Tally>;
  readonly text: Record<Field, Tally>;
}

/** A page where markup and reference disagree: only ever listed for the tune half. */
export interface Disagreement {
  readonly id: string;
  readonly field: Field;
  readonly found: string;
  readonly source: string;
  readonly reference: string;
}

export function measure(set: SetName, half?: Half, disagreements?: Disagreement[]): SetFigures {
  const dir = join(evalDataDir(), set);
  const halves = new Map(placements(set, dir).map((p) => [p.id, p.half]));
  const items = (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { items: Item[] }).items.filter(
    (item) => half === undefined || halves.get(item.id) === half,
  );
  const parser = unified().use(rehypeParse);
  const markup = Object.fromEntries(FIELDS.map((f) => [f, tally()])) as Record<Field, Tally>;
  const text = Object.fromEntries(FIELDS.map((f) => [f, tally()])) as Record<Field, Tally>;
  for (const item of items) {
    const htmlPath = join(dir, `${item.id}.html.gz`);
    if (!existsSync(htmlPath)) continue;
    const refs = references(set, item);
    const meta = markupMetadata(parser.parse(gunzipSync(readFileSync(htmlPath)).toString('utf8')));
    for (const field of FIELDS) {
      const { value, source } = markupValue(meta, field);
      count(markup[field], field, value, source, refs[field]);
      const reference = refs[field];
      if (disagreements && halves.get(item.id) === 'tune' && value !== null && reference !== null) {
        if (!agrees(field, value, reference))
          disagreements.push({ id: item.id, field, found: value, source, reference });
      }
    }
    const { state } = cleanBody(readFileSync(join(dir, `${item.id}.raw.txt`), 'utf8'));
    const lang = state.metadata.language === 'und' ? null : state.metadata.language;
    const fromText: Record<Field, string | null> = {
      title: state.metadata.title,
      byline: state.metadata.byline,
      date: state.metadata.published,
      url: null,
      lang,
    };
    for (const field of FIELDS) count(text[field], field, fromText[field], 'text', refs[field]);
  }
  return { set, half: half ?? 'whole', markup, text };
}

const pct = (n: number, d: number) => (d === 0 ? '   -' : `${((100 * n) / d).toFixed(0).padStart(3)}%`);

function row(name: string, t: Tally): string {
  const sources = Object.entries(t.sources)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return [
    name.padEnd(14),
    `found ${String(t.found).padStart(3)}/${t.pages} ${pct(t.found, t.pages)}`,
    `referenced ${String(t.referenced).padStart(3)}`,
    `agree ${String(t.agreed).padStart(3)}/${String(t.foundReferenced).padStart(3)} found ${pct(t.agreed, t.foundReferenced)}`,
    `of referenced ${pct(t.agreed, t.referenced)}`,
    sources,
  ].join('  ');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', multiple: true },
      half: { type: 'string' },
      json: { type: 'boolean' },
      disagreements: { type: 'string' },
    },
  });
  const sets = (values.set ?? SETS) as SetName[];
  const half = values.half as Half | undefined;
  if (half !== undefined && !HALVES.includes(half))
    throw new Error(`--half: expected tune or holdout, got ${half}`);
  // --disagreements FIELD lists the tune half's pages where markup and reference differ on that field.
  const listed: Disagreement[] | undefined = values.disagreements === undefined ? undefined : [];
  const figures = sets.map((set) => measure(set, half, listed));
  if (listed) {
    for (const d of listed.filter((x) => x.field === values.disagreements)) {
      process.stdout.write(
        `${d.id}  [${d.source}] ${JSON.stringify(d.found)}  ref ${JSON.stringify(d.reference)}\n`,
      );
    }
    return;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 1)}\n`);
    return;
  }
  for (const f of figures) {
    process.stdout.write(`\n${f.set} (${f.half})\n`);
    for (const field of FIELDS) {
      process.stdout.write(`${row(`${field} markup`, f.markup[field])}\n`);
      if (field !== 'url') process.stdout.write(`${row(`${field} text`, f.text[field])}\n`);
    }
  }
}

if (process.argv[1]?.endsWith('metadata.js')) main();
