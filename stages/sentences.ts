/**
 * sentences: split each run of kept body lines into sentences with retext-english, then correct the parser's
 * known weak spots (a number, "U.S." or "p.m." before a full stop taken as an abbreviation; "Fig. 3" and
 * "No. 1" split apart). Sentence offsets map back to raw text through the edit log, so
 * raw.slice(rawStart, rawEnd) with the logged edits applied is exactly the sentence.
 */
import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import type { DocState, Sentence } from './document.js';
import { applyEdits, bodyRuns, endsLikeSentence, mapPacked } from './document.js';
import {
  CLOSING_MARKS,
  charClass,
  ORDINAL_DOT_LANGUAGES,
  SENTENCE_LANGUAGES,
  SENTENCE_MARKS,
  type SentenceLanguage,
  type SentenceMark,
  STRAIGHT_QUOTES,
  TURNED_QUOTES,
} from './lexicon.js';

const parser = unified().use(retextEnglish).freeze();

/** A language's sentence data as sets, built once per language. */
interface Lexicon {
  readonly titles: ReadonlySet<string>;
  readonly labels: ReadonlySet<string>;
  readonly inside: ReadonlySet<string>;
  readonly sometimes: ReadonlySet<string>;
  readonly starters: ReadonlySet<string>;
  /** The starters in lower case: a line that ends in one ("with", "the") is wrapped, not ended. */
  readonly lowerStarters: ReadonlySet<string>;
  readonly afterTime: ReadonlySet<string>;
  readonly times: ReadonlySet<string>;
  readonly ordinalDot: boolean;
}

function toLexicon(language: SentenceLanguage, ordinalDot: boolean): Lexicon {
  return {
    titles: new Set(language.titles),
    labels: new Set(language.labels),
    inside: new Set(language.inside),
    sometimes: new Set(language.sometimes),
    starters: new Set(language.starters),
    lowerStarters: new Set(language.starters.map((word) => word.toLowerCase())),
    afterTime: new Set(language.afterTime),
    times: new Set(language.times),
    ordinalDot,
  };
}

const LEXICONS: ReadonlyMap<string, Lexicon> = new Map(
  Object.entries(SENTENCE_LANGUAGES).map(([code, data]) => [code, toLexicon(data, data.ordinalDot)]),
);
const ENGLISH = LEXICONS.get('en')!;
const ENGLISH_WITH_ORDINAL_DOT = toLexicon(SENTENCE_LANGUAGES.en!, true);

/** The sentence data for an ISO 639-1 code ('und' or an unknown code: English's). */
export function lexiconFor(language: string): Lexicon {
  return LEXICONS.get(language) ?? (ORDINAL_DOT_LANGUAGES.has(language) ? ENGLISH_WITH_ORDINAL_DOT : ENGLISH);
}

/**
 * Text whose only sentence-ending marks (parse-latin's terminal markers ! . ? … ‽) are at its very end,
 * followed at most by closing quotes or brackets, on one line: retext-english gives it as one sentence from
 * its first to its last non-space character. A full stop or question mark alone between two letters or
 * digits ("9.5", "U.S", "example.com", "?id") is no sentence mark to it: parse-latin merges it into the word
 * around it (its inner-word symbols) before it looks for sentence ends. Only ASCII letters and digits are
 * counted as the word around it here (a part of parse-latin's word characters).
 */
