import { describe, expect, it } from 'vitest';
import { c4Lines } from '../../eval/baselines.js';
import { precision, recall, score, shingles, tokens, tpFpFn } from '../../eval/score.js';

describe('tokens: Python re \\w+ semantics', () => {
  it('matches what python3 re.findall(r"\\w+", s) gives on mixed scripts, marks and numerals', () => {
    // Expected list produced by CPython 3 on the same string. Combining marks are not \w in Python, so the
    // Devanagari word splits at its vowel signs; superscripts, fractions and roman numerals are.
    const text = 'café naïve e\u0301t\u00e9 x²+½ ३४ हिंदी Ⅻ under_score 3.5 don’t ①②  ‿ ⁀ ﹍ ＿ 〇 ᛮ ٣';
    expect(tokens(text)).toEqual([
      'café',
      'naïve',
      'e',
      'té',
      'x²',
      '½',
      '३४',
      'ह',
      'द',
      'Ⅻ',
      'under_score',
      '3',
      '5',
      'don',
      't',
      '①②',
      '〇',
      'ᛮ',
      '٣',
    ]);
  });
});

describe('shingles and page scores, as score_extraction.py computes them', () => {
  it('a text shorter than four tokens is one short shingle; an empty one has none', () => {
    expect([...shingles('a b c').entries()]).toEqual([['a\u0000b\u0000c', 1]]);
    expect(shingles('  ').size).toBe(0);
  });

  it('counts repeated shingles', () => {
    expect(shingles('a b c d a b c d').get('a\u0000b\u0000c\u0000d')).toBe(2);
  });

  it('normalises TP/FP/FN per page and handles the empty cases like the reference', () => {
    const half = tpFpFn('one two three four five', 'one two three four');
    expect(half.tp + half.fp + half.fn).toBeCloseTo(1);
    expect(precision(half)).toBe(1);
    expect(recall(half)).toBe(0.5);
    expect(tpFpFn('', '')).toEqual({ tp: 0, fp: 0, fn: 0 });
    // Both empty: precision and recall 1 (the reference's fp == fn == 0 branch); that page is then left
    // out of both averages because tp + fp == 0 and tp + fn == 0.
    expect(precision({ tp: 0, fp: 0, fn: 0 })).toBe(1);
    expect(score([tpFpFn('a b c d e', 'a b c d e'), tpFpFn('', '')])).toEqual({
      pages: 2,
      precision: 1,
      recall: 1,
      f1: 1,
    });
    // A missing prediction counts as empty: recall 0 for that page.
    expect(score([tpFpFn('a b c d e', '')]).recall).toBe(0);
  });
});

describe('C4 line rules baseline', () => {
  it('keeps punctuated lines of five words or more, drops javascript and cookie/policy lines', () => {
    const raw = [
      'Home',
      'This line has enough words to stay.',
      'This line has enough words but no end',
      'Please enable JavaScript to view the comments.',
      'We use cookies to improve your experience here.',
      '“He said it was fine,” she told them.”',
    ].join('\n');
    expect(c4Lines(raw).split('\n')).toEqual([
      'This line has enough words to stay.',
      '“He said it was fine,” she told them.”',
    ]);
  });
});
