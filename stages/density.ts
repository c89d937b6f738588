/**
 * density: what is left around an article once the phrase rules have run (menus, link lists, related
 * headlines, teasers, footers) is told apart from the article by the shape of its lines, not by what they
 * say, in the spirit of jusText: each line is classed from its length, terminal punctuation and stop-word
 * density; the article is the densest run of prose lines; lines outside that run go, and inside it a line
 * that is not prose stays only when prose surrounds it (a subheading, a short quote).
 * Rules are data (id, why, example) like the other stages, and every removal is logged with its rule.
 */
import type { Block, DocState, Removal, Role } from './document.js';
import { endsLikeSentence, isSpaceCode, looksLikeCode, mapPacked, reassign, wordCount } from './document.js';
import {
  ANY_LANGUAGE,
  alternation,
  furnitureAppliesTo,
  furnitureLanguages,
  type Language,
  type Languages,
  MONTHS,
  PHRASE_LANGUAGES,
  pagePhrasePattern,
  pagePhrasePatternFactored,
  RELATIVE_TIME_WORDS,
  type RelativeTimeWords,
  SITE_NOTICES,
  type SiteNotice,
  STAMP_WORDS,
  type StampWords,
  stemsPattern,
  stopWords,
  TEMPLATE_LANGUAGES,
  UNDETERMINED,
  WEEKDAYS,
} from './lexicon.js';

const STAGE = 'density';

export interface DensityRule {
  readonly id: string;
  /** The languages the rule's words were written for (ISO 639-1), or 'any' for a rule of line shape. */
  readonly languages: Languages;
  readonly why: string;
  readonly example: string;
}

export const DENSITY_RULES = {
  outsideArticle: {
    id: 'outside-article',
    languages: 'any',
    why: 'Lines before or after the densest run of prose (the article) are page furniture: menus, headers, related stories, footers.',
    example: 'Sign In',
  },
  linkList: {
    id: 'link-list',
    languages: 'any',
    why: 'Three or more short unpunctuated lines in a row are a menu or a list of links, even inside the article.',
    example: 'Mac Blog / iOS Blog / Front Page',
  },
  timestamp: {
    id: 'timestamp',
    languages: ['en', ...STAMP_WORDS.keys()],
    why: 'A "Published …" / "Updated …" / "By … on <date>" line, or its like in the page language ("Aktualisiert: 11.04.2020, 10:27"), or a label and a relative time ("Updated 3 hours ago", "Aktualisiert: vor 20 Stunden"), is page metadata, wherever it sits.',
    example: 'PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019',
  },
  commentMarker: {
    id: 'comment-marker',
    languages: PHRASE_LANGUAGES,
    why: 'A line only a reader comment has ("Reply", "Jane says:", "Jane on 3 May 2020 said:", "12 likes"), in the page language or English (every phrase language on an undetermined page); it also walls the article off from the thread.',
    example: 'Jane Doe says:',
  },
  teaserList: {
    id: 'teaser-list',
    languages: 'any',
    why: 'Three or more "headline, then a one-paragraph summary" items in a row outside the article are a list of other stories.',
    example: 'Apple Watch: orders may take a while / Some stores show delivery dates of several weeks.',
  },
  notProse: {
    id: 'not-prose',
    languages: 'any',
    why: 'A line with few function words and no sentence end (a linked headline, a label) that prose does not surround.',
    example: 'Long spaceflights found to lead to blood flowing in the wrong direction in some cases',
  },
  subscribePrompt: {
    id: 'subscribe-prompt',
    languages: PHRASE_LANGUAGES,
    why: "A short line that asks the reader to subscribe (a site notice that calls and asks: sign up, subscribe, your inbox…; not one that only names a newsletter) right under a line the boilerplate stage removed as a call to action that calls to subscribe too is the rest of that prompt (a newsletter box's heading and its pitch), even between the article's paragraphs, where a notice alone stays.",
    example:
      'Sign up for the CorkBeo newsletter / Never miss the latest news by signing up to our newsletter today!',
  },
} as const satisfies Record<string, DensityRule>;

type Kind = 'good' | 'near' | 'short' | 'bad';

interface Features {
  readonly words: number;
  /** Function words per word; null for a language without a list. */
  readonly stopDensity: number | null;
  readonly terminal: boolean;
}

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/**
 * Characters the fast stop-word test handles besides ASCII: common punctuation that is neither letter nor
 * number and has no case, so trimming and lower-casing treat it the same in the word as in the whole line.
 */
function isPlainPunctuation(c: number): boolean {
  // ‘ ’ “ ” – — …
  return (
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2013 ||
    c === 0x2014 ||
    c === 0x2026
  );
}

/** Trie slots: a–z (either case), the apostrophe (' ‘ ’), - and .; -1 for a character no ASCII stop word has. */
const TRIE_WIDTH = 29;
function trieSlot(c: number): number {
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return lower - 0x61; // only A–Z and a–z land here
  if (c === 0x27 || c === 0x2018 || c === 0x2019) return 26;
  return c === 0x2d ? 27 : c === 0x2e ? 28 : -1;
}

/** The stop words written in a–z, ', - and . as a trie, so a word is looked up without building a string. */
interface Trie {
  /** Child of node n in slot s at n * TRIE_WIDTH + s; 0 (the root, never a child) for none. */
  readonly next: Int32Array;
  readonly isWord: Uint8Array;
}

function buildTrie(words: Iterable<string>): Trie {
  // Grown by doubling, one node (TRIE_WIDTH slots) at a time, instead of pushing each slot on an array.
  let next = new Int32Array(64 * TRIE_WIDTH);
  let isWord = new Uint8Array(64);
  let nodes = 1;
  const addNode = () => {
    if (nodes === isWord.length) {
      const grown = new Int32Array(next.length * 2);
      grown.set(next);
      next = grown;
      const grownWords = new Uint8Array(isWord.length * 2);
      grownWords.set(isWord);
      isWord = grownWords;
    }
    return nodes++;
  };
  for (const word of words) {
    if (!/^[a-z'.-]+$/u.test(word)) continue;
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const at = node * TRIE_WIDTH + trieSlot(word.charCodeAt(i));
      if (next[at] === 0) {
        const child = addNode(); // may grow `next`: write to the array it leaves behind
        next[at] = child;
      }
      node = next[at]!;
    }
    isWord[node] = 1;
  }
  return { next: next.slice(0, nodes * TRIE_WIDTH), isWord: isWord.slice(0, nodes) };
}

/**
 * A language's function words as density reads them: from the shared per-language lists (stages/lexicon.ts,
 * stopwords-iso), keeping only entries that are words (the lists also hold digits, punctuation and entries with
 * spaces, which no word of a line can equal), with the words written in a–z ' - . also in a trie so that a word is looked up without building a string.
 */
interface StopList {
  readonly words: ReadonlySet<string>;
  readonly trie: Trie;
}

/** A word as white space or a segmenter cuts it: letters (and marks), with ' - . inside, and a letter. */
const WORD_ENTRY = /^[\p{L}\p{M}'.-]*\p{L}[\p{L}\p{M}'.-]*$/u;

/**
 * Built on a language's first use (58 lists would cost ~90 ms at every start): a cache of data derived from
 * stopWords alone, so what a look-up answers never depends on which documents came first.
 */
const STOP_LISTS = new Map<Language, StopList | null>();

function stopList(language: Language): StopList | null {
  let list = STOP_LISTS.get(language);
  if (list === undefined) {
    const source = stopWords(language);
    if (source === null) list = null;
    else {
      const words = new Set(
        [...source].map((word) => word.replace(/[’‘]/gu, "'")).filter((w) => WORD_ENTRY.test(w)),
      );
      list = { words, trie: buildTrie(words) };
    }
    STOP_LISTS.set(language, list);
  }
  return list;
}

/** The function words density counts for a language; null when there is no list for it (or it is 'und'). */
export function densityStopWords(language: Language): ReadonlySet<string> | null {
  return stopList(language)?.words ?? null;
}

/** Whether text[start, end), lower-cased with ‘ ’ read as ', is one of the a–z stop words. */
function inStopTrie(trie: Trie, text: string, start: number, end: number): boolean {
  let node = 0;
  for (let i = start; i < end; i++) {
    const slot = trieSlot(text.charCodeAt(i));
    if (slot < 0) return false;
    node = trie.next[node * TRIE_WIDTH + slot]!;
    if (node === 0) return false;
  }
  return trie.isWord[node] === 1;
}

/**
 * Whether lower[start, end) (one word of the lower-cased line) is a stop word, with ‘ ’ read as ' and
 * punctuation trimmed from its ends. A word in the list has letters at both ends, or is looked up untrimmed
 * first, so trimming gives the same answer as looking the whole word up first.
 */
function isStopWord(list: StopList, lower: string, start: number, end: number, plain: boolean): boolean {
  if (!plain) {
    const word = lower.slice(start, end).replace(/[’‘]/gu, "'");
    return list.words.has(word) || list.words.has(word.replace(EDGE_PUNCTUATION, ''));
  }
  // ASCII and caseless punctuation: what is not an ASCII letter or digit is trimmed.
  if (inStopTrie(list.trie, lower, start, end)) return true;
  while (start < end && !isAsciiAlnum(lower.charCodeAt(start))) start++;
  while (end > start && !isAsciiAlnum(lower.charCodeAt(end - 1))) end--;
  return end > start && inStopTrie(list.trie, lower, start, end);
}

/**
 * Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): a line holding one of
 * their characters is split into words by Intl.Segmenter (ICU's dictionaries), not at white space.
 */
export const UNSPACED_SCRIPT_RANGES: readonly (readonly [number, number])[] = [
  [0x0e00, 0x0eff], // Thai, Lao
  [0x1000, 0x109f], // Myanmar
  [0x1780, 0x17ff], // Khmer
  [0x3040, 0x30ff], // hiragana, katakana
  [0x3400, 0x4dbf], // Han extension A
  [0x4e00, 0x9fff], // Han
  [0xf900, 0xfaff], // Han compatibility
  [0xff66, 0xff9f], // half-width katakana
];

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/**
 * A code unit of UNSPACED_SCRIPT_RANGES, as a regex: it runs on every body line, and V8's compiled regex
 * scans a line several times faster than a loop over charCodeAt (on a line of Latin-1 text it need not
 * scan at all: no such character can be in it). No u flag: every range is of single code units.
 */
export const UNSPACED_SCRIPT = new RegExp(
  `[${UNSPACED_SCRIPT_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]`,
);

/**
 * ICU's word segmentation: dictionary-based for the unspaced scripts whatever the locale; fixed, for determinism.
 * Made on first use, not at module load: making one costs ~9 ms of every thread that loads this module, and most
 * batches hold no line of an unspaced script (a cache of a constant: when it is made changes no answer).
 */
let wordSegmenter: Intl.Segmenter | null = null;

function wordSegments(text: string): Intl.Segments {
  wordSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return wordSegmenter.segment(text);
}

/**
 * Words are runs between white space, as in `split(/\s+/u)` of the lower-cased line; in a line with
 * characters of an unspaced script, the word-like segments Intl.Segmenter finds. stopDensity is null when
 * the language has no function-word list: then it says nothing for or against prose.
 */
export function features(text: string, language: Language): Features {
  const shape = shapeOf(text, stopList(language));
  return { words: shape.words, stopDensity: shape.stopDensity(), terminal: shape.terminal };
}

/**
 * A line's features, with the stop-word density counted on first call: most lines' class needs only words.
 * A class, not an object with a closure: one allocation per body line instead of three (object, closure and
 * its context), on every line of every page.
 */
class Shape {
  /** undefined until counted. */
  private density: number | null | undefined;

  constructor(
    readonly words: number,
    readonly terminal: boolean,
    /** The line, lower-cased when its stop words are counted. */
    private readonly text: string,
    /** null: the language has no function-word list, and the density is null. */
    private readonly list: StopList | null,
    /** The density when it is known already (a segmented line's, given features'). */
    density?: number | null,
  ) {
    this.density = density;
  }

  stopDensity(): number | null {
    if (this.density === undefined) {
      const list = this.list;
      this.density =
        list === null ? null : this.words ? countStops(list, this.text.toLowerCase()) / this.words : 0;
    }
    return this.density;
  }
}

/**
 * Reference marks after a line's last sentence: "… every day.[26]", "… in 1998.[3][n 2]", "… sold.[citation
 * needed]", as encyclopedias and papers in every language write them. Short bracketed tags only.
 */
const TRAILING_REFERENCES = /(?:\[[^\]\n]{1,20}\]\s*)+$/u;

