import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeHeadlines, normaliseHeadline } from '../../stages/dedupe-headlines.js';
import { newDocState } from '../../stages/document.js';
import { metadata } from '../../stages/metadata.js';
import { segment } from '../../stages/segment.js';
import { clean, DEFAULTS, FC_SEED, paragraphs, removedBy, seed } from '../helpers.js';

/** Only the stages dedupe depends on: lines, then title and standfirst, then dedupe. */
const dedupe = (text: string) =>
  dedupeHeadlines(metadata(segment(newDocState(text))), DEFAULTS.dedupeHeadlines);

describe('dedupe-headlines', () => {
  it('000: both repeats of the title go, the one with a straight apostrophe too', () => {
    const doc = clean(seed('000'));
    const repeats = removedBy(doc, 'repeated-headline');
    expect(repeats).toEqual([
      "Lukashenko invited the All-Belarusian People's Assembly to discuss constitutional reforms",
      "Lukashenko invited the All-Belarusian People's Assembly to discuss constitutional reforms",
    ]);
    expect(paragraphs(doc).some((p) => p.startsWith('Lukashenko invited'))).toBe(false);
  });

  it('ignores case, quote and apostrophe style and white space', () => {
    expect(normaliseHeadline('  Putin’s  “Help” ')).toBe(normaliseHeadline('PUTIN\'S "help"'));
  });

  it('removes a repeated standfirst and a near repeat of the title', () => {
    const doc = dedupe(
      'Putin backs Lukashenko reform plan\n\nA summary line that says what happened today\n\nThe body starts here and goes on for a while.\n\nA summary line that says what happened today\n\nPutin backs Lukashenko’s reform plan\n\nThe body ends here.',
    );
    expect(doc.removed.filter((r) => r.stage === 'dedupe-headlines').map((r) => r.rule)).toEqual([
      'repeated-headline',
      'near-repeated-headline',
    ]);
    expect(paragraphs(doc)).toEqual(['The body starts here and goes on for a while.', 'The body ends here.']);
  });

  it('finds a near repeat that drops any one word of a ten-word title, and only then', () => {
    const title = 'Belarus leader Lukashenko asks Putin for help against mass protests';
    const words = title.split(' ');
    for (let i = 0; i < words.length; i++) {
      const variant = words.filter((_, j) => j !== i).join(' ');
      const doc = dedupe(`${title}\n\nThe body starts here and goes on for a while.\n\n${variant}`);
      expect(
        doc.removed.map((r) => r.rule),
        variant,
      ).toContain('near-repeated-headline');
    }
    const twoGone = words.slice(2).join(' ');
    const doc = dedupe(`${title}\n\nThe body starts here and goes on for a while.\n\n${twoGone}`);
    expect(doc.removed.map((r) => r.rule)).not.toContain('near-repeated-headline');
  });

  it('keeps a sentence that only shares words with the title', () => {
    const doc = dedupe(
      'Putin backs Lukashenko reform plan\n\nPutin said on Monday that he backs the reform plan that Lukashenko has put forward, and that Russia would lend money.',
    );
    expect(paragraphs(doc)).toHaveLength(1);
  });

  it('keeps short lines said twice, such as answers in an interview', () => {
    const doc = dedupe('Interview\n\nDid you agree?\n\nYes.\n\nAnd then?\n\nYes.');
    expect(paragraphs(doc)).toEqual(['Did you agree?', 'Yes.', 'And then?', 'Yes.']);
  });
});

/** normaliseHeadline as first written: NFKC, quote and dash styles, case, white space, the end trimmed. */
function referenceNormalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‚‛′`´]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―]/gu, '-')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s.!?…:;,]+$/u, '')
    .trim();
}

describe('normaliseHeadline', () => {
  it('gives the key NFKC, the quote and dash mapping, lower-casing and white space folding give', () => {
    const piece = fc.constantFrom(
      ...[
        'Putin',
        'HELP',
        'x',
        '42',
        "'s",
        '’',
        '‘',
        '‚',
        '‛',
        '′',
        '`',
        '´',
        '“',
        '”',
        '„',
        '‟',
        '″',
        '«',
        '»',
      ],
      ...[
        '‐',
        '‑',
        '‒',
        '–',
        '—',
        '―',
        '…',
        '©',
        '•',
        '›',
        '‹',
        '£',
        '°',
        '×',
        '·',
        'é',
        'e\u0301',
        'İ',
        'K',
      ],
      ...['ﬁ', 'Ⅻ', '①', 'Σ', '😀', '\ud800', '.', '!', '?', ':', ';', ',', '-', '"'],
      ...[' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', '\u0000', '\u007f'],
    );
    const line = fc
      .array(fc.oneof(piece, piece, fc.string({ maxLength: 4 })), { maxLength: 12 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(line, (text) => {
        expect(normaliseHeadline(text)).toBe(referenceNormalise(text));
      }),
      { numRuns: 3000, seed: FC_SEED },
    );
  });
});
