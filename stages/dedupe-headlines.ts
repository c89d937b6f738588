/**
 * dedupe-headlines: a page template often prints the headline again inside the article, sometimes with
 * other quote marks or case. A block that repeats the title or the standfirst goes; so does one that repeats
 * an earlier block when it reads as page furniture (a teaser list or a menu printed twice), not when it is
 * text an article says twice (see isArticleRepeat).
 */
import type { Block, DocState, Finding, Role } from './document.js';
import { endsLikeSentence, isSpaceCode, looksLikeCode, mapPacked, reassign } from './document.js';

const STAGE = 'dedupe-headlines';

export interface DedupeOptions {
  /** Token-set Jaccard similarity at or above which two short blocks count as the same headline. */
  readonly nearThreshold: number;
  /** Near-repeat matching applies only to blocks of at most this many words (headline-sized). */
  readonly nearMaxWords: number;
}

/** Case, quote and apostrophe style, dashes and white space do not make a different headline. */
export function normaliseHeadline(text: string): string {
  if (isSpacedAscii(text)) return lowerTrimmed(text);
  return plainKey(text) ?? normaliseAny(text);
}

/**
 * Most lines are printable ASCII without a backquote, with single spaces between words: their key is the
 * line lower-cased with its end trimmed. Native scans tell them apart.
 */
function isSpacedAscii(text: string): boolean {
  return !NOT_PRINTABLE_ASCII.test(text) && text.charCodeAt(0) !== 0x20 && !text.includes('  ');
}

// Without the u flag: V8 scans two-byte strings (every line of a page with a curly quote) ~3x faster.
const NOT_PRINTABLE_ASCII = /[^ -_a-~]/;

/** text lower-cased without the run of [\s.!?…:;,] at its end, for text with single spaces and no …. */
function lowerTrimmed(text: string): string {
  return text.slice(0, trimmedEnd(text)).toLowerCase();
}

function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0 && isTrailing(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Characters beyond plain ASCII letters that most lines hold, with what NFKC and the quote and dash mapping
 * of normaliseAny make of each. All are caseless and none combines with its neighbours under NFKC, so a line
 * of these, white space and ASCII normalises character by character.
 */
const PLAIN_REPLACEMENTS: ReadonlyMap<number, string> = new Map(
  Object.entries({
    "'": '‘’‚‛`′',
    '"': '“”„‟«»',
    '-': '‐‑‒–—―',
    '...': '…',
    // Kept as they are: NFKC leaves them alone and no mapping touches them.
    '©': '©',
    '•': '•',
    '›': '›',
    '‹': '‹',
    '£': '£',
    '°': '°',
    '×': '×',
    '·': '·',
  }).flatMap(([to, froms]) => [...froms].map((from): [number, string] => [from.charCodeAt(0), to])),
);

/**
 * The key of most other lines (curly quotes, dashes, odd white space) in one pass, as normaliseAny makes it:
 * copied in stretches, white space runs as one space, the characters of PLAIN_REPLACEMENTS replaced. Null for
 * a line with any other character.
 */
function plainKey(text: string): string | null {
  // Lower-casing first is the same for these lines (no letter beyond ASCII but K, which NFKC makes K), and
  // gives a flat string, whose characters V8 reads faster than a slice of the page's.
  const key = replacePlain(text.toLowerCase());
  return key === null ? null : key.slice(0, trimmedEnd(key));
}

function replacePlain(text: string): string | null {
  let key = '';
  let from = 0; // text[from, i) is still to copy
  let afterSpace = true; // white space here adds nothing: at the start, or after a space
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 && !afterSpace) {
      afterSpace = true; // a single space stays as it is
      continue;
    }
    if (c > 0x20 && c < 0x7f && c !== 0x60) {
      afterSpace = false;
      continue;
    }
    let replacement: string;
    if (isSpaceCode(c)) {
      replacement = afterSpace ? '' : ' ';
      afterSpace = true;
    } else {
      const plain = PLAIN_REPLACEMENTS.get(c);
      if (plain === undefined) return null;
      replacement = plain;
      afterSpace = false;
    }
    key += text.slice(from, i) + replacement;
    from = i + 1;
  }
  return key + text.slice(from);
}

/** What normaliseAny strips from the end ([\s.!?…:;,]), once white space is spaces and … is dots. */
function isTrailing(c: number): boolean {
  return c === 0x20 || c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3a || c === 0x3b || c === 0x2c;
}

