/**
 * Evaluation of the site-repeated corpus stage: several pages per site, made from the dev pages.
 *
 * The dev pages are one page per site, so sites are synthesised: page P's "furniture" is its raw lines that
 * are not in its expected body (menus, footers, teasers, prompts), split into what comes before its article,
 * inside it and after it. Site P then gets K pages, each P's furniture wrapped around another page's expected
 * body (the inside part put between that body's paragraphs at the middle). Each synthetic page is cleaned
 * on its own (no site stage), and with the site stage fed by the K pages of its site, and scored with the
 * shingle F1 against the body it was built around. Nothing is written: the pages are the publishers' text.
 */
import { cleanText } from '../pipeline/clean.js';
import { parseConfig } from '../pipeline/config.js';
import { bodyText } from '../stages/document.js';
import { siteLinesInMemory } from '../stages/site-repeated.js';
import type { BodyPage, Page } from './data.js';
import { type Counts, type Score, score, shingles, tokens, tpFpFn } from './score.js';
import { HALVES, type Half } from './split.js';

export interface SiteScores {
  /** The synthetic pages cleaned one by one, as a run without the first pass would. */
  readonly without: Score;
  /** The same pages with the site stage fed by the other pages of their site. */
  readonly with: Score;
}

export interface SiteEvaluation {
  readonly sites: number;
  readonly pagesPerSite: number;
  readonly without: Score;
  readonly with: Score;
  /** The same per half of the site-disjoint split: a half's sites are built from that half's pages only. */
  readonly halves: Readonly<Record<Half, SiteScores>>;
  /** Lines the stage removed, and the \w+ tokens among them that belong to the article (harm). */
  readonly removedLines: number;
  readonly removedTokens: number;
  readonly articleTokensRemoved: number;
  /** Repeated lines kept because they read as prose (logged as findings). */
  readonly proseFindings: number;
}

/** Whether most of a line's shingles (or, for a short line, its tokens in order) are in the truth. */
function inBody(line: string, truth: ReadonlyMap<string, number>, truthTokens: string): boolean {
  const toks = tokens(line);
  if (toks.length === 0) return false;
  if (toks.length < 4) return ` ${truthTokens} `.includes(` ${toks.join(' ')} `);
  let found = 0;
  let all = 0;
  for (const [key, n] of shingles(line)) {
    all += n;
    if (truth.has(key)) found += n;
  }
  return found / all >= 0.5;
}

interface Furniture {
  readonly before: readonly string[];
  readonly inside: readonly string[];
  readonly after: readonly string[];
}

/** Page P's lines that are not its article, by where they sit relative to it. */
export function furnitureOf(page: Page): Furniture {
  const truth = shingles(page.expected);
  const truthTokens = tokens(page.expected).join(' ');
  const lines = page.raw.split('\n').filter((line) => line.trim() !== '');
  const body = lines.map((line) => inBody(line, truth, truthTokens));
  // The article's extent is set by lines of four tokens or more: a short line ("Sports") found in the body
  // may be furniture that happens to repeat a word of it. Short lines found in the body are left out.
  const anchors = lines.map((line, i) => body[i]! && tokens(line).length >= 4);
  const first = anchors.indexOf(true);
  const last = anchors.lastIndexOf(true);
  if (first < 0) return { before: lines.filter((_, i) => !body[i]), inside: [], after: [] };
  const other = (from: number, to: number) => lines.slice(from, to).filter((_, i) => !body[from + i]);
  return { before: other(0, first), inside: other(first, last + 1), after: other(last + 1, lines.length) };
}

/** A page of site P around another page's body: furniture, body (inside furniture at its middle), footer. */
export function sitePage(furniture: Furniture, body: string): string {
  const paragraphs = body.split(/\n\s*\n|\n/u).filter((p) => p.trim() !== '');
  const middle = Math.ceil(paragraphs.length / 2);
  return [
    ...furniture.before,
    ...paragraphs.slice(0, middle),
    ...furniture.inside,
    ...paragraphs.slice(middle),
    ...furniture.after,
  ].join('\n\n');
}

