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
import { applyEdits, bodyRuns } from './document.js';

const parser = unified().use(retextEnglish).freeze();

/** Abbreviations that never end a sentence: a title before a name, a label before a number. */
const ALWAYS_JOINED = new Set(
  'mr mrs ms dr prof gen gov sen rep lt col capt sgt rev hon st mt no nos n° nº fig figs p pp vol art sec ch ref approx vs'.split(
    ' ',
  ),
);
/** Abbreviations that may end a sentence: joined unless the next sentence clearly starts a new one. */
const SOMETIMES_JOINED = new Set(
  'inc co corp ltd jr sr etc al jan feb mar apr jun jul aug sep sept oct nov dec est cf'.split(' '),
);
/**
 * Words that start a sentence far more often than they follow an abbreviation inside one: capitalised
 * function words (pronouns, determiners, auxiliaries, conjunctions, question words) and sentence adverbs.
 * "U.S. Army" or "Co. Ltd" go on; "U.S. How about you?" and "Co. It closed" do not.
 */
const SENTENCE_STARTERS = new Set(
  `The A An He She It They We I You This That These Those There Here His Her Its Their Our My Your But And
  Or So Yet Nor However Meanwhile After Before When While If As Then Now Later Earlier Still Also Although
  Though Because Since Thus Hence Instead Indeed Yes No Not How What Why Where Who Whom Whose Which Whether
  Is Are Was Were Do Does Did Has Have Had Can Could Will Would Shall Should May Might Must Let In On At
  For From With By To Of Some Many Most All Each Every Both Few Several Such Other Another One Two Three`.split(
    /\s+/u,
  ),
);

/**
 * Text whose only sentence-ending marks (parse-latin's terminal markers ! . ? … ‽) are at its very end,
 * followed at most by closing quotes or brackets, on one line: retext-english gives it as one sentence from
 * its first to its last non-space character.
 */
