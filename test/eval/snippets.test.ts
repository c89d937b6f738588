import { describe, expect, it } from 'vitest';
import { normaliseSpace, snippetCounts, snippetScore } from '../../eval/snippets.js';

describe('snippet metric, as score_snippets.py computes it', () => {
  it('normalises white space as Python re \\s does (not as JavaScript \\s does)', () => {
    // Python's \s includes U+001C..U+001F and U+0085 and excludes U+FEFF; JavaScript's is the reverse.
    expect(normaliseSpace('  a\u001cb\u0085c\u3000d \u00a0\n e  ')).toBe('a b c d e');
    expect(normaliseSpace('a\ufeffb')).toBe('a\ufeffb');
    expect(normaliseSpace('\t\n')).toBe('');
  });

  it('counts wanted snippets found (tp) and missed (fn), unwanted found (fp) and absent (tn)', () => {
    const text = 'The council voted\non Tuesday to close the  bridge.\nShare this article';
    const counts = snippetCounts(
      {
        with: ['council voted on Tuesday', 'close the bridge.', 'a sentence that is not there'],
        without: ['Share this article', 'Subscribe now'],
      },
      text,
    );
    expect(counts).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
  });

  it('sums counts over pages before computing the ratios (micro average)', () => {
    const rows = [
      { tp: 3, fn: 0, fp: 1, tn: 2 },
      { tp: 0, fn: 3, fp: 0, tn: 3 },
    ];
    // tp 3, fn 3, fp 1, tn 5: P 3/4, R 3/6, accuracy 8/12, F1 2PR/(P+R) = 0.6.
    expect(snippetScore(rows)).toEqual({ pages: 2, precision: 0.75, recall: 0.5, accuracy: 0.6667, f1: 0.6 });
    expect(snippetScore([{ tp: 0, fn: 2, fp: 0, tn: 2 }])).toEqual({
      pages: 1,
      precision: 0,
      recall: 0,
      accuracy: 0.5,
      f1: 0,
    });
  });
});