/** A sentence end, also before reference marks: the marks cite the sentence, they do not continue it. */
function endsLikeCitedSentence(text: string): boolean {
  if (endsLikeSentence(text)) return true;
  if (text.charCodeAt(text.length - 1) !== 0x5d) return false; // ]
  return endsLikeSentence(text.replace(TRAILING_REFERENCES, ''));
}

function shapeOf(text: string, list: StopList | null): Shape {
  const unspaced = hasUnspacedScript(text);
  if (unspaced) return segmentedShape(text, list);
  const words = wordCount(text); // lower-casing changes no white space
  return new Shape(words, endsLikeCitedSentence(text), text, list);
}

function hasUnspacedScript(text: string): boolean {
  return UNSPACED_SCRIPT.test(text);
}

function segmentedShape(text: string, list: StopList | null): Shape {
  let words = 0;
  let stops = 0;
  for (const segment of wordSegments(text)) {
    if (!segment.isWordLike) continue;
    words++;
    if (list?.words.has(segment.segment.toLowerCase().replace(/[’‘]/gu, "'"))) stops++;
  }
  const stopDensity = list === null ? null : words ? stops / words : 0;
  return new Shape(words, endsLikeCitedSentence(text), text, list, stopDensity);
}

/** One pass over the lower-cased line's characters, a look-up per word. */
function countStops(list: StopList, lower: string): number {
  let stops = 0;
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(lower.charCodeAt(i))) i++;
    if (i === n) break;
    const start = i;
    let plain = true;
    for (; i < n; i++) {
      const c = lower.charCodeAt(i);
      if (c > 0x7f) {
        if (isSpaceCode(c)) break;
        if (!isPlainPunctuation(c)) plain = false;
      } else if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) break;
    }
    if (isStopWord(list, lower, start, i, plain)) stops++;
  }
  return stops;
}

/**
 * Site notices: legal lines, privacy and cookie notices, newsletter and subscription prompts, in the common
 * forms of several languages (SITE_NOTICES in stages/lexicon.ts, per language), tried in the languages the
 * boilerplate policy gives a page (furnitureLanguages: its own and English, every language's on 'und') and
 * the signs of every language ("©"). Such a line is never article prose on its own; inside an article (a
 * story about a privacy policy) prose on both sides keeps it.
 */
interface NoticeTest {
  /** Every line the pattern matches (lower-cased) passes the gate: see noticeGate. */
  readonly gate: RegExp;
  /**
   * Matched against the lower-cased line: V8 runs a case-insensitive Unicode alternation far slower. No u
   * flag either (literals, \b and groups only, so it matches the same): ~3x faster on two-byte strings.
   */
  readonly pattern: RegExp;
}

/** A page language's notice test, built on its first use and kept (derived from constants only). */
const NOTICE_TESTS = new Map<Language, NoticeTest>();
/** The same for the calls to subscribe alone (SiteNotice.call). */
const CALL_TESTS = new Map<Language, NoticeTest>();
/** The same for the calls that ask something of the reader (SiteNotice.call, not SiteNotice.names). */
const ASK_TESTS = new Map<Language, NoticeTest>();

/** Which notices a test tries: all of them, the calls to subscribe, or the calls that ask (not only name). */
type NoticeKinds = 'all' | 'calls' | 'asks';

function noticeTestFor(language: Language, kinds: NoticeKinds = 'all'): NoticeTest {
  const tests = kinds === 'all' ? NOTICE_TESTS : kinds === 'calls' ? CALL_TESTS : ASK_TESTS;
  let test = tests.get(language);
  if (test === undefined) {
    const languages =
      language === UNDETERMINED ? [...SITE_NOTICES.keys()] : [ANY_LANGUAGE, ...furnitureLanguages(language)];
    const notices = languages
      .flatMap((code) => SITE_NOTICES.get(code) ?? [])
      .filter(
        (notice) => kinds === 'all' || (notice.call === true && (kinds === 'calls' || notice.names !== true)),
      );
    // No notice of the kind: a pattern that matches nothing (an empty alternation would match everything).
    const pattern = notices.length > 0 ? notices.map((n) => n.pattern).join('|') : '(?!)';
    test = { gate: noticeGate(notices), pattern: new RegExp(pattern, '') };
    tests.set(language, test);
  }
  return test;
}

/** Letters from most to least frequent in English; any other character counts as rarer. */
const LETTER_FREQUENCY = ' etaoinshrdlcumwfgypbvkjxqz';

/** The end of a literal from its rarest character on (at least three characters): text every match holds. */
function rareTail(literal: string): string {
  const rarity = (ch: string) => LETTER_FREQUENCY.indexOf(ch) >>> 0; // not listed: rarest
  let from = 0;
  for (let i = 1; i < literal.length; i++) if (rarity(literal[i]!) > rarity(literal[from]!)) from = i;
  return literal.slice(Math.min(from, Math.max(0, literal.length - 3)));
}

/**
 * A fast test every line a site-notice regex matches (lower-cased) passes: the literals' tails in any case,
 * tails starting with a rare letter so that V8 skips quickly along the line. Without the u flag (~3x faster
 * on two-byte strings), /i matches a Latin-1 character to every character that lower-cases to it, except
 * four from outside Latin-1 (İ, ẞ, Kelvin sign K, Ångström sign Å): a line holding one of them passes too.
 */
