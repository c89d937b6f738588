/**
 * The Readability.js anchor of the HTML evaluation (eval/anchor.ts) and its plumbing into the eval
 * (evaluateSuiteWithAnchor), on small pages written here: a fake ../shared/eval with two sets of two pages,
 * one site in each half, pointed to by NEWSCLEAN_EVAL_DIR.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnchorJob, dealJobs, loadExtractor, startAnchor, threadCpuMs } from '../../eval/anchor.js';
import {
  type BodySetResult,
  bodyAsHtml,
  evaluateSuite,
  evaluateSuiteWithAnchor,
  zeroHarmOfHtml,
} from '../../eval/evaluate.js';
import { cleanHtmlPage } from '../../eval/newsclean-html.js';
import { score, tpFpFn } from '../../eval/score.js';
import { snippetCounts, snippetScore } from '../../eval/snippets.js';
import { halfOf } from '../../eval/split.js';

const ARTICLE = [
  'The harbour board met on Tuesday evening and agreed, after a long and sometimes heated debate, to close the old north pier to all traffic until engineers have finished checking the timber piles that hold it up.',
  'Fishermen who tie up at the pier said they had been warning about the rotten beams for years, and that the decision came far too late for the two boats that were damaged in last winter storms.',
  'The board expects the survey to take about six weeks; repairs, if they are needed, would then be put out to tender in the spring, with the work paid for from the harbour reserve fund.',
];
const NAV = ['Home', 'World', 'Sport', 'Weather'];
const FOOTER = 'Copyright the Harbour Gazette. All rights reserved. Contact us about advertising.';

/** A news page of our own: navigation, an article of three paragraphs, related links and a footer. */
function page(title: string, paragraphs: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<nav><ul>${NAV.map((n) => `<li><a href="/${n.toLowerCase()}">${n}</a></li>`).join('')}</ul></nav>
<main><article><h1>${title}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Ferry timetable changes</a></li><li><a href="/b">New lifeboat named</a></li></ul></aside>
</main><footer><p>${FOOTER}</p></footer></body></html>`;
}

/** Text dump of the same page, as the dev sets' `.raw.txt` are made (blocks separated by blank lines). */
const dump = (title: string, paragraphs: readonly string[]) =>
  [...NAV, title, ...paragraphs, 'Related', 'Ferry timetable changes', 'New lifeboat named', FOOTER].join(
    '\n\n',
  );

/** Two hosts, one in each half of the split (the half is a hash of the site: found, not assumed). */
const hosts = (() => {
  const candidates = Array.from({ length: 40 }, (_, i) => `harbour-gazette-${i}.com`);
  const tune = candidates.find((h) => halfOf(h) === 'tune')!;
  const holdout = candidates.find((h) => halfOf(h) === 'holdout')!;
  return [tune, holdout] as const;
})();

let dir = '';
const saved = process.env.NEWSCLEAN_EVAL_DIR;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'newsclean-anchor-'));
  const body = join(dir, 'extraction-dev');
  const snippets = join(dir, 'snippets-dev');
  for (const d of [body, snippets, join(dir, 'sentences')]) mkdirSync(d, { recursive: true });
  const pages = [
    { id: 'p1', host: hosts[0], title: 'Harbour pier closed', paragraphs: ARTICLE },
    { id: 'p2', host: hosts[1], title: 'Pier survey to take six weeks', paragraphs: [...ARTICLE].reverse() },
  ];
  const items = pages.map(({ id, host }) => ({ id, url: `https://${host}/news/${id}`, host, lang: 'en' }));
  for (const d of [body, snippets]) writeFileSync(join(d, 'index.json'), JSON.stringify({ items }));
  for (const p of pages) {
    for (const d of [body, snippets]) {
      writeFileSync(join(d, `${p.id}.raw.txt`), dump(p.title, p.paragraphs));
      writeFileSync(join(d, `${p.id}.html.gz`), gzipSync(page(p.title, p.paragraphs)));
    }
    writeFileSync(join(body, `${p.id}.expected.txt`), p.paragraphs.join('\n\n'));
    writeFileSync(
      join(snippets, `${p.id}.snippets.json`),
      JSON.stringify({ with: ['close the old north pier', 'harbour reserve fund'], without: [FOOTER] }),
    );
  }
  writeFileSync(
    join(dir, 'sentences', 'golden_rules_en.json'),
    JSON.stringify([
      {
        id: 1,
        name: 'Simple period to end sentence',
        input: 'Hello World. My name is Jonas.',
        expected: ['Hello World.', 'My name is Jonas.'],
      },
    ]),
  );
  process.env.NEWSCLEAN_EVAL_DIR = dir;
});

