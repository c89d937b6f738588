import { describe, expect, it } from 'vitest';
import {
  appliesTo,
  furnitureAppliesTo,
  furnitureLanguages,
  iso1,
  languagesLabel,
  MONTHS,
  monthNamePattern,
  monthNumber,
  PHRASE_LANGUAGES,
  RELATIVE_TIME_WORDS,
  SITE_NOTICES,
  STAMP_WORDS,
  STOP_WORD_LANGUAGES,
  stemsPattern,
  stopWords,
  TEMPLATE_LANGUAGES,
  WEEKDAYS,
} from '../../stages/lexicon.js';

describe('lexicon', () => {
  it('keeps one stop-word set per language, never mixed', () => {
    expect(stopWords('en')?.has('the')).toBe(true);
    expect(stopWords('de')?.has('die')).toBe(true);
    // "die", "van" and "den" are function words in German and Dutch, not in English.
    expect(stopWords('en')?.has('die')).toBe(false);
    expect(stopWords('en')?.has('van')).toBe(false);
    expect(stopWords('und')).toBeNull();
    expect(STOP_WORD_LANGUAGES.length).toBeGreaterThanOrEqual(50);
    for (const language of STOP_WORD_LANGUAGES) expect(stopWords(language)?.size).toBeGreaterThan(0);
  });

  it('stores stop words lower-cased', () => {
    for (const words of STOP_WORD_LANGUAGES.map(stopWords)) {
      if (words === null) throw new Error('a listed language without stop words');
      for (const word of words) expect(word).toBe(word.toLowerCase());
    }
  });

  it('maps ISO 639-3 codes to ISO 639-1, macrolanguage members included', () => {
    expect(iso1('deu')).toBe('de');
    expect(iso1('eng')).toBe('en');
    expect(iso1('cmn')).toBe('zh');
    expect(iso1('arb')).toBe('ar');
    expect(iso1('pes')).toBe('fa');
    expect(iso1('sco')).toBeNull();
  });

  it('has twelve month names per language', () => {
    for (const months of MONTHS.values()) expect(months).toHaveLength(12);
  });

  it('has seven day names per language, and month and day names for every language with stamp words', () => {
    for (const days of WEEKDAYS.values()) expect(days).toHaveLength(7);
    for (const language of STAMP_WORDS.keys()) {
      expect(MONTHS.get(language), language).toHaveLength(12);
      expect(WEEKDAYS.get(language), language).toHaveLength(7);
      expect(PHRASE_LANGUAGES, language).toContain(language);
    }
  });

  it('has relative-time words for English and every language with stamp words, before or after the number', () => {
    expect([...RELATIVE_TIME_WORDS.keys()].sort()).toEqual(['en', ...STAMP_WORDS.keys()].sort());
    for (const [language, words] of RELATIVE_TIME_WORDS) {
      // One side only: "vor 3 Stunden" or "3 ore fa", never both.
      expect(words.before.length > 0 !== words.after.length > 0, language).toBe(true);
      expect(words.units.length, language).toBeGreaterThan(10);
      for (const unit of words.units) expect(unit, language).toBe(unit.toLowerCase());
    }
  });

  it('site notices: eight or more per phrase language, lower-cased, no \\b beside a letter outside ASCII', () => {
    // The patterns run without the u flag, where \b knows only ASCII word characters: "\bpolítica\b" matches,
    // but "réservé\b" and "\bà" never would.
    for (const language of ['en', 'de', 'fr', 'es', 'pt', 'it', 'pl', 'nl'])
      expect(SITE_NOTICES.get(language)?.length, language).toBeGreaterThanOrEqual(8);
    const outsideAscii = (ch: string | undefined) => ch !== undefined && ch.codePointAt(0)! > 0x7f;
    for (const notice of [...SITE_NOTICES.values()].flat()) {
      const unescaped = notice.pattern.replace(/\\./gu, '');
      expect(unescaped, notice.pattern).toBe(unescaped.toLowerCase());
      expect(notice.literal).toBe(notice.literal.toLowerCase());
      for (const [, before, after] of notice.pattern.matchAll(/(.)?\\b(.)?/gu))
        expect(outsideAscii(before) || outsideAscii(after), notice.pattern).toBe(false);
    }
  });

  it('runs a rule only on the languages it declares; und runs only rules for any language', () => {
    expect(appliesTo(['en'], 'en')).toBe(true);
    expect(appliesTo(['en'], 'de')).toBe(false);
    expect(appliesTo(['en'], 'und')).toBe(false);
    expect(appliesTo('any', 'und')).toBe(true);
  });
});

describe('language policies', () => {
  it('und: furniture rules run in every language, fixes only when declared for any language', () => {
    expect(appliesTo(['de'], 'und', 'every-language')).toBe(true);
    expect(appliesTo(['de'], 'und', 'language-neutral')).toBe(false);
    expect(appliesTo(['de'], 'fr', 'every-language')).toBe(false);
  });

  it('English furniture runs everywhere; other languages only on their own pages and und', () => {
    expect(furnitureAppliesTo(['en'], 'de')).toBe(true);
    expect(furnitureAppliesTo(['de'], 'fr')).toBe(false);
    expect(furnitureAppliesTo(['de'], 'und')).toBe(true);
    expect(furnitureLanguages('de')).toEqual(['de', ...TEMPLATE_LANGUAGES]);
    expect(furnitureLanguages('und')).toEqual(PHRASE_LANGUAGES);
  });

  it('gives each language the same answer every time', () => {
    for (const language of ['de', 'en', 'fr', 'de']) {
      const first = furnitureLanguages(language);
      expect(furnitureLanguages(language)).toBe(first);
      expect(first).toEqual([...new Set([language, ...TEMPLATE_LANGUAGES])]);
    }
    expect(furnitureLanguages('en')).toEqual(['en']);
  });

  it('writes a declaration as the README does', () => {
    expect(languagesLabel('any')).toBe('any');
    expect(languagesLabel(['en', 'de'])).toBe('en de');
  });
});

describe('month names, one list for every stage', () => {
  it('dates read month names and abbreviations from MONTHS', () => {
    const month = new RegExp(`^${monthNamePattern(['en'])}$`, 'iu');
    for (const name of ['November', 'Nov', 'Nov.', 'Sept', 'sept.', 'May', 'june', 'Jun'])
      expect(month.test(name), name).toBe(true);
    for (const name of ['Novembre', 'No', 'Mai', 'Juno']) expect(month.test(name), name).toBe(false);
  });

  it('numbers a month from its name or abbreviation', () => {
    expect(monthNumber('Sept', ['en'])).toBe(9);
    expect(monthNumber('Jun.', ['en'])).toBe(6);
    expect(monthNumber('July', ['en'])).toBe(7);
    expect(monthNumber('Ma', ['en'])).toBe(0);
    expect(monthNumber('Oktober', ['en'])).toBe(0);
  });

  it('stems are the first three letters of each name', () => {
    expect(stemsPattern(MONTHS.get('en')!)).toBe('(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)');
  });
});
