/**
 * metadata: title, section, standfirst, byline, published date and picture credits. Blocks that become
 * metadata leave the body and are logged with the field they went to, so nothing disappears.
 */

import { creditOf } from './boilerplate.js';
import type { Block, DocState, Metadata, Role } from './document.js';
import { endsLikeSentence, LINE_END_CLOSERS, reassign, TERMINAL_CLASS, wordCount } from './document.js';
import {
  alternation,
  charClass,
  type Language,
  MONTHS,
  monthNamePattern,
  monthNumber,
  OPENING_MARKS,
  STAMP_WORDS,
  STRAIGHT_QUOTES,
  type StampWords,
  TURNED_QUOTES,
  WEEKDAYS,
} from './lexicon.js';
import type { MarkupMetadata } from './markup-metadata.js';

const STAGE = 'metadata';

const SECTION = /^(.*\S)\s+\|\s+([^|]{2,60})$/u;
const BYLINE = /^[Bb][Yy]\s+(\p{Lu}[\p{L}.'’-]*(?:,?\s+(?:and\s+|&\s+)?\p{Lu}[\p{L}.'’-]*){0,6})$/u;

/** The languages whose month names datelines are read in (English's; see README: languages). */
const DATE_LANGUAGES: readonly Language[] = ['en'];
/** Month names, from the lexicon: "November", "Nov.", "Sept". */
const MONTH = monthNamePattern(DATE_LANGUAGES);
const WEEKDAY = String.raw`(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?`;
const PREFIX = String.raw`(?:(?:published|updated|last updated|posted|first published)(?:\s+on)?\s*:?\s*)?`;
const TIME = String.raw`(?:,?\s+(?:at\s+)?(\d{1,2})[:.](\d{2})(?:\s*([ap])\.?m\.?)?(?:\s*(utc|gmt|z)\b)?)?`;
const DAY_MONTH_YEAR = new RegExp(
  String.raw`^${PREFIX}${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH},?\s+(\d{4})${TIME}$`,
  'iu',
);
const MONTH_DAY_YEAR = new RegExp(
  String.raw`^${PREFIX}${WEEKDAY}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`,
  'iu',
);
const ISO =
  /^(?:(?:published|updated|posted)\s*:?\s*)?(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/iu;

/** A line that one of the three date patterns matches (the same patterns and flags, joined with |). */
const ANY_DATE = new RegExp(
  [DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO].map((regex) => regex.source).join('|'),
  'iu',
);

/**
 * Four digits in a row: every date pattern has its year so (checked below), and most lines have none, so this
 * one plain scan rules them out before the three patterns' case-insensitive alternation is tried.
 */
const YEAR = /\d{4}/;
if (![DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO].every((regex) => regex.source.includes(String.raw`(\d{4})`)))
  throw new Error('a date pattern without a four-digit year: YEAR no longer rules lines out');

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(
  year: number,
  month: number,
  day: number,
  time: {
    hour: string | undefined;
    minute: string | undefined;
    ampm: string | undefined;
    zone: string | undefined;
  },
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let out = `${year}-${pad(month)}-${pad(day)}`;
  if (time.hour !== undefined && time.minute !== undefined) {
    let hour = Number(time.hour);
    const ampm = time.ampm?.toLowerCase();
    if (ampm === 'p' && hour < 12) hour += 12;
    if (ampm === 'a' && hour === 12) hour = 0;
    if (hour > 23 || Number(time.minute) > 59) return null;
    out += `T${pad(hour)}:${time.minute}`;
    // Only a zone the page states is kept; a bare local time stays without one.
    if (time.zone) out += 'Z';
  }
  return out;
}

// ─── Datelines in the page's language ───────────────────────────────────────────────────────────────────

/**
 * The languages whose datelines are read besides English's (README: metadata): those the lexicon has month
 * names, day names and publication labels (STAMP_WORDS) for. All of them write numeric dates day first.
 */
export const LOCAL_DATE_LANGUAGES: readonly Language[] = [...STAMP_WORDS.keys()].filter(
  (code) => MONTHS.has(code) && WEEKDAYS.has(code),
);

/** The word between a day and its month, and between the month and the year ("5 de marzo de 2022"). */
const MONTH_OF: ReadonlyMap<Language, string> = new Map([
  ['es', 'de'],
  ['pt', 'de'],
]);

/** A dateline's three forms in one language; each matches a whole line, groups named (see localMatch). */
interface LocalDateline {
  readonly language: Language;
  readonly forms: readonly RegExp[];
}

function localDateline(language: Language, words: StampWords): LocalDateline {
  const joiner = words.joiners.length > 0 ? String.raw`(?:\s+${alternation(words.joiners)}(?!\p{L}))?` : '';
  // "Aktualisiert am 11.04.2020", "Publié le : 3 mai 2021": a label, maybe its joiner, maybe a colon.
  const label = String.raw`(?:${alternation(words.labels)}(?!\p{L})${joiner}\s*:?\s*)?`;
  // A day name in full, maybe with a comma: "Montag, 11. April 2020", "lundi 3 mai 2021".
  const weekday = String.raw`(?:${alternation(WEEKDAYS.get(language) ?? [])}(?!\p{L}),?\s+)?`;
  const of = MONTH_OF.has(language) ? String.raw`(?:${MONTH_OF.get(language)!}\s+)?` : '';
  const hours = words.hours.length > 0 ? alternation(words.hours) : null;
  const hourWord = hours === null ? '' : String.raw`(?:\s*${hours}(?!\p{L}))?`;
  // "10:27", "10:27:05", "22h04", and "10.27" only before an hour word ("10.27 Uhr"); after a comma, a space, a
  // dash or a bar, maybe after a joiner ("um", "à", "a las"); "UTC"/"GMT" is the only zone read (as English).
  const dotClock = hours === null ? '' : String.raw`|\.(?<dotMinute>\d{2})(?=\s*${hours}(?!\p{L}))`;
  const clockJoiner = words.joiners.length > 0 ? String.raw`(?:${alternation(words.joiners)}\s+)?` : '';
  const clock = String.raw`(?:(?:,\s*|\s*[|–-]\s*|\s+)${clockJoiner}(?<hour>\d{1,2})(?::(?<minute>\d{2})(?::(?<second>\d{2}))?|h(?<hMinute>\d{2})${dotClock})${hourWord}(?:\s*(?<zone>utc|gmt)\b)?)?`;
  const start = `^${label}${weekday}`;
  return {
    language,
    forms: [
      // "11. April 2020", "1er mai 2021", "5 de marzo de 2022", "11 kwietnia 2020"; the month is checked below.
      new RegExp(
        String.raw`${start}(?<day>\d{1,2})(?:\.|er)?\s+${of}(?<month>\p{L}{3,})\.?,?\s+${of}(?<year>\d{4})${clock}$`,
        'iu',
      ),
      // "11.04.2020", "11/04/2020", "11-04-2020": day first, one separator.
      new RegExp(
        String.raw`${start}(?<day>\d{1,2})(?<sep>[./-])(?<monthNumber>\d{1,2})\k<sep>(?<year>\d{4})${clock}$`,
        'iu',
      ),
      // "2020-04-11" after a label or before a clock written the language's way.
      new RegExp(String.raw`${start}(?<year>\d{4})-(?<monthNumber>\d{2})-(?<day>\d{2})${clock}$`, 'iu'),
    ],
  };
}

const LOCAL_DATELINES: ReadonlyMap<Language, LocalDateline> = new Map(
  LOCAL_DATE_LANGUAGES.map((code) => [code, localDateline(code, STAMP_WORDS.get(code)!)]),
);

/**
 * The number (1-12) of a month name in `language`: a name or its abbreviation (at least three letters) that
 * only one month starts with, else (Polish genitives, "kwietnia") the one month whose first three letters start
 * the word; 0 when none or more than one ("juil" is July, "jui" is no month).
 */
export function localMonthNumber(word: string, language: Language): number {
  const names = MONTHS.get(language) ?? [];
  const lower = word.toLowerCase();
  if (lower.length < 3) return 0;
  const prefixOf = names.flatMap((name, i) => (name.startsWith(lower) ? [i + 1] : []));
  if (prefixOf.length > 0) return prefixOf.length === 1 ? prefixOf[0]! : 0;
  const stemmed = names.flatMap((name, i) => (lower.startsWith(name.slice(0, 3)) ? [i + 1] : []));
  return stemmed.length === 1 ? stemmed[0]! : 0;
}

/** Whether the day exists in that month of that year (no "31.02.2020", no "32.13.2020"). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function localDate(text: string, dateline: LocalDateline): string | null {
  for (const form of dateline.forms) {
    const g = form.exec(text)?.groups;
    if (g === undefined) continue;
    const year = Number(g.year);
    const month =
      g.month !== undefined ? localMonthNumber(g.month, dateline.language) : Number(g.monthNumber);
    const day = Number(g.day);
    if (!isCalendarDay(year, month, day)) return null;
    let out = `${year}-${pad(month)}-${pad(day)}`;
    const minute = g.minute ?? g.hMinute ?? g.dotMinute;
    if (g.hour !== undefined && minute !== undefined) {
      const hour = Number(g.hour);
      if (hour > 23 || Number(minute) > 59 || Number(g.second ?? 0) > 59) return null;
      out += `T${pad(hour)}:${minute}${g.second !== undefined ? `:${g.second}` : ''}`;
      // Only a zone the page states is kept, as for English.
      if (g.zone !== undefined) out += 'Z';
    }
    return out;
  }
  return null;
}

/**
 * An ISO 8601 date (and time, if given) for a line that is only a date, else null. English's forms are read on
 * every page; on a page in a language of LOCAL_DATE_LANGUAGES, that language's too: its month names, numeric
 * dates day first, its publication labels and its clocks ("Aktualisiert am 11.04.2020 um 10.27 Uhr").
 */
export function parseDateline(line: string, language: Language = 'en'): string | null {
  if (!YEAR.test(line)) return null;
  const english = parseEnglishDateline(line);
  if (english !== null) return english;
  const local = LOCAL_DATELINES.get(language);
  return local === undefined ? null : localDate(line.trim(), local);
}

/** English's date lines ("27 November 2020, 17:44", "Nov. 27, 2020", "2020-11-27T17:44:05Z"). */
function parseEnglishDateline(line: string): string | null {
  const text = line.trim();
  // A line with a year may still be no date: one regex call rules out all three patterns.
  if (!ANY_DATE.test(text)) return null;
  let m = DAY_MONTH_YEAR.exec(text);
  if (m) {
    return isoDate(Number(m[3]), monthNumber(m[2]!, DATE_LANGUAGES), Number(m[1]), {
      hour: m[4],
      minute: m[5],
      ampm: m[6],
      zone: m[7],
    });
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m) {
    return isoDate(Number(m[3]), monthNumber(m[1]!, DATE_LANGUAGES), Number(m[2]), {
      hour: m[4],
      minute: m[5],
      ampm: m[6],
      zone: m[7],
    });
  }
  m = ISO.exec(text);
  if (m) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]), {
      hour: m[4],
      minute: m[5],
      ampm: undefined,
      zone: undefined,
    });
    if (date === null) return null;
    // Seconds and their fraction (JSON-LD often has ".000") as the line gives them.
    const seconds = m[6] && m[4] ? `:${m[6]}${m[7] ?? ''}` : '';
    return `${date}${seconds}${m[4] ? (m[8] ?? '') : ''}`;
  }
  return null;
}

