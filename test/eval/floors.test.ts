/**
 * Evaluation gate: the figures `npm run eval` prints may not fall below these floors, on every dev set.
 *
 * Each floor sits a little below the figure measured when it was set (in the comment beside it), so that it
 * catches a regression and leaves room for a deliberate trade-off. Lowering a floor is a deliberate change
 * with a reason in the commit; when a change lifts a figure for good, raise its floor in the same commit
 * (to about a point below the new figure). Halves are those of eval/split.ts: tune on "tune", and the
 * "holdout" floor shows a rule generalises. Reads ../shared/eval beside the repository (as CI has it) and
 * fails loudly when it is missing.
 */
import { describe, expect, it } from 'vitest';
import type { SetName } from '../../eval/data.js';
import { type BodySetResult, evaluateSuite, type SetResult, type SystemId } from '../../eval/evaluate.js';

interface Floors {
  readonly pages: number;
  /** Whole set, newsclean. */
  readonly f1: number;
  readonly precision: number;
  readonly recall: number;
  /** F1 of each half. */
  readonly tuneF1: number;
  readonly holdoutF1: number;
  /** Body sets: share of the expected bodies' shingles that survive the pipeline (issue 14 wants >= 0.99). */
  readonly zeroHarm?: number;
}

const FLOORS: Record<SetName, Floors> = {
  /**
   * 72 English news pages. Measured: F1 0.9702 (P 0.9606, R 0.9800), tune 0.9706, holdout 0.9698; zero
   * harm 0.9957. Keep-everything 0.66, C4 line rules 0.88. Recall (losing article text) has the tighter margin.
   */
  'extraction-dev': {
    pages: 72,
    f1: 0.955,
    precision: 0.945,
    recall: 0.965,
    tuneF1: 0.955,
    holdoutF1: 0.955,
    zeroHarm: 0.99,
  },
  /**
   * 94 Readability.js test pages of many kinds, 15 not in English. Measured (after density's per-language
   * function words, wrapped lines, articles in several runs, code lines no menu): F1 0.8817 (P 0.9068,
   * R 0.8580), tune 0.8936, holdout 0.8700; zero harm 0.9106 (0.9226 after b025fd4-b3bcf18; F1 0.8841, tune 0.8957, holdout 0.8722, zero harm 0.9257 after 5223cee), still below the issue's 0.99 (outside-article drops parts of
   * documentation pages' expected bodies): its floor only stops it getting worse. After density stopped
   * reading a document's own lists (tables of contents, header lines, sources, console tables) as site
   * menus: F1 0.8893, tune 0.8957, holdout 0.8826, zero harm 0.9788. After program listings stopped cutting
   * articles in two (and their repeated output lines stopped reading as furniture) and numbered sections
   * stopped reading as teasers: F1 0.8957 (P 0.9092, R 0.8826), tune 0.8979, holdout 0.8933, zero harm 0.9857
   * (the rest: a blog post kept with its comment thread, a Wikipedia infobox, captions; see the eval README).
   */
  'readability-pages': {
    pages: 94,
    f1: 0.885,
    precision: 0.9,
    recall: 0.87,
    tuneF1: 0.885,
    holdoutF1: 0.88,
    zeroHarm: 0.98,
  },
  /**
   * 497 pages, mostly German, snippet ground truth. Measured (after density keeps an article's lead above
   * its picture, b025fd4): F1 0.8488 (P 0.8395, R 0.8583, accuracy 0.8481), tune 0.8624, holdout 0.8355;
   * after a site notice closes the article and long lone paragraphs keep their weight (b3036f9, 5223cee):
   * F1 0.8637 (P 0.8658, R 0.8617, accuracy 0.8650), tune 0.8745, holdout 0.8531.
   * Keep-everything 0.6913; the C4 line rules 0.7894.
   */
  'snippets-dev': {
    pages: 497,
    f1: 0.855,
    precision: 0.855,
    recall: 0.85,
    tuneF1: 0.865,
    holdoutF1: 0.845,
  },
};
/**
 * newsclean from HTML (issue 11: each page's `<id>.html.gz` through the HTML path, eval/newsclean-html.ts), with
 * zero harm from HTML for the body sets (each expected body as a plain HTML page). Measured when set
 * (2026-11-30, main at c190bcf: html-front's first slice with html-readers' decoding):
 * extraction-dev F1 0.9634 (P 0.9596, R 0.9672), tune 0.9643, holdout 0.9624, zero harm 0.9957;
 * readability-pages F1 0.9172 (P 0.9485, R 0.8879), tune 0.9457, holdout 0.8898, zero harm 0.9865;
 * snippets-dev F1 0.8829 (P 0.8893, R 0.8766), tune 0.8953, holdout 0.8707.
 * Raised 2026-12-01 (main at bf63d27: the content score passes over comment/related/sidebar boxes, CJK
 * weights, lead paragraphs): readability-pages F1 0.9424 (P 0.9489, R 0.9359), tune 0.9575, holdout 0.9284,
 * zero harm 0.9941; snippets-dev F1 0.9126 (P 0.8883, R 0.9383), tune 0.9235, holdout 0.9020.
 * Raised 2026-12-01 (issue 11's markup rules: aside-in-content, share-box, link lines and list items of the
 * content element, button labels, no rail exception): extraction-dev F1 0.9712 (P 0.9593, R 0.9835), tune
 * 0.9683, holdout 0.9741, zero harm 0.9957; readability-pages F1 0.9434 (P 0.9516, R 0.9355), tune 0.9595,
 * holdout 0.9286, zero harm 0.9941; snippets-dev F1 0.9183 (P 0.8966, R 0.9410), tune 0.9291, holdout 0.9077.
 * Raised 2026-12-01 (main at 6d06ade: config-settable markup thresholds, the content element's tables and long
 * lists, bio-box, nav inside the article, after-content-element): readability-pages F1 0.9505 (P 0.9555,
 * R 0.9456), tune 0.9672, holdout 0.9352, zero harm 0.9941; snippets-dev F1 0.9233 (P 0.9049, R 0.9424), tune
 * 0.9369, holdout 0.9099; extraction-dev F1 0.9725 (P 0.9610, R 0.9843), tune 0.9706, holdout 0.9744.
 * Raised 2026-12-01 (snip13: tail-notice, live tickers' entries, "Photograph by" captions): snippets-dev F1
 * 0.9256 (P 0.9075, R 0.9444), tune 0.9416, holdout 0.9099; extraction-dev F1 0.9732 (P 0.9623, R 0.9843),
 * tune 0.9720, holdout 0.9744; readability-pages unchanged.
 * Raised 2026-12-01 (cap13: figure-caption, a media figure's <figcaption> removed as photo-caption removes a caption
 * from a text dump): extraction-dev F1 0.9781 (P 0.9717, R 0.9846), tune 0.9782, holdout 0.9780; snippets-dev
 * F1 0.9271 (P 0.9110, R 0.9437), tune 0.9447, holdout 0.9098. readability-pages F1 0.9491 (P 0.9558, R 0.9426),
 * tune 0.9654, holdout 0.9342: its gold keeps captions by design (Readability.js's output); still above its floors.
 * Raised 2026-12-01 (snip14, content14: caption-class, tail-notice's calls to follow or get the app, a hint every
 * content block shares is no box): extraction-dev F1 0.9806 (P 0.9764, R 0.9848), tune 0.9834, holdout 0.9778;
 * snippets-dev F1 0.9336 (P 0.9186, R 0.9492), tune 0.9548, holdout 0.9130. readability-pages F1 0.9480
 * (P 0.9542, R 0.9419), tune 0.9653, holdout 0.9321 (captions again: its gold keeps them); floors unchanged.
 * Raised 2026-12-01 (snip15, snip16: link-pointer, time-dateline, orphan-heading within its box, a list of
 * stories passed over as the content element, pointer-list): snippets-dev F1 0.9375 (P 0.9248, R 0.9505), tune
 * 0.9594, holdout 0.9161; extraction-dev F1 0.9809 (P 0.9770, R 0.9848), tune 0.9839, holdout 0.9778;
 * readability-pages unchanged (0.9480, tune 0.9653, holdout 0.9321).
 * Readability.js 0.6.0 + jsdom on the same pages (npm run eval, not in this test: it takes minutes):
 * extraction-dev 0.9392, snippets-dev 0.8922.
 */