const ONE_SENTENCE =
  /^[^!.?\u2026\u203D\n\r\v\f\u0085\u2028\u2029]*(?:(?<=[A-Za-z0-9])[.?](?=[A-Za-z0-9])[^!.?\u2026\u203D\n\r\v\f\u0085\u2028\u2029]*)*[!.?\u2026\u203D]*["'”’»)\]]*[ \t]*$/u;

/** parse-latin's white space (not JavaScript's: U+FEFF is text to it, U+0085 is space). */
const PARSER_SPACE = String.raw`[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]`;
const PARSER_SPACE_CHAR = new RegExp(`^${PARSER_SPACE}$`, 'u');

/**
 * Lower-case words that retext-english reads as abbreviations before a full stop (parse-english's list and
 * parse-latin's Latin prefixes, the ones of three letters or more): "5 min. Then" is one sentence to it.
 */
const PARSER_ABBREVIATIONS = new Set(
  `thurs tbsp tsp sept sec tues tue thu bbl bbls yds sep nov aug jul jun apr jan sun mar mon min sat oct gro gal
  feb fri dec doz wed lbs ltd inc cap cca cent cit con cwt ead etc ibid nem pro seq sic stat tem viz`.split(
    /\s+/u,
  ),
);

/**
 * The words of two letters that retext-english reads as abbreviations before a full stop in any case
 * (parse-english's list and parse-latin's Latin prefixes); kept apart from PARSER_ABBREVIATIONS, which the
 * boundary rules below read for words of three letters or more. A test asks the parser about every pair of
 * ASCII letters.
 */
const PARSER_TWO_LETTER_ABBREVIATIONS = new Set(
  'al ca cf cp cu ff fl ft gr hr id in kt lb mi op oz pt qt sq yd'.split(' '),
);

/**
 * parse-english's case-sensitive abbreviations (its lib/regex.js `abbreviationsSensitive`, which its package
 * does not export): a capitalised word it reads as an abbreviation before a full stop ("Calif.", "Gov.",
 * "Mrs."). A test checks this copy against the installed parser's file.
 */
export const PARSER_CAPITALISED_ABBREVIATIONS =
  /^((?:Northant|Derby|S(?:hrop|taff)|W(?:ark|orc)|L(?:in|ei|an)c|C(?:amb|he)|Trea|York|B(?:uck|e(?:rk|d))|(?:Not|Wil)t|H(?:er|[au]n)t|Glo|Pre)s|Northumb|N(?:or(?:thd|f)|e(?:br|v)|atl)|M(?:(?:essr|as|se)s|i(?:ddx|nn|ch|ss)|ont|lle|s(?:gr|s)|ddx|(?:me|r)s?|a[jn]|ex|gr|o|d|e|s|[tx])?|Heref|P(?:enna|[ahot])|D(?:e(?:rbs|[lv])|r)|Westm|(?:Cali|Pro)f|S(?:a(?:lop|sk)|uff|om|e[cn]|[qrxy])|(?:Bldg|Kan)s?|Here|P(?:enn?|k)|St(?:af)?|W(?:isc|arw|yo)|C(?:umb|olo)|B(?:lvd|rig)|(?:Ok|F)la|(?:Pk|[FH])wy|A(?:r(?:iz|k)|lt?a|tty|m[bd])|(?:Cap|S(?:up|g)|On|Ru|U)t|(?:Ter|Cd|D[ou]|Sn|J)r|(?:Oxo|Co[nr]|Ten|Ke|Ge|Ho)n|Wash|N(?:eb|at)|W(?:is|ar|o)|C(?:al|ol?)|Qu[e\u00E9]|I(?:ll|a)|Tex|G(?:ov|a)|Ind|R(?:te|e[pv]|d)|Ida|(?:Yu|Da)k|(?:Or|Av)e|Ssx|Ok|La|Br|Rt|Id|V[at]|Ky|Lt|F[rt])$/;

/**
 * A place where retext-english certainly ends a sentence: a whole word of two letters or more, upper- or
 * lower-case ("rose.", "it.", "Group.", "NFL.", "eBay."), that is not one of its abbreviations, or a number of
 * four digits or more ("2019.": it reads one to three digits as an ordinal), then a full stop, question or
 * exclamation mark, closing quotes, white space, then a capital or a digit, maybe after an opening quote or
 * bracket. The parser tells such words apart only by its abbreviation lists, and joins the next sentence to
 * them only when that starts with a lower-case letter.
 *
 * Found in two steps: MAY_END finds the mark and what follows it (group 1: the white space between the
 * sentences), then certainWordBefore reads the word back from the mark. One regex for both, starting at the
 * white space before the word, was tried at every character of the text and cost eight times as much.
 */
const MAY_END = /[.!?]["'”’»)]*(\s+)(?=["'“‘«(]?[\p{Lu}\d])/gu;

/** Classes of code units for certainWordBefore, each found on first use by the regexes named. */
const LOWER_LETTER = 1; // \p{Ll}
const UPPER_LETTER = 2; // \p{Lu}
const DIGIT = 3; // 0-9
const WHITE_SPACE = 4; // \s
const OTHER_UNIT = 5; // anything else, and each half of a surrogate pair
const UNIT_CLASS = new Uint8Array(0x10000);

function unitClass(unit: number): number {
  let known = UNIT_CLASS[unit]!;
  if (known === 0) {
    const char = String.fromCharCode(unit);
    if (/\p{Ll}/u.test(char)) known = LOWER_LETTER;
    else if (/\p{Lu}/u.test(char)) known = UPPER_LETTER;
    else if (unit >= 0x30 && unit <= 0x39) known = DIGIT;
    else if (/\s/u.test(char)) known = WHITE_SPACE;
    else known = OTHER_UNIT;
    UNIT_CLASS[unit] = known;
  }
  return known;
}

const isLetterClass = (known: number) => known === LOWER_LETTER || known === UPPER_LETTER;

/**
 * The word before a sentence mark at `end`, when it is a whole word a certain end can follow: two upper- or
 * lower-case letters or more, or four digits or more, with white space or the start of the text before it;
 * null otherwise. (Letters outside the Basic Multilingual Plane end the word: fewer certain ends, never a
 * wrong one.)
 */
function certainWordBefore(text: string, end: number): string | null {
  if (end === 0) return null;
  let start = end;
  const last = unitClass(text.charCodeAt(end - 1));
  if (last === DIGIT) {
    while (start > 0 && unitClass(text.charCodeAt(start - 1)) === DIGIT) start--;
    if (end - start < 4) return null;
  } else if (isLetterClass(last)) {
    while (start > 0 && isLetterClass(unitClass(text.charCodeAt(start - 1)))) start--;
    if (end - start < 2) return null;
  } else return null;
  if (start > 0 && unitClass(text.charCodeAt(start - 1)) !== WHITE_SPACE) return null;
  return text.slice(start, end);
}

/**
 * Whether retext-english reads a word before a full stop as an abbreviation, and so keeps the stop, and the
 * sentence after it, in the word's sentence: a single letter, one to three digits (an ordinal), an
 * initialism ("U.S", "e.g"), or a word of its lists.
 */
function parserAbbreviation(word: string): boolean {
  const lower = word.toLowerCase();
  return (
    INITIAL_OR_ORDINAL.test(word) ||
    PARSER_ABBREVIATIONS.has(lower) ||
    PARSER_TWO_LETTER_ABBREVIATIONS.has(lower) ||
    PARSER_CAPITALISED_ABBREVIATIONS.test(word)
  );
}
const INITIAL_OR_ORDINAL = /^(?:[A-Za-z]|\d{1,3}|(?:[A-Za-z]\.)+[A-Za-z])$/u;

/**
 * A full stop after a whole word of ASCII letters, one to three digits or an initialism, with the parser's
 * white space before the word and after the stop: where that word is an abbreviation to the parser
 * (parserAbbreviation), the stop ends no sentence, whatever follows ("Mr. Smith", "U.S. troops", "John F.
 * Kennedy", "No. 5. It").
 */
const STOP_AFTER_WORD = new RegExp(
  `(?<=^|${PARSER_SPACE})([A-Za-z]+|\\d{1,3}|(?:[A-Za-z]\\.)+[A-Za-z])\\.(?=${PARSER_SPACE})`,
  'gu',
);

/** Whether retext-english gives a piece of text as one sentence (see ONE_SENTENCE and STOP_AFTER_WORD). */
function oneSentence(piece: string): boolean {
  if (ONE_SENTENCE.test(piece)) return true;
  const stopsKept = piece.replace(STOP_AFTER_WORD, (stop, word: string) =>
    parserAbbreviation(word) ? word : stop,
  );
  return ONE_SENTENCE.test(stopsKept);
}

/**
 * Most of a paragraph's sentences end at a certain end and hold no other sentence mark: such a piece is one
 * sentence, found without the parser (its most expensive part, and most of the text skips it). The rest is
 * parsed piece by piece, which gives what parsing the whole paragraph gives.
 */
function pieces(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  // exec on the one global regex rather than matchAll, which clones it for every paragraph (it runs on all
  // of them); the regex never matches empty, so the loop ends, and nothing else uses it meanwhile.
  MAY_END.lastIndex = 0;
  for (let m = MAY_END.exec(text); m !== null; m = MAY_END.exec(text)) {
    const word = certainWordBefore(text, m.index);
    if (word === null || parserAbbreviation(word)) continue;
    const space = m.index + m[0].length - m[1]!.length;
    out.push([from, space]);
    from = space + m[1]!.length;
  }
  out.push([from, text.length]);
  return out;
}

/** [start, end) offsets of retext-english's sentences in text. */
export function parsedSentences(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const [chunkFrom, chunkTo] of parseChunks(text)) {
    const chunk = text.slice(chunkFrom, chunkTo);
    for (const [from, to] of pieces(chunk)) {
      const piece = chunk.slice(from, to);
      const offset = chunkFrom + from;
      if (oneSentence(piece)) {
        let start = 0;
        while (start < piece.length && PARSER_SPACE_CHAR.test(piece[start]!)) start++;
        let end = piece.length;
        while (end > start && PARSER_SPACE_CHAR.test(piece[end - 1]!)) end--;
        if (end > start) spans.push([offset + start, offset + end]);
      } else spans.push(...parserSentences(piece, offset));
    }
  }
  return spans;
}

/** retext-english's sentences in text, shifted by offset. */
function parserSentences(text: string, offset: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const tree = parser.parse(text) as Root;
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    for (const sentence of paragraph.children) {
      if (sentence.type !== 'SentenceNode') continue;
      const start = sentence.position?.start.offset;
      const end = sentence.position?.end.offset;
      if (start !== undefined && end !== undefined) spans.push([offset + start, offset + end]);
    }
  }
  return spans;
}