/**
 * A title and what follows its last " | " (2-60 characters): in a text dump's first line and in an HTML
 * page's <title> element that is a section or the site's name, not part of the headline.
 */
export function splitSection(text: string): { title: string; section: string | null } {
  const m = SECTION.exec(text);
  return m ? { title: m[1]!, section: m[2]! } : { title: text, section: null };
}

/**
 * Separators between a title and the site's name ("Title | Site", "Title - Site", "Title › Site"), white
 * space on both sides.
 */
const SITE_SEPARATOR = /\s+[|\-–—·•›»/]\s+/gu;

/** A name as site names are compared: letters and digits only, lower case ("MDR.DE" and "mdr.de" are one). */
export const siteKey = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * A title without the site's name before its first or after its last separator, when that part is (as a
 * siteKey) one of `sites`: the site's names the page declares and the words of its host. Nothing is cut when
 * no site is known, and a title that is only the site's name stays as it is (the caller decides on it).
 */
export function stripSiteName(title: string, sites: ReadonlySet<string>): string {
  if (sites.size === 0) return title;
  const cuts = [...title.matchAll(SITE_SEPARATOR)];
  const last = cuts[cuts.length - 1];
  if (last !== undefined && sites.has(siteKey(title.slice(last.index + last[0].length)))) {
    const rest = title.slice(0, last.index);
    if (/\p{L}/u.test(rest)) return rest;
  }
  const first = cuts[0];
  if (first !== undefined && sites.has(siteKey(title.slice(0, first.index)))) {
    const rest = title.slice(first.index + first[0].length);
    if (/\p{L}/u.test(rest)) return rest;
  }
  return title;
}

