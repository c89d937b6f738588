import { describe, expect, it } from 'vitest';
import { appliesTo, iso1, MONTHS, STOP_WORDS, stopWords } from '../../stages/lexicon.js';

describe('lexicon', () => {
  it('keeps one stop-word set per language, never mixed', () => {
    expect(stopWords('en')?.has('the')).toBe(true);
    expect(stopWords('de')?.has('die')).toBe(true);
    // "die", "van" and "den" are function words in German and Dutch, not in English.
    expect(stopWords('en')?.has('die')).toBe(false);
    expect(stopWords('en')?.has('van')).toBe(false);
    expect(stopWords('und')).toBeNull();
    expect(STOP_WORDS.size).toBeGreaterThanOrEqual(50);
  });

  it('stores stop words lower-cased', () => {
    for (const words of STOP_WORDS.values()) {
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

  it('runs a rule only on the languages it declares; und runs only rules for any language', () => {
    expect(appliesTo(['en'], 'en')).toBe(true);
    expect(appliesTo(['en'], 'de')).toBe(false);
    expect(appliesTo(['en'], 'und')).toBe(false);
    expect(appliesTo('any', 'und')).toBe(true);
  });
});