afterAll(() => {
  if (saved === undefined) delete process.env.NEWSCLEAN_EVAL_DIR;
  else process.env.NEWSCLEAN_EVAL_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('Readability.js on a page of our own', () => {
  it.each(['linkedom', 'jsdom'] as const)(
    'with %s: keeps the article, drops navigation and footer',
    async (dom) => {
      const extract = await loadExtractor(dom);
      const text = extract(page('Harbour pier closed', ARTICLE));
      for (const p of ARTICLE) expect(text).toContain(p);
      expect(text).not.toContain('Copyright the Harbour Gazette');
      expect(text).not.toContain('Weather');
    },
  );

  it('gives the same text on both DOMs, and an empty text when there is no article', async () => {
    const [a, b] = await Promise.all([loadExtractor('linkedom'), loadExtractor('jsdom')]);
    const html = page('Harbour pier closed', ARTICLE);
    expect(a(html)).toBe(b(html));
    expect(a('<html><body></body></html>')).toBe('');
  });
});

describe('threadCpuMs (the CPU time of one worker thread)', () => {
  it.runIf(process.platform === 'linux')('grows while this thread works, and never past the process', () => {
    const process0 = process.cpuUsage();
    const start = threadCpuMs()!;
    let spins = 0;
    // Work until a clock tick (10 ms) of this thread's CPU time has passed; bounded, in case it never moves.
    for (const until = Date.now() + 10_000; threadCpuMs()! === start && Date.now() < until; ) spins++;
    const used = threadCpuMs()! - start;
    const { user, system } = process.cpuUsage(process0);
    expect(spins).toBeGreaterThan(0);
    expect(used).toBeGreaterThanOrEqual(10);
    expect(used).toBeLessThanOrEqual((user + system) / 1000 + 10);
  });
});

describe('dealJobs (pages to threads)', () => {
  const jobs: AnchorJob[] = ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, path: `${key}.html.gz` }));
  const sizes = new Map([
    ['a', 10],
    ['b', 9],
    ['c', 5],
    ['d', 4],
    ['e', 1],
  ]);

  it('gives every page to exactly one thread, largest first to the least loaded', () => {
    const shares = dealJobs(jobs, sizes, 2);
    expect(shares.map((s) => s.map((j) => j.key))).toEqual([
      ['a', 'd', 'e'],
      ['b', 'c'],
    ]);
    expect(dealJobs(jobs, sizes, 1)).toHaveLength(1);
    // More threads than pages: no empty share (a worker with nothing to do is not started).
    expect(dealJobs(jobs.slice(0, 2), sizes, 4)).toHaveLength(2);
  });
});

