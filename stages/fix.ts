/**
 * fix: spacing and typing faults inside kept lines. Each rule is narrow: it says what it fixes, and the
 * tests say what it must never touch. A rule that is not sure reports a finding instead of editing.
 * Rules look at the raw line text, so every edit has exact raw offsets; edits never overlap.
 */

import { type DocState, type Edit, type Finding, looksLikeCode, mapPacked } from './document.js';
import {
  ANY_LANGUAGE,
  appliesTo,
  type Language,
  type Languages,
  SENTENCE_LANGUAGES,
  SPACE_BEFORE_HIGH_PUNCTUATION,
  UNDETERMINED,
} from './lexicon.js';

const STAGE = 'fix';

export interface FixOptions {
  readonly disable: readonly string[];
  /**
   * Findings logged per document; past it, one `findings-not-logged` finding per rule says how many more there
   * were and where they start and end. Findings change no text, so nothing needed to rebuild the raw text is
   * lost; without a cap, 6 MB of `word word …` logged 1.2 million of them (340 MB, GBs of memory).
   */
  readonly maxFindings: number;
  /**
   * Edits applied per document; past it, a candidate is not applied (the text keeps its raw form, so nothing
   * is damaged or lost) and one `edits-not-applied` finding per rule says how many and where.
   */
  readonly maxEdits: number;
}

/** The rule id of the summary finding written when a document has more than maxFindings findings. */
export const FINDINGS_NOT_LOGGED = 'findings-not-logged';

/** The rule id of the summary finding written for the fixes past maxEdits, left unapplied. */
export const EDITS_NOT_APPLIED = 'edits-not-applied';

interface Tally {
  count: number;
  rawStart: number;
  rawEnd: number;
}

/** Count one more past-the-cap item of a rule, widening the rule's span to cover it. */
function tally(tallies: Map<string, Tally>, rule: string, rawStart: number, rawEnd: number): void {
  const seen = tallies.get(rule);
  if (seen) {
    seen.count++;
    seen.rawStart = Math.min(seen.rawStart, rawStart);
    seen.rawEnd = Math.max(seen.rawEnd, rawEnd);
  } else tallies.set(rule, { count: 1, rawStart, rawEnd });
}

/** A proposed change at [start, end) of a line. after === null means: report, do not change. */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly after: string | null;
  readonly message: string;
}

export interface FixRule {
  readonly id: string;
  readonly why: string;
  /**
   * The languages (ISO 639-1) whose conventions the rule was written for: it runs only on documents detected
   * in one of them ('und' documents get only the rules for every language). A rule whose word list or
   * typography is English's says ['en'].
   */
  readonly languages: Languages;
  readonly example: { readonly before: string; readonly after: string };
  /** A cheap necessary condition: lines that fail it cannot match, so find() is not run on them. */
  readonly needs: Needs;
  /** The candidates on a line of a document in `language` (UNDETERMINED when not given). */
  readonly find: (line: string, language?: Language) => Candidate[];
}

/** A needs() test; one made by needsMatch() also carries its regex. */
export type Needs = ((line: string) => boolean) & { readonly pattern?: RegExp };

/** needs() as one regex (u flag, no groups): fix() tests all such regexes at once before asking each rule. */
function needsMatch(pattern: RegExp): Needs {
  if (pattern.flags !== 'u') throw new Error(`needs pattern ${pattern} must have exactly the u flag`);
  return Object.assign((line: string) => pattern.test(line), { pattern });
}

/** Frequent words that begin sentences; a fix that would produce one of these is safe to make. */
const COMMON_WORDS = new Set(
  `a about according after again against all also although among an and another any are around as at
  because been before being both but by can could despite did do does during each earlier even every few
  for from had has have he her here his how however i if in into is it its just last later many may
  meanwhile more most much my new no nor not now of officials on once one only or other our over people
  police president protests since so some still such than that the their then there these they this
  those though thus to today two under unlike until up was we were what when where whether which while
  who why will with within without would yet you your`.split(/\s+/u),
);

