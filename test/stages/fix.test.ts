import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocState } from '../../stages/document.js';
import { newDocState } from '../../stages/document.js';
import { EDITS_NOT_APPLIED, FINDINGS_NOT_LOGGED, FIX_RULES, fix } from '../../stages/fix.js';
import { SENTENCE_LANGUAGES } from '../../stages/lexicon.js';
import { segment } from '../../stages/segment.js';
import { DEFAULTS, FC_SEED, paragraphs } from '../helpers.js';

/** Runs only the fix stage over text whose every line is body, in an English document unless told. */
function fixed(
  text: string,
  disable: string[] = [],
  maxFindings = 1000,
  maxEdits = 10000,
  language = 'en',
): DocState {
  const doc = segment(newDocState(text));
  return fix({ ...doc, metadata: { ...doc.metadata, language } }, { disable, maxFindings, maxEdits });
}
const out = (text: string) => paragraphs(fixed(text)).join('\n\n');
const rules = (doc: DocState) => doc.edits.map((edit) => edit.rule);

describe('fix: what each rule must fix (the seeds)', () => {
  it('doubled capital: "AAt least" → "At least"', () => {
    const doc = fixed('the ministry said. AAt least 100,000 protesters flooded the streets.');
    expect(out(doc.raw)).toBe('the ministry said. At least 100,000 protesters flooded the streets.');
    expect(doc.edits).toEqual([
      { stage: 'fix', rule: 'doubled-capital', rawStart: 19, rawEnd: 20, before: 'A', after: '' },
    ]);
  });

  it('repeated word: "in the The Black Sea" → "in the Black Sea"', () => {
    const doc = fixed('His plane landed in the The Black Sea region.');
    expect(out(doc.raw)).toBe('His plane landed in the Black Sea region.');
    expect(doc.edits).toEqual([
      { stage: 'fix', rule: 'repeated-word', rawStart: 23, rawEnd: 27, before: ' The', after: '' },
    ]);
  });

  it('doubled full stop: "protests.." → "protests."', () => {
    expect(out('a wave of street protests..')).toBe('a wave of street protests.');
    expect(out('its aftermath.. «The only difference')).toBe('its aftermath. «The only difference');
  });

  it('currency spacing: "$ 1.5 billion" → "$1.5 billion"', () => {
    const doc = fixed('accepts a $ 1.5 billion loan and £ 20 more');
    expect(out(doc.raw)).toBe('accepts a $1.5 billion loan and £20 more');
    expect(rules(doc)).toEqual(['currency-spacing', 'currency-spacing']);
  });

  it('missing space after a sentence: "reports.President" → "reports. President"', () => {
    const doc = fixed('Qatar-based Al Jazeera reports.President of Russia and Belarus');
    expect(out(doc.raw)).toBe('Qatar-based Al Jazeera reports. President of Russia and Belarus');
    expect(doc.edits).toEqual([
      {
        stage: 'fix',
        rule: 'missing-space-after-sentence',
        rawStart: 31,
        rawEnd: 31,
        before: '',
        after: ' ',
      },
    ]);
  });

  it('space before a closing quote: "problems, ”said" → "problems,” said"', () => {
    const doc = fixed('in our internal problems, ”said a protester');
    expect(out(doc.raw)).toBe('in our internal problems,” said a protester');
    expect(doc.edits).toEqual([
      {
        stage: 'fix',
        rule: 'space-before-closing-quote',
        rawStart: 25,
        rawEnd: 27,
        before: ' ”',
        after: '” ',
      },
    ]);
  });

  it('space before punctuation and runs of spaces', () => {
    expect(out('in Minsk , the capital')).toBe('in Minsk, the capital');
    expect(out('the  capital  city')).toBe('the capital city');
  });
});

