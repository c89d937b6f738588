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
  'mr mrs ms dr prof gen gov sen rep lt col capt sgt rev hon st mt no nos fig figs p pp vol art sec ch ref approx vs'.split(
    ' ',
  ),
);
/** Abbreviations that may end a sentence: joined only when the next sentence starts in lower case or a digit. */
const SOMETIMES_JOINED = new Set(
  'inc co corp ltd jr sr etc al jan feb mar apr jun jul aug sep sept oct nov dec est cf'.split(' '),
);
/** Words that start a sentence far more often than they follow "U.S." or "p.m." inside one. */
const SENTENCE_STARTERS = new Set(
  `The A An He She It They We I You This That These Those There His Her Its Their Our But And However
  Meanwhile After Before When While If As Then Now Later Earlier Protests Police Officials`.split(/\s+/u),
);

/** [start, end) offsets of retext-english's sentences in text. */
export function parsedSentences(text: string): Array<[number, number]> {
  const tree = parser.parse(text) as Root;
  const spans: Array<[number, number]> = [];
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    for (const sentence of paragraph.children) {
      if (sentence.type !== 'SentenceNode') continue;
      const start = sentence.position?.start.offset;
      const end = sentence.position?.end.offset;
      if (start !== undefined && end !== undefined) spans.push([start, end]);
    }
  }
  return spans;
}

/** The word before a sentence-ending full stop at the end of text ("Fig" for "see Fig."), lower-cased. */
function lastWordBeforeStop(text: string): string | null {
  const m = /(?:^|[\s(])([\p{L}.]+)\.$/u.exec(text.trimEnd());
  return m ? m[1]!.toLowerCase() : null;
}

function shouldJoin(previous: string, next: string): boolean {
  const word = lastWordBeforeStop(previous);
  if (word === null) return false;
  const startsLowerOrDigit = /^["'“‘(«]?[\p{Ll}\p{N}]/u.test(next);
  if (ALWAYS_JOINED.has(word)) return true;
  if (SOMETIMES_JOINED.has(word) && startsLowerOrDigit) return true;
  return startsLowerOrDigit && /^\p{Ll}/u.test(next);
}

/** Boundaries retext-english misses inside one of its sentences. */
const MISSED_BOUNDARY = /(?<=(?:^|[\s(])(\S+?)([.!?]+)["'”’»)]*)\s+(?=["'“‘«(]?(\p{Lu}\p{Ll}*|\d))/gu;

function missedSplits(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  const piece = text.slice(start, end);
  for (const m of piece.matchAll(MISSED_BOUNDARY)) {
    const word = m[1]!;
    const next = m[3]!;
    const cut = m.index + m[0].length;
    if (cut >= piece.length) continue;
    const numberBefore = /^[$€£]?\d[\d,]*$/u.test(word) && m[2] === '.';
    const dottedBefore = /^(?:\p{L}\.)+\p{L}$/u.test(word) && SENTENCE_STARTERS.has(next);
    const previousWord = /(\p{L}+)\.?\s*$/u.exec(piece.slice(0, m.index).trimEnd())?.[1]?.toLowerCase() ?? '';
    const afterLabel = ALWAYS_JOINED.has(previousWord); // "No. 5. The" is still a boundary, "p. 55." is not
    if ((numberBefore && !/^\d/u.test(next) && !afterLabel) || dottedBefore) out.push(start + cut);
  }
  return out;
}

export function splitSentences(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const [start, end] of parsedSentences(text)) {
    const cuts = [start, ...missedSplits(text, start, end), end];
    for (let i = 0; i + 1 < cuts.length; i++) spans.push([cuts[i]!, cuts[i + 1]!]);
  }
  const joined: Array<[number, number]> = [];
  for (const span of spans) {
    const previous = joined[joined.length - 1];
    if (previous && shouldJoin(text.slice(...previous), text.slice(...span).trimStart()))
      previous[1] = span[1];
    else joined.push([span[0], span[1]]);
  }
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
      const rawStart = span.startToRaw[start]!;
      const rawEnd = span.endToRaw[end]!;
      const text = applyEdits(doc.raw, rawStart, rawEnd, doc.edits).text;
      out.push({ paragraph: run.paragraph, rawStart, rawEnd, text });
    }
  }
  return { ...doc, sentences: out };
}
