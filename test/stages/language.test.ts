import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { newDocState } from '../../stages/document.js';
import type { LanguageOptions } from '../../stages/language.js';
import { CANDIDATES, detect, language, rank, SAMPLE_CHARS, sample } from '../../stages/language.js';
import { segment } from '../../stages/segment.js';
import { clean, DEFAULTS, FC_SEED, realPageFiles } from '../helpers.js';

const OPTIONS: LanguageOptions = DEFAULTS.language;

function lang(text: string, options: LanguageOptions = OPTIONS) {
  return language(segment(newDocState(text)), options).metadata;
}

// Short made-up paragraphs, one per language, each a plain news sentence or two.
const PROSE = {
  en: 'The government said on Tuesday that it would not change its plans for the economy this year, despite the protests.',
  de: 'Die Regierung hat am Dienstag erklärt, dass sie ihre Pläne für die Wirtschaft in diesem Jahr nicht ändern werde.',
  fr: "Le gouvernement a déclaré mardi qu'il ne changerait pas ses projets pour l'économie cette année, malgré les manifestations.",
  es: 'El gobierno dijo el martes que no cambiará sus planes para la economía este año, a pesar de las protestas en la capital.',
  pl: 'Rząd poinformował we wtorek, że nie zmieni w tym roku swoich planów dotyczących gospodarki, mimo protestów w stolicy.',
  // Russian and Bulgarian share most trigrams: a single sentence leaves franc unsure (und), a paragraph not.
  ru: 'Правительство заявило во вторник, что не изменит своих планов в отношении экономики в этом году, несмотря на протесты в столице. По словам чиновников, бюджет останется прежним, а налоги не будут повышены. Оппозиция назвала это решение ошибкой.',
  zh: '政府星期二表示，尽管首都发生了抗议活动，今年不会改变其经济计划。官员们说，预算将保持不变。',
  ja: '政府は火曜日、首都で抗議活動が起きたにもかかわらず、今年の経済計画を変更しないと述べた。',
} as const;

describe('language', () => {
  it.each(Object.entries(PROSE))('tells %s from a paragraph of prose', (code, text) => {
    expect(lang(text).language).toBe(code);
  });

  it('reports ISO 639-1 codes, never franc 639-3 ones, and a confidence between 0 and 1', () => {
    for (const text of Object.values(PROSE)) {
      const found = lang(text);
      expect(found.language).toMatch(/^[a-z]{2}$/u);
      expect(found.languageConfidence).toBeGreaterThanOrEqual(0);
      expect(found.languageConfidence).toBeLessThanOrEqual(1);
    }
  });

  it('says und when there is too little text to tell', () => {
    expect(lang('Home\nNews\nSport').language).toBe('und');
    expect(lang('12 345 678').language).toBe('und');
    expect(lang('').language).toBe('und');
  });

  it('reads the long lines, not the short English menu of a foreign page', () => {
    const menu = ['Home', 'News', 'Sport', 'Login', 'Subscribe', 'Share', 'Follow us', 'Contact'].join('\n');
    const page = `${menu}\n\n${PROSE.de}\n\n${PROSE.de.replace('Dienstag', 'Mittwoch')}\n\n${menu}`;
    expect(lang(page).language).toBe('de');
  });

  it('language.force sets the language without detecting it', () => {
    const found = lang(PROSE.de, { ...OPTIONS, force: 'fr' });
    expect(found).toMatchObject({ language: 'fr', languageConfidence: 1 });
  });

  it('a tie between two languages is und, with the margin still reported', () => {
    expect(detect(PROSE.en, { ...OPTIONS, minConfidence: 1 })).toMatchObject({ language: 'und' });
  });

  it('samples at most SAMPLE_CHARS characters however long the document', () => {
    const long = Array.from({ length: 2000 }, () => PROSE.en).join('\n\n');
    const doc = segment(newDocState(long));
    expect(sample(doc).length).toBeLessThanOrEqual(SAMPLE_CHARS);
    expect(language(doc, OPTIONS).metadata.language).toBe('en');
  });

  it('samples the longest lines in document order, ties in document order, else the first lines', () => {
    const line = (n: number, c: string) => `${c.repeat(n - 1)}.`;
    // 700 + 400 characters (and their line breaks) pass SAMPLE_CHARS: those two, in document order.
    const doc = segment(
      newDocState([line(50, 'a'), line(400, 'b'), line(39, 'c'), line(700, 'd')].join('\n\n')),
    );
    expect(sample(doc)).toBe(`${line(400, 'b')}\n${line(700, 'd')}`.slice(0, SAMPLE_CHARS));
    // Thirty lines of one length: the first seventeen (17 × 61 characters reach SAMPLE_CHARS), in order.
    const equal = Array.from({ length: 30 }, (_, i) => line(60, String.fromCharCode(97 + (i % 26))));
    const tied = segment(newDocState(equal.join('\n\n')));
    expect(sample(tied)).toBe(equal.slice(0, 17).join('\n').slice(0, SAMPLE_CHARS));
    // Lines too short to be chosen (under 40 characters): the document's first lines.
    const short = Array.from({ length: 60 }, (_, i) => line(30, String.fromCharCode(97 + (i % 26))));
    expect(sample(segment(newDocState(short.join('\n\n'))))).toBe(short.join('\n').slice(0, SAMPLE_CHARS));
  });

  it('changes nothing else in the document', () => {
    const doc = segment(newDocState(`Title\n\n${PROSE.fr}`));
    const after = language(doc, OPTIONS);
    expect({ ...after, metadata: doc.metadata }).toEqual(doc);
    expect(after.edits).toEqual([]);
    expect(after.removed).toEqual([]);
  });

  it('is part of the pipeline: clean() fills language and languageConfidence', () => {
    const doc = clean(`Title\n\n${PROSE.es}\n\n${PROSE.es}`);
    expect(doc.metadata.language).toBe('es');
    expect(doc.metadata.languageConfidence).toBeGreaterThan(0);
  });
});