export function parseByline(line: string): string | null {
  const text = line.trim();
  // BYLINE starts with [Bb]: one character code rules out most lines before the regex.
  if ((text.charCodeAt(0) | 0x20) !== 0x62) return null;
  const m = BYLINE.exec(text);
  return m ? m[1]! : null;
}

/**
 * The first line is the headline only if it reads like one: a line of its own, at most 30 words, one
 * sentence at most. Text that starts straight with a paragraph of prose keeps that paragraph as body.
 */
function looksLikeHeadline(block: Block, blocks: readonly Block[]): boolean {
  const alone = !blocks.some((other) => other !== block && other.paragraph === block.paragraph);
  return alone && wordCount(block.text) <= 30 && !SENTENCE_INSIDE.test(block.text);
}

/**
 * A sentence end inside a line: a mark of SENTENCE_MARKS and its closers, then white space and a capital
 * (maybe after an opening quote or bracket).
 */
const SENTENCE_INSIDE = new RegExp(
  String.raw`${TERMINAL_CLASS}${charClass(LINE_END_CLOSERS)}*\s+${charClass(STRAIGHT_QUOTES + TURNED_QUOTES + OPENING_MARKS)}?\p{Lu}`,
  'u',
);

/** A summary line under the headline: a single-line paragraph, a clause long, with no sentence end. */
function looksLikeStandfirst(block: Block, blocks: readonly Block[]): boolean {
  const alone = !blocks.some((other) => other !== block && other.paragraph === block.paragraph);
  const n = wordCount(block.text);
  return alone && n >= 5 && n <= 40 && !endsLikeSentence(block.text);
}

