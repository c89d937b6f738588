/**
 * Zero harm: clean prose in, clean prose out. The expected article bodies of the dev pages are run through
 * the pipeline as if they were scraped pages; nearly all of their text must come through, and every fix
 * that fires on them has been read by a person (the list below).
 */
import { describe, expect, it } from 'vitest';
import { loadPages } from '../../eval/data.js';
import { cleanBody } from '../../eval/evaluate.js';
import { rawCounts } from '../../eval/score.js';

const pages = loadPages();
const cleaned = pages.map((page) => ({ page, ...cleanBody(page.expected) }));

/**
 * Fix edits that fire on the clean bodies, reviewed one by one: page, rule and the raw text around the edit.
 * `right: false` marks a known wrong fix (reported to the owner of stages/fix.ts); it may disappear, but no
 * new unreviewed fix may appear.
 */
const REVIEWED_FIXES: ReadonlyArray<{ page: string; rule: string; context: string; right: boolean }> = [
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'Saraki , read', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'received , while', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'recess .', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'Tuesday .', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'Senate , @NGRSenate', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: '@NGRSenate .', right: true },
  { page: 'aeb-7bb1ca903543', rule: 'space-before-closing-quote', context: 'lung. ”', right: true },
  { page: 'aeb-d48aeb9cf2f2', rule: 'space-before-closing-quote', context: 'cyberstalker? ”', right: true },
  // First paragraphs that are no longer taken for a headline (the metadata stage now wants a headline-like
  // first line) are fixed like the rest: a space typed before a comma, two sentences run together.
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'North , Ahmad', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'Lawan , on', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'Speaker , Benjamin', right: true },
  { page: 'aeb-0dd135704572', rule: 'space-before-punctuation', context: 'member , Funke', right: true },
  { page: 'aeb-e372e42c0a3d', rule: 'missing-space-after-sentence', context: 'Wednesday.The', right: true },
  {
    page: 'aeb-e372e42c0a3d',
    rule: 'missing-space-after-sentence',
    context: 'physician.Police',
    right: true,
  },
  // Was wrong until the rule learned that ” after a colon opens a quotation (`said: ”Bird flu`): now a
  // finding. Kept here so that a regression shows up as a known wrong fix.
  { page: 'aeb-ba4dfe2d3e81', rule: 'space-before-closing-quote', context: 'said: ”Bird', right: false },
];

describe('zero harm on clean prose (the dev pages’ expected bodies as input)', () => {
  it('keeps at least 99% of the 4-gram shingles (title and standfirst fields count as kept)', () => {
    let kept = 0;
    let total = 0;
    for (const { page, state, text } of cleaned) {
      // Metadata is moved, not lost: the record keeps it (see the report for the body-only figure).
      const record = [state.metadata.title ?? '', ...state.metadata.standfirst, text].join('\n\n');
      const { tp, fn } = rawCounts(page.expected, record);
      kept += tp;
      total += tp + fn;
    }
    expect(total).toBeGreaterThan(30_000);
    expect(kept / total).toBeGreaterThanOrEqual(0.99);
  });

  it('boilerplate and density remove at most 5% of any one clean page', () => {
    const losses = cleaned
      .map(({ page, state }) => {
        const removedChars = state.removed
          .filter((r) => r.stage === 'density' || r.stage === 'boilerplate')
          .reduce((n, r) => n + r.text.length, 0);
        return { id: page.id, share: removedChars / page.expected.length };
      })
      .filter((loss) => loss.share > 0.05);
    expect(losses).toEqual([]);
  });

  it('every fix that fires on clean prose is one a person has reviewed', () => {
    const fired = cleaned.flatMap(({ page, state }) =>
      state.edits
        .filter((edit) => edit.stage === 'fix')
        .map((edit) => ({
          page: page.id,
          rule: edit.rule,
          around: page.expected.slice(edit.rawStart - 25, edit.rawEnd + 25),
        })),
    );
    const unreviewed = fired.filter(
      (f) =>
        !REVIEWED_FIXES.some((r) => r.page === f.page && r.rule === f.rule && f.around.includes(r.context)),
    );
    expect(unreviewed).toEqual([]);
    const wrong = fired.filter((f) =>
      REVIEWED_FIXES.some(
        (r) => !r.right && r.page === f.page && r.rule === f.rule && f.around.includes(r.context),
      ),
    );
    expect(wrong).toEqual([]);
    expect(fired.length).toBeLessThanOrEqual(REVIEWED_FIXES.length);
  });
});