describe('fix: what no rule may touch', () => {
  const untouched = [
    'The U.S. and the U.K. signed it.',
    'He lives in the U.S. He is happy.',
    'Install Node.js and open example.com/News today.',
    'Growth was 3.5 percent, up from 2.1.',
    'And then... nothing. Wait… what?',
    'He said that that was enough.',
    'She had had enough of it.',
    'The AAA rating and AA batteries stayed.',
    'It cost €5 or $5 or £5.',
    '“Russia will be next,” he said.',
    '“We see attempts to rock the situation.”',
    'She wrote to e.g. Smith, i.e. the editor.',
    'The score was 2 : 1 at half time.',
    'FFmpeg and LLama are names.',
    'Visit www.Example.com or mail news@Site.org today.',
    'the ASP.NET team and St.Petersburg',
    'Call me at 5 p.m. Then we talk.',
    'Kim Jong Un met Mr. Moon in the DMZ.',
    'Bye bye, he said; very very slowly; no no no.',
    'Model Y.Tesla said nothing.',
  ];
  for (const text of untouched) {
    it(`leaves alone: ${text}`, () => {
      const doc = fixed(text);
      expect(doc.edits).toEqual([]);
      expect(out(text)).toBe(text);
    });
  }

  it('never rewrites a quote character: quotes in the output are the quotes in the input', () => {
    const text = 'He said: “Yes. ”and ‘no’ and "maybe" and «da». problems, ”said';
    const quotes = (s: string) => s.replace(/[^“”‘’"«»]/gu, '');
    expect(quotes(out(text))).toBe(quotes(text));
  });

  it('leaves a ” that opens a quotation after a colon or before a capital, and reports it', () => {
    for (const text of ['the minister said: ”Bird flu is spreading', 'He said, ”We will stay.']) {
      const doc = fixed(text);
      expect(doc.edits).toEqual([]);
      expect(doc.findings.map((f) => f.rule)).toEqual(['space-before-closing-quote']);
    }
  });

  it('must not touch: a quotation spaced inside both its marks (a style, or markup spacing), reported only', () => {
    for (const text of [
      'The illness has been dubbed “ feather duvet lung. ”',
      'Critics called it “ a plan for nobody, ”said the mayor',
    ]) {
      const doc = fixed(text);
      expect(doc.edits, text).toEqual([]);
      expect(doc.findings.map((f) => f.rule)).toEqual(['space-before-closing-quote']);
    }
    // Without the space after the opening quote, the space before the closing one is a slip, and is closed.
    expect(out('The illness has been dubbed “feather duvet lung. ”')).toBe(
      'The illness has been dubbed “feather duvet lung.”',
    );
  });

  it('reports an unsure doubled capital as a finding instead of changing it', () => {
    const doc = fixed('FFmpeg is fast.');
    expect(doc.edits).toEqual([]);
    expect(doc.findings.map((f) => f.rule)).toEqual(['doubled-capital']);
  });

  it('reports a stray opening quote at a paragraph end and leaves it', () => {
    const doc = fixed('not good for our neighbors. “');
    expect(doc.edits).toEqual([]);
    expect(doc.findings).toMatchObject([{ rule: 'stray-opening-quote' }]);
  });

  it('reports, but does not fix, a repeated word that can be a typo or not ("is is")', () => {
    const doc = fixed('What it is is a problem in in the city.');
    expect(doc.edits).toEqual([]);
    expect(doc.findings.map((f) => f.text)).toEqual([' in']);
  });

  it('a rule switched off in config does nothing', () => {
    expect(fixed('AAt least', ['doubled-capital']).edits).toEqual([]);
  });
});

describe('fix: contract', () => {
  it('every rule has an id, a reason and an example that it really fixes', () => {
    for (const rule of FIX_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(rule.why.length).toBeGreaterThan(10);
      if (rule.id === 'stray-opening-quote') continue; // reports only
      expect(out(rule.example.before)).toBe(rule.example.after);
    }
  });

  it('a rule never skips a line it would change: needs() holds wherever find() finds something', () => {
    const piece = fc.constantFrom(
      'AAt',
      'the The',
      'of of',
      'x..',
      '$ 5',
      'a.B',
      'b.Bc',
      ' ”',
      ' “',
      ' ,',
      '  ',
      'É',
      'ÉÉcole',
    );
    const line = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 8 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(line, (text) => {
        for (const rule of FIX_RULES)
          if (rule.find(text).length > 0) expect(rule.needs(text), rule.id).toBe(true);
      }),
      { numRuns: 2000, seed: FC_SEED },
    );
  });

  it('treats tabs like spaces in every rule, so collapsing a run of spaces never leaves work for a second pass', () => {
    // Found by the idempotence property: " \t ”" became " ”" in one pass and "”" in the next.
    expect(out('the talks would go on. \t ”')).toBe('the talks would go on.”');
    expect(out('a $\t1.5 loan in Minsk\t, the capital')).toBe('a $1.5 loan in Minsk, the capital');
    expect(fixed(out('the talks would go on. \t ”')).edits).toEqual([]);
  });

  it('is idempotent: fixing fixed text changes nothing', () => {
    const messy = 'AAt least 5.. in the The Black Sea , a $ 1.5 loan, reports.President said “no, ”said  he.';
    const once = out(messy);
    expect(fixed(once).edits).toEqual([]);
  });

  it('edits never overlap, so each is exact in raw offsets', () => {
    const doc = fixed('the the  The . . $  5..');
    const spans = doc.edits.map((e) => [e.rawStart, e.rawEnd] as const);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    for (const edit of doc.edits) expect(doc.raw.slice(edit.rawStart, edit.rawEnd)).toBe(edit.before);
  });
});

describe('fix: hostile sizes (issue 13 item 6)', () => {
  it('findings past maxFindings become one findings-not-logged entry per rule with the count and span', () => {
    const text = 'word '.repeat(3000).trim();
    const all = fixed(text, [], 1_000_000).findings;
    expect(all.length).toBeGreaterThan(1000);
    const capped = fixed(text, [], 100).findings;
    const summaries = capped.filter((f) => f.rule === FINDINGS_NOT_LOGGED);
    expect(capped).toHaveLength(101);
    expect(summaries).toHaveLength(1);
    const [summary] = summaries;
    const count = Number(/^(\d+) more `repeated-word` finding/.exec(summary!.message)?.[1]);
    expect(count + 100).toBe(all.length);
    // The summary spans the findings it stands for: from the first not logged to the last one.
    const logged = new Set(capped.filter((f) => f.rule !== FINDINGS_NOT_LOGGED).map((f) => f.rawStart));
    const missing = all.filter((f) => !logged.has(f.rawStart));
    expect(summary).toMatchObject({
      stage: 'fix',
      rawStart: Math.min(...missing.map((f) => f.rawStart)),
      rawEnd: Math.max(...missing.map((f) => f.rawEnd)),
    });
    // The findings cap changes no text.
    expect(paragraphs(fixed(text, [], 100))).toEqual(paragraphs(fixed(text, [], 1_000_000)));
  });

  it('fixes past maxEdits are left unapplied, with one edits-not-applied finding per rule', () => {
    // Five doubled full stops, one per sentence; the cap lets two through.
    const text = 'One.. Two.. Three.. Four.. Five..';
    const all = fixed(text);
    expect(all.edits).toHaveLength(5);
    const capped = fixed(text, [], 1000, 2);
    expect(capped.edits.map((e) => e.rawStart)).toEqual(all.edits.slice(0, 2).map((e) => e.rawStart));
    // The text past the cap keeps its raw form: nothing changed without a log entry.
    expect(paragraphs(capped)).toEqual(['One. Two. Three.. Four.. Five..']);
    const summaries = capped.findings.filter((f) => f.rule === EDITS_NOT_APPLIED);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.message).toMatch(
      /^3 `doubled-full-stop` fix\(es\) between these offsets not applied/,
    );
    expect(summaries[0]).toMatchObject({ rawStart: all.edits[2]!.rawStart, rawEnd: all.edits[4]!.rawEnd });
    // Under the cap nothing is different.
    expect(fixed(text, [], 1000, 5)).toEqual(all);
  });

  it('a line with many fixes gets the same edits as the same text split into short lines', () => {
    const piece = 'in the the city , it rose to $ 5 ..';
    const oneLine = fixed(Array(60).fill(piece).join(' '));
    const manyLines = fixed(Array(60).fill(piece).join('\n\n'));
    expect(oneLine.edits.length).toBe(manyLines.edits.length);
    expect(oneLine.edits.length).toBeGreaterThan(100); // past the plain list's limit: the painted arrays answer
    expect(oneLine.edits.map((e) => [e.rule, e.before, e.after])).toEqual(
      manyLines.edits.map((e) => [e.rule, e.before, e.after]),
    );
    expect(oneLine.findings.map((f) => f.rule)).toEqual(manyLines.findings.map((f) => f.rule));
  });

  it('a line of 200,000 doubled words finishes (the overlap test is not quadratic)', () => {
    const doc = fixed('the '.repeat(200_000).trim());
    expect(doc.edits.length).toBeGreaterThan(1000);
  });
});