function noticeGate(notices: readonly SiteNotice[]): RegExp {
  return new RegExp(
    [
      ...notices.map((notice) => rareTail(notice.literal).replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')),
      // One class, not four alternatives: V8 factors alternatives that start alike, and with two literals
      // starting with k ("kie|kin") an alternative of the Kelvin sign alone stopped matching it.
      '[\u0130\u1e9e\u212a\u212b]',
    ].join('|'),
    'i',
  );
}

/** Whether a line is a site notice on a page in `language` ('und' by default: every language's notices). */
export function isSiteNotice(text: string, language: Language = UNDETERMINED): boolean {
  return passesNotice(noticeTestFor(language), text);
}

/**
 * Whether a line is a site notice that calls to subscribe (SiteNotice.call: a newsletter, news alerts, an
 * edition delivered to the reader), not a legal, privacy or copyright line, on a page in `language`.
 */
export function isCallToSubscribe(text: string, language: Language = UNDETERMINED): boolean {
  return passesNotice(noticeTestFor(language, 'calls'), text);
}

function passesNotice(test: NoticeTest, text: string): boolean {
  return test.gate.test(text) && test.pattern.test(text.toLowerCase());
}

/** Publication stamps the metadata stage did not take as the page's dateline. */
// English's day and month names from the lexicon: "Tue", "Nov 19" (other languages: LOCAL_STAMPS below).
const DAY_STEM = stemsPattern(WEEKDAYS.get('en')!);
const MONTH_STEM = stemsPattern(MONTHS.get('en')!);
const WHEN = String.raw`(?:\d|${DAY_STEM}[a-z]*\b|${MONTH_STEM}[a-z]*\.?\s+\d)`;
const STAMP = new RegExp(
  String.raw`^(?:(?:first|last) )?(?:published|updated|posted|modified)(?:\s*:|\s+(?:on|at)\b)?\s*${WHEN}`,
  'iu',
);
// Case-sensitive name: "By Jane Doe on Monday", not "By the time the polls closed on Tuesday".
const BYLINE_STAMP = /^[Bb]y\s+\p{Lu}[^.!?]{0,80}?\s(?:on|at)\s+(.*)$/u;
const STARTS_WITH_WHEN = new RegExp(`^${WHEN}`, 'iu');
const MONTH_NAME = new RegExp(String.raw`\b${MONTH_STEM}[a-z]*\.?\s+\d`, 'iu');
const CLOCK = /\b\d{1,2}:\d{2}\b/u;
const YEAR = /\b(?:19|20)\d{2}\b/u;

/** A stamp in another language: a label at the line's start, then a date; the date's evidence (see isTimestamp). */
interface LocalStamp {
  readonly start: RegExp;
  readonly monthName: RegExp;
  readonly clock: RegExp;
}

/** "11.04.2020", "11/04/2020", "2020-04-11": a numeric date with a four-digit year. */
const NUMERIC_DATE =
  /(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?!\d)/u;

function localStamp(language: Language, words: StampWords): LocalStamp {
  // Month names by their stems ("Apr.", "April", Polish "kwietnia"); day names in full (short ones are words).
  const month = String.raw`(?<!\p{L})${stemsPattern(MONTHS.get(language) ?? [])}\p{L}*\.?`;
  const day = String.raw`(?<!\p{L})${alternation(WEEKDAYS.get(language) ?? [])}(?!\p{L})`;
  const when = String.raw`(?:\d|${day}|${month}(?=[\s,]|$))`;
  const joiner = words.joiners.length > 0 ? String.raw`(?:\s+${alternation(words.joiners)}(?!\p{L}))?` : '';
  const hours = words.hours.length > 0 ? String.raw`|[.:]\d{2}\s*${alternation(words.hours)}(?!\p{L})` : '';
  return {
    start: new RegExp(String.raw`^${alternation(words.labels)}(?!\p{L})${joiner}\s*:?\s*${when}`, 'iu'),
    monthName: new RegExp(month, 'iu'),
    // "10:27", "10.27 Uhr", "22h04".
    clock: new RegExp(String.raw`(?<!\d)\d{1,2}(?::\d{2}(?!\d)|h\d{2}(?!\d)${hours})`, 'iu'),
  };
}

const LOCAL_STAMPS: ReadonlyMap<Language, LocalStamp> = new Map(
  [...STAMP_WORDS].map(([language, words]) => [language, localStamp(language, words)]),
);

/** The stamp of the page's language (of every language on 'und') whose label opens `text`, if any. */
function localStampOpening(text: string, language: Language): LocalStamp | null {
  for (const code of furnitureLanguages(language)) {
    const stamp = LOCAL_STAMPS.get(code);
    if (stamp?.start.test(text)) return stamp;
  }
  return null;
}

/** English's labels, as STAMP reads them; other languages' from STAMP_WORDS. */
const ENGLISH_LABEL = String.raw`(?:(?:first|last)\s+)?(?:published|updated|posted|modified)`;

/**
 * A label (or two joined by a slash: "Veröffentlicht/Aktualisiert") and nothing but a relative time of the
 * same language after it, up to the line's end or a separator (not a comma, which a sentence goes on after:
 * "Publicado hace 3 años, el libro ..."): "Aktualisiert: vor 20 Stunden", "Updated 3 hours ago | 2 min read".
 * The number is digits; the units and the words around them are RELATIVE_TIME_WORDS.
 */
function relativeStamp(label: string, words: RelativeTimeWords): RegExp {
  const units = String.raw`${alternation(words.units)}\.?(?!\p{L})`;
  const forms = [
    ...(words.before.length > 0 ? [String.raw`${alternation(words.before)}\s+\d{1,3}\s*${units}`] : []),
    ...(words.after.length > 0
      ? [String.raw`\d{1,3}\s*${units}\s*${alternation(words.after)}(?!\p{L})`]
      : []),
  ];
  return new RegExp(
    String.raw`^${label}(?:\s*/\s*${label})*(?!\p{L})\s*:?\s*(?:${forms.join('|')})\s*(?:$|[|·•–—(/])`,
    'iu',
  );
}

const RELATIVE_STAMPS: ReadonlyMap<Language, RegExp> = new Map(
  [...RELATIVE_TIME_WORDS].map(([language, words]) => {
    const labels = STAMP_WORDS.get(language)?.labels;
    const label = language === 'en' ? ENGLISH_LABEL : alternation(labels ?? []);
    return [language, relativeStamp(label, words)];
  }),
);

/** Whether `text` opens with a label and a relative time of English or of the page's language (any on 'und'). */
function isRelativeStamp(text: string, language: Language): boolean {
  return relativeStampsFor(language).some((stamp) => stamp.test(text));
}

/** The relative stamps isRelativeStamp tries on a page in each language asked about so far (it runs on every line). */
const RELATIVE_STAMPS_FOR = new Map<Language, readonly RegExp[]>();

/** English's relative stamp and those of the furniture languages of `language` that have one, in that order. */
function relativeStampsFor(language: Language): readonly RegExp[] {
  let stamps = RELATIVE_STAMPS_FOR.get(language);
  if (stamps === undefined) {
    stamps = ['en', ...furnitureLanguages(language)].flatMap((code) => RELATIVE_STAMPS.get(code) ?? []);
    RELATIVE_STAMPS_FOR.set(language, stamps);
  }
  return stamps;
}

/**
 * "PUBLISHED: 10:48, Tue, Nov 19, 2019", "By Jane Doe on Monday, November 18th, 2019 at 11:08 a.m." on a page
 * in `language`: the rule runs where furnitureAppliesTo lets it (its English words are a template language's,
 * so on every page; 'und' by default, as on an undetermined page). On a page in a language of STAMP_WORDS (on
 * 'und': any of them) also that language's label and a date: "Aktualisiert: 11.04.2020, 10:27",
 * "Veröffentlicht am 22. August 2012", "Publicado el 21 de abril de 2022 a las 22:04h". In English and those
 * languages, a label and a relative time alone: "Updated 3 hours ago", "Aktualisiert: vor 20 Stunden".
 */
export function isTimestamp(text: string, language: Language = UNDETERMINED): boolean {
  if (!furnitureAppliesTo(DENSITY_RULES.timestamp.languages, language)) return false;
  const byline = BYLINE_STAMP.exec(text);
  const stamped = STAMP.test(text) || (byline !== null && STARTS_WITH_WHEN.test(byline[1]!));
  const relative = isRelativeStamp(text, language);
  const local = stamped || relative ? null : localStampOpening(text, language);
  if ((!stamped && !relative && local === null) || shapeOf(text, null).words > 25) return false;
  // A sentence ("Published in 1998, the book sold well.") ends in a full stop; a stamp does not, or in "a.m.".
  if (endsLikeSentence(text) && !/[ap]\.m\.$/iu.test(text)) return false;
  if (relative) return true;
  if (local !== null) {
    return (
      local.clock.test(text) || NUMERIC_DATE.test(text) || (local.monthName.test(text) && YEAR.test(text))
    );
  }
  return CLOCK.test(text) || (MONTH_NAME.test(text) && YEAR.test(text));
}

/**
 * Every threshold of the stage, in one place, settable in config (`cleaning.density.params`, validated in
 * pipeline/config.ts). Word counts are white-space separated words (segmenter words in unspaced scripts, see
 * features); densities are the document language's stop words per word.
 */
export const DENSITY_PARAMS = {
  /** good: a sentence end and at least this many words (and goodMinStop of stop words, or goodLongWords). */
  goodMinWords: 10,
  goodLongWords: 20,
  goodMinStop: 0.1,
  /** good without a sentence end: at least this many words and this stop-word density. */
  goodUnpunctuatedWords: 25,
  goodUnpunctuatedStop: 0.3,
  /** near: a sentence end, at least this many words and this stop-word density. */
  nearMinWords: 4,
  nearMinStop: 0.15,
  /** short: at most this many words (and neither good nor near). */
  shortMaxWords: 4,
  /** A site notice (legal, cookie, newsletter line) longer than this is prose that mentions one, not a notice. */
  noticeMaxWords: 40,
  /**
   * A call to subscribe of at most this many words right under a line removed as a call to action that calls
   * to subscribe is that prompt's pitch (subscribe-prompt); a longer line is a paragraph that mentions a
   * newsletter. 0: off.
   */
  promptMaxWords: 25,
  /** Weight of a good line in the run search is its word count, capped here. */
  goodCap: 40,
  /** Weight taken off for a line an earlier stage removed as furniture. */
  removedPenalty: 3,
  /** Weight taken off for a short line next to another short line (a menu). */
  menuPenalty: 5,
  /** Bonus of the first prose line after the page's byline or first dateline, and how far it is looked for. */
  anchorBonus: 40,
  anchorReach: 3,
  /**
   * The weight of a run of prose that is surely an article (about two paragraphs). An article found that
   * weighs less (not under the byline or dateline) is searched for again with isolated prose at its whole weight.
   */
  minArticle: 60,
  /** One-to-three-word lines in a row that make a menu. */
  menuRun: 5,
  /** Short lines in a row inside the article that make a link list. */
  linkListRun: 3,
  /** A list the article introduces (a line ending in a colon): at most this many items of this many words. */
  maxListItems: 40,
  maxItemWords: 25,
  /** How far a neighbour search walks, so that a page of 100,000 removed lines stays linear. */
  maxLook: 50,
  /** Share of its weight a prose line keeps when no prose line is next to it. */
  isolatedShare: 0.25,
  /**
   * A prose line longer than this keeps its weight even alone: a paragraph of an article written in sections
   * that widgets or subheadings set apart, longer than any teaser's summary.
   */
  isolatedMaxWords: 100,
  /** Teaser list: at least this many "headline, then a one-paragraph summary" items in a row. */
  teaserMinItems: 3,
  /** A teaser headline has this many words at least; a summary at most teaserMaxSummaryWords. */
  teaserHeadlineMinWords: 5,
  teaserMaxSummaryWords: 60,
  /** A line of at least this many words that stops mid-sentence, with the next going on in lower case, is wrapped. */
  wrapMinWords: 5,
  /**
   * The article may be several runs: another run of at least extraRunMin weight (0: off) is article too when
   * at most bridgeMaxLines lines separate it from the article's runs and no comment wall does; above the
   * best run only when that was not found under the byline or dateline. Lines between runs go.
   */
  extraRunMin: 60,
  bridgeMaxLines: 100,
  /**
   * A gap between two of the article's runs is the article's own list (items written without a final full
   * stop) when no furniture evidence or site notice is in it and it holds at least gapListMinItems
   * sentence-like lines (gapListItemWords words or more, a stop-word density of gapListItemStop or more, not
   * in title case) that carry gapListShare of its words or more; 0 items: off.
   */
  /** A numbered table of contents: at least this many numbered entries, half of them headings further down; 0: off. */
  contentsMinEntries: 3,
  gapListMinItems: 2,
  gapListItemWords: 10,
  gapListItemStop: 0.4,
  gapListShare: 0.3,
  /**
   * Above the article (when it was not found under the byline or dateline), a run of at least leadMin weight
   * that starts within leadMaxLines lines of it is its lead, set apart by a picture, its caption or a byline.
   */
  leadMin: 5,
  leadMaxLines: 8,
  /**
   * A site notice among the article's last lines ends it when the prose after the notice weighs less than
   * this (about two one-line promotions); 0: off.
   */
  tailNoticeWeight: 30,
  /**
   * A table inside the article (data rows: numbers a third of their cells) stays when it has at least
   * tableMinRows rows (0: off) and at most tableMaxHead other lines (caption, header row) before and after
   * its rows, between the article's prose.
   */
  tableMinRows: 3,
  tableMaxHead: 2,
  /** A comments heading is a wall when a comment marker follows within this many lines. */
  commentReach: 30,
};

export type DensityParams = typeof DENSITY_PARAMS;

export interface DensityOptions {
  readonly disable: readonly string[];
  readonly params?: Partial<DensityParams>;
}

/** The class of a line on its own, before its neighbours are looked at. */
export function classify(
  text: string,
  language: Language,
  f: Features = features(text, language),
  params: DensityParams = DENSITY_PARAMS,
): Kind {
  const shape = new Shape(f.words, f.terminal, text, null, f.stopDensity);
  return classifyShape(text, shape, isTimestamp(text, language), params, noticeTestFor(language));
}

function classifyShape(
  text: string,
  shape: Shape,
  stamp: boolean,
  p: DensityParams,
  notices: NoticeTest,
): Kind {
  const kind = shapeKind(shape, p);
  // A site notice or a stamp is bad whatever its shape: the (slower) tests for them can only change other
  // kinds. A long line that mentions a privacy policy or a newsletter is prose about one, not a notice.
  if (kind !== 'bad' && (stamp || (shape.words <= p.noticeMaxWords && passesNotice(notices, text)))) {
    return 'bad';
  }
  return kind;
}

/** The class of a line from its features alone; word counts first, as the stop-word density costs more. */
function shapeKind(shape: Shape, p: DensityParams): Kind {
  const { words, terminal } = shape;
  // Without a function-word list for the language, the density says nothing: only length and sentence ends.
  const dense = (min: number) => (shape.stopDensity() ?? min) >= min;
  if (terminal && words >= p.goodMinWords && (words >= p.goodLongWords || dense(p.goodMinStop))) {
    return 'good';
  }
  if (words >= p.goodUnpunctuatedWords && dense(p.goodUnpunctuatedStop)) return 'good';
  if (terminal && words >= p.nearMinWords && dense(p.nearMinStop)) return 'near';
  if (words <= p.shortMaxWords) return 'short';
  return 'bad';
}

/** How much a line says for or against "the article is here", for the densest-run search. */
function weight(kind: Kind, words: number, p: DensityParams): number {
  switch (kind) {
    case 'good':
      // Capped: one long footer or disclaimer must not outweigh several article paragraphs.
      return Math.min(words, p.goodCap);
    case 'near':
      return words / 2;
    case 'short':
      return -2;
    case 'bad':
      return -Math.min(words, 10) - 3;
  }
}

/**
 * Headings that open a comment section: readers' prose follows, so the article does not continue past one
 * (unless it sits between two article paragraphs: a "Comments (3)" link under the headline is not a wall).
 * The lexicon's comment headings, comment prompts and comment-section words (stages/lexicon.ts, the lists
 * boilerplate's comment-heading and comment-prompt read), in the languages a page in `language` is read in
 * (furnitureLanguages, as comment-marker). Matched against every line, whatever role an earlier stage gave
 * it. Built on a language's first use and kept, like COMMENT_MARKERS.
 */
const COMMENTS_HEADINGS = new Map<Language, RegExp>();

function commentsHeadingFor(language: Language): RegExp {
  let regex = COMMENTS_HEADINGS.get(language);
  if (regex === undefined) {
    const languages = furnitureLanguages(language);
    const kinds = ['commentHeadings', 'commentPrompts', 'commentSectionWords'] as const;
    const pattern = kinds
      .map((kind) => pagePhrasePattern(kind, languages))
      .filter(Boolean)
      .join('|');
    regex = new RegExp(`^(?:${pattern})$`, 'iu');
    COMMENTS_HEADINGS.set(language, regex);
  }
  return regex;
}

/** Whether a line is a comments heading on a page in `language` ('und' by default: every phrase language). */
export function isCommentsHeading(text: string, language: Language = UNDETERMINED): boolean {
  return commentsHeadingFor(language).test(text);
}

/**
 * A bare comment label ("Comment": commentLabels in stages/lexicon.ts), a button or a table's column, heads no
 * thread by itself. The template languages' labels only (TEMPLATE_LANGUAGES, English), which every page is
 * read with: with every language's labels, a German page of snippets-dev kept furniture that its bare
 * "Kommentar" had walled off, and no page of the dev sets gained.
 */
const BARE_COMMENT = new RegExp(
  String.raw`^\s*(?:${pagePhrasePattern('commentLabels', TEMPLATE_LANGUAGES)})\s*$`,
  'iu',
);

/**
 * Lines that only a comment thread has: "Reply", "Jane says:", "Jane on 3 May 2020 said:", "12 likes", as a
 * page in each language reads them, the boilerplate stage's policy (furnitureLanguages): the page language's
 * phrases plus the template languages' (English), every phrase language's on 'und'. Built on a language's
 * first use and kept (a cache of data derived from constants: the same regex for the same language, so
 * output does not depend on the order documents arrive in).
 */
const COMMENT_MARKERS = new Map<Language, CommentMarkers>();

/**
 * A language's comment markers as two regexes that together match what the one alternation of them all
 * matches (a line matches an alternation when it matches one branch): the phrases that can only match a line
 * ending in a colon ("<name> says:", "<name> schreibt:") apart, tried only on such lines. Most lines end
 * otherwise, and the name branch would scan up to four words of each of them.
 */
interface CommentMarkers {
  readonly colon: RegExp | null;
  readonly other: RegExp | null;
}

/**
 * Whether a phrase matches only lines that end in ':' (anchored at the end, as every phrase is): its last
 * character is an unescaped colon outside any group, and no | at its top level offers another branch.
 */
export function endsInColon(phrase: string): boolean {
  if (!phrase.endsWith(':') || phrase.endsWith('\\:')) return false;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < phrase.length; i++) {
    const c = phrase[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return depth === 0 && !inClass;
}

function commentMarkerFor(language: Language): CommentMarkers {
  let markers = COMMENT_MARKERS.get(language);
  if (markers === undefined) {
    const applies = furnitureAppliesTo(DENSITY_RULES.commentMarker.languages, language);
    const regex = (keep: (phrase: string) => boolean) => {
      const pattern = applies
        ? pagePhrasePatternFactored('commentMarkers', furnitureLanguages(language), keep)
        : '';
      return pattern ? new RegExp(`^(?:${pattern})$`, 'iu') : null;
    };
    markers = { colon: regex(endsInColon), other: regex((phrase) => !endsInColon(phrase)) };
    COMMENT_MARKERS.set(language, markers);
  }
  return markers;
}

/** Whether a line marks a reader comment on a page in `language` ('und' by default: every phrase language). */
export function isCommentMarker(text: string, language: Language = UNDETERMINED): boolean {
  if (text.length > 160) return false;
  const { colon, other } = commentMarkerFor(language);
  return (colon !== null && text.endsWith(':') && colon.test(text)) || (other?.test(text) ?? false);
}

/** Markers that have another marker within reach lines: those of a comment thread. */
function commentThreadMarkers(marked: readonly boolean[], reach: number): boolean[] {
  const out = new Array<boolean>(marked.length).fill(false);
  let previous = -1;
  for (let i = 0; i < marked.length; i++) {
    if (!marked[i]) continue;
    if (previous >= 0 && i - previous <= reach) {
      out[previous] = true;
      out[i] = true;
    }
    previous = i;
  }
  return out;
}

/** A menu entry: one to three words, no sentence end, not a line of code or one no menu holds. */
function isMenuLine(f: Shape, text: string): boolean {
  return f.words <= 3 && !f.terminal && !CODE_LIKE.test(text) && !NOT_A_MENU_ENTRY.test(text);
}

/**
 * Short lines that are no menu's entries, as documents write them in any language: a web address written out
 * (a list of sources), a one-word field and its value (`Host: example.org`, `Content-Type: text/html`: mail
 * and HTTP headers), a table-of-contents entry with dot leaders, a row of a table drawn with box-drawing
 * characters (console output), an item of a plain-text list (`* item`, `- item`). A menu is link labels, none
 * of these; taken for one, a document's own lists read as page furniture.
 */
export const NOT_A_MENU_ENTRY = /:\/\/|^www\.|^[\w-]+:\s+\S|\.{4,}|(?:\s\.){3,}|[\u2500-\u257f]|^[*-]\s/u;

/**
 * A table-of-contents entry and the heading it points to compare equal: the page number and its leader go,
 * white space runs are one space, case does not count.
 */
export function contentsKey(text: string): string {
  return text
    .replace(/(?:[\s.·…_-]{3,}|\s)\d+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/**
 * A floor under contentsKey(text).length, counted only up to `cap` + 1: the code units contentsKey always keeps.
 * Its page-number strip removes only white space, ASCII digits (\d) and the leader characters . · … _ -, its
 * white-space steps only white space, and lower-casing never shortens a string; every other code unit stays.
 * So a line whose floor is above the length of every key it is compared with cannot have any of those keys,
 * and its own key need not be made (a test checks the floor against contentsKey on every dev page's lines).
 */
export function contentsKeyFloor(text: string, cap: number): number {
  let kept = 0;
  for (let i = 0; i < text.length && kept <= cap; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2e ||
      c === 0x5f ||
      c === 0x2d ||
      c === 0xb7 ||
      c === 0x2026 ||
      isSpaceCode(c)
    )
      continue;
    kept++;
  }
  return kept;
}

/** FNV-1a over a string's UTF-16 code units: the hash contentsKeyHash gives for the key it stands for. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** ASCII white space as \s and trim() read it: tab, line feed, vertical tab, form feed, carriage return, space. */
function asciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** The ASCII characters of contentsKey's leader class [\s.·…_-]. */
function asciiLeader(c: number): boolean {
  return c === 0x2e || c === 0x5f || c === 0x2d || asciiSpace(c);
}

/**
 * keyHash(contentsKey(text)) for a line of ASCII characters, computed in one scan without making the key;
 * null for a line with any other character (its key is made instead). The same steps on ASCII: the page
 * number strip (/(?:[\s.·…_-]{3,}|\s)\d+$/ matches at the start of the leader run before the trailing digits
 * when that run is three or more long, else at its last character when that is white space), white-space
 * runs read as one space, the ends trimmed, A-Z lower-cased. A test checks it against contentsKey on every
 * seed and dev line and on random lines.
 */
export function contentsKeyHash(text: string): number | null {
  const n = text.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return null;
  let end = n;
  let digits = n;
  while (digits > 0 && text.charCodeAt(digits - 1) >= 0x30 && text.charCodeAt(digits - 1) <= 0x39) digits--;
  if (digits < n) {
    let leader = digits;
    while (leader > 0 && asciiLeader(text.charCodeAt(leader - 1))) leader--;
    if (digits - leader >= 3) end = leader;
    else if (digits > leader && asciiSpace(text.charCodeAt(digits - 1))) end = digits - 1;
  }
  let h = 0x811c9dc5;
  let started = false;
  let space = false;
  for (let i = 0; i < end; i++) {
    let c = text.charCodeAt(i);
    if (asciiSpace(c)) {
      space = started;
      continue;
    }
    if (space) h = Math.imul(h ^ 0x20, 0x01000193);
    space = false;
    started = true;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The runs of menuRun or more menu lines that are menus: [start, end) each. A run is the document's own
 * table of contents instead when at least half of its entries (three or more) come back further down as lines
 * outside any such run: the headings of its sections. A site menu printed again in the footer is itself a
 * run, so it does not make the first copy a table of contents.
 */
function menuRuns(
  blocks: readonly Block[],
  menuLine: readonly boolean[],
  p: DensityParams,
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (menuLine[j]) j++;
    if (j - i >= p.menuRun) runs.push([i, j]);
    i = j + 1;
  }
  if (runs.length === 0) return runs;
  const inRun = new Uint8Array(blocks.length);
  for (const [a, b] of runs) inRun.fill(1, a, b);
  // Keys are compared by their hashes first, and made only to confirm a hash that matches: an ASCII line's
  // hash is made without its key (contentsKeyHash), and a line outside the runs is not hashed when its key must
  // be longer than every entry's (contentsKeyFloor). An entry's key is no longer than its line when it is
  // ASCII (the steps only remove characters), which bounds the entries' keys without making them.
  const hashOf = (text: string) => contentsKeyHash(text) ?? keyHash(contentsKey(text));
  const entryHashes: number[][] = [];
  let longest = 0;
  for (const [a, b] of runs) {
    const hashes: number[] = [];
    for (let k = a; k < b; k++) {
      const text = blocks[k]!.text;
      const ascii = contentsKeyHash(text);
      if (ascii !== null) {
        hashes.push(ascii);
        longest = Math.max(longest, text.length);
      } else {
        const key = contentsKey(text);
        hashes.push(keyHash(key));
        longest = Math.max(longest, key.length);
      }
    }
    entryHashes.push(hashes);
  }
  const wanted = new Set<number>();
  for (const hashes of entryHashes) for (const hash of hashes) wanted.add(hash);
  /** Hash → the lines outside the runs (ascending) whose key has one of the entries' hashes. */
  const outside = new Map<number, number[]>();
  for (let k = 0; k < blocks.length; k++) {
    const text = blocks[k]!.text;
    if (inRun[k] !== 0 || blocks[k]!.role !== 'body' || text.length > 200) continue;
    if (contentsKeyFloor(text, longest) > longest) continue;
    const hash = hashOf(text);
    if (!wanted.has(hash)) continue;
    const lines = outside.get(hash);
    if (lines === undefined) outside.set(hash, [k]);
    else lines.push(k);
  }
  const keys = new Map<number, string>();
  const keyAt = (k: number) => {
    let key = keys.get(k);
    if (key === undefined) {
      key = contentsKey(blocks[k]!.text);
      keys.set(k, key);
    }
    return key;
  };
  // An entry recurs when a line outside the runs further down than its run has its key.
  return runs.filter(([a, b], r) => {
    let recurring = 0;
    for (let k = a; k < b; k++) {
      const lines = outside.get(entryHashes[r]![k - a]!);
      if (lines === undefined || lines[lines.length - 1]! < b) continue;
      for (let i = lines.length - 1; i >= 0 && lines[i]! >= b; i--) {
        if (keyAt(lines[i]!) === keyAt(k)) {
          recurring++;
          break;
        }
      }
    }
    return !(recurring >= 3 && recurring * 2 >= b - a);
  });
}

/** A line of a code listing, markup or JSON (`});`, `<head>`, `x = 1`, `f(x)`, `[1, 2]`), which no menu entry is. */
const CODE_LIKE = /[{}<>=;()[\]]|^[^\p{L}\p{N}]+$/u;

/** A line that introduces a list: ends in a colon. */
const LIST_INTRO = /:["'”’]?$/u;

/** Whether one of the two nearest classed lines in direction step (other lines skipped) is full prose. */
function proseNear(kinds: ReadonlyArray<Kind | null>, i: number, step: 1 | -1, maxLook: number): boolean {
  let seen = 0;
  for (
    let j = i + step, steps = 0;
    j >= 0 && j < kinds.length && seen < 2 && steps < maxLook;
    j += step, steps++
  ) {
    const kind = kinds[j];
    if (kind === null || kind === undefined) continue;
    if (kind === 'good') return true;
    seen++;
  }
  return false;
}

/** The nearest classed line in direction step, or -1. */
function nearestClassed(kinds: ReadonlyArray<Kind | null>, i: number, step: 1 | -1, maxLook: number): number {
  for (let j = i + step, steps = 0; j >= 0 && j < kinds.length && steps < maxLook; j += step, steps++) {
    if (kinds[j] !== null && kinds[j] !== undefined) return j;
  }
  return -1;
}

/** The maximum-sum run that starts at index a. */
function runFrom(weights: Float64Array, a: number): { run: [number, number]; sum: number } {
  let right = a;
  let best = weights[a]!;
  for (let i = a + 1, sum = weights[a]!; i < weights.length; i++) {
    sum += weights[i]!;
    if (sum === Number.NEGATIVE_INFINITY) break;
    if (sum > best) {
      best = sum;
      right = i;
    }
  }
  return { run: [a, right], sum: best };
}

/** [first, last] indices of the maximum-sum run (Kadane), or null if no run is positive. */
function densestRun(weights: Float64Array): { run: [number, number]; sum: number } | null {
  let best = 0;
  let bestRun: [number, number] | null = null;
  let sum = 0;
  let start = 0;
  for (let i = 0; i < weights.length; i++) {
    if (sum <= 0) {
      sum = 0;
      start = i;
    }
    sum += weights[i]!;
    if (sum === Number.NEGATIVE_INFINITY) continue; // a barrier: the next run starts after it
    if (sum > best) {
      best = sum;
      bestRun = [start, i];
    }
  }
  return bestRun === null ? null : { run: bestRun, sum: best };
}

/**
 * The next run of the article beyond its edge, in direction step: a run (maximal while its running sum stays
 * positive, ended at its best) of at least extraRunMin weight that starts within bridgeMaxLines lines of the
 * edge, with no comment wall before it; or null. Above the article a run of leadMin weight will do when it
 * starts within leadMaxLines lines of the edge: the article's lead, over its picture, caption or byline.
 * Each line is scanned at most twice over all calls.
 */
function nextRun(
  weights: Float64Array,
  edge: number,
  step: 1 | -1,
  p: DensityParams,
): [number, number] | null {
  let start = -1;
  let sum = 0;
  let best = 0;
  let bestEnd = -1;
  const span = (): [number, number] => (step === 1 ? [start, bestEnd] : [bestEnd, start]);
  const enough = () =>
    best >= (step === -1 && Math.abs(start - edge) - 1 <= p.leadMaxLines ? p.leadMin : p.extraRunMin);
  for (let i = edge + step; i >= 0 && i < weights.length; i += step) {
    const w = weights[i]!;
    if (w === Number.NEGATIVE_INFINITY) break; // a comment wall
    if (start < 0) {
      if (Math.abs(i - edge) - 1 > p.bridgeMaxLines) return null;
      if (w <= 0) continue;
      start = i;
      sum = 0;
      best = 0;
    }
    sum += w;
    if (sum > best) {
      best = sum;
      bestEnd = i;
    }
    if (sum <= 0) {
      if (enough()) return span();
      start = -1;
    }
  }
  return start >= 0 && enough() ? span() : null;
}

/** Whether text ends in . or … followed only by closing quotes and brackets (/[.…]["'”’»)\]]*$/u, without a regex). */
function endsInFullStop(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSES_HEADLINE.includes(text.charCodeAt(i))) i--;
  const c = i >= 0 ? text.charCodeAt(i) : 0;
  return c === 0x2e || c === 0x2026;
}

/** " ' ” ’ » ) ] */
const CLOSES_HEADLINE: readonly number[] = [0x22, 0x27, 0x201d, 0x2019, 0xbb, 0x29, 0x5d];

/**
 * Teaser lists: items of a headline (a line of teaserHeadlineMinWords words or more that is not full prose
 * and does not end in a full stop) followed by a one-paragraph summary, teaserMinItems or more in a row. Returns the indices of their lines.
 * An article's subheadings are shorter and head more than one paragraph, so they make no such run.
 */
function teaserLines(
  blocks: readonly Block[],
  kinds: ReadonlyArray<Kind | null>,
  feats: ReadonlyArray<Shape | null>,
  p: DensityParams,
): Set<number> {
  const found = new Set<number>();
  const isHeadline = (i: number) =>
    kinds[i] !== null &&
    kinds[i] !== 'good' &&
    feats[i]!.words >= p.teaserHeadlineMinWords &&
    !endsInFullStop(blocks[i]!.text); // a headline may ask or exclaim, not end in a full stop
  const isSummary = (i: number) => kinds[i] === 'good' && feats[i]!.words <= p.teaserMaxSummaryWords;
  let i = 0;
  while (i < blocks.length) {
    const items: number[][] = [];
    let j = i;
    while (j + 1 < blocks.length && isHeadline(j) && isSummary(j + 1)) {
      items.push([j, j + 1]);
      j += 2;
      // An item ends where the next headline starts, or one removed or short line (a label) later.
      if (j < blocks.length && !isHeadline(j) && (kinds[j] === null || kinds[j] === 'short')) {
        if (j + 1 < blocks.length && isHeadline(j + 1)) j++;
      }
    }
    // The line after the last item must not be prose that goes on: then the last "headline" heads more than
    // one paragraph, a subheading of an article written in short sections, not a list of stories.
    const after = items.length > 0 ? items[items.length - 1]![1]! + 1 : -1;
    if (items.length >= p.teaserMinItems && kinds[after] !== 'good' && !numberedSections(blocks, items)) {
      for (const item of items) for (const k of item) found.add(k);
      i = j;
    } else i++;
  }
  return found;
}

/** A section number at the start of a heading: "4. ", "12) ". */
const SECTION_NUMBER = /^(\d{1,3})[.)]\s/u;

/**
 * Whether the items' headlines are numbered one after another (4., 5., 6.): the sections of a numbered
 * article (a listicle, a how-to), not a list of other stories, whose headlines carry no running numbers.
 */
function numberedSections(blocks: readonly Block[], items: ReadonlyArray<readonly number[]>): boolean {
  let previous: number | null = null;
  for (const item of items) {
    const match = SECTION_NUMBER.exec(blocks[item[0]!]!.text);
    if (match === null) return false;
    const n = Number(match[1]);
    if (previous !== null && n !== previous + 1) return false;
    previous = n;
  }
  return true;
}

const STARTS_LOWER = /^\p{Ll}/u;

/**
 * Hard-wrapped text (plain-text pages, mailing lists, RFCs): a line of wrapMinWords words or more that stops
 * mid-sentence, and a next line of the same paragraph that goes on in lower case, are one sentence. Each run
 * of such lines is classed as one text, and every line of it takes that class (in place).
 */
function classWrappedLines(
  blocks: readonly Block[],
  feats: ReadonlyArray<Shape | null>,
  kinds: Array<Kind | null>,
  stops: StopList | null,
  p: DensityParams,
  notices: NoticeTest,
): void {
  const goesOn = (j: number) => {
    const line = blocks[j]!;
    const next = blocks[j + 1];
    return (
      next !== undefined &&
      kinds[j] !== null &&
      kinds[j] !== 'good' &&
      kinds[j + 1] !== null &&
      next.paragraph === line.paragraph &&
      feats[j]!.words >= p.wrapMinWords &&
      !feats[j]!.terminal &&
      STARTS_LOWER.test(next.text)
    );
  };
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (goesOn(j)) j++;
    if (j > i) {
      const text = blocks
        .slice(i, j + 1)
        .map((block) => block.text)
        .join(' ');
      const kind = classifyShape(text, shapeOf(text, stops), false, p, notices);
      for (let k = i; k <= j; k++) {
        if (kinds[k] !== 'bad' || !passesNotice(notices, blocks[k]!.text)) kinds[k] = kind;
      }
    }
    i = j + 1;
  }
}

/**
 * The earliest site notice among the article's last lines, where the prose after it (good and near lines'
 * positive weights up to `last`) weighs less than tailNoticeWeight; null when there is none. A notice is a
 * body line of at most noticeMaxWords words that passes the site-notice test.
 */
function noticeInTail(
  blocks: readonly Block[],
  kinds: ReadonlyArray<Kind | null>,
  feats: ReadonlyArray<Shape | null>,
  weights: Float64Array,
  first: number,
  last: number,
  p: DensityParams,
  notices: NoticeTest,
): number | null {
  if (p.tailNoticeWeight <= 0) return null;
  let after = 0;
  let cut: number | null = null;
  for (let i = last; i > first && i >= last - p.maxLook; i--) {
    const kind = kinds[i];
    if (kind === null || kind === undefined) continue;
    if (
      after < p.tailNoticeWeight &&
      feats[i]!.words <= p.noticeMaxWords &&
      (!feats[i]!.terminal || !proseBefore(kinds, i, first)) &&
      passesNotice(notices, blocks[i]!.text)
    ) {
      cut = i;
    }
    if (kind === 'good' || kind === 'near') after += Math.max(0, weights[i]!);
    if (after >= p.tailNoticeWeight) break;
  }
  return cut;
}

/** Whether the nearest classed line above i (from first on) is prose (good or near). */
function proseBefore(kinds: ReadonlyArray<Kind | null>, i: number, first: number): boolean {
  for (let j = i - 1; j >= first; j--) {
    const kind = kinds[j];
    if (kind !== null && kind !== undefined) return kind === 'good' || kind === 'near';
  }
  return false;
}

/**
 * A row of a data table as a text dump writes it: cells in one line, at least two of them numbers, and numbers
 * a third of its white-space-separated tokens or more ("Auckland 23/16 74/60 14/7", "3 Christchurch 404,500").
 */
function isDataRow(text: string): boolean {
  const tokens = text.split(/\s+/u).filter(Boolean);
  let numbers = 0;
  for (const token of tokens) if (/\d/u.test(token)) numbers++;
  return numbers >= 2 && numbers * 3 >= tokens.length;
}

/**
 * Tables inside the article: tableMinRows or more data rows in a row (short lines, a row's lone label, may
 * sit between them), with up to tableMaxHead other lines before and after them (a caption, a header row),
 * between prose lines of the article. Their lines are the article's, not furniture: returns their indices.
 */
function tableLines(
  blocks: readonly Block[],
  kinds: ReadonlyArray<Kind | null>,
  first: number,
  last: number,
  p: DensityParams,
): Set<number> {
  const found = new Set<number>();
  if (p.tableMinRows <= 0) return found;
  const prose = (k: Kind | null | undefined) => k === 'good' || k === 'near';
  const row = (i: number) => (kinds[i] === 'bad' || kinds[i] === 'short') && isDataRow(blocks[i]!.text);
  for (let i = first; i <= last; ) {
    if (!row(i)) {
      i++;
      continue;
    }
    let rows = 0;
    let j = i;
    for (; j <= last && kinds[j] !== 'good' && kinds[j] !== 'near'; j++) {
      if (kinds[j] === null) break;
      if (row(j)) rows++;
      else if (kinds[j] !== 'short') break;
    }
    const end = j - 1;
    // A caption or header row of up to tableMaxHead lines on each side, then the article's prose.
    const edge = (from: number, step: 1 | -1): number | null => {
      for (let k = from, n = 0; k >= first && k <= last && n <= p.tableMaxHead; k += step) {
        if (kinds[k] === null) continue;
        if (prose(kinds[k])) return k;
        n++;
      }
      return null;
    };
    const before = edge(i - 1, -1);
    const after = edge(end + 1, 1);
    if (rows >= p.tableMinRows && before !== null && after !== null) {
      for (let k = before + 1; k < after; k++) found.add(k);
    }
    i = Math.max(end + 1, i + 1);
  }
  return found;
}

/**
 * Title case, as English headlines are written ("How to Turn Your Old Phone Into a Camera"): after the first
 * word, at least three words of four letters or more, and TITLE_CASE_SHARE of them (or more) capitalised.
 * Short words are left out (title case leaves "a", "to", "of" in lower case), and so is the stop list, which
 * holds "Your" and "Into" as well. A sentence capitalises its first word and names; German's nouns make
 * about half of its long words.
 */
function isTitleCase(text: string): boolean {
  let long = 0;
  let upper = 0;
  const words = text.split(/\s+/u);
  for (let w = 1; w < words.length; w++) {
    const bare = words[w]!.replace(EDGE_PUNCTUATION, '');
    if (bare.length < 4 || !STARTS_LETTER.test(bare)) continue;
    long++;
    if (STARTS_UPPER.test(bare)) upper++;
  }
  return long >= 3 && upper >= TITLE_CASE_SHARE * long;
}

const STARTS_LETTER = /^\p{L}/u;
const STARTS_UPPER = /^\p{Lu}/u;
const TITLE_CASE_SHARE = 0.8;

/**
 * The gaps between the article's runs that are its own list (1 per line of one): a list whose items read as
 * sentences but end without a full stop (release notes, a post's bullet points) is prose to a reader, yet
 * each item weighs against the article, and a long one cuts the article into two runs. A site puts no such
 * list between two parts of an article. A gap is the article's when it holds no furniture evidence and no
 * site notice, and at least gapListMinItems sentence-like lines (prose, or gapListItemWords words with
 * gapListItemStop function words, not in title case) that carry gapListShare of its words. A list of other
 * stories' headlines (few function words, or title case), a single teaser among labels, a gap of labels:
 * none is. (Inside a run the same test would keep related-headline lists of languages that write headlines
 * in sentence case with many function words, so it is not applied there.)
 */
function ownLists(
  blocks: readonly Block[],
  kinds: ReadonlyArray<Kind | null>,
  feats: ReadonlyArray<Shape | null>,
  runs: ReadonlyArray<readonly [number, number]>,
  furniture: readonly boolean[],
  stops: StopList | null,
  p: DensityParams,
  notices: NoticeTest,
): Uint8Array {
  const own = new Uint8Array(blocks.length);
  if (p.gapListMinItems <= 0 || stops === null) return own; // without function words no line reads as a sentence
  const isProse = (i: number) => kinds[i] === 'good' || kinds[i] === 'near';
  /** Whether lines a..b (inclusive, a gap between two runs) are the article's list. */
  const ownList = (a: number, b: number): boolean => {
    let words = 0;
    let itemWords = 0;
    let items = 0;
    for (let i = a; i <= b; i++) {
      if (furniture[i]) return false;
      const kind = kinds[i];
      if (kind === null || kind === undefined) continue;
      const f = feats[i]!;
      words += f.words;
      if (
        isProse(i) ||
        (f.words >= p.gapListItemWords &&
          (f.stopDensity() ?? 0) >= p.gapListItemStop &&
          !isTitleCase(blocks[i]!.text))
      ) {
        items++;
        itemWords += f.words;
      }
    }
    if (items < p.gapListMinItems || itemWords < p.gapListShare * words) return false;
    for (let i = a; i <= b; i++)
      if (kinds[i] !== null && passesNotice(notices, blocks[i]!.text)) return false;
    return true;
  };
  for (let k = 0; k + 1 < runs.length; k++) {
    const a = runs[k]![1] + 1;
    const b = runs[k + 1]![0] - 1;
    if (b >= a && ownList(a, b)) own.fill(1, a, b + 1);
  }
  return own;
}

/** A section number at the start of a table-of-contents entry: "3 ", "3.1 ", "12.4.2. ". */
const CONTENTS_NUMBER = /^\d{1,3}(?:\.\d{1,3})*\.?\s+/u;

/**
 * A numbered table of contents and the headings it names (1 for an entry or its title line, 2 for a
 * heading): contentsMinEntries or more lines in a row that start with a section number ("1 History",
 * "3.1 Climate") and are no sentences, at least half of which (contentsMinEntries or more) come back further
 * down, without the number, as lines of their own: the document's section headings. The line just above the
 * entries is its title when it is one to three words with no sentence end ("Contents"). Only a document
 * with such a run of numbered lines pays for the look-up of its lines.
 */
function numberedContents(
  blocks: readonly Block[],
  kinds: ReadonlyArray<Kind | null>,
  feats: ReadonlyArray<Shape | null>,
  p: DensityParams,
): Uint8Array {
  const out = new Uint8Array(blocks.length);
  if (p.contentsMinEntries <= 0) return out;
  const entry = (i: number) => {
    const text = blocks[i]!.text;
    const c = text.charCodeAt(0);
    return kinds[i] !== null && c >= 0x30 && c <= 0x39 && !feats[i]!.terminal && CONTENTS_NUMBER.test(text);
  };
  /** Key → the last body line (not itself numbered) that has it; built on first need. */
  let lines: Map<string, number> | null = null;
  for (let i = 0; i < blocks.length; i++) {
    if (!entry(i)) continue;
    let j = i;
    while (j < blocks.length && entry(j)) j++;
    if (j - i >= p.contentsMinEntries) {
      if (lines === null) {
        lines = new Map();
        for (let k = 0; k < blocks.length; k++) {
          const text = blocks[k]!.text;
          if (kinds[k] !== null && text.length <= 200 && !CONTENTS_NUMBER.test(text)) {
            lines.set(contentsKey(text), k);
          }
        }
      }
      const headings: number[] = [];
      for (let k = i; k < j; k++) {
        const at = lines.get(contentsKey(blocks[k]!.text.replace(CONTENTS_NUMBER, '')));
        if (at !== undefined && at >= j) headings.push(at);
      }
      if (headings.length >= p.contentsMinEntries && headings.length * 2 >= j - i) {
        out.fill(1, i, j);
        const title = i - 1;
        if (title >= 0 && kinds[title] !== null && feats[title]!.words <= 3 && !feats[title]!.terminal) {
          out[title] = 1;
        }
        for (const h of headings) out[h] = 2;
      }
    }
    i = j;
  }
  return out;
}

/** One search for the article: the line weights it used, the run it chose and how. */
interface Attempt {
  readonly weights: Float64Array;
  readonly before: Run | null;
  readonly anchored: Run | undefined;
  readonly best: Run;
}

interface Run {
  readonly run: [number, number];
  readonly sum: number;
}

/** The boilerplate stage's rule for a line of its own that asks to subscribe, follow or share (its id). */
const CALL_TO_ACTION = { stage: 'boilerplate', rule: 'call-to-action' } as const;

/** The removal that took the raw span [start, end), from a log sorted by start (mergeRemovals' runs too). */
function removalOf(removed: readonly Removal[], start: number, end: number): Removal | null {
  let lo = 0;
  let hi = removed.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (removed[mid]!.rawStart <= start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const removal = found >= 0 ? removed[found]! : null;
  return removal !== null && removal.rawEnd >= end ? removal : null;
}

/**
 * Lines that are the rest of a call to subscribe (subscribe-prompt): a body line of at most promptMaxWords
 * words that itself asks the reader to subscribe (SiteNotice.call, not SiteNotice.names: "sign up", "your
 * inbox"; a sentence that only names a newsletter may be the article's), right under a line the boilerplate stage removed
 * as a call to action that calls to subscribe too ("Sign up for the CorkBeo newsletter" over "Never miss the
 * latest news by signing up to our newsletter today!"), or under such a line in turn. The removed line must be
 * a call to subscribe, not a share or print label ("Share", "Advertisement" sit between an article's
 * paragraphs, and the paragraph under one is the article's), and the kept one a short call that asks: a
 * paragraph that mentions a newsletter in prose is longer, or asks nothing.
 */
function subscribePrompts(
  doc: DocState,
  kinds: ReadonlyArray<Kind | null>,
  feats: ReadonlyArray<Shape | null>,
  calls: NoticeTest,
  asks: NoticeTest,
  p: DensityParams,
): Uint8Array {
  const blocks = doc.blocks;
  const prompt = new Uint8Array(blocks.length);
  if (p.promptMaxWords <= 0) return prompt;
  for (let i = 1; i < blocks.length; i++) {
    if (kinds[i] !== 'bad' || feats[i]!.words > p.promptMaxWords) continue;
    const above = blocks[i - 1]!;
    if (prompt[i - 1] === 0 && above.role !== 'boilerplate') continue;
    if (!passesNotice(asks, blocks[i]!.text)) continue;
    if (prompt[i - 1] === 1) {
      prompt[i] = 1;
      continue;
    }
    const removal = removalOf(doc.removed, above.rawStart, above.rawEnd);
    if (
      removal !== null &&
      removal.stage === CALL_TO_ACTION.stage &&
      removal.rule === CALL_TO_ACTION.rule &&
      passesNotice(calls, above.text)
    ) {
      prompt[i] = 1;
    }
  }
  return prompt;
}

/** Roles earlier stages gave that say nothing about where the article is (its own title and byline). */
const NEUTRAL: ReadonlySet<Role> = new Set(['title', 'standfirst', 'byline', 'dateline']);

export function density(doc: DocState, options: DensityOptions): DocState {
  const p: DensityParams = { ...DENSITY_PARAMS, ...options.params };
  const disabled = new Set(options.disable);
  const blocks = doc.blocks;
  // Shapes once per body line: every rule below reads them, and only for body lines.
  const stops = stopList(doc.metadata.language);
  const feats = mapPacked(blocks, (block) => (block.role === 'body' ? shapeOf(block.text, stops) : null));
  // Every body line is tested for a stamp: once, here.
  const language = doc.metadata.language;
  const notices = noticeTestFor(language);
  const stamps = mapPacked(blocks, (block) => block.role === 'body' && isTimestamp(block.text, language));
  // A comment marker counts only in company: a thread has many, a lone "Reply" may be a word of the article.
  const marked = mapPacked(blocks, (block) => isCommentMarker(block.text, language));
  const markers = commentThreadMarkers(marked, p.commentReach);
  const kinds = mapPacked(blocks, (block, i): Kind | null =>
    block.role === 'body'
      ? markers[i]
        ? 'bad'
        : classifyShape(block.text, feats[i]!, stamps[i]!, p, notices)
      : null,
  );
  classWrappedLines(blocks, feats, kinds, stops, p, notices);
  // A comments heading is a wall when comments follow (a marker within reach), or when it does not sit
  // between two paragraphs of prose.
  const headingPattern = commentsHeadingFor(language);
  const commentsHeading = mapPacked(blocks, (block, i) => {
    if (!headingPattern.test(block.text)) return false;
    for (let j = i + 1; j < blocks.length && j <= i + p.commentReach; j++) if (markers[j]) return true;
    // A bare "Comment" is a label (a button, a table column) and heads no thread without markers after it.
    if (BARE_COMMENT.test(block.text)) return false;
    const before = nearestClassed(kinds, i, -1, p.maxLook);
    const after = nearestClassed(kinds, i, 1, p.maxLook);
    return !(before >= 0 && after >= 0 && kinds[before] === 'good' && kinds[after] === 'good');
  });
  const teasers = teaserLines(blocks, kinds, feats, p);
  // Program listings: paragraphs (lines joined by single line breaks) holding a line of code (looksLikeCode),
  // with the lines of output between. Such lines are neither prose nor furniture: they weigh nothing in the
  // run search, so a listing does not cut an article in two, and inside the article they stay.
  const listing = new Set<number>();
  for (const block of blocks) {
    if (block.role === 'body' && looksLikeCode(block.text)) listing.add(block.paragraph);
  }
  const lineWeight = (block: Block, i: number, share: number): number => {
    const kind = kinds[i];
    if (commentsHeading[i]! || markers[i]!) return Number.NEGATIVE_INFINITY;
    if (kind === null || kind === undefined) return NEUTRAL.has(block.role) ? 0 : -p.removedPenalty;
    const words = feats[i]!.words; // read here once: a read only the rare teaser branch made cost a recompile
    // A teaser weighs as a bad line, through the one call of weight() below: a call only the rare teaser
    // branch made had V8 throw away the stage's compiled code the first time a page had a teaser.
    const teaser = teasers.has(i);
    if (!teaser) {
      // A program listing (and its output) says nothing for or against the article around it.
      if ((kind === 'bad' || kind === 'short') && listing.has(block.paragraph)) return 0;
      if (kind === 'short' && (kinds[i - 1] === 'short' || kinds[i + 1] === 'short')) return -p.menuPenalty;
    }
    const w = weight(teaser ? 'bad' : kind, words, p);
    if (teaser) return w;
    // Article paragraphs come in runs; a teaser under each related headline stands alone between labels
    // (a paragraph longer than isolatedMaxWords is no teaser).
    const alone =
      kind === 'good' &&
      words <= p.isolatedMaxWords &&
      !proseNear(kinds, i, -1, p.maxLook) &&
      !proseNear(kinds, i, 1, p.maxLook);
    return alone ? w * share : w;
  };
  // A Float64Array (it holds any number, -Infinity included, exactly): an Array of them is of whole numbers
  // on one page and of fractions on the next, and each change of its elements kind made V8 throw away and
  // recompile this whole stage.
  const firstDateline = blocks.findIndex((block) => block.role === 'dateline');
  const attempt = (share: number): Attempt | null => {
    const weights = new Float64Array(blocks.length);
    for (let i = 0; i < blocks.length; i++) weights[i] = lineWeight(blocks[i]!, i, share);
    // Comments follow the article: when there is an article-sized run before the first comments wall, it
    // is the article, however much readers wrote below it.
    const firstBarrier = weights.indexOf(Number.NEGATIVE_INFINITY);
    // The first prose line after the page's byline or first dateline gets a bonus: where an article starts.
    // (Later datelines head teasers in lists of related stories; a date under a comment heads a comment.)
    const anchors: number[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const role = blocks[i]!.role;
      if (role !== 'byline' && i !== firstDateline) continue;
      if (firstBarrier >= 0 && i > firstBarrier) continue;
      let start: number | null = null; // the article may open with a short paragraph before a full one
      for (let j = i + 1; j <= i + p.anchorReach && j < blocks.length; j++) {
        if (kinds[j] === 'near') start ??= j;
        if (kinds[j] === 'good') {
          weights[j]! += p.anchorBonus;
          anchors.push(start ?? j);
          break;
        }
      }
    }
    const before = firstBarrier > 0 ? densestRun(weights.slice(0, firstBarrier)) : null;
    // A run of prose that starts under the page's byline or dateline is the article when it is article-sized,
    // even if a denser run elsewhere (teasers in a navigation panel) outweighs it.
    // The heaviest such run, the first of equals (a loop, not map-filter-sort: the arrays those build changed
    // maps between documents, each change a recompile of the stage).
    let anchored: Run | undefined;
    for (const a of anchors) {
      const run = runFrom(weights, a);
      if (run.sum >= p.minArticle && (anchored === undefined || run.sum > anchored.sum)) anchored = run;
    }
    const best = anchored ?? (before !== null && before.sum >= p.minArticle ? before : densestRun(weights));
    return best === null ? null : { weights, before, anchored, best };
  };
  // A run holding a site notice of any length (a copyright line, a privacy statement) is the page's footer:
  // the chain stops there.
  const noticed = ([a, b]: [number, number]) => {
    for (let i = a; i <= b; i++)
      if (blocks[i]!.role === 'body' && passesNotice(notices, blocks[i]!.text)) return true;
    return false;
  };
  // The article need not be one run: further runs of extraRunMin weight or more, each within bridgeMaxLines
  // lines of the last and with no comment wall between, belong to it too, so that a related-stories box, a
  // newsletter prompt or a code listing inside an article does not cut it in two.
  const chain = (found: Attempt): [number, number][] => {
    const { weights, best, anchored } = found;
    const below: [number, number][] = [];
    const above: [number, number][] = [];
    if (p.extraRunMin > 0) {
      for (
        let run = nextRun(weights, best.run[1], 1, p);
        run !== null && !noticed(run);
        run = nextRun(weights, run[1], 1, p)
      ) {
        below.push(run);
      }
      // An article found under its byline or dateline starts there: what is above it is not its text.
      if (anchored === undefined) {
        for (
          let run = nextRun(weights, best.run[0], -1, p);
          run !== null && !noticed(run);
          run = nextRun(weights, run[0], -1, p)
        ) {
          above.push(run);
        }
      }
    }
    return [...above.reverse(), best.run, ...below];
  };
  /** The characters of the prose lines (good or near) in the article's runs. */
  const proseChars = (runs: readonly [number, number][]) => {
    let chars = 0;
    for (const [a, b] of runs) {
      for (let i = a; i <= b; i++)
        if (kinds[i] === 'good' || kinds[i] === 'near') chars += blocks[i]!.text.length;
    }
    return chars;
  };
  const strict = attempt(p.isolatedShare);
  if (strict === null) return doc; // no prose at all: leave the page to the other rules rather than empty it
  let found = strict;
  let runs = chain(strict);
  // Too little article: when the article found is not surely one (its prose weighs less than minArticle) and
  // was not found under the byline or dateline, the search is made again with isolated prose lines at their
  // whole weight, and the article with more prose of the two is kept, as Readability.js retries with its
  // checks relaxed one by one when its result is shorter than 500 characters. An article whose paragraphs
  // each stand alone between pictures, credits, addresses or labels (a gallery, a listing, a one-paragraph
  // notice) otherwise loses to two connected lines of a sidebar.
  let proseWeight = 0;
  for (const [a, b] of runs) for (let i = a; i <= b; i++) proseWeight += Math.max(0, strict.weights[i]!);
  if (strict.anchored === undefined && p.isolatedShare < 1 && proseWeight < p.minArticle) {
    const loose = attempt(1);
    if (loose !== null) {
      const looseRuns = chain(loose);
      if (proseChars(looseRuns) > proseChars(runs)) {
        found = loose;
        runs = looseRuns;
      }
    }
  }
  const { weights } = found;
  const inArticle = new Uint8Array(blocks.length);
  for (const [a, b] of runs) inArticle.fill(1, a, b + 1);
  const first = runs[0]![0];
  // A list the article introduces ("The newly selected five are:") belongs to it, however label-like its
  // items look; the article may end with one.
  const listed = new Set<number>();
  for (const [a, b] of runs) {
    for (let i = a; i <= b + 1 && i < blocks.length; i++) {
      const block = blocks[i]!;
      if (kinds[i] === null || !LIST_INTRO.test(block.text) || feats[i]!.words < 4) continue;
      listed.add(i);
      inArticle[i] = 1;
      for (let j = i + 1; j < blocks.length && j - i <= p.maxListItems; j++) {
        const item = blocks[j]!;
        if (item.role !== 'body' || kinds[j] === 'good' || feats[j]!.words > p.maxItemWords) break;
        listed.add(j);
        inArticle[j] = 1;
      }
    }
  }
  let last = Math.max(runs[runs.length - 1]![1], ...listed);
  // A site notice near the article's end (a newsletter or subscription prompt, a legal line) closes it: the
  // little prose after one (less than tailNoticeWeight) is the site's promotion, not the article's.
  const tailCut = noticeInTail(blocks, kinds, feats, weights, first, last, p, notices);
  if (tailCut !== null) last = tailCut - 1;
  const changes = new Map<number, { role: Role; rule: string }>();
  const remove = (block: Block, rule: DensityRule) => {
    if (!disabled.has(rule.id)) changes.set(block.index, { role: 'boilerplate', rule: rule.id });
  };

  // Furniture evidence: lines earlier stages removed as boilerplate (not captions: articles have pictures),
  // comment headings and markers, teaser lists, and menus (menuRun or more one-to-three-word unpunctuated
  // lines in a row) outside the article: such lines between the article's runs are its own list (a table of
  // contents, the cells of a table), not the site's menu. A page with none of it is clean prose and is left
  // alone. Above the article a page has its header; below it, a stretch with no evidence is kept, since
  // articles end with lists (tour dates, results) that look like furniture line by line.
  const menuLine = mapPacked(
    blocks,
    (block, i) => block.role === 'body' && isMenuLine(feats[i]!, block.text),
  );
  const inMenu = new Array<boolean>(blocks.length).fill(false);
  for (const [a, b] of menuRuns(blocks, menuLine, p)) inMenu.fill(true, a, b);
  const furniture = mapPacked(blocks, (block, i) => {
    if (block.role === 'boilerplate') return true;
    return commentsHeading[i]! || markers[i]! || teasers.has(i) || (inMenu[i]! && (i < first || i > last));
  });
  const furnished = (from: number, to: number) => furniture.slice(from, to + 1).some(Boolean);
  if (!furnished(0, blocks.length - 1)) return doc;
  // Below the article, a stretch with furniture evidence or a site notice is the page's footer.
  const footer = () => {
    if (furnished(last + 1, blocks.length - 1)) return true;
    let prose = 0;
    for (let i = last + 1; i < blocks.length && prose < p.tailNoticeWeight; i++) {
      const kind = kinds[i];
      if (kind === 'good' || kind === 'near') prose += Math.max(0, weights[i]!);
      else if (
        kind === 'bad' &&
        feats[i]!.words <= p.noticeMaxWords &&
        passesNotice(notices, blocks[i]!.text)
      ) {
        return true;
      }
    }
    return false;
  };
  const removeFrom = tailCut ?? (footer() ? last + 1 : blocks.length);

  const isProse = (i: number) => kinds[i] === 'good' || kinds[i] === 'near';
  /** The nearest body line in direction step that is not short, inside the article. */
  const neighbour = (i: number, step: 1 | -1): number | null => {
    for (let j = i + step; j >= first && j <= last && Math.abs(j - i) <= p.maxLook; j += step) {
      const kind = kinds[j];
      if (kind === null || kind === undefined || kind === 'short') continue;
      return j;
    }
    return null;
  };
  const prosed = (i: number | null) => i !== null && isProse(i);
  const tables = tableLines(blocks, kinds, first, last, p);
  const ownList = ownLists(blocks, kinds, feats, runs, furniture, stops, p, notices);
  // A numbered table of contents and its headings between the article's first and last lines are its own.
  const contents = numberedContents(blocks, kinds, feats, p);

  // The rule of each line is chosen into a local and removed through one call: a rule read or a call that
  // only a rare branch makes (the first teaser list, the first link list) had V8 throw away the stage's
  // compiled code the first time a page took it, and compile the whole stage again.
  const prompts = subscribePrompts(
    doc,
    kinds,
    feats,
    noticeTestFor(language, 'calls'),
    noticeTestFor(language, 'asks'),
    p,
  );
  const { timestamp, commentMarker, teaserList, outsideArticle, linkList, notProse, subscribePrompt } =
    DENSITY_RULES;
  const lineRule = (i: number, block: Block, kind: Kind): DensityRule | null => {
    if (stamps[i]) return timestamp;
    if (markers[i]) return commentMarker;
    if (i < first || i > last || !inArticle[i]) {
      // From HTML, a line the markup places in the article as prose is the article's, even in a teaser's shape.
      if (doc.articleLines?.has(block.index)) return null;
      if (teasers.has(i)) return teaserList;
      if (ownList[i] === 1) return null;
      if (contents[i]! > 0 && i > first && i < last) return null;
      if (i > first && i < last) return outsideArticle;
      if (i < first || i >= removeFrom) return outsideArticle;
      return null;
    }
    // A numbered table of contents and the headings it names are the article's, whatever their shape.
    if (contents[i]! > 0) return null;
    // The rest of a call to subscribe whose first line an earlier stage removed: a notice with its evidence,
    // even where the markup places it among the article's paragraphs or prose surrounds it.
    if (prompts[i] === 1) return subscribePrompt;
    if (kind === 'good' || kind === 'near' || listed.has(i) || tables.has(i) || listing.has(block.paragraph))
      return null;
    // From HTML, a line the markup places in the article as prose is neither a menu nor a stray label.
    if (doc.articleLines?.has(block.index)) return null;
    // Runs of short lines: a menu or a link list.
    if (kind === 'short') {
      let runStart = i;
      while (runStart - 1 >= first && kinds[runStart - 1] === 'short') runStart--;
      let runEnd = i;
      while (runEnd + 1 <= last && kinds[runEnd + 1] === 'short') runEnd++;
      if (runEnd - runStart + 1 >= p.linkListRun) return linkList;
    }
    if (prosed(neighbour(i, -1)) && prosed(neighbour(i, 1))) return null;
    return notProse;
  };
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const kind = kinds[i];
    if (kind === null || kind === undefined) continue;
    const rule = lineRule(i, block, kind);
    if (rule !== null) remove(block, rule);
  }
  return reassign(doc, STAGE, changes);
}