/**
 * retext-english's cost and memory grow faster than the text (a 10 MB string: about a minute and 1.2 GB), so
 * a very long paragraph (a page dumped without line breaks) is parsed in pieces cut at plain sentence ends:
 * a full stop, question or exclamation mark after a lower-case word of three letters or more, then a capital.
 */
export const MAX_PARSE_CHARS = 20_000;
const PLAIN_SENTENCE_END = /(?<=\p{Ll}{3}[.!?]["'”’»)]*)\s+(?=["'“‘«(]?\p{Lu})/gu;

export function parseChunks(text: string): Array<[number, number]> {
  if (text.length <= MAX_PARSE_CHARS) return [[0, text.length]];
  const out: Array<[number, number]> = [];
  let from = 0;
  while (text.length - from > MAX_PARSE_CHARS) {
    const window = text.slice(from, from + MAX_PARSE_CHARS);
    let cut = -1;
    for (const m of window.matchAll(PLAIN_SENTENCE_END)) if (m.index > MAX_PARSE_CHARS / 2) cut = m.index;
    // No plain sentence end in the second half of the window: cut at white space, or hard, rather than parse
    // an unbounded string.
    if (cut < 0) cut = Math.max(window.lastIndexOf(' '), MAX_PARSE_CHARS / 2);
    out.push([from, from + cut]);
    from += cut;
  }
  out.push([from, text.length]);
  return out;
}

/** The word before a sentence-ending full stop at the end of text ("fig" for "see Fig."), lower-cased. */
function lastWordBeforeStop(text: string): string | null {
  const trimmed = text.trimEnd();
  // Searched in the last 64 characters (an end-anchored pattern is otherwise tried from every position);
  // a match that starts the tail may be part of a longer word, so that case looks at the whole text.
  const tail = trimmed.slice(-64);
  let m = WORD_BEFORE_STOP.exec(tail);
  if (m && m.index === 0 && tail.length < trimmed.length) m = WORD_BEFORE_STOP.exec(trimmed);
  return m ? m[1]!.toLowerCase() : null;
}
const WORD_BEFORE_STOP = /(?:^|[\s(])([\p{L}°º.]+)\.$/u;

/** A list marker on its own: "1.", "2.)", "a)", "• 9.", "⁃10." */
const LIST_MARKER = /^[•⁃*–-]?\s?(?:\d{1,3}|[a-z])(?:\.\)|\.|\))$/u;
/** "[...]" marks a cut inside a quotation, not the end of a sentence. */
const ELISION_END = /\[(?:\.\.\.|…)\]["'”’»)]*$/u;
/** An ellipsis written with spaces (" . . .") after a space: a pause inside the sentence. */
const SPACED_ELLIPSIS_END = /(?:^|\s)\.\s\.\s\.$/u;

/** Two abbreviations written with a space ("z. B.", "p. ex."), as one key ("z.b"), at the end of text. */
const SPACED_PAIR_BEFORE_STOP = /(?:^|[\s(])(\p{L}{1,3})\.\s(\p{L}{1,3})\.$/u;

function spacedPair(text: string): string | null {
  const m = SPACED_PAIR_BEFORE_STOP.exec(text.slice(-16));
  return m ? `${m[1]}.${m[2]}`.toLowerCase() : null;
}

/** A number or a Roman numeral of two letters or more: what a label such as "No." or "Vol." stands before. */
const NUMBER_NEXT = /^["'“‘(«]?(?:\p{N}|#|[IVXLC]{2,}\b)/u;

function shouldJoin(previous: string, next: string, lex: Lexicon): boolean {
  const before = previous.trimEnd();
  if (LIST_MARKER.test(before)) return true;
  if (ELISION_END.test(before)) return true;
  if (SPACED_ELLIPSIS_END.test(before) && !/\.\s?\.\s\.\s\.$/u.test(before)) return true;
  const word = lastWordBeforeStop(before);
  if (word === null) return false;
  const firstWord = /^["'“‘(«]?([\p{L}’']+)/u.exec(next)?.[1] ?? '';
  const startsLowerOrDigit = /^["'“‘(«]?[\p{Ll}\p{N}]/u.test(next);
  if (lex.titles.has(word) || lex.inside.has(word)) return true;
  const pair = word.length <= 3 ? spacedPair(before) : null;
  if (pair !== null && lex.inside.has(pair)) return true;
  // "No. 1", "p. 55": a label joins what it labels; "Did you see it? No. I was out." ends at "No."
  if (lex.labels.has(word)) return startsLowerOrDigit || NUMBER_NEXT.test(next);
  if (lex.sometimes.has(word)) return !lex.starters.has(firstWord);
  return startsLowerOrDigit && /^\p{Ll}/u.test(next) && !CAMEL_START.test(next);
}

/** Boundaries retext-english misses inside one of its sentences. */
export const MISSED_BOUNDARY =
  /(?<=(?:^|[\s(])(\S+?)([.!?]+)["'”’»)]*)\s+(?=["'“‘«(]?(\p{Lu}[\p{Ll}’']*|\d|\p{Ll}+\p{Lu}))/gu;
/**
 * What every match of MISSED_BOUNDARY holds (its look-behind's sentence mark, closers, then its white space),
 * found by a plain forward search: most sentences hold none, and the boundary pattern, which starts with a
 * look-behind, is tried at every one of their characters. A test checks that text without it has no match.
 */
export const MAY_MISS_BOUNDARY = /[.!?]["'”’»)]*\s/u;
/** A name written with a lower-case first letter and a capital inside ("eBay", "iPhone", "iOS"). */
const CAMEL_START = /^["'“‘«(]?\p{Ll}+\p{Lu}/u;
/**
 * Sentences written without a space: "Hello world.Today is", "bought 1,000.That is". The match is the mark
 * (the boundary follows it), and the pattern starts with it: the search tries the look-arounds only at a
 * mark, not at every character (a pattern that starts with a look-behind is tried everywhere).
 */
export const GLUED_BOUNDARY = /[.!?](?=\p{Lu}\p{Ll}+\b)(?<=[\p{Ll}\d]{2}[.!?])/gu;
/** A list marker preceded by white space, for lists run together on one line. */
export const INLINE_MARKER =
  /(?:^|\s)(?<marker>(?<bullet>[•⁃*–-]?\s?)(?<label>\d{1,3}|[a-z])(?<close>\.\)|\.|\)))(?=\s)/gu;
/**
 * The close marks of INLINE_MARKER's matches: the pattern starts with the mark, and what stands before it is
 * a look-behind, so that the search tries the rest only at a full stop or a bracket, not at every white space.
 */
const INLINE_MARKER_CLOSE = /(?:\.\)|\.|\))(?=\s)(?<=(?:^|\s)[•⁃*–-]?\s?(?:\d{1,3}|[a-z])(?:\.\)|\.|\)))/gu;
/** The most code units of an INLINE_MARKER match before its close: a white space, a bullet, a space, 3 digits. */
const MARKER_REACH = 6;

/**
 * text.matchAll(INLINE_MARKER), found close mark first: each close (INLINE_MARKER_CLOSE) ends exactly one
 * match, and the match is INLINE_MARKER's first from at most MARKER_REACH before the close (never before the
 * previous match's end). A match holds no full stop or bracket but its close, so no earlier one starts
 * between. A test checks it against matchAll.
 */
export function inlineMarkers(text: string): RegExpExecArray[] {
  const markers: RegExpExecArray[] = [];
  let from = 0;
  for (const close of text.matchAll(INLINE_MARKER_CLOSE)) {
    INLINE_MARKER.lastIndex = Math.max(from, close.index - MARKER_REACH);
    const m = INLINE_MARKER.exec(text);
    if (m === null) break; // never: the close has its match
    markers.push(m);
    from = INLINE_MARKER.lastIndex;
  }
  INLINE_MARKER.lastIndex = 0;
  return markers;
}

const LOWER_ITEM = /^\s+["'“‘(«]?\p{Ll}/u;

function ordinal(label: string): number {
  return /^\d/u.test(label) ? Number(label) : label.charCodeAt(0) - 96;
}

/** Starts of the items of a run-together list ("1) x 2) y", "a. x b. y"): numbered in sequence, same style. */
function listItemStarts(text: string): number[] {
  const markers = mapPacked(inlineMarkers(text), (m) => {
    const { marker, bullet, label, close } = m.groups as Record<string, string>;
    return {
      at: m.index + m[0].length - marker!.length,
      // "options: 1) stay home or 2) go out" enumerates inside one sentence
      lowerItem: LOWER_ITEM.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8)),
      lettered: !/^\d/u.test(label!),
      style: `${bullet!.trim()}|${/^\d/u.test(label!) ? '1' : 'a'}|${close}`,
      n: ordinal(label!),
    };
  });
  const startsAtA = new Set(markers.filter((m) => m.lettered && m.n === 1).map((m) => m.style));
  const starts = new Set<number>();
  for (let i = 0; i + 1 < markers.length; i++) {
    const a = markers[i]!;
    const b = markers[i + 1]!;
    // A lettered list starts at "a": "I. x J. y" are initials, not a list.
    if (a.lettered && !startsAtA.has(a.style)) continue;
    if (a.style === b.style && b.n === a.n + 1 && !a.lowerItem && !b.lowerItem) {
      starts.add(a.at);
      starts.add(b.at);
    }
  }
  return [...starts];
}

/** A number before a full stop: "65", "1,000", "$4.5", "9.5/10", "3:45". */
const NUMBER_WORD = /^[$€£¥₹]?\d(?:[\d,.:/]*\d)?%?$/u;
/** The whole word a boundary opens ("Mr", "ET", "Counting"). */
const NEXT_WORD = /^["'“‘«(]?([\p{L}\p{N}’']+)/u;

function nextWordAt(text: string, at: number): string | undefined {
  return NEXT_WORD.exec(text.slice(at, at + 64))?.[1];
}

/**
 * After a time ("at 6 p.m."), a capitalised word that is not a day, month or zone ("Monday", "Eastern") and
 * not an acronym ("ET") starts a new sentence, unless the time opens the sentence ("At 5 a.m. Mr. Smith
 * went": at most three words before the time).
 */
function endsAtTime(sentenceSoFar: string, nextWord: string, lex: Lexicon): boolean {
  if (!/^\p{Lu}/u.test(nextWord) || !/\p{Ll}/u.test(nextWord)) return false;
  if (lex.afterTime.has(nextWord)) return false;
  const wordsBefore = sentenceSoFar.trim().split(/\s+/u).length - 1;
  return wordsBefore > 3;
}

/** A word the language or the parser reads as an abbreviation before a full stop. */
function isAbbreviation(lower: string, lex: Lexicon): boolean {
  return (
    lex.titles.has(lower) ||
    lex.labels.has(lower) ||
    lex.inside.has(lower) ||
    lex.sometimes.has(lower) ||
    PARSER_ABBREVIATIONS.has(lower)
  );
}

/** Whether the word at `at` is written like "eBay" (the boundary pattern only sees its first capital). */
function camelWord(text: string, at: number): boolean {
  return CAMEL_START.test(text.slice(at, at + 32));
}

function missedSplits(text: string, start: number, end: number, lex: Lexicon): number[] {
  const out: number[] = [];
  const piece = text.slice(start, end);
  if (!MAY_MISS_BOUNDARY.test(piece)) return out;
  let sentenceStart = 0;
  for (const m of piece.matchAll(MISSED_BOUNDARY)) {
    const word = m[1]!;
    const next = m[3]!;
    const cut = m.index + m[0].length;
    if (cut >= piece.length) continue;
    const fullStop = m[2] === '.';
    const lower = word.toLowerCase();
    if (fullStop && (lex.titles.has(lower) || lex.inside.has(lower))) continue;
    // "z. B. Die": the second half of an abbreviation written with a space
    if (fullStop && word.length <= 3) {
      const pair = spacedPair(piece.slice(Math.max(0, m.index - 16), m.index + word.length + 2).trimEnd());
      if (pair !== null && lex.inside.has(pair)) continue;
    }
    if (/^\p{Ll}/u.test(next) && !camelWord(piece, cut)) continue;
    const starter = lex.starters.has(next);
    // A number and a full stop: a sentence end before a capital ("He was 65. He left."), but only before a
    // sentence starter where a full stop after a number marks an ordinal ("am 3. Oktober").
    const numberBefore =
      NUMBER_WORD.test(word) && fullStop && !/^\d/u.test(next) && (starter || !lex.ordinalDot);
    // "U.S. How", "E.U. The", "you and I. Did", "Co. It", "6 p.m. Then", "6 P.M. Mr. Smith"
    const dotted = /^(?:\p{L}\.)+\p{L}$/u.test(word);
    const dottedBefore =
      dotted &&
      (starter ||
        (fullStop &&
          lex.times.has(lower) &&
          endsAtTime(piece.slice(sentenceStart, m.index), nextWordAt(piece, cut) ?? next, lex)));
    const initialBefore = /^\p{Lu}$/u.test(word) && fullStop && starter;
    // "rose last year. eBay shares fell": after a plain lower-case word that is no abbreviation
    const camelAfterWord =
      fullStop && /^\p{Ll}/u.test(next) && /^\p{Ll}{2,}$/u.test(word) && !isAbbreviation(lower, lex);
    const abbreviationBefore = lex.sometimes.has(lower) && fullStop && starter;
    // The last 80 characters hold any word that can be a label (all are short), so the search stays local.
    const previousWord =
      /(\p{L}+)\.?\s*$/u
        .exec(piece.slice(Math.max(0, m.index - 80), m.index).trimEnd())?.[1]
        ?.toLowerCase() ?? '';
    const afterLabel = lex.labels.has(previousWord); // "No. 5. The" is still a boundary, "p. 55." is not
    if (
      (numberBefore && !afterLabel) ||
      dottedBefore ||
      initialBefore ||
      abbreviationBefore ||
      camelAfterWord
    ) {
      out.push(start + cut);
      sentenceStart = cut;
    }
  }
  return out;
}

/** Lines of at most this many words without a sentence end are units of their own. */
const SHORT_LINE_WORDS = 3;

/** The white-space-delimited token around position at. */
function tokenAt(text: string, at: number): string {
  const before = /\S*$/u.exec(text.slice(0, at))?.[0] ?? '';
  const after = /^\S*/u.exec(text.slice(at))?.[0] ?? '';
  return before + after;
}

const LINE_BREAK_AFTER_UNPUNCTUATED = /(?<=^|\n)([^\n]*[^\s.!?:;,…"'”’»)])[ \t]*\n(?=[ \t]*\S)/gu;
const AFTER_SPACED_ELLIPSIS = /(?<=\s\.\s\.\s\.\s\.)\s+(?=["'“‘«(]?\p{Lu})/gu;

/** The marks of SENTENCE_MARKS that pass a test, as one string. */
const marksWhere = (keep: (mark: SentenceMark) => boolean): string =>
  SENTENCE_MARKS.filter(keep)
    .map((m) => m.mark)
    .join('');
/** The full-width full stop is also a decimal point: a sentence end only between characters that are no digits. */
const FULL_WIDTH_STOP = '．';

/**
 * Sentence ends of scripts the parser does not know, each with the closing quotes and brackets that follow
 * it: CJK 。！？ (full-width ．only between non-digits, half-width ｡; not ASCII ! ? between CJK characters,
 * where scraped text often has a "?" for a lost "·" in a name: 巴兹?奥尔德林), Devanagari danda । ॥, Arabic ؟ and Urdu ۔, Armenian ։, Ethiopic ። ፧, Myanmar ။, Khmer ។, the Greek
 * question mark ;. Thai and Lao write no sentence mark (a space separates sentences and also clauses): left
 * as the parser gives them. The marks come from SENTENCE_MARKS (stages/lexicon.ts), those the parser does
 * not split at itself; the closers from CLOSING_MARKS and the straight quotes.
 */
const SCRIPT_END = new RegExp(
  `(?:${charClass(marksWhere((m) => !m.parsed && m.unspaced && m.mark !== FULL_WIDTH_STOP))}` +
    `|(?<![0-9\\uFF10-\\uFF19])${FULL_WIDTH_STOP}(?![0-9\\uFF10-\\uFF19])` +
    `|${charClass(marksWhere((m) => !m.parsed && !m.unspaced))})+${charClass(CLOSING_MARKS + STRAIGHT_QUOTES)}*`,
  'gu',
);
/** Marks that end a sentence without a following space (CJK); the others need white space after them. */
const UNSPACED_END = new RegExp(charClass(marksWhere((m) => m.unspaced)), 'u');
/** After a CJK sentence mark, what continues the sentence: a comma, a colon, a quotative particle (と, って). */
const CJK_CONTINUES = /[、，,：:；;とっ]/u;
/** Any character SCRIPT_END can match first: texts without one skip its scan. */
export const SCRIPT_END_CHAR = new RegExp(charClass(marksWhere((m) => !m.parsed)), 'u');

function scriptEnds(text: string, out: number[]): void {
  for (const m of text.matchAll(SCRIPT_END)) {
    const at = m.index + m[0].length;
    if (at >= text.length) continue;
    const following = text[at]!;
    if (/\s/u.test(following)) out.push(at);
    else if (UNSPACED_END.test(m[0]) && !CJK_CONTINUES.test(following)) out.push(at);
  }
}

/** A bullet between white space: "• First point • Second point" is a list run together on one line. */
const INLINE_BULLET = /(?<=^|\s)[•◦▪●■‣](?=\s)/gu;
const BULLET_CHAR = /[•◦▪●■‣]/;

/**
 * Lines broken without punctuation: a short line (a label, a list item) ends there; a longer line ends
 * there when the next line opens with a sentence starter and the line does not end in one ("Background of
 * the case\nThe town was founded" but not "a meeting with\nThe Times"); otherwise it is a sentence wrapped
 * mid-way ("a sentence\ncut off in the middle").
 */
function lineBreaks(text: string, lex: Lexicon, out: number[]): void {
  for (const m of text.matchAll(LINE_BREAK_AFTER_UNPUNCTUATED)) {
    const lineWords = m[1]!.trim().split(/\s+/u);
    const at = m.index + m[0].length;
    if (lineWords.length <= SHORT_LINE_WORDS) out.push(at);
    else {
      let start = at;
      while (text[start] === ' ' || text[start] === '\t') start++;
      const nextWord = nextWordAt(text, start);
      const lastWord = lineWords[lineWords.length - 1]!;
      const endsInStarter = lex.lowerStarters.has(lastWord.toLowerCase());
      if (nextWord !== undefined && lex.starters.has(nextWord) && !endsInStarter) out.push(at);
    }
  }
}

/** Boundaries found on the whole text rather than inside one parsed sentence. */
function textSplits(text: string, lex: Lexicon): number[] {
  const out: number[] = [];
  if (SCRIPT_END_CHAR.test(text)) scriptEnds(text, out);
  for (const m of text.matchAll(GLUED_BOUNDARY)) {
    const at = m.index + 1; // after the mark
    // Not inside an e-mail or web address: "Jane.Doe@example.com", "www.Example.com".
    if (!/@|www\.|:\/\//u.test(tokenAt(text, at))) out.push(at);
  }
  for (const at of listItemStarts(text)) if (at > 0) out.push(at);
  if (text.includes('\n')) lineBreaks(text, lex, out);
  const bullets = BULLET_CHAR.test(text) ? [...text.matchAll(INLINE_BULLET)] : [];
  if (bullets.length >= 2) for (const m of bullets) if (m.index > 0) out.push(m.index);
  // An ellipsis and a full stop written with spaces (" . . . . Next") end the sentence.
  const spacedEllipses = /\.\s\.\s\.\s\./u.test(text) ? text.matchAll(AFTER_SPACED_ELLIPSIS) : [];
  for (const m of spacedEllipses) out.push(m.index + m[0].length);
  return out;
}

/**
 * A sentence that ends in a four-dot ellipsis after a word ("compounds. . . . The") ends at the first
 * full stop; the spaced ellipsis opens the next sentence, as style guides write an omission.
 */
function moveFourDotEllipsis(text: string, spans: Array<[number, number]>): void {
  for (let i = 0; i + 1 < spans.length; i++) {
    const span = spans[i]!;
    const piece = text.slice(span[0], span[1]).trimEnd();
    const m = /\S(\.)(\s\.\s\.\s\.)$/u.exec(piece);
    if (!m) continue;
    const cut = span[0] + m.index + 2;
    span[1] = cut;
    spans[i + 1]![0] = cut;
  }
}

/**
 * Closing quotes and brackets the parser gives to the next sentence: „Wir gehen.“ Dann / »Wir gehen.« Dann /
 * « Nous partons. » Puis. A mark at the start of a sentence, followed by white space, closes the sentence
 * before when it follows that sentence's end directly (“ « ‹ " ' open a quote in some languages and close it
 * in others) or is a mark that only closes (” » › ’ and closing brackets; French writes a space before »).
 * When the sentence goes on after the mark (a comma, a lower-case word), the two are one sentence.
 */
const JS_SPACE = /^\s$/u;
const CLOSERS = STRAIGHT_QUOTES + TURNED_QUOTES + CLOSING_MARKS;
const LEADING_CLOSER = new RegExp(`^(\\s*)(${charClass(CLOSERS)}+)(?=[\\s,;:]|$)`, 'u');
/** After the closing mark, the sentence goes on: „Komm!“ und lief los / „Kommst du?“, fragte sie / „Was?“ – dann. */
const GOES_ON = /^\s*(?:[,;:\p{Ll}]|[–—-]\s*\p{Ll})/u;
const ONLY_CLOSES = new RegExp(`^${charClass(CLOSING_MARKS)}+$`, 'u');

function moveClosingQuotes(text: string, spans: Array<[number, number]>): void {
  for (let i = 0; i + 1 < spans.length; i++) {
    const previous = spans[i]!;
    const next = spans[i + 1]!;
    let first = next[0];
    while (first < next[1] && JS_SPACE.test(text[first]!)) first++;
    if (first === next[1] || !CLOSERS.includes(text[first]!)) continue; // most sentences: no regex, no slice
    const m = LEADING_CLOSER.exec(text.slice(next[0], next[1]));
    if (!m) continue;
    const gap = text.slice(previous[1], next[0]) + m[1]!;
    const before = text.slice(previous[0], previous[1]).trimEnd();
    if (!endsLikeSentence(before)) continue;
    const glued = gap.trim() === '' && gap.length === 0 && before.length === previous[1] - previous[0];
    if (!glued && !ONLY_CLOSES.test(m[2]!)) continue;
    const cut = next[0] + m[0].length;
    if (GOES_ON.test(text.slice(cut, next[1]))) {
      previous[1] = next[1];
      spans.splice(i + 1, 1);
      i--;
      continue;
    }
    previous[1] = cut;
    next[0] = cut;
  }
}

/**
 * Where a parsed sentence [start, end) is cut: its ends and the splits found inside it, distinct, in order.
 * Most sentences have no split inside: their two ends are the answer, without the set, the spread arrays
 * and the sort (a test checks the shortcut against them).
 */
export function sentenceCuts(
  start: number,
  end: number,
  missed: readonly number[],
  inside: readonly number[],
): number[] {
  if (missed.length === 0 && inside.length === 0) {
    if (start === end) return [start];
    return start < end ? [start, end] : [end, start];
  }
  return [...new Set([start, ...missed, ...inside, end])].sort((a, b) => a - b);
}

/**
 * [start, end) offsets of the sentences of text, written in the given language (ISO 639-1; its abbreviations
 * and conventions, see SENTENCE_LANGUAGES).
 */
export function splitSentences(text: string, language = 'en'): Array<[number, number]> {
  const lex = lexiconFor(language);
  const spans: Array<[number, number]> = [];
  const extra = textSplits(text, lex).sort((a, b) => a - b);
  let next = 0; // parsed sentences come in order: walk the sorted cuts once
  for (const [start, end] of parsedSentences(text)) {
    while (next < extra.length && extra[next]! <= start) next++;
    const inside: number[] = [];
    for (let k = next; k < extra.length && extra[k]! < end; k++) inside.push(extra[k]!);
    const cuts = sentenceCuts(start, end, missedSplits(text, start, end, lex), inside);
    for (let i = 0; i + 1 < cuts.length; i++) spans.push([cuts[i]!, cuts[i + 1]!]);
  }
  const joined: Array<[number, number]> = [];
  for (const span of spans) {
    const previous = joined[joined.length - 1];
    if (previous && shouldJoin(text.slice(...previous), text.slice(...span).trimStart(), lex))
      previous[1] = span[1];
    else joined.push([span[0], span[1]]);
  }
  moveFourDotEllipsis(text, joined);
  moveClosingQuotes(text, joined);
  // Sentence text excludes surrounding white space. (A loop that pushes, not map and filter: V8's optimised
  // map makes a holey array where its interpreter makes a packed one, and callers seeing both kinds were
  // compiled twice.)
  const out: Array<[number, number]> = [];
  for (const [start, end] of joined) {
    const piece = text.slice(start, end);
    const from = start + piece.length - piece.trimStart().length;
    const to = start + piece.trimEnd().length;
    if (to > from) out.push([from, to]);
  }
  return out;
}

/**
 * The sentences of the document's body, split by the rules of its language (ISO 639-1, from the language
 * stage; 'und' and languages without data of their own use English's lists, as the parser does).
 */
export function sentences(doc: DocState, language: string = doc.metadata.language): DocState {
  const out: Sentence[] = [];
  for (const run of bodyRuns(doc)) {
    const span = applyEdits(doc.raw, run.rawStart, run.rawEnd, doc.edits);
    for (const [start, end] of splitSentences(span.text, language)) {
      const rawStart = span.startToRaw(start);
      const rawEnd = span.endToRaw(end);
      const text = applyEdits(doc.raw, rawStart, rawEnd, doc.edits).text;
      out.push({ paragraph: run.paragraph, rawStart, rawEnd, text });
    }
  }
  return { ...doc, sentences: out };
}