/** Pages 1..k after p, spaced so two sites rarely share the same set of bodies. */
function bodiesFor(p: number, k: number, n: number): number[] {
  return Array.from({ length: k }, (_, j) => (p + 1 + j * 5) % n).filter((q) => q !== p);
}

/**
 * Scores the synthetic sites of extraction-dev's pages. Sites and the bodies put in them are taken from one
 * half of the split at a time, so the holdout figure never sees a tune page.
 */
export function evaluateSites(pages: readonly BodyPage[], pagesPerSite = 6): SiteEvaluation {
  const cleaning = parseConfig({}).cleaning;
  const rows: Record<Half, { without: Counts[]; with: Counts[] }> = {
    tune: { without: [], with: [] },
    holdout: { without: [], with: [] },
  };
  let removedLines = 0;
  let removedTokens = 0;
  let articleTokensRemoved = 0;
  let proseFindings = 0;
  for (const half of HALVES) {
    const own = pages.filter((page) => page.half === half);
    const counted = siteRows(own, pagesPerSite, cleaning, rows[half].without, rows[half].with);
    removedLines += counted.removedLines;
    removedTokens += counted.removedTokens;
    articleTokensRemoved += counted.articleTokensRemoved;
    proseFindings += counted.proseFindings;
  }
  const both = (key: 'without' | 'with') => score([...rows.tune[key], ...rows.holdout[key]]);
  const scores = (half: Half) => ({ without: score(rows[half].without), with: score(rows[half].with) });
  return {
    sites: pages.length,
    pagesPerSite,
    without: both('without'),
    with: both('with'),
    halves: { tune: scores('tune'), holdout: scores('holdout') },
    removedLines,
    removedTokens,
    articleTokensRemoved,
    proseFindings,
  };
}

function siteRows(
  pages: readonly Page[],
  pagesPerSite: number,
  cleaning: ReturnType<typeof parseConfig>['cleaning'],
  without: Counts[],
  withSite: Counts[],
) {
  let removedLines = 0;
  let removedTokens = 0;
  let articleTokensRemoved = 0;
  let proseFindings = 0;
  for (let p = 0; p < pages.length; p++) {
    const furniture = furnitureOf(pages[p]!);
    const bodies = bodiesFor(p, pagesPerSite, pages.length).map((q) => pages[q]!.expected);
    const texts = bodies.map((body) => sitePage(furniture, body));
    const site = `site-${p}`;
    const lines = siteLinesInMemory(
      texts.map((text) => ({ site, text })),
      cleaning.siteRepeated,
    ).get(site)!;
    for (const [i, text] of texts.entries()) {
      const truth = bodies[i]!;
      without.push(tpFpFn(truth, bodyText(cleanText(text, cleaning))));
      const state = cleanText(text, cleaning, lines);
      withSite.push(tpFpFn(truth, bodyText(state)));
      const truthShingles = shingles(truth);
      const truthTokens = tokens(truth).join(' ');
      for (const removal of state.removed) {
        if (removal.stage !== 'site-repeated') continue;
        removedLines++;
        const n = tokens(removal.text).length;
        removedTokens += n;
        if (inBody(removal.text, truthShingles, truthTokens)) articleTokensRemoved += n;
      }
      proseFindings += state.findings.filter((f) => f.rule === 'site-repeated-prose').length;
    }
  }
  return { removedLines, removedTokens, articleTokensRemoved, proseFindings };
}

/** The lines `npm run eval` prints for it. */
export function siteReport(result: SiteEvaluation): string {
  const row = (name: string, s: Score) =>
    `  ${name.padEnd(28)} P ${s.precision.toFixed(4)}  R ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}`;
  return [
    `Site furniture: ${result.sites} synthetic sites × ${result.pagesPerSite} pages (each extraction-dev page's furniture around other pages' bodies of its half)`,
    row('without site-repeated', result.without),
    row('with site-repeated', result.with),
    ...HALVES.flatMap((half) => [
      row(`${half}: without`, result.halves[half].without),
      row(`${half}: with`, result.halves[half].with),
    ]),
    `  site-repeated removed ${result.removedLines} lines (${result.removedTokens} tokens, ${result.articleTokensRemoved} of them article text); ${result.proseFindings} repeated prose lines kept as findings`,
  ].join('\n');
}