/**
 * Words that start a sentence far more often than they follow a full stop inside a name or a domain: the
 * English sentence starters of the lexicon (SENTENCE_LANGUAGES, the list the sentences stage reads).
 */
const SENTENCE_STARTERS: ReadonlySet<string> = new Set(SENTENCE_LANGUAGES.en!.starters);

/**
 * Top-level domains that follow a capitalised name in running text ("Amazon.Com", "bbc.Co"): a full stop
 * before one is part of a domain name, not a sentence end.
 */
const TOP_LEVEL_DOMAINS = new Set(
  // Only endings that are no language's sentence-starting word ("In", "It", "De", "Com" are).
  'org net edu gov info biz io uk eu ru'.split(' '),
);

/**
 * English words that cannot end a clause: before " ," or " ." they mean a word, a name or a formula is
 * missing ("denoted by , then", "appears in print on , on Page A1"), dropped by the scraper, so closing the
 * gap would hide the hole. space-before-punctuation reports those instead of fixing them.
 */
const CLAUSE_OPENERS = new Set(
  `a an the by of on in at to for from with into onto as than between via and or nor if is are was were be
  denoted called`.split(/\s+/u),
);

/** An opening quote followed by white space: a quotation spaced inside its marks. */
const SPACED_OPENING_QUOTE = /“[ \t\u00a0]/u;

/** Words whose doubling is never grammatical in English prose. */
const NEVER_DOUBLED = new Set(['the', 'a', 'an', 'of', 'and', 'from', 'with']);
/** Words whose doubling is often correct ("that that", "had had"): never flagged. */
const OFTEN_DOUBLED = new Set([
  'that',
  'had',
  'is',
  'do',
  'can',
  'bye',
  'very',
  'so',
  'no',
  'yes',
  'ha',
  'well',
]);

/** Two equal code units in a row that are A-Z or outside ASCII (no u flag: code units, as charCodeAt). */
const DOUBLED_UPPER_OR_NON_ASCII = /([A-Z])\1|([\u0080-\uffff])\2/;

/** Cheap necessary condition for doubled-capital: a character twice in a row that lower case changes. */
function hasDoubledCapital(line: string): boolean {
  // In ASCII lower case changes only A-Z, so a line without the regex's pairs has no such character.
  if (!DOUBLED_UPPER_OR_NON_ASCII.test(line)) return false;
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === line[i - 1] && c !== c.toLowerCase()) return true;
  }
  return false;
}

const LETTER = /^\p{L}$/u;

/** How many code units the letter (a \p{L} code point) at i of text takes: 0 if none starts there. */
function letterWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0x80) return isAsciiLetter(code) ? 1 : 0;
  // General Punctuation (dashes, quotes, spaces) holds no letters: skip the regex for the usual non-ASCII.
  if (code >= 0x2000 && code <= 0x206f) return 0;
  const width = text.codePointAt(i)! > 0xffff ? 2 : 1;
  return LETTER.test(text.slice(i, i + width)) ? width : 0;
}

/** Whether the code unit is an ASCII letter. */
function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/**
 * repeated-word's test on a line of ASCII and General Punctuation (quotes, dashes, spaces) only, where
 * toLowerCase() changes only A-Z, one for one, and the only letters are A-Z and a-z: the runs can be read off
 * the line itself and compared with A-Z folded. Only runs with nothing but spaces or tabs between them are
 * compared, since find() needs that. Null as soon as the line holds any other character.
 */
function plainRunsRepeat(line: string): boolean | null {
  let previousStart = -1;
  let previousEnd = -1;
  let i = 0;
  while (i < line.length) {
    let blankGap = true;
    let code = line.charCodeAt(i);
    while (!isAsciiLetter(code)) {
      if (!isPlain(code)) return null;
      if (code !== 0x20 && code !== 0x09) blankGap = false;
      if (++i === line.length) return false;
      code = line.charCodeAt(i);
    }
    const start = i;
    do i++;
    while (i < line.length && isAsciiLetter(line.charCodeAt(i)));
    // The run ends at a plain character, or it may go on in letters outside ASCII.
    if (i < line.length && !isPlain(line.charCodeAt(i))) return null;
    if (
      blankGap &&
      i - start === previousEnd - previousStart &&
      sameFoldedAscii(line, previousStart, start, i - start)
    )
      return true;
    previousStart = start;
    previousEnd = i;
  }
  return false;
}