/** The key of any line, step by step. */
function normaliseAny(text: string): string {
  // NFKC changes nothing in ASCII text; it is the costliest step here.
  return (isAscii(text) ? text : text.normalize('NFKC'))
    .replace(/[‘’‚‛′`´]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―]/gu, '-')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s.!?…:;,]+$/u, '')
    .trim();
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Tokens of an already normalised headline. A possessive is the same word: "Lukashenko's plan". */
function tokensOf(normalised: string): Set<string> {
  // No u flag on the first (a literal and \b match the same without it): faster on two-byte strings.
  return new Set(normalised.replace(/'s\b/g, '').match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Whether a key (words between single spaces) has at least n words, without splitting it. */
function hasWords(key: string, n: number): boolean {
  let words = 1;
  for (let at = key.indexOf(' '); at >= 0 && words < n; at = key.indexOf(' ', at + 1)) words++;
  return words >= n;
}

function containsAny(key: string, probes: readonly (readonly string[])[]): boolean {
  for (const probe of probes) for (const token of probe) if (key.includes(token)) return true;
  return false;
}

/**
 * A line's key, or for a single-spaced ASCII line (most lines) only the key's length: most keys are needed
 * for nothing else, so those lines are neither lower-cased nor hashed (see dedupeHeadlines).
 */
interface LineKey {
  readonly key: string | null;
  readonly length: number;
}

function lineKey(text: string): LineKey {
  if (isSpacedAscii(text)) return { key: null, length: trimmedEnd(text) };
  const key = plainKey(text) ?? normaliseAny(text);
  return { key, length: key.length };
}

/**
 * For single-spaced ASCII lines: whether the key contains one of the probe tokens. Tokens are lower-case
 * letters and digits, so /i without the u flag finds an ASCII one in the line just where the key has it
 * (never in the trimmed end, which has none); a token beyond ASCII is in no ASCII key.
 */
function asciiProbe(probes: readonly (readonly string[])[]): RegExp | null {
  const tokens: string[] = [];
  for (const probe of probes) for (const token of probe) if (/^[a-z0-9]+$/u.test(token)) tokens.push(token);
  return tokens.length > 0 ? new RegExp(tokens.join('|'), 'i') : null;
}

/**
 * Whether a line repeating an earlier one (not the title) stands inside prose: between two lines that end
 * like sentences, neither of them the same line again. Such a repeat is article text: a refrain or a quoted
 * answer said again, an interview question, a recipe step, a subheading repeating its entry in a table of
 * contents. Furniture printed twice (a teaser list, a menu, a share bar, a caption and its copy, a copyright
 * line) sits among headlines, labels or its own copy.
 */
function isInsideProse(blocks: readonly Block[], block: Block, key: string): boolean {
  const before = blocks[block.index - 1];
  const after = blocks[block.index + 1];
  const prose = (other: Block | undefined) =>
    other !== undefined && endsLikeSentence(other.text) && normaliseHeadline(other.text) !== key;
  return prose(before) && prose(after);
}

/**
 * The repeats of headline lines that are the article's subheadings: when two or more of the title and
 * standfirst lines come back in the body each followed by a line that ends like a sentence (its section's
 * first paragraph), the page opened with its table of contents, which the metadata stage took for a
 * headline and standfirst. A template's second copy of the headline is followed by the standfirst or the
 * byline, not by prose, and is one line, not several.
 */
function contentsRepeats(
  blocks: readonly Block[],
  repeats: ReadonlyArray<{ block: Block; key: string }>,
  headlineKeys: ReadonlySet<string>,
): Set<number> {
  const sections = repeats.filter(({ block }) => {
    const next = blocks[block.index + 1];
    return (
      next !== undefined &&
      next.role === 'body' &&
      endsLikeSentence(next.text) &&
      !headlineKeys.has(normaliseHeadline(next.text))
    );
  });
  const keys = new Set(sections.map(({ key }) => key));
  return keys.size >= 2 ? new Set(sections.map(({ block }) => block.index)) : new Set();
}

export function dedupeHeadlines(doc: DocState, options: DedupeOptions): DocState {
  const changes = new Map<number, { role: Role; rule: string }>();
  const kept: Finding[] = [];
  /** Lines repeating a headline line: removed, unless the headlines were a table of contents. */
  const headlineRepeats: Array<{ block: Block; key: string }> = [];
  const headlines = [doc.metadata.title, ...doc.metadata.standfirst].filter((t): t is string => t !== null);
  const headlineKeys = new Set(headlines.map(normaliseHeadline));
  const seenExact = new Set(headlineKeys);
  // mapPacked, and loops, rather than map and spreads of mapped arrays (see mapPacked).
  const headlineTokens = mapPacked([...headlineKeys], tokensOf);
  let maxHeadlineTokens = 0;
  for (const h of headlineTokens) maxHeadlineTokens = Math.max(maxHeadlineTokens, h.size);
  // A near repeat shares all but a few of a headline's tokens, so it contains at least one of any (few + 1)
  // of them: test the longest ones as substrings before tokenising a line.
  const probes = mapPacked(headlineTokens, (h) => {
    const missable = Math.floor(h.size * (1 - options.nearThreshold));
    return [...h].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, missable + 1);
  });
  const probeAscii = asciiProbe(probes);
  // Paragraphs (lines joined by single line breaks) that hold a line of code: a listing, with its output.
  const listings = new Set<number>();
  for (const block of doc.blocks) {
    if (block.role === 'body' && looksLikeCode(block.text)) listings.add(block.paragraph);
  }
  const body = doc.blocks.filter((block) => block.role === 'body');
  const keys = mapPacked(body, (block) => lineKey(block.text));
  // A key whose length no other key (a headline's or a line's) has repeats nothing and is repeated by
  // nothing: such a line skips the exact-repeat test, and needs its key only for the near-repeat test.
  const lengths = new Map<number, number>();
  const count = (length: number) => lengths.set(length, (lengths.get(length) ?? 0) + 1);
  for (const key of headlineKeys) count(key.length);
  for (const { length } of keys) count(length);
  for (let i = 0; i < body.length; i++) {
    const block = body[i]!;
    const { length } = keys[i]!;
    let key = keys[i]!.key;
    if (lengths.get(length)! > 1) {
      key ??= lowerTrimmed(block.text);
      // One look-up: the set does not grow when the key was seen (a headline's, or an earlier line's).
      const seenBefore = seenExact.size;
      seenExact.add(key);
      if (seenExact.size === seenBefore) {
        const isHeadline = headlineKeys.has(key);
        // A short line said twice ("Yes.", "Photo") is not a repeated block worth removing.
        if (isHeadline) {
          headlineRepeats.push({ block, key });
          continue;
        }
        if (hasWords(key, 5)) {
          const code = listings.has(block.paragraph);
          if (!(code || isInsideProse(doc.blocks, block, key))) {
            changes.set(block.index, { role: 'duplicate', rule: 'repeated-block' });
            continue;
          }
          // Not sure it is furniture: kept, and reported.
          kept.push({
            stage: STAGE,
            rule: 'repeated-block',
            rawStart: block.rawStart,
            rawEnd: block.rawEnd,
            text: block.text,
            message: code
              ? 'repeats an earlier line, but reads as code: kept'
              : 'repeats an earlier line, but inside prose (a refrain, a question, a subheading): kept',
          });
        }
      }
    }
    // Headline-sized means at most nearMaxWords words of 16 characters on average: longer lines are not
    // tokenised at all (most of the page's text).
    if (length > options.nearMaxWords * 16 || maxHeadlineTokens === 0) continue;
    if (key === null ? !probeAscii?.test(block.text) : !containsAny(key, probes)) continue;
    key ??= lowerTrimmed(block.text);
    const blockTokens = tokensOf(key);
    if (blockTokens.size === 0 || blockTokens.size > options.nearMaxWords) continue;
    if (headlineTokens.some((h) => h.size > 0 && jaccard(h, blockTokens) >= options.nearThreshold)) {
      changes.set(block.index, { role: 'duplicate', rule: 'near-repeated-headline' });
    }
  }
  const contents = contentsRepeats(doc.blocks, headlineRepeats, headlineKeys);
  for (const { block } of headlineRepeats) {
    if (!contents.has(block.index)) {
      changes.set(block.index, { role: 'duplicate', rule: 'repeated-headline' });
      continue;
    }
    kept.push({
      stage: STAGE,
      rule: 'repeated-headline',
      rawStart: block.rawStart,
      rawEnd: block.rawEnd,
      text: block.text,
      message:
        'repeats a headline line, but the headlines were a table of contents and this is its section: kept',
    });
  }
  const done = reassign(doc, STAGE, changes);
  if (kept.length === 0) return done;
  const findings = [...done.findings, ...kept].sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { ...done, findings };
}