/**
 * Bylines naming at least this many different people make the page a list of articles (a section front, a
 * teaser rail, a weekly edition), each byline under its own headline. Two can still be one article's (its
 * byline and one related story's, or two authors on two lines); three different names under one headline
 * are not seen.
 */
export const LIST_BYLINES = 3;

/**
 * Whether the body's bylines are a list of articles' (LIST_BYLINES different names): then none of them is the
 * page's byline, and the first is no better a guess than the others. Each stays where it is, as the text of
 * its teaser (density judges it with its neighbours), instead of being moved to the record's byline field.
 */
function isListOfArticles(bylines: ReadonlyArray<{ name: string }>): boolean {
  return new Set(bylines.map(({ name }) => name)).size >= LIST_BYLINES;
}

export function metadata(doc: DocState): DocState {
  const changes = new Map<number, { role: Role; rule: string }>();
  const language = doc.metadata.language;
  const body = doc.blocks.filter((block) => block.role === 'body');
  let title: string | null = null;
  let section: string | null = null;
  const standfirst: string[] = [];
  let byline: string | null = null;
  let published: string | null = null;

  const first = body[0];
  if (first && looksLikeHeadline(first, body)) {
    ({ title, section } = splitSection(first.text));
    changes.set(first.index, { role: 'title', rule: 'title' });
    for (const block of body.slice(1)) {
      if (parseDateline(block.text, language) !== null || !looksLikeStandfirst(block, body)) break;
      standfirst.push(block.text);
      changes.set(block.index, { role: 'standfirst', rule: 'standfirst' });
    }
  }
  const bylines: Array<{ block: Block; name: string }> = [];
  for (const block of body) {
    if (changes.has(block.index)) continue;
    const date = parseDateline(block.text, language);
    if (date !== null) {
      published ??= date;
      changes.set(block.index, { role: 'dateline', rule: 'dateline' });
      continue;
    }
    const name = parseByline(block.text);
    if (name !== null) bylines.push({ block, name });
  }
  const firstByline = bylines[0];
  if (firstByline !== undefined && !isListOfArticles(bylines)) {
    byline = firstByline.name;
    changes.set(firstByline.block.index, { role: 'byline', rule: 'byline' });
  }
  const credits: string[] = [];
  for (const block of doc.blocks) {
    if (block.role !== 'caption') continue;
    // The credit as photo-caption found it: one pattern for both (stages/boilerplate.ts).
    const credit = creditOf(block.text);
    if (credit !== null && !credits.includes(credit)) credits.push(credit);
  }
  const found: Metadata = { ...doc.metadata, title, section, standfirst, byline, published, credits };
  return { ...reassign(doc, STAGE, changes), metadata: withMarkup(found, doc.html?.markup) };
}

/**
 * An HTML page's markup metadata, preferred over what the text's lines suggest: the page's own statement
 * of its headline, authors, date and section beats a guess from its first lines (measured on the dev pages:
 * README, "Metadata from markup"). Fields the markup lacks keep the text's values; the markup is recorded
 * whole, with each value's source. Text input (no markup) is returned unchanged.
 */
function withMarkup(found: Metadata, markup: MarkupMetadata | undefined): Metadata {
  if (markup === undefined) return found;
  return {
    ...found,
    title: markup.title?.value ?? found.title,
    section: markup.section?.value ?? found.section,
    byline: markup.byline?.value ?? found.byline,
    published: markup.published?.value ?? found.published,
    markup,
  };
}
