/**
 * One source of truth for picture credits (issue 14 item 8): photo-caption, its fast path and metadata's
 * `credits` are all built from the agency and label lists in stages/lexicon.ts, so a credit the caption rule
 * removes reaches `credits`, and a name added to the list is recognised without touching any other code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boilerplate, creditOf, creditPatterns, foldsOf } from '../../stages/boilerplate.js';
import { newDocState } from '../../stages/document.js';
import {
  AGENCY_SUFFIXES,
  CREDIT_LABELS,
  PICTURE_AGENCIES,
  type PictureAgency,
} from '../../stages/lexicon.js';
import { metadata } from '../../stages/metadata.js';
import { segment } from '../../stages/segment.js';

const LABELS = [...CREDIT_LABELS.values()].flat();
const captionLine = (pattern: string) => new RegExp(`^(?:.{0,300}${pattern})$`, 'iu');

/** Boilerplate then metadata, as the pipeline runs them. */
const cleaned = (...paragraphs: string[]) =>
  metadata(boilerplate(segment(newDocState(paragraphs.join('\n\n'))), { disable: [], extraRules: [] }));

const ARTICLE =
  'The council said on Monday that it would review the plan before the winter, and residents welcomed it.';

describe('credits: the caption rule and metadata read one pattern', () => {
  it.each([
    ['Sheikh Mohammed passes a Boeing 777X. Natalie Naccache | Bloomberg | Getty Images', 'Getty Images'],
    ['Traders work on the floor of the exchange. REUTERS/Brendan McDermid', 'REUTERS/Brendan McDermid'],
    ['Rep. Ilhan Omar speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file', 'AP file'],
    ['Belarus Lukashenko. Picture: PA', 'PA'],
    ['in Washington. (AP Photo/Evan Vucci)', 'AP Photo/Evan Vucci'],
  ])('%j credits %j', (line, credit) => {
    expect(creditOf(line)).toBe(credit);
  });

  it('a credit after "|" and after "REUTERS/" lands in metadata.credits, as the caption leaves the body', () => {
    const doc = cleaned(
      'Floods close the bridge',
      'Water covers the road into town. Jane Doe | Getty Images',
      ARTICLE,
      'Residents fill sandbags on Sunday. REUTERS/Brendan McDermid',
      ARTICLE.replace('Monday', 'Tuesday'),
    );
    expect(doc.removed.filter((r) => r.rule === 'photo-caption').map((r) => r.text)).toEqual([
      'Water covers the road into town. Jane Doe | Getty Images',
      'Residents fill sandbags on Sunday. REUTERS/Brendan McDermid',
    ]);
    expect(doc.metadata.credits).toEqual(['Getty Images', 'REUTERS/Brendan McDermid']);
  });

  it('takes no credit from a caption that has none (an image label, a bracket that is no credit)', () => {
    expect(creditOf('Belarus Protests')).toBeNull();
    expect(creditOf('Image caption The minister (left) and her deputy')).toBeNull();
    expect(creditOf('June 26 -- PPL Center, Allentown, PA')).toBeNull();
  });
});

describe('credits: the agency list is the only place a name lives', () => {
  const XINHUA: PictureAgency = { name: 'Xinhua', forms: ['brackets', 'separator', 'slash'] };
  const line = 'Rescuers search the rubble in Wenchuan. Li Ming | Xinhua';

  it('a name added to the list is recognised by the pattern and passes the fast path', () => {
    const before = creditPatterns(PICTURE_AGENCIES, AGENCY_SUFFIXES, LABELS);
    const after = creditPatterns([...PICTURE_AGENCIES, XINHUA], AGENCY_SUFFIXES, LABELS);
    // The default list does not know the name: neither the pattern nor its fast path takes the line.
    expect(captionLine(before.credit).test(line)).toBe(false);
    // With the name added, both do, in every form the entry declares, with no other change.
    for (const text of [line, 'Flood waters rise (Xinhua)', 'Flood waters rise. XINHUA/Li Ming']) {
      expect(after.mayEndInCredit(text), text).toBe(true);
      expect(captionLine(after.credit).test(text), text).toBe(true);
    }
    expect(new RegExp(`${after.creditCapture}$`, 'iu').exec(line)?.groups?.separated).toBe('Xinhua');
  });

  it('a name ending in a letter no current name ends with still passes the fast path', () => {
    const after = creditPatterns(
      [...PICTURE_AGENCIES, { name: 'Anadolu', forms: ['separator'] }],
      AGENCY_SUFFIXES,
      LABELS,
    );
    expect(after.mayEndInCredit('Protesters in Ankara | Anadolu')).toBe(true);
    expect(captionLine(after.credit).test('Protesters in Ankara | Anadolu')).toBe(true);
  });

  it('foldsOf lists every character that matches an ASCII letter under the flags i and u', () => {
    for (let code = 0x61; code <= 0x7a; code++) {
      const letter = String.fromCharCode(code);
      const regex = new RegExp(`^${letter}$`, 'iu');
      const matching: string[] = [];
      for (let point = 0; point <= 0x10ffff; point++) {
        if (point >= 0xd800 && point <= 0xdfff) continue;
        const char = String.fromCodePoint(point);
        if (regex.test(char)) matching.push(char);
      }
      expect(foldsOf(letter).sort(), letter).toEqual(matching.sort());
    }
  });
});