describe('fixes follow the document language’s typographic conventions', () => {
  const inLanguage = (text: string, language: string) => {
    const doc = segment(newDocState(text));
    return fix({ ...doc, metadata: { ...doc.metadata, language } }, DEFAULTS.fix);
  };

  it('keeps the space French puts before : ; ! ? in a French document', () => {
    const text = 'Il a dit : « non » ; puis il est parti ! Pourquoi ?';
    const doc = inLanguage(text, 'fr');
    expect(doc.edits).toEqual([]);
    expect(paragraphs(doc)).toEqual([text]);
  });

  it('still removes a space before a comma or a full stop in French', () => {
    const doc = inLanguage('Il est parti , puis revenu .', 'fr');
    expect(paragraphs(doc)).toEqual(['Il est parti, puis revenu.']);
  });

  it('still removes a space before ? or : in an English document', () => {
    expect(paragraphs(inLanguage('Why did he leave ? Nobody knows.', 'en'))).toEqual([
      'Why did he leave? Nobody knows.',
    ]);
  });

  it('keeps a no-break space before : ; ! ? in a document of any language (the French convention, quoted)', () => {
    for (const language of ['en', 'de', 'und']) {
      for (const text of [
        'He cited “World Factbook EUROPE\u00a0: NEW ZEALAND” as his source.',
        'Chat icon selector\u00a0?',
        'She called it « incroyable\u202f! » and left.',
      ]) {
        const doc = inLanguage(text, language);
        expect(doc.edits, `${language}: ${text}`).toEqual([]);
        expect(paragraphs(doc)).toEqual([text]);
      }
    }
  });

  it('still removes an ordinary space before : or ?, and a no-break space before a comma or full stop', () => {
    expect(paragraphs(inLanguage('Why did he leave ? He said : no.', 'en'))).toEqual([
      'Why did he leave? He said: no.',
    ]);
    expect(paragraphs(inLanguage('He left\u00a0, then came back\u00a0.', 'en'))).toEqual([
      'He left, then came back.',
    ]);
  });
});