describe('the anchor in the eval', () => {
  it('worker threads give the same texts as this thread', async () => {
    const jobs = ['p1', 'p2'].map((id) => ({ key: id, path: join(dir, 'extraction-dev', `${id}.html.gz`) }));
    const inThread = await startAnchor(jobs, { threads: 0 });
    const inWorkers = await startAnchor(jobs, { threads: 2 });
    expect([...inWorkers.texts.entries()].sort()).toEqual([...inThread.texts.entries()].sort());
    expect(inThread.texts.get('p1')).toContain(ARTICLE[0]);
    // Each worker's own CPU time (Linux), in whole clock ticks: present, never negative.
    expect(inWorkers.cpuMs).toBeGreaterThanOrEqual(0);
  });

  it('scores Readability.js beside the text systems, with the same scorers, per half and language', async () => {
    const { suite, anchor } = await evaluateSuiteWithAnchor({
      sets: ['extraction-dev', 'snippets-dev'],
      anchor: { threads: 1 },
    });
    expect(anchor.pages).toBe(4);
    expect(anchor.name).toMatch(/^Readability\.js \d+\.\d+\.\d+ \+ jsdom \d+\.\d+\.\d+$/u);
    const [body, snippets] = suite.sets;
    const texts = suite.predictions.get('extraction-dev')!.get('readability')!;
    expect([...texts.keys()]).toEqual(['p1', 'p2']);

    // The figures are those of the scorers on the anchor's texts, not something computed beside them.
    const ours = body!.systems.find((s) => s.system === 'readability')!;
    const expected = { p1: ARTICLE.join('\n\n'), p2: [...ARTICLE].reverse().join('\n\n') };
    const rows = (['p1', 'p2'] as const).map((id) => tpFpFn(expected[id], texts.get(id)!));
    expect(ours.whole).toEqual(score(rows));
    expect(ours.tune).toEqual(score([rows[0]!]));
    expect(ours.holdout).toEqual(score([rows[1]!]));
    expect(ours.byLang.en).toEqual(ours.whole);
    expect(ours.whole.recall).toBeGreaterThan(0.95);

    const snippetTexts = suite.predictions.get('snippets-dev')!.get('readability')!;
    const wanted = { with: ['close the old north pier', 'harbour reserve fund'], without: [FOOTER] };
    const snippetRows = ['p1', 'p2'].map((id) => snippetCounts(wanted, snippetTexts.get(id)!));
    expect(snippets!.systems.find((s) => s.system === 'readability')!.whole).toEqual(
      snippetScore(snippetRows),
    );

    // The other systems are those of a run without the anchor, and come first; the anchor is last.
    const plain = evaluateSuite({ sets: ['extraction-dev', 'snippets-dev'] });
    expect(body!.systems.slice(0, -1)).toEqual(plain.sets[0]!.systems);
    expect(body!.systems.map((s) => s.system)).toEqual([
      'newsclean',
      'keep-everything',
      'c4-lines',
      'newsclean-html',
      'readability',
    ]);
    expect(plain.unavailable).toContain('readability');
    expect(suite.unavailable).not.toContain('readability');
  });

  it('scores newsclean from HTML on the same pages: F1 of its texts, per-page diagnostics, zero harm', () => {
    const suite = evaluateSuite({ sets: ['extraction-dev'] });
    const body = suite.sets[0] as BodySetResult;
    const ours = body.systems.find((s) => s.system === 'newsclean-html')!;
    expect(suite.unavailable).toEqual(['readability']);
    const texts = suite.predictions.get('extraction-dev')!.get('newsclean-html')!;
    const expected = { p1: ARTICLE.join('\n\n'), p2: [...ARTICLE].reverse().join('\n\n') };
    for (const id of ['p1', 'p2'] as const) {
      // The text is what the HTML path gives the page, as `newsclean run` cleans an .html file.
      expect(texts.get(id)).toBe(
        cleanHtmlPage(
          page(
            id === 'p1' ? 'Harbour pier closed' : 'Pier survey to take six weeks',
            expected[id].split('\n\n'),
          ),
        ).text,
      );
    }
    const rows = (['p1', 'p2'] as const).map((id) => tpFpFn(expected[id], texts.get(id)!));
    expect(ours.whole).toEqual(score(rows));
    expect(ours.whole.recall).toBeGreaterThan(0.95);
    expect(body.html!.pages.map((p) => [p.id, p.half])).toEqual([
      ['p1', 'tune'],
      ['p2', 'holdout'],
    ]);
    expect(body.html!.pages[0]!.f1).toBe(score([rows[0]!]).f1);
    expect(body.html!.rejected).toEqual([]);
    expect(body.html!.zeroHarm.whole.share).toBeGreaterThan(0.95);
  });
});

describe('zero harm from HTML', () => {
  it('writes a clean body as a plain page: one <p> per paragraph, <br> inside one, text escaped', () => {
    const html = bodyAsHtml('First <b> & last.\nSecond line.\n\n\nNext paragraph.\n');
    expect(html).toContain('<p>First &lt;b&gt; &amp; last.<br>\nSecond line.</p>\n<p>Next paragraph.</p>');
    expect(html.match(/<p>/gu)).toHaveLength(2);
  });

  it('keeps a clean article fed as HTML, and counts what it loses', () => {
    const harm = zeroHarmOfHtml(ARTICLE.join('\n\n'));
    expect(harm.total).toBeGreaterThan(90);
    expect(harm.kept / harm.total).toBeGreaterThan(0.95);
    const lost = zeroHarmOfHtml([...ARTICLE, 'Share this article'].join('\n\n'));
    expect(lost.total).toBeGreaterThan(harm.total);
  });
});