describe('rank: franc re-implemented for speed', () => {
  /** What franc itself says, with the same candidates (its 'und' is our empty ranking). */
  const franc = (text: string) => {
    const ranked = francAll(text, { only: [...CANDIDATES], minLength: 1 });
    return ranked[0]?.[0] === 'und' ? [] : ranked;
  };

  it('gives franc 6.2 scores on made-up text in many scripts, digits and punctuation included', () => {
    const texts = [
      ...Object.values(PROSE),
      'Ünïcödé ß — 123, 4.5%; «quotes» (brackets) & symbols @ #tags',
      'Ελληνικά κείμενα για δοκιμή της ανίχνευσης γλώσσας.',
      'שלום עולם, זהו טקסט בעברית לבדיקה.',
      'مرحبا بالعالم، هذا نص عربي للاختبار والتجربة.',
      'यह हिंदी में लिखा गया एक परीक्षण वाक्य है।',
      'emoji 😀 beside text, and a lone surrogate \ud83d here',
      '',
      '1234 5678',
      PROSE.en.repeat(40),
    ];
    for (const text of texts) expect(rank(text), text.slice(0, 40)).toEqual(franc(text));
  });

  it('cleans text as trigram-utils does, one unit at a time only where that gives the same lower case', () => {
    // rank's one-pass clean (digits, punctuation and white space runs to one space, lower case) against franc,
    // on the characters whose lower case depends on their neighbours or is two units long (Σ, İ), surrogates,
    // unusual white space and every ASCII punctuation mark and digit.
    const texts = [
      'ΟΔΥΣΣΕΥΣ ΚΑΙ Η ΠΗΝΕΛΟΠΗ ΣΤΗΝ ΙΘΑΚΗ ΣΗΜΕΡΑ ΤΟ ΠΡΩΙ',
      'Σήμερα ο ΟΔΥΣΣΕΑΣ είπε ΟΧΙ ΣΕ ΟΛΟΥΣ',
      // Σ lowers to ς at a word's end: 'ασα ας' has five distinct trigrams, a letter-by-letter 'ασα ασ' four.
      'The people of ΑΣΑ ΑΣ said it was a good day for the town and its people',
      'İSTANBUL İÇİN İYİ BİR GÜN, İzmir ve İnegöl de öyle',
      'temperature in \u212a (Kelvin) and \u212b ångström units measured',
      'a\u00a0b\u2003c\u3000d\ufeffe\u2028f  g\th\ni 12 ab3cd !"#$%&\'()*+,-./:;<=>?@ end',
      '   leading and trailing   ',
      '...1234...',
    ];
    for (const text of texts) expect(rank(text), text).toEqual(franc(text));
    const unit = fc.constantFrom(
      'a',
      'Z',
      'é',
      'É',
      'ß',
      'Σ',
      'σ',
      'İ',
      'ı',
      'K',
      'Ж',
      'ж',
      ' ',
      '\u00a0',
      '1',
      '.',
      '-',
      "'",
      '😀',
      '\ud800',
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 40 }), (text) => {
        expect(rank(text)).toEqual(franc(text));
      }),
      { numRuns: 300, seed: FC_SEED },
    );
  });

  it('gives franc 6.2 scores on the sample of every seed and every dev page it can find', () => {
    const files = realPageFiles();
    for (const file of files) {
      const text = sample(segment(newDocState(readFileSync(file, 'utf8'))));
      expect(rank(text), file).toEqual(franc(text));
      // The whole sample length franc would read, too (up to its 2048 characters).
      expect(rank(`${text}\n${text}`), file).toEqual(franc(`${text}\n${text}`));
    }
  }, 120_000);
});
