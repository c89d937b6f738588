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

describe('repeated-block: furniture printed twice goes, text an article says twice stays (issue 14)', () => {
  const title = 'Harbour town votes on the new ferry timetable';
  const kept = (doc: ReturnType<typeof dedupe>) =>
    doc.findings.filter((f) => f.rule === 'repeated-block').map((f) => f.text);

  it('keeps a question or a refrain said again between sentences, and reports it', () => {
    const question = 'Why did the council wait so long to decide?';
    const text = [
      title,
      'The council met on Monday evening to settle the matter.',
      question,
      'The money from the region arrived late, the mayor said.',
      'Residents were not convinced by that answer at all.',
      question,
      'Nobody on the council would answer that a second time.',
    ].join('\n\n');
    const doc = dedupe(text);
    expect(paragraphs(doc).filter((p) => p === question)).toHaveLength(2);
    expect(doc.removed.filter((r) => r.rule === 'repeated-block')).toEqual([]);
    expect(kept(doc)).toEqual([question]);
  });

  it('keeps a recipe step repeated between other steps', () => {
    const step = 'Stir the sauce gently for two more minutes.';
    const text = [
      title,
      'Melt the butter in a wide pan over a low heat.',
      step,
      'Add the flour a spoonful at a time and keep stirring.',
      step,
      'Pour in the warm milk and season with salt.',
    ].join('\n\n');
    expect(paragraphs(dedupe(text)).filter((p) => p === step)).toHaveLength(2);
  });

  it('keeps a subheading that repeats its entry in a table of contents', () => {
    const text = [
      title,
      'Contents',
      'What the new timetable changes',
      'Who pays for the extra crossings',
      'The first crossing will now leave at six in the morning.',
      'What the new timetable changes',
      'Boats will run every forty minutes instead of every hour.',
    ].join('\n\n');
    const doc = dedupe(text);
    expect(paragraphs(doc).filter((p) => p === 'What the new timetable changes')).toHaveLength(2);
  });

  it('still removes a teaser list printed twice, a caption next to its copy and a repeated footer', () => {
    const teasers = [
      'Ferry operator posts record summer passenger numbers',
      'New harbour wall to be finished by next spring',
      'Fishing fleet returns early as storms close in',
    ];
    const caption = 'The ferry leaves the harbour at dawn on Tuesday.';
    const footer = '© 2026 Harbour News. All rights reserved.';
    const text = [
      title,
      'More stories',
      ...teasers,
      caption,
      caption,
      'The council met on Monday evening to settle the matter.',
      'The first crossing will now leave at six in the morning.',
      footer,
      'Most read',
      ...teasers,
      footer,
    ].join('\n\n');
    const doc = dedupe(text);
    expect(removedBy(doc, 'repeated-block').sort()).toEqual([caption, ...teasers, footer].sort());
    expect(kept(doc)).toEqual([]);
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

describe('repeated-block keeps repeated lines of code (issue 14)', () => {
  it('a line of a program said twice is code, not furniture', () => {
    const line = 'if (user === null) return res.status(404).end();';
    const text = [
      'Harbour town votes on the new ferry timetable',
      'The handler looks the user up first:',
      `app.get('/users/:id', (req, res) => {\n  const user = find(req.params.id);\n  ${line}\n});`,
      'And the delete handler does the same:',
      `app.delete('/users/:id', (req, res) => {\n  const user = find(req.params.id);\n  ${line}\n});`,
    ].join('\n\n');
    const doc = dedupe(text);
    expect(doc.removed.filter((r) => r.rule === 'repeated-block')).toEqual([]);
    // "const user = find(req.params.id);" is four words: too short to be a repeated block at all.
    expect(doc.findings.filter((f) => f.rule === 'repeated-block').map((f) => f.text)).toEqual([line]);
  });
});

describe('repeated-block keeps repeated lines of queries and console tables (issue 14)', () => {
  const lines = [
    'FROM unnest(array[2, 3, 5, 2, 3, 12, 5, 3, 4]) AS n',
    'AVG(entries) OVER status_window as mean_entries,',
    '3 │ -0.43259045634870009448 │ f │ f',
    '-- only the last hour of the log here',
    "period > '2020-08-01 17:00 UTC'::timestamptz AND status = 500",
  ];
  it('a function call, a box-drawn table row, an SQL comment or a :: cast said twice is code', () => {
    const text = [
      'Harbour town votes on the new ferry timetable',
      'The first query counts the crossings of each day.',
      ...lines,
      'The second query does the same for each week.',
      ...lines,
    ].join('\n\n');
    expect(dedupe(text).removed.filter((r) => r.rule === 'repeated-block')).toEqual([]);
  });

  it('console output repeated in listings (a paragraph that holds a command) is part of the listing', () => {
    const output = '1 files updated, 0 files merged, 0 files removed, 0 files unresolved';
    const text = [
      'Harbour town votes on the new ferry timetable',
      'First we clone the repository twice.',
      `$ hg clone public review\nupdating to branch default\n${output}`,
      'Then Alice gets a copy of her own.',
      `$ hg clone review alice\nupdating to branch default\n${output}`,
    ].join('\n\n');
    expect(dedupe(text).removed.filter((r) => r.rule === 'repeated-block')).toEqual([]);
  });

  it('still removes furniture printed twice: a teaser headline with brackets in prose style is not code', () => {
    const teaser = 'Council approves new cycle lanes (and a bridge) along the river';
    const text = [
      'Harbour town votes on the new ferry timetable',
      'The council met on Tuesday to vote on the plan.',
      'Most read',
      teaser,
      'Museum reopens its west wing after a long renovation',
      'Latest',
      teaser,
    ].join('\n\n');
    expect(
      dedupe(text)
        .removed.filter((r) => r.rule === 'repeated-block')
        .map((r) => r.text),
    ).toEqual([teaser]);
  });
});

describe('zero harm: repeats that are article text stay (issue 14)', () => {
  it('must not touch: subheadings repeating a table of contents that metadata took for headline and standfirst', () => {
    const headings = [
      'What the new timetable changes',
      'Who pays for the extra crossings',
      'When the first new crossing leaves',
    ];
    const text = [
      ...headings,
      'The council met on Monday evening to settle the matter.',
      headings[0],
      'Boats will run every forty minutes instead of every hour.',
      headings[1],
      'The region pays for two crossings a day and the town for the rest.',
      headings[2],
      'The first crossing under the new timetable leaves on the first of May.',
    ].join('\n\n');
    const doc = dedupe(text);
    expect(doc.metadata.title).toBe(headings[0]);
    expect(doc.removed.filter((r) => r.rule === 'repeated-headline')).toEqual([]);
    for (const heading of headings) expect(paragraphs(doc)).toContain(heading);
    expect(doc.findings.filter((f) => f.rule === 'repeated-headline')).toHaveLength(3);
  });

  it("still removes a template's second copy of the headline and standfirst", () => {
    const title = 'Harbour town votes on the new ferry timetable';
    const standfirst = 'Residents will decide between two plans for the summer crossings';
    const text = [
      title,
      standfirst,
      'By Jane Doe',
      title,
      standfirst,
      'The council met on Monday evening to settle the matter, and residents filled the hall.',
    ].join('\n\n');
    const doc = dedupe(text);
    expect(removedBy(doc, 'repeated-headline')).toEqual([title, standfirst]);
  });
});
