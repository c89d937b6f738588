/**
 * The shared word knowledge of every stage, per language, as data: declared once here, read everywhere.
 *
 * Languages are ISO 639-1 codes ('en', 'de', 'zh'); 'und' (undetermined) is the language of a document whose
 * language could not be told. A rule that belongs to some languages lists them (see `appliesTo`); a rule for
 * every language says so with `ANY_LANGUAGE`.
 *
 * Sections: languages and codes · stop words · month names · helpers. Stages add their own phrase lists in a
 * section of their own, keyed by language the same way.
 */
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';
import stopwordsIso from 'stopwords-iso' with { type: 'json' };

// ─── Languages and codes ────────────────────────────────────────────────────────────────────────────────

/** An ISO 639-1 code, or 'und' when the language is not known. */
export type Language = string;

export const UNDETERMINED: Language = 'und';

/** What a rule declares: the languages it was written for, or every language. */
export type Languages = readonly Language[] | 'any';
export const ANY_LANGUAGE = 'any' as const;

/**
 * Individual languages franc reports that ISO 639-3 files under a macrolanguage, so iso-639-3's table has no
 * 639-1 code for them: the macrolanguage's code is the one users know ('cmn' is what everyone calls 'zh').
 */
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, Language>> = {
  als: 'sq',
  arb: 'ar',
  ayr: 'ay',
  azj: 'az',
  ckb: 'ku',
  cmn: 'zh',
  ekk: 'et',
  fuf: 'ff',
  fuv: 'ff',
  khk: 'mn',
  knc: 'kr',
  lvs: 'lv',
  npi: 'ne',
  pbu: 'ps',
  pes: 'fa',
  plt: 'mg',
  prs: 'fa',
  qug: 'qu',
  quy: 'qu',
  quz: 'qu',
  src: 'sc',
  swh: 'sw',
  uzn: 'uz',
  ydd: 'yi',
  zlm: 'ms',
};

/** The ISO 639-1 code of an ISO 639-3 code (or of a member of a macrolanguage), null when there is none. */
export function iso1(iso3: string): Language | null {
  return MACROLANGUAGE_MEMBERS[iso3] ?? (iso6393To1 as Record<string, string>)[iso3] ?? null;
}

// ─── Stop words ─────────────────────────────────────────────────────────────────────────────────────────

const STOPWORDS_DATA = stopwordsIso as Readonly<Record<string, readonly string[]>>;

/**
 * Function words per language, from stopwords-iso 1.1 (58 languages), lower-cased. One set per language:
 * never mixed, so "die" is a German function word and not an English one.
 */
export const STOP_WORDS: ReadonlyMap<Language, ReadonlySet<string>> = new Map(
  Object.keys(STOPWORDS_DATA)
    .sort()
    .map((language) => [language, new Set(STOPWORDS_DATA[language]!.map((word) => word.toLowerCase()))]),
);

/** The stop words of a language, or null when stopwords-iso has none for it (or it is 'und'). */
export function stopWords(language: Language): ReadonlySet<string> | null {
  return STOP_WORDS.get(language) ?? null;
}

// ─── Month names ────────────────────────────────────────────────────────────────────────────────────────

/** Month names per language, January first, lower-case, in full. Abbreviations are their prefixes. */
export const MONTHS: ReadonlyMap<Language, readonly string[]> = new Map([
  [
    'en',
    [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ],
  ],
]);

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Whether a rule declared for `languages` runs on a document in `language`. Nothing runs on 'und' but 'any'. */
export function appliesTo(languages: Languages, language: Language): boolean {
  return languages === ANY_LANGUAGE || languages.includes(language);
}