/** ASCII or General Punctuation (U+2000-U+206F, which holds no letters and no case). */
function isPlain(code: number): boolean {
  return code < 0x80 || (code >= 0x2000 && code <= 0x206f);
}

/** Whether line has the same ASCII letters, A-Z folded, at a and at b for length code units. */
function sameFoldedAscii(line: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) {
    if ((line.charCodeAt(a + k) | 0x20) !== (line.charCodeAt(b + k) | 0x20)) return false;
  }
  return true;
}

/** repeated-word's test on any line: runs of \p{L} code points of the lower-cased line, compared exactly. */
function loweredRunsRepeat(lower: string): boolean {
  let previous: string | null = null;
  let start = -1;
  for (let i = 0; i <= lower.length; ) {
    const width = i < lower.length ? letterWidth(lower, i) : 0;
    if (width > 0) {
      if (start < 0) start = i;
      i += width;
      continue;
    }
    if (start >= 0) {
      const run = lower.slice(start, i);
      if (run === previous) return true;
      previous = run;
      start = -1;
    }
    i++;
  }
  return false;
}

/**
 * Cheap necessary condition for repeated-word: two neighbouring letter runs equal in lower case, exactly as
 * splitting the lower-cased line on /[^\p{L}]+/u and comparing neighbours gives, without the split; on the
 * usual line without lower-casing either, and only for runs with blank space between (find() needs it).
 */
function hasAdjacentRepeat(line: string): boolean {
  return plainRunsRepeat(line) ?? loweredRunsRepeat(line.toLowerCase());
}