describe('credits: the fast path never rejects a line the full pattern accepts', () => {
  const lists = [
    PICTURE_AGENCIES,
    [...PICTURE_AGENCIES, { name: 'Xinhua', forms: ['brackets', 'separator', 'slash'] } as const],
    [...PICTURE_AGENCIES, { name: 'dpa', forms: ['brackets', 'separator', 'slash'] } as const],
  ];
  // Lines built from the pieces credits are made of, so that the pattern accepts many of them.
  const pieces = [
    ...PICTURE_AGENCIES.map((a) => a.name),
    'Xinhua',
    'dpa',
    'XINHUA',
    'reuters',
    'ſ',
    'K',
    ...AGENCY_SUFFIXES,
    ...LABELS,
    ' ',
    '|',
    '/',
    ',',
    '·',
    ':',
    '(',
    ')',
    '.',
    'Jane Doe',
    'Photo',
    'the bridge',
    'ß',
    '’',
  ];
  const piece = fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 }));
  // Random text, then most often a separator and a few pieces (a name, a suffix, a bracket), as credits end.
  const lineArb = fc
    .tuple(
      fc.array(piece, { maxLength: 8 }),
      fc.constantFrom('', ' | ', ' / ', ', ', ' · ', '/', ' (', '. ', ': '),
      fc.array(piece, { maxLength: 3 }),
    )
    .map(([head, separator, tail]) => [...head, separator, ...tail]);

  it.each(lists.map((list, i) => [i, list] as const))('agency list %i', (_i, list) => {
    const patterns = creditPatterns(list, AGENCY_SUFFIXES, LABELS);
    const full = captionLine(patterns.credit);
    let accepted = 0;
    fc.assert(
      fc.property(lineArb, (parts) => {
        const text = parts.join('');
        if (!full.test(text)) return true;
        accepted++;
        return patterns.mayEndInCredit(text);
      }),
      { seed: 14, numRuns: 4000 },
    );
    // The sample reaches the accepting side often, so agreement is not only on rejections.
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('zero harm: article text that only looks like a credit stays (issue 14)', () => {
  it.each([
    // A label in lower case after a word is a colon inside a sentence or a heading.
    'The problem, he said, is credit: banks will not lend to small firms.',
    'The bigger picture: rates are falling faster than expected',
    'Playoff picture: Raiders in pursuit',
    // A slash agency and a lower-case word: a joint name in prose.
    'Support for the plan rose to 40 percent in the latest Reuters/Ipsos poll.',
    // "credit" in brackets without a colon is not a credit label.
    'Families can claim the new allowance on top of their benefits (the child tax credit)',
    'He paid for the flights with a card (credit, not debit)',
    // A line of code is not a caption.
    'setCredit("Photo: AP");',
  ])('must not touch: %j', (line) => {
    expect(creditOf(line)).toBeNull();
    expect(cleaned(ARTICLE, line, ARTICLE).removed.filter((r) => r.rule === 'photo-caption')).toEqual([]);
  });

  it.each([
    ['Belarus Lukashenko. Picture: PA', 'PA'],
    ['A view of the harbour Photo: John Smith', 'John Smith'],
    ['Main image credit: Getty', 'Getty'],
    ['Image Credit: WeWork', 'WeWork'],
    ['Smoke rises over the city (Credit: NASA)', 'Credit: NASA'],
    ['Smoke rises over the city (Image credit: All About Space)', 'Image credit: All About Space'],
    ['The cabaret in Paris Benoit Tessier/Reuters', 'Reuters'],
    ['Protesters in Minsk. REUTERS/Jane Doe', 'REUTERS/Jane Doe'],
    ['Un Népalais prie à Katmandou (photo AFP)', 'photo AFP'],
  ])('still a caption: %j credits %j', (line, credit) => {
    expect(creditOf(line)).toBe(credit);
    expect(cleaned(ARTICLE, line, ARTICLE).removed.map((r) => r.rule)).toContain('photo-caption');
  });
});