const ONE_SENTENCE = /^[^!.?\u2026\u203D\n\r\v\f\u0085\u2028\u2029]*[!.?\u2026\u203D]*["'”’»)\]]*[ \t]*$/u;

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
 * A place where retext-english certainly ends a sentence: a whole lower-case word of three letters or more
 * (not one of its abbreviations), a full stop, question or exclamation mark, closing quotes, white space,
 * then a capital, maybe after an opening quote. Group 1 is the word, group 2 the space between the sentences
 * (matched forwards: a look-behind would be tried at every character).
 */
const CERTAIN_END = /(?:^|\s)(\p{Ll}{3,})[.!?]["'”’»)]*(\s+)(?=["'“‘«]?\p{Lu})/gu;

/**
 * Most of a paragraph's sentences end at a certain end and hold no other sentence mark: such a piece is one
 * sentence, found without the parser (its most expensive part, and most of the text skips it). The rest is
 * parsed piece by piece, which gives what parsing the whole paragraph gives.
 */
function pieces(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (const m of text.matchAll(CERTAIN_END)) {
    if (PARSER_ABBREVIATIONS.has(m[1]!)) continue;
    const space = m.index + m[0].length - m[2]!.length;
    out.push([from, space]);
    from = space + m[2]!.length;
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
      if (ONE_SENTENCE.test(piece)) {
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

function shouldJoin(previous: string, next: string): boolean {
  const before = previous.trimEnd();
  if (LIST_MARKER.test(before)) return true;
  if (ELISION_END.test(before)) return true;
  if (SPACED_ELLIPSIS_END.test(before) && !/\.\s?\.\s\.\s\.$/u.test(before)) return true;
  const word = lastWordBeforeStop(before);
  if (word === null) return false;
  const firstWord = /^["'“‘(«]?([\p{L}’']+)/u.exec(next)?.[1] ?? '';
  const startsLowerOrDigit = /^["'“‘(«]?[\p{Ll}\p{N}]/u.test(next);
  if (ALWAYS_JOINED.has(word)) return true;
  if (SOMETIMES_JOINED.has(word)) return !SENTENCE_STARTERS.has(firstWord);
  return startsLowerOrDigit && /^\p{Ll}/u.test(next);
}

/** Boundaries retext-english misses inside one of its sentences. */
const MISSED_BOUNDARY = /(?<=(?:^|[\s(])(\S+?)([.!?]+)["'”’»)]*)\s+(?=["'“‘«(]?(\p{Lu}[\p{Ll}’']*|\d))/gu;
/** Sentences written without a space: "Hello world.Today is", "bought 1,000.That is". */
const GLUED_BOUNDARY = /(?<=[\p{Ll}\d]{2}[.!?])(?=\p{Lu}\p{Ll}+\b)/gu;
/** A list marker preceded by white space, for lists run together on one line. */
const INLINE_MARKER =
  /(?:^|\s)(?<marker>(?<bullet>[•⁃*–-]?\s?)(?<label>\d{1,3}|[a-z])(?<close>\.\)|\.|\)))(?=\s)/gu;

function ordinal(label: string): number {
  return /^\d/u.test(label) ? Number(label) : label.charCodeAt(0) - 96;
}

/** Starts of the items of a run-together list ("1) x 2) y", "a. x b. y"): numbered in sequence, same style. */
function listItemStarts(text: string): number[] {
  const markers = [...text.matchAll(INLINE_MARKER)].map((m) => {
    const { marker, bullet, label, close } = m.groups as Record<string, string>;
    return {
      at: m.index + m[0].length - marker!.length,
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
    if (a.style === b.style && b.n === a.n + 1) {
      starts.add(a.at);
      starts.add(b.at);
    }
  }
  return [...starts];
}

function missedSplits(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  const piece = text.slice(start, end);
  for (const m of piece.matchAll(MISSED_BOUNDARY)) {
    const word = m[1]!;
    const next = m[3]!;
    const cut = m.index + m[0].length;
    if (cut >= piece.length) continue;
    const numberBefore = /^[$€£]?\d[\d,]*$/u.test(word) && m[2] === '.';
    const starter = SENTENCE_STARTERS.has(next);
    // "U.S. How", "E.U. The", "you and I. Did", "Co. It", "6 p.m. Then"
    const dottedBefore = /^(?:\p{L}\.)+\p{L}$/u.test(word) && starter;
    const initialBefore = /^\p{Lu}$/u.test(word) && m[2] === '.' && starter;
    const abbreviationBefore = SOMETIMES_JOINED.has(word.toLowerCase()) && m[2] === '.' && starter;
    // The last 80 characters hold any word that can be a label (all are short), so the search stays local.
    const previousWord =
      /(\p{L}+)\.?\s*$/u
        .exec(piece.slice(Math.max(0, m.index - 80), m.index).trimEnd())?.[1]
        ?.toLowerCase() ?? '';
    const afterLabel = ALWAYS_JOINED.has(previousWord); // "No. 5. The" is still a boundary, "p. 55." is not
    if (
      (numberBefore && !/^\d/u.test(next) && !afterLabel) ||
      dottedBefore ||
      initialBefore ||
      abbreviationBefore
    ) {
      out.push(start + cut);
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

/** Boundaries found on the whole text rather than inside one parsed sentence. */
function textSplits(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(GLUED_BOUNDARY)) {
    // Not inside an e-mail or web address: "Jane.Doe@example.com", "www.Example.com".
    if (!/@|www\.|:\/\//u.test(tokenAt(text, m.index))) out.push(m.index);
  }
  for (const at of listItemStarts(text)) if (at > 0) out.push(at);
  // A line break after a short unpunctuated line (a label, a list item) ends it; a longer line broken
  // without punctuation is a sentence wrapped mid-way ("a sentence\ncut off in the middle").
  const lineBreaks = text.includes('\n') ? text.matchAll(LINE_BREAK_AFTER_UNPUNCTUATED) : [];
  for (const m of lineBreaks) {
    if (m[1]!.trim().split(/\s+/u).length <= SHORT_LINE_WORDS) out.push(m.index + m[0].length);
  }
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

export function splitSentences(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const extra = textSplits(text).sort((a, b) => a - b);
  let next = 0; // parsed sentences come in order: walk the sorted cuts once
  for (const [start, end] of parsedSentences(text)) {
    while (next < extra.length && extra[next]! <= start) next++;
    const inside: number[] = [];
    for (let k = next; k < extra.length && extra[k]! < end; k++) inside.push(extra[k]!);
    const cuts = [...new Set([start, ...missedSplits(text, start, end), ...inside, end])].sort(
      (a, b) => a - b,
    );
    for (let i = 0; i + 1 < cuts.length; i++) spans.push([cuts[i]!, cuts[i + 1]!]);
  }
  const joined: Array<[number, number]> = [];
  for (const span of spans) {
    const previous = joined[joined.length - 1];
    if (previous && shouldJoin(text.slice(...previous), text.slice(...span).trimStart()))
      previous[1] = span[1];
    else joined.push([span[0], span[1]]);
  }
  moveFourDotEllipsis(text, joined);
  // Sentence text excludes surrounding white space.
  return joined
    .map(([start, end]): [number, number] => {
      const piece = text.slice(start, end);
      const lead = piece.length - piece.trimStart().length;
      return [start + lead, start + piece.trimEnd().length];
    })
    .filter(([start, end]) => end > start);
}

export function sentences(doc: DocState): DocState {
  const out: Sentence[] = [];
  for (const run of bodyRuns(doc)) {
    const span = applyEdits(doc.raw, run.rawStart, run.rawEnd, doc.edits);
    for (const [start, end] of splitSentences(span.text)) {
      const rawStart = span.startToRaw(start);
      const rawEnd = span.endToRaw(end);
      const text = applyEdits(doc.raw, rawStart, rawEnd, doc.edits).text;
      out.push({ paragraph: run.paragraph, rawStart, rawEnd, text });
    }
  }
  return { ...doc, sentences: out };
}