export const FIX_RULES: readonly FixRule[] = [
  {
    id: 'doubled-capital',
    why: 'A held shift key doubles the first capital of a word ("AAt least").',
    // Sure only for an English common word (COMMON_WORDS); "LLama" in another language is not judged.
    languages: ['en'],
    example: { before: 'AAt least 100,000 protesters', after: 'At least 100,000 protesters' },
    needs: hasDoubledCapital,
    find: (line) =>
      [...line.matchAll(/(?<![\p{L}\p{N}])(\p{Lu})\1(\p{Ll}+)(?![\p{L}\p{N}])/gu)].map((m) => {
        const fixed = `${m[1]}${m[2]}`;
        const sure = COMMON_WORDS.has(fixed.toLowerCase());
        return {
          start: m.index,
          end: m.index + 1,
          after: sure ? '' : null,
          message: `"${m[0]}" looks like "${fixed}" typed with a doubled capital`,
        };
      }),
  },
  {
    id: 'repeated-word',
    why: 'A word typed twice across an edit ("in the The Black Sea"); only words never doubled in prose.',
    // English word lists: "die die" and "dat dat" are grammatical in German and Dutch.
    languages: ['en'],
    example: { before: 'in the The Black Sea', after: 'in the Black Sea' },
    needs: hasAdjacentRepeat,
    find: (line) => {
      // Matches are taken one at a time, not spread into an array first: a line of a million words would
      // hold a million match arrays at once.
      const found: Candidate[] = [];
      // The second word is matched in a lookahead so that every word gets its turn as the first.
      for (const m of line.matchAll(
        /(?<![\p{L}\p{N}'’-])(\p{L}+)(?=([ \t\u00a0]+)(\p{L}+)(?![\p{L}\p{N}'’-]))/gu,
      )) {
        const word = m[1]!.toLowerCase();
        if (word !== m[3]!.toLowerCase() || OFTEN_DOUBLED.has(word)) continue;
        const start = m.index + m[1]!.length;
        found.push({
          start,
          end: start + m[2]!.length + m[3]!.length,
          after: NEVER_DOUBLED.has(word) ? '' : null,
          message: `"${m[1]}" is repeated`,
        });
      }
      return found;
    },
  },
  {
    id: 'doubled-full-stop',
    why: 'Two full stops where one ends the sentence ("protests.."); an ellipsis has three and is kept.',
    // Informal writing in many languages uses two dots as an ellipsis ("ya.. begitu"): English only.
    languages: ['en'],
    example: { before: 'street protests..', after: 'street protests.' },
    needs: needsMatch(/\.\./u),
    find: (line) =>
      [...line.matchAll(/(?<=[\p{L}\p{N})\]"'”’»])\.\.(?=[\s"'”’»)\]]|$)/gu)].map((m) => ({
        start: m.index + 1,
        end: m.index + 2,
        after: '',
        message: 'doubled full stop',
      })),
  },
  {
    id: 'currency-spacing',
    why: 'A currency symbol is written against its amount ("$ 1.5 billion" → "$1.5 billion"); not a symbol after its amount ("815,00 € 750,00 €") or with letters ("R$ 50").',
    // English writes the symbol against the amount; Dutch writes "€ 12,50", Portuguese "R$ 50", French and
    // German put it after the amount.
    languages: ['en'],
    example: { before: 'a $ 1.5 billion loan', after: 'a $1.5 billion loan' },
    needs: needsMatch(/[$€£¥₹]/u),
    find: (line) =>
      // The symbol must open the amount: not the end of an earlier one ("815,00 € 750,00 €", "5 $ 10"), not
      // part of a lettered symbol ("R$ 50", "US$ 5", "HK$ 3").
      [
        ...line.matchAll(/(?<=[$€£¥₹])(?<!\p{L}[$€£¥₹])(?<!\p{N}[ \t\u00a0]?[$€£¥₹])[ \t\u00a0]+(?=\d)/gu),
      ].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: '',
        message: 'space between currency symbol and amount',
      })),
  },
  {
    id: 'missing-space-after-sentence',
    why: 'Two sentences run together at a full stop ("reports.President"); not "U.S.", "Node.js", URLs, domains.',
    // Any cased script; only the list of sentence-starting words (a capitalised left part) is English's.
    languages: ANY_LANGUAGE,
    example: {
      before: 'Al Jazeera reports.President of Russia',
      after: 'Al Jazeera reports. President of Russia',
    },
    needs: needsMatch(/[.!?]\p{Lu}/u),
    find: (line, language = UNDETERMINED) => {
      const out: Candidate[] = [];
      for (const m of line.matchAll(/(?<=[\p{L}])([.!?])(?=\p{Lu}\p{Ll})/gu)) {
        const tokenStart = line.lastIndexOf(' ', m.index) + 1;
        const nextSpace = line.indexOf(' ', m.index);
        const token = line.slice(tokenStart, nextSpace === -1 ? line.length : nextSpace);
        const left = line.slice(tokenStart, m.index).replace(/^["'“‘(«[]+/u, '');
        const right = token.slice(m.index + 1 - tokenStart).replace(/[.,;:!?"'”’»)\]]+$/u, '');
        // Domains, paths, e-mail addresses, abbreviations with more dots, code identifiers.
        if (/[/@\\_=.]|www|\d/u.test(left + right) || !/^\p{L}+$/u.test(right)) continue;
        if (!/^\p{L}{2,}$/u.test(left) || TOP_LEVEL_DOMAINS.has(right.toLowerCase())) continue;
        const sure =
          /^\p{Ll}+$/u.test(left) || (language === 'en' && left.length >= 3 && SENTENCE_STARTERS.has(right));
        const at = m.index + 1;
        out.push({
          start: at,
          end: at,
          after: sure ? ' ' : null,
          message: `no space between "${left}${m[1]}" and "${right}"`,
        });
      }
      return out;
    },
  },
  {
    id: 'space-before-closing-quote',
    why: 'A closing quote typed after a space instead of against the punctuation ("problems, ”said").',
    // Swedish and Finnish open quotations with ” too ("Han sa, ”det är bra”"): English only.
    languages: ['en'],
    example: {
      before: 'internal problems, ”said a protester',
      after: 'internal problems,” said a protester',
    },
    // Both patterns need a space, tab or no-break space right before the quote mark.
    needs: needsMatch(/[ \t\u00a0]”/u),
    find: (line) => {
      // A quotation spaced inside both its marks ("“ feather duvet lung. ”", a style, or markup spacing
      // left by the page) is consistent, not a typo: reported only.
      const spaced = SPACED_OPENING_QUOTE.test(line);
      return [
        // Sure only before a lower-case word ("problems, ”said"): after a colon, or before a capital, the
        // mark more likely opens a quotation typed with the wrong glyph ("said: ”Bird flu …"), so report it.
        ...[...line.matchAll(/(?<=[.,!?;:])([ \t\u00a0]+)”(?=\p{L})/gu)].map((m) => {
          const end = m.index + m[0].length;
          const sure =
            !spaced &&
            line[m.index - 1] !== ':' &&
            line[m.index - 1] !== ';' &&
            /\p{Ll}/u.test(line[end] ?? '');
          return {
            start: m.index,
            end,
            after: sure ? '” ' : null,
            message: sure
              ? 'space before closing quote'
              : 'closing quote mark where an opening one may be meant',
          };
        }),
        ...[...line.matchAll(/(?<=[.,!?])([ \t\u00a0]+)(?=”$)/gu)].map((m) => ({
          start: m.index,
          end: m.index + m[0].length,
          after: spaced ? null : '',
          message: spaced
            ? 'space before closing quote, as after the opening one: a spaced quotation, kept'
            : 'space before closing quote at end of paragraph',
        })),
      ];
    },
  },
  {
    id: 'stray-opening-quote',
    why: 'An opening quote with nothing after it is usually a closing quote typed wrongly; which one is meant is a guess, so it is reported, never rewritten.',
    // German and Czech close quotations with “ („Ja.“): English only.
    languages: ['en'],
    example: { before: 'our internal problems. “', after: 'our internal problems. “ (reported only)' },
    // find()'s own pattern: a line without a match has no candidate.
    needs: needsMatch(/[ \t\u00a0]“(?=[ \t\u00a0]*[.,;:!?]*$|[ \t\u00a0]*[.,;:!?])/u),
    find: (line) =>
      [...line.matchAll(/[ \t\u00a0]“(?=[ \t\u00a0]*[.,;:!?]*$|[ \t\u00a0]*[.,;:!?])/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: null,
        message: 'opening quote mark where a closing one is expected',
      })),
  },
  {
    id: 'space-before-punctuation',
    why: 'A space typed before a comma, semicolon, colon or sentence end ("Minsk , Belarus"); not a spaced ellipsis (". . .").',
    // Every language; the space French typography puts before : ; ! ? is kept (keepsConventionalSpace).
    languages: ANY_LANGUAGE,
    example: { before: 'in Minsk , the capital', after: 'in Minsk, the capital' },
    needs: needsMatch(/[ \t\u00a0][,;:.!?]/u),
    find: (line, language = UNDETERMINED) =>
      [...line.matchAll(/(?<=[\p{L}\p{N}])[ \t\u00a0]+(?=[,;]\s|[,;]$|:\s|[.!?](?:\s|$))/gu)]
        .filter((m) => !(line[m.index + m[0].length] === ':' && /\d/u.test(line[m.index - 1] ?? '')))
        // "and then . . . nothing": the first dot of a spaced ellipsis is not a sentence end.
        .filter((m) => !/^[.!?][ \t\u00a0]+\./u.test(line.slice(m.index + m[0].length)))
        .map((m) => {
          const word = /\p{L}+$/u.exec(line.slice(Math.max(0, m.index - 20), m.index))?.[0] ?? '';
          const gap = language === 'en' && CLAUSE_OPENERS.has(word.toLowerCase());
          return {
            start: m.index,
            end: m.index + m[0].length,
            after: gap ? null : '',
            message: gap
              ? `space before punctuation after "${word}": a word may be missing there`
              : 'space before punctuation',
          };
        }),
  },
  {
    id: 'multiple-spaces',
    why: 'Runs of spaces inside a line are layout, not text; a line with a run of three or more is aligned in columns (a table row), which collapsing would merge: reported only.',
    languages: ANY_LANGUAGE,
    example: { before: 'the  capital', after: 'the capital' },
    needs: needsMatch(/[ \t\u00a0]{2}/u),
    find: (line) => {
      const aligned = /\S[ \t\u00a0]{3,}\S/u.test(line);
      return [...line.matchAll(/(?<=\S)[ \t\u00a0]{2,}(?=\S)/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: aligned ? null : ' ',
        message: aligned ? 'run of spaces in a line aligned in columns' : 'run of spaces',
      }));
    },
  },
];

/**
 * The needs() regexes of all rules joined with |: it matches a line exactly when one of them does, so a line
 * that fails it (most lines) fails them all, at the cost of one regex pass instead of one per rule.
 */
const ANY_PATTERN_NEED = new RegExp(
  FIX_RULES.flatMap((rule) => (rule.needs.pattern ? [rule.needs.pattern.source] : [])).join('|'),
  'u',
);

/** rule.needs(line), skipping the regex when the line already failed the union of all needs regexes. */
function mayApply(rule: FixRule, line: string, anyPatternNeed: boolean): boolean {
  if (rule.needs.pattern && !anyPatternNeed) return false;
  return rule.needs(line);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * The spans accepted on one line, answering "does this candidate overlap one of them" (overlaps() above) in
 * time proportional to the candidate's length, not to the number accepted: a line of a million repeated
 * words has a million accepted edits, and testing each candidate against all of them never finished.
 * Small lines keep the plain list; past LINEAR_LIMIT the spans are also painted into per-character arrays.
 */
class AcceptedSpans {
  private static readonly LINEAR_LIMIT = 32;
  readonly list: { start: number; end: number; after: string; rule: string }[] = [];
  /** owner[i]: 1 + index of the non-empty span covering character i, 0 if none. */
  private owner: Int32Array | null = null;
  /** point[i]: an empty span (an insertion) sits at i. */
  private point: Uint8Array | null = null;

  constructor(private readonly length: number) {}

  overlaps(candidate: { start: number; end: number }): boolean {
    if (this.owner === null || this.point === null)
      return this.list.some((other) => overlaps(other, candidate));
    const { start, end } = candidate;
    if (start === end) {
      // Inside a non-empty span (not at its edge), or at the same place as another insertion.
      if (this.point[start] === 1) return true;
      return start > 0 && this.owner[start - 1] !== 0 && this.owner[start - 1] === this.owner[start];
    }
    for (let i = start; i < end; i++) if (this.owner[i] !== 0) return true;
    for (let i = start + 1; i < end; i++) if (this.point[i] === 1) return true;
    return false;
  }

  add(span: { start: number; end: number; after: string; rule: string }): void {
    this.list.push(span);
    if (this.owner === null && this.list.length > AcceptedSpans.LINEAR_LIMIT) {
      this.owner = new Int32Array(this.length + 1);
      this.point = new Uint8Array(this.length + 1);
      for (const [i, each] of this.list.entries()) this.paint(each, i);
    } else if (this.owner !== null) this.paint(span, this.list.length - 1);
  }

  private paint(span: { start: number; end: number }, index: number): void {
    if (span.start === span.end) this.point![span.start] = 1;
    else this.owner!.fill(index + 1, span.start, span.end);
  }
}

/**
 * In a language whose convention spaces : ; ! ? off the word before (French), the space before them is not a
 * typo: space-before-punctuation leaves it (the comma and the full stop are still fixed). A no-break space
 * before them is that convention in a document of any language (a French title quoted in an English page, a
 * table's "?" cell): nobody types U+00A0 by slip of the space bar, it is put there to hold the mark apart.
 */
function keepsConventionalSpace(
  rule: string,
  line: string,
  candidate: Candidate,
  spaceBeforeHigh: boolean,
): boolean {
  if (rule !== 'space-before-punctuation') return false;
  const next = line[candidate.end];
  if (next !== ':' && next !== ';' && next !== '!' && next !== '?') return false;
  return spaceBeforeHigh || NO_BREAK_SPACES.test(line.slice(candidate.start, candidate.end));
}

/** A run of no-break spaces only (U+00A0, and the narrow U+202F French typography uses). */
const NO_BREAK_SPACES = /^[\u00a0\u202f]+$/u;

export function fix(doc: DocState, options: FixOptions): DocState {
  const disabled = new Set(options.disable);
  const language = doc.metadata.language;
  const rules = FIX_RULES.filter((rule) => !disabled.has(rule.id) && appliesTo(rule.languages, language));
  const edits: Edit[] = [...doc.edits];
  const findings: Finding[] = [...doc.findings];
  // Findings past the cap, and fixes past the edit cap, by rule: how many, and the span from first to last.
  const notLogged = new Map<string, Tally>();
  const notApplied = new Map<string, Tally>();
  let applied = 0;
  const find = (finding: Finding) => {
    if (findings.length < options.maxFindings) findings.push(finding);
    else tally(notLogged, finding.rule, finding.rawStart, finding.rawEnd);
  };
  const spaceBeforeHigh = SPACE_BEFORE_HIGH_PUNCTUATION.includes(doc.metadata.language);
  // Program listings: a paragraph (lines joined by single line breaks) holding a line of code is code and its
  // output, all of it syntax or layout.
  const listings = new Set<number>();
  for (const block of doc.blocks) {
    if (block.role === 'body' && looksLikeCode(block.text)) listings.add(block.paragraph);
  }
  const blocks = mapPacked(doc.blocks, (block) => {
    if (block.role !== 'body' || listings.has(block.paragraph)) return block;
    const spans = new AcceptedSpans(block.text.length);
    const accepted = spans.list;
    const anyPatternNeed = ANY_PATTERN_NEED.test(block.text);
    for (const rule of rules) {
      if (!mayApply(rule, block.text, anyPatternNeed)) continue;
      for (const candidate of rule.find(block.text, language)) {
        if (keepsConventionalSpace(rule.id, block.text, candidate, spaceBeforeHigh)) continue;
        const rawStart = block.rawStart + candidate.start;
        const rawEnd = block.rawStart + candidate.end;
        const text = block.text.slice(candidate.start, candidate.end);
        if (candidate.after === null || spans.overlaps(candidate)) {
          find({ stage: STAGE, rule: rule.id, rawStart, rawEnd, text, message: candidate.message });
          continue;
        }
        if (applied >= options.maxEdits) {
          tally(notApplied, rule.id, rawStart, rawEnd);
          continue;
        }
        applied++;
        spans.add({ start: candidate.start, end: candidate.end, after: candidate.after, rule: rule.id });
        edits.push({ stage: STAGE, rule: rule.id, rawStart, rawEnd, before: text, after: candidate.after });
      }
    }
    if (accepted.length === 0) return block;
    accepted.sort((a, b) => a.start - b.start || a.end - b.end);
    let text = '';
    let cursor = 0;
    for (const edit of accepted) {
      text += block.text.slice(cursor, edit.start) + edit.after;
      cursor = edit.end;
    }
    text += block.text.slice(cursor);
    return { ...block, text };
  });
  edits.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  const byRule = ([a]: [string, Tally], [b]: [string, Tally]) => (a < b ? -1 : 1);
  for (const [rule, { count, rawStart, rawEnd }] of [...notLogged].sort(byRule)) {
    findings.push({
      stage: STAGE,
      rule: FINDINGS_NOT_LOGGED,
      rawStart,
      rawEnd,
      text: '',
      message: `${count} more \`${rule}\` finding(s) between these offsets not logged: over cleaning.fix.maxFindings (${options.maxFindings}) findings in this document`,
    });
  }
  // Summaries of unapplied fixes are always logged, whatever the findings cap: they explain why a fault stayed.
  for (const [rule, { count, rawStart, rawEnd }] of [...notApplied].sort(byRule)) {
    findings.push({
      stage: STAGE,
      rule: EDITS_NOT_APPLIED,
      rawStart,
      rawEnd,
      text: '',
      message: `${count} \`${rule}\` fix(es) between these offsets not applied, the text left as it was: over cleaning.fix.maxEdits (${options.maxEdits}) edits in this document`,
    });
  }
  findings.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { ...doc, blocks, edits, findings };
}