const HTML_FLOORS: Record<SetName, Omit<Floors, 'pages'>> = {
  'extraction-dev': {
    f1: 0.978,
    precision: 0.972,
    recall: 0.98,
    tuneF1: 0.98,
    holdoutF1: 0.975,
    zeroHarm: 0.99,
  },
  'readability-pages': {
    f1: 0.945,
    precision: 0.95,
    recall: 0.94,
    tuneF1: 0.96,
    holdoutF1: 0.93,
    zeroHarm: 0.99,
  },
  'snippets-dev': {
    f1: 0.935,
    precision: 0.92,
    recall: 0.945,
    tuneF1: 0.955,
    holdoutF1: 0.912,
  },
};

/** Of the 52 English Golden Rules (issue 4 target 50); we miss only #18, "not implemented" upstream too. */
const GOLDEN_RULES = 51;

const suite = evaluateSuite();
const setOf = (name: SetName): SetResult => {
  const found = suite.sets.find((s) => s.set === name);
  if (!found) throw new Error(`no set ${name}`);
  return found;
};
const systemOf = (set: SetName, system: SystemId) => setOf(set).systems.find((s) => s.system === system)!;
const names = Object.keys(FLOORS) as SetName[];

describe('evaluation floors', () => {
  it('scores every dev set and all 52 Golden Rules', () => {
    expect(suite.sets.map((s) => s.set)).toEqual(names);
    for (const name of names) expect(setOf(name).pages, name).toHaveLength(FLOORS[name].pages);
    expect(suite.golden.total).toBe(52);
  });

  it.each(names)('%s: F1, precision, recall and each half at or above their floors', (name) => {
    const floors = FLOORS[name];
    const ours = systemOf(name, 'newsclean');
    expect(ours.whole.f1).toBeGreaterThanOrEqual(floors.f1);
    expect(ours.whole.precision).toBeGreaterThanOrEqual(floors.precision);
    expect(ours.whole.recall).toBeGreaterThanOrEqual(floors.recall);
    expect(ours.tune.f1).toBeGreaterThanOrEqual(floors.tuneF1);
    expect(ours.holdout.f1).toBeGreaterThanOrEqual(floors.holdoutF1);
  });

  it.each(names.filter((n) => FLOORS[n].zeroHarm !== undefined))(
    '%s: zero harm at or above its floor',
    (name) => {
      const result = setOf(name) as BodySetResult;
      expect(result.zeroHarm.whole.total).toBeGreaterThan(10_000);
      expect(result.zeroHarm.whole.share).toBeGreaterThanOrEqual(FLOORS[name].zeroHarm!);
    },
  );

  it.each(names)(
    '%s from HTML: F1, precision, recall, each half and zero harm at or above their floors',
    (name) => {
      const floors = HTML_FLOORS[name];
      const ours = systemOf(name, 'newsclean-html');
      expect(ours, 'newsclean from HTML was not scored').toBeDefined();
      expect(ours.whole.pages).toBe(FLOORS[name].pages);
      expect(ours.whole.f1).toBeGreaterThanOrEqual(floors.f1);
      expect(ours.whole.precision).toBeGreaterThanOrEqual(floors.precision);
      expect(ours.whole.recall).toBeGreaterThanOrEqual(floors.recall);
      expect(ours.tune.f1).toBeGreaterThanOrEqual(floors.tuneF1);
      expect(ours.holdout.f1).toBeGreaterThanOrEqual(floors.holdoutF1);
      const result = setOf(name);
      if (floors.zeroHarm !== undefined && result.kind === 'body') {
        expect(result.html!.zeroHarm.whole.total).toBeGreaterThan(10_000);
        expect(result.html!.zeroHarm.whole.share).toBeGreaterThanOrEqual(floors.zeroHarm);
        expect(result.html!.rejected).toEqual([]);
      }
    },
  );

  it(`Golden Rules passed >= ${GOLDEN_RULES}`, () => {
    expect(suite.golden.passed, JSON.stringify(suite.golden.failures, null, 1)).toBeGreaterThanOrEqual(
      GOLDEN_RULES,
    );
  });

  it('beats keeping everything on every set, and the C4 line rules on the two body sets', () => {
    for (const name of names) {
      const ours = systemOf(name, 'newsclean').whole.f1;
      expect(ours, name).toBeGreaterThan(systemOf(name, 'keep-everything').whole.f1);
      if (setOf(name).kind === 'body')
        expect(ours, name).toBeGreaterThan(systemOf(name, 'c4-lines').whole.f1);
    }
  });

  it('reproduces the baseline figures of ../shared/eval/README.md (the scorers have not drifted)', () => {
    // README: extraction-dev keeping everything 0.660, C4 line rules 0.881 (our C4 variant: 0.8799, see
    // eval/baselines.ts); readability-pages keeping everything 0.782; snippets-dev keeping everything 0.691.
    expect(systemOf('extraction-dev', 'keep-everything').whole.f1).toBeCloseTo(0.66, 2);
    expect(systemOf('extraction-dev', 'c4-lines').whole.f1).toBeCloseTo(0.88, 2);
    expect(systemOf('readability-pages', 'keep-everything').whole.f1).toBeCloseTo(0.782, 3);
    expect(systemOf('snippets-dev', 'keep-everything').whole.f1).toBeCloseTo(0.691, 3);
  });
});