describe('fixes leave text written to other conventions alone (issue 14)', () => {
  const inLanguage = (text: string, language: string) => fixed(text, [], 1000, 10000, language);

  it('keeps the space of a price list written amount-then-symbol, in any language', () => {
    for (const language of ['en', 'fr', 'de', 'und']) {
      const text = 'Menu du jour 815,00 € 750,00 € et 12,50 € 3,20 €';
      const doc = inLanguage(text, language);
      expect(doc.edits, language).toEqual([]);
      expect(paragraphs(doc)).toEqual([text]);
    }
  });

  it('keeps the conventional space after a lettered currency symbol and around currency words', () => {
    for (const text of [
      'It costs R$ 50 in São Paulo.',
      'It costs US$ 5 and HK$ 30 there.',
      'A ticket is CHF 20, Rs 500 or kr 30, and 30 zł in Kraków.',
    ]) {
      expect(fixed(text).edits, text).toEqual([]);
      expect(inLanguage(text, 'pt').edits, text).toEqual([]);
    }
  });

  it('fixes "$ 1.5" only in English: Dutch writes "€ 12,50" with the space', () => {
    expect(paragraphs(inLanguage('Een kaartje kost € 12,50 per persoon.', 'nl'))).toEqual([
      'Een kaartje kost € 12,50 per persoon.',
    ]);
    expect(out('a $ 1.5 billion loan')).toBe('a $1.5 billion loan');
  });

  it('does not glue a spaced ellipsis to the word before it', () => {
    for (const text of ['And then . . . nothing happened.', 'He waited . . .', 'Well ! . . . maybe']) {
      const doc = fixed(text);
      expect(doc.edits, text).toEqual([]);
    }
    // A plain space before a full stop is still fixed.
    expect(out('He waited . Then he left.')).toBe('He waited. Then he left.');
  });

  it('leaves lines of code and data alone: their spaces, dots and capitals are syntax', () => {
    for (const text of [
      'exports.Cow = Cow;',
      'Cow.prototype = {',
      '"name":  "Anon cow",',
      '}  );',
      'if (!target) {',
      'const greet = (name) => name.Trim()',
      '// the the comment.. stays',
    ]) {
      const doc = fixed(text);
      expect(doc.edits, text).toEqual([]);
      expect(doc.findings, text).toEqual([]);
    }
  });

  it('leaves program listings alone: every line of a paragraph that holds code keeps its layout', () => {
    const session = [
      "$ hg log -G --template '{rev}:{node|short}  ({author})'",
      'o  5:540ba8f317e6  (bob)',
      '|',
      '| @  4:cbdfbd5a5db2  (alice)',
    ].join('\n');
    expect(fixed(session).edits).toEqual([]);
    for (const text of ['added 1 changesets with 1 changes to 1 files', 'the the output']) {
      expect(fixed(`$ hg push\n${text}`).edits, text).toEqual([]);
    }
  });

  it('still fixes prose: a paragraph of lines with no code in it', () => {
    expect(out('He said the the plan was ready.\nShe  agreed.')).toBe(
      'He said the plan was ready.\nShe agreed.',
    );
  });

  it('reports, but does not collapse, spaces in a line aligned in columns (a table row)', () => {
    const text = 'Countries  New Zealand      Cook Islands  Niue';
    const doc = fixed(text);
    expect(doc.edits).toEqual([]);
    expect(doc.findings.map((f) => f.rule)).toEqual([
      'multiple-spaces',
      'multiple-spaces',
      'multiple-spaces',
    ]);
  });

  it('runs English word-list rules only on English documents', () => {
    // "die die" and "dat dat" are grammatical; "AAt" is not judged without an English word list.
    const cases: Array<[string, string]> = [
      ['de', 'Die Frauen, die die Kinder betreuen, bleiben.'],
      ['nl', 'Hij zei dat dat klopt.'],
      ['de', 'AAt ist ein Name.'],
      ['id', 'Ya.. begitu saja.'],
      ['sv', 'Han sa, ”det är bra” och gick.'],
      ['de', 'Er sagte nichts mehr. “'],
      ['und', 'in the The Black Sea'],
    ];
    for (const [language, text] of cases) {
      const doc = inLanguage(text, language);
      expect(doc.edits, `${language}: ${text}`).toEqual([]);
      expect(doc.findings, `${language}: ${text}`).toEqual([]);
    }
    // The same faults in English are fixed.
    expect(out('in the The Black Sea')).toBe('in the Black Sea');
    expect(out('Han said, ”det was good')).toBe('Han said,” det was good');
  });

  it('inserts a missing space after a sentence in any cased script, with the English starter list only in English', () => {
    expect(paragraphs(inLanguage('Er kam heute.Der Mann blieb.', 'de'))).toEqual([
      'Er kam heute. Der Mann blieb.',
    ]);
    // A capitalised word before the stop is sure only with English's sentence starters.
    const fr = inLanguage('Il habite Paris.The end', 'fr');
    expect(fr.edits).toEqual([]);
    expect(fr.findings.map((f) => f.rule)).toEqual(['missing-space-after-sentence']);
    expect(out('He lives in Paris.The city is big.')).toBe('He lives in Paris. The city is big.');
  });

  it("reads English's sentence starters from the lexicon's one list (SENTENCE_LANGUAGES.en.starters)", () => {
    for (const starter of SENTENCE_LANGUAGES.en!.starters) {
      if (!/^\p{Lu}\p{Ll}+$/u.test(starter)) continue; // the rule needs a capital and a lower-case letter
      expect(out(`He lives in Paris.${starter} went on.`), starter).toBe(
        `He lives in Paris. ${starter} went on.`,
      );
    }
    // A noun after a name's full stop may be a name's part: reported, not fixed.
    const doc = fixed('He met officials in Moscow.President Putin spoke.');
    expect(doc.edits).toEqual([]);
    expect(doc.findings.map((f) => f.rule)).toEqual(['missing-space-after-sentence']);
  });

  it('never inserts a space in CJK text, after 。 or in domains, abbreviations, decimals, file names', () => {
    for (const [language, text] of [
      ['zh', '他说。The end。好吗?OK'],
      ['ja', '東京。New York'],
      ['en', 'the site wikipedia.Org and news.Net list it'],
      ['en', 'troops of the U.S.Army and U.K.Navy'],
      ['en', 'version 3.5 and report.PDF and Setup.Exe'],
    ] as const) {
      expect(inLanguage(text, language).edits, text).toEqual([]);
    }
  });
});

describe('space-before-punctuation does not close a gap where a word is missing (issue 14)', () => {
  it('reports a space before a comma or full stop after a word that cannot end a clause, in English', () => {
    for (const text of [
      'The conjugate transpose is denoted by , then the property holds.',
      'A version of this article appears in print on , on Page A1.',
      'The result holds if and only if .',
    ]) {
      const doc = fixed(text);
      expect(doc.edits, text).toEqual([]);
      expect(
        doc.findings.map((f) => f.rule),
        text,
      ).toEqual(['space-before-punctuation']);
    }
  });

  it('still fixes the typed space after a word that ends a clause', () => {
    expect(out('in Minsk , the capital, on Tuesday .')).toBe('in Minsk, the capital, on Tuesday.');
  });
});
