/**
 * The site-repeated corpus stage in a run: its first pass makes the output independent of the number of
 * workers, and incremental re-runs clean a document again exactly when its site's furniture changes for it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../temp.js';
import { datasetBytes, runCli, variant } from './corpus.js';

interface Report {
  incremental: { enabled: boolean; reused: number; cleaned: number };
  counts: Record<string, number>;
  siteIndex: { sites: number; sitesWithFurniture: number };
}
interface Doc {
  text: string;
  provenance: { sourcePath: string };
  removed: Array<{ stage: string; rule: string; text: string }>;
}

const report = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Report;
const documents = (out: string) =>
  readFileSync(join(out, 'documents.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Doc);

/**
 * density's structural rules switched off, so the furniture reaches site-repeated (with them on, most of
 * these lines go as outside-article or not-prose first, and this test would show nothing of the stage).
 */
let CONFIG = '';

function run(input: string, out: string, ...extra: string[]): Report {
  const r = runCli(['run', '--in', input, '--out', out, '--config', CONFIG, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return report(out);
}

/** A page of site s: the site's menu and footer around an article, extra lines after its first paragraph. */
function sitePage(s: number, article: string, extra: readonly string[] = []): string {
  const [first, ...rest] = article.split(/\n\s*\n/u);
  return [
    `Site ${s} News\nHome\nWorld\nSport ${s}`,
    first,
    ...extra,
    ...rest,
    `Follow Site ${s} on social media`,
    `© 2026 Site ${s} Media Group`,
  ].join('\n\n');
}

const PODCAST = 'Podcast of the week';
/** Parts of every furniture line of the corpus (and of nothing else in it). */
const FURNITURE = [
  'News',
  'Home',
  'World',
  'Sport',
  'Contact us',
  'Follow Site',
  '© 2026 Site',
  'front page',
  'All content ©',
];

function writeSiteCorpus(input: string): void {
  for (let s = 0; s < 3; s++) {
    mkdirSync(join(input, `site-${s}`), { recursive: true });
    for (let i = 0; i < 8; i++) {
      // Two pages of site 0 carry a line that is not (yet) furniture: two documents are under minDocs.
      const extra = s === 0 && i < 2 ? [PODCAST] : [];
      writeFileSync(join(input, `site-${s}`, `page-${i}.txt`), sitePage(s, variant(10 * s + i), extra));
    }
  }
  // JSON Lines records from two hosts, all in one file: the URL's host is the site, not the folder.
  const records = Array.from({ length: 12 }, (_, i) => {
    const host = i % 2 ? 'a.example' : 'www.b.example';
    const text = [`${host} front page`, 'Contact us', variant(40 + i), `All content © ${host}`].join('\n\n');
    return JSON.stringify({ id: `r${i}`, url: `https://${host}/story/${i}`, text });
  });
  writeFileSync(join(input, 'feeds.jsonl'), `${records.join('\n')}\n`);
}

describe('site-repeated in a run', () => {
  let dir: string;
  let input: string;

  beforeAll(() => {
    dir = tempDir('newsclean-site-');
    input = join(dir, 'in');
    writeSiteCorpus(input);
    CONFIG = join(dir, 'config.json');
    const density = { disable: ['outside-article', 'not-prose', 'link-list'] };
    writeFileSync(CONFIG, JSON.stringify({ cleaning: { density } }));
  });

  test('removes each site’s furniture, logged, and --concurrency 1 and 4 write byte-identical datasets', () => {
    const one = run(input, join(dir, 'one'), '--concurrency', '1');
    const four = run(input, join(dir, 'four'), '--concurrency', '4');
    const a = datasetBytes(join(dir, 'one'));
    const b = datasetBytes(join(dir, 'four'));
    for (const name of Object.keys(a)) expect(b[name] === a[name], `${name} differs`).toBe(true);
    expect(four.counts).toEqual(one.counts);

    // Three folders and two hosts; every one of them has furniture.
    expect(one.siteIndex).toMatchObject({ sites: 5, sitesWithFurniture: 5 });
    const docs = documents(join(dir, 'one'));
    expect(docs).toHaveLength(36);
    let removed = 0;
    for (const doc of docs) {
      for (const line of FURNITURE) expect(doc.text, doc.provenance.sourcePath).not.toContain(line);
      const site = doc.removed.filter((r) => r.stage === 'site-repeated');
      for (const r of site) expect(r.rule).toBe('site-repeated');
      removed += site.length;
      // The articles' own text stays, and the line only two pages share.
      expect(doc.text).toMatch(/officials said the figure had risen to/u);
      for (const r of site)
        expect(
          FURNITURE.some((f) => r.text.includes(f)),
          r.text,
        ).toBe(true);
      if (doc.provenance.sourcePath === 'site-0/page-0.txt') expect(doc.text).toContain(PODCAST);
    }
    expect(one.counts['site-repeated.site-repeated']).toBe(removed);
    expect(removed).toBeGreaterThan(0);
  });

  test('a re-run reuses every document; a changed site index re-cleans exactly the documents it changes', () => {
    const out = join(dir, 'incremental');
    run(input, out);
    expect(run(input, out).incremental).toEqual({ enabled: true, reused: 36, cleaned: 0 });

    // Two new pages of site 0 with the podcast line: now in four of ten documents, it is furniture, so the
    // two earlier pages holding it must be cleaned again; nothing else changes for the other pages.
    // Articles of their own (a seed's variant would count as another version of that seed, and share lines
    // with the other seeds' pages).
    for (const i of [8, 9]) {
      const own = `Report ${i}: the harbour board met again on the morning of day ${i}. `.repeat(12).trim();
      const article = `Harbour board report ${i}\n\n${own}\n\nThe board meets again next week.`;
      writeFileSync(join(input, 'site-0', `page-${i}.txt`), sitePage(0, article, [PODCAST]));
    }
    expect(run(input, out).incremental).toEqual({ enabled: true, reused: 34, cleaned: 4 });
    const page0 = documents(out).find((d) => d.provenance.sourcePath === 'site-0/page-0.txt')!;
    expect(page0.text).not.toContain(PODCAST);
    expect(page0.removed).toContainEqual(
      expect.objectContaining({ stage: 'site-repeated', rule: 'site-repeated', text: PODCAST }),
    );

    const fresh = join(dir, 'fresh');
    run(input, fresh, '--no-incremental');
    const a = datasetBytes(fresh);
    const b = datasetBytes(out);
    for (const name of Object.keys(a))
      expect(b[name] === a[name], `${name} differs from a fresh run`).toBe(true);
  });
});
