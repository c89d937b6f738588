/**
 * language: which language a document is written in, so rules written for one language run only there.
 *
 * franc (trigram profiles, unified collective) reads a bounded sample of the document: the longest lines
 * first, because menus, buttons and credits are short and often in English on any site, while the article's
 * paragraphs are long. The sample is at most SAMPLE_CHARS characters, so the stage costs the same on a 10 MB
 * document as on a 10 KB one (plus one pass over the blocks' lengths).
 *
 * The result is an ISO 639-1 code ('und' when unsure) and a confidence, 0 to 1: how far the second-best
 * language is behind the best, as a share of how far the tenth-best is (see detect()). franc is asked only about languages that have an ISO 639-1 code, which
 * keeps near-identical profiles without one (Scots beside English) from taking English documents.
 */
import { data as francData } from 'franc/data.js';
import { expressions as francScripts } from 'franc/expressions.js';
import type { DocState } from './document.js';
import { isSpaceCode } from './document.js';
import type { Language } from './lexicon.js';
import { iso1, UNDETERMINED } from './lexicon.js';

export interface LanguageOptions {
  /** Skip detection and give every document this language ('und' included); null: detect. */
  readonly force: Language | null;
  /** Below this margin between the two best languages, the document is 'und'. */
  readonly minConfidence: number;
  /** Fewer letters than this in the sample: 'und' (trigram statistics need some text). */
  readonly minLetters: number;
}

/**
 * Characters of the sample. franc reads up to 2048; 1024 costs half as much (~0.1 ms a document) and
 * told the same language as 2048 on all but 3 of the 663 dev pages (two of them pages franc got wrong either way).
 */
export const SAMPLE_CHARS = 1024;

/** franc reads no more than this many characters of its input (its MAX_LENGTH). */
const FRANC_MAX_LENGTH = 2048;

/** Lines shorter than this are left out of the sample when longer lines give enough text. */
const SAMPLE_MIN_LINE = 40;

const LETTER = /\p{L}/gu;

/** Whether text has at least n letters (stops counting at n). */
function hasLetters(text: string, n: number): boolean {
  const letter = new RegExp(LETTER.source, LETTER.flags);
  for (let found = 0; found < n; found++) if (letter.exec(text) === null) return false;
  return true;
}

/** The confidence compares the runner-up's distance with this (0-based) rank's: a far, unrelated language. */
const REFERENCE_RANK = 9;

/**
 * A line's length with each CJK ideograph, kana or Hangul syllable counted three times: one such character
 * carries about as much as a short word, so a Chinese sentence is not outranked by a longer Latin menu line.
 */
const WIDE = /[\u3040-\u9fff\uac00-\ud7a3]/;

function weightedLength(text: string): number {
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x3040 && code < 0xa000) || (code >= 0xac00 && code < 0xd7a4)) wide++;
  }
  return text.length + 2 * wide;
}

/** The text franc reads: the longest lines, in document order, up to SAMPLE_CHARS characters. */
export function sample(doc: DocState): string {
  const blocks = doc.blocks;
  const wide = WIDE.test(doc.raw);
  // The lines long enough to be chosen, and their lengths: typed arrays, not an object per line.
  const lengths = new Float64Array(blocks.length);
  const candidates = new Int32Array(blocks.length);
  let n = 0;
  for (let i = 0; i < blocks.length; i++) {
    const text = blocks[i]!.text;
    const length = wide ? weightedLength(text) : text.length;
    lengths[i] = length;
    if (length >= SAMPLE_MIN_LINE) candidates[n++] = i;
  }
  // Longest first; ties keep document order, so the sample is deterministic.
  const order = candidates.subarray(0, n).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  let chosen = 0;
  let total = 0;
  while (chosen < n && total < SAMPLE_CHARS) total += lengths[order[chosen++]!]! + 1;
  if (total < SAMPLE_CHARS) {
    // Not enough long lines: the document's first lines, in order, are the sample.
    const first: string[] = [];
    let length = 0;
    for (const block of blocks) {
      if (length >= SAMPLE_CHARS) break;
      first.push(block.text);
      length += block.text.length + 1;
    }
    return first.join('\n').slice(0, SAMPLE_CHARS);
  }
  const picked = order.slice(0, chosen).sort();
  const texts = new Array<string>(chosen);
  for (let i = 0; i < chosen; i++) texts[i] = blocks[picked[i]!]!.text;
  return texts.join('\n').slice(0, SAMPLE_CHARS);
}

/**
 * franc's algorithm (franc 6.2 with trigram-utils 2.0), re-implemented over franc's own data for speed.
 *
 * franc builds an array of strings for every trigram and walks every language's model for every trigram:
 * 3-18 ms for a 2 KB sample, several times the cost of cleaning the whole document. Here the models are
 * inverted once (trigram → the languages that have it, with its rank), so a sample costs one pass to count
 * its trigrams and one addition per (trigram, language that has it). The answers are franc's: the ranking
 * and the normalised scores are the same numbers, which test/stages/language.test.ts checks against
 * francAll() on every dev page's sample.
 */
const MAX_DIFFERENCE = 300;

/** Every language franc knows: its trigram profiles and its single-script languages (read-only data). */
const FRANC_LANGUAGES: readonly string[] = [
  ...new Set([
    ...Object.values(francData).flatMap((languages) => Object.keys(languages)),
    ...Object.keys(francScripts).filter((code) => !(code in francData)),
  ]),
].sort();

/** franc's candidates: the languages whose ISO 639-3 code has an ISO 639-1 code. */
export const CANDIDATES: readonly string[] = FRANC_LANGUAGES.filter((code) => iso1(code) !== null);

/**
 * Built on first use, not at module load: the main thread loads this module (it can clean a document itself)
 * but seldom detects a language, and building the tables costs tens of milliseconds per thread. A value
 * computed once from read-only data, so when it is built changes no result.
 */
function lazy<T>(build: () => T): () => T {
  let value: { readonly built: T } | null = null;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}

interface Tables {
  /**
   * Every code unit that occurs in a model's trigrams, numbered from 1 (about 520 of them): a trigram of such
   * units is one small integer, which V8 hashes far faster than a 3-character string or a 48-bit number.
   */
  readonly alphabet: Uint16Array;
  readonly base: number;
  readonly models: ReadonlyMap<string, ScriptModel>;
}

/**
 * A script's models inverted: trigram → the languages whose model has it, with its rank there. An
 * open-addressing table over typed arrays (key → a run of `pairs`), so a lookup allocates nothing and does
 * not go through a Map. Laid out to be small, as a sample's few hundred lookups land all over it and it
 * shares the caches with the rest of the cleaning: a slot's key and the start of its run side by side, the
 * table sized for the distinct trigrams, and each (language, rank) pair in one 16-bit number.
 */
interface ScriptModel {
  /** Candidate languages of the script, in franc's data order (ties keep this order, as franc's sort does). */
  readonly languages: readonly string[];
  /** A power of two: the number of slots. */
  readonly size: number;
  /**
   * slot → [trigram key ((a * base + b) * base + c over alphabet numbers), 0 if empty; the start of its run
   * in `pairs`], at 2 * slot and 2 * slot + 1; the run ends where the next slot's starts (entry 2 * size + 1).
   */
  readonly slots: Int32Array;
  /** Each a language index | rank in that language's model << PAIR_SHIFT, the runs in slot order. */
  readonly pairs: Uint16Array;
}

/** Bits of a pair that hold the language index: franc has at most 74 candidates in a script, 300 ranks. */
const PAIR_SHIFT = 7;
const LANGUAGE_MASK = (1 << PAIR_SHIFT) - 1;

/** The slot of a key in a table of `size` slots (a power of two): Fibonacci hashing, then linear probing. */
function home(key: number, size: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 0) & (size - 1);
}

const TABLES = lazy((): Tables => {
  const { alphabet, base } = modelAlphabet();
  if (base ** 3 >= 2 ** 30) throw new Error('trigram keys would not be small integers');
  const models = new Map(
    Object.entries(francData).map(([script, data]) => [script, scriptModel(data, alphabet, base)] as const),
  );
  return { alphabet, base, models };
});

/** The code units in use in franc's models, numbered from 1 in code unit order; base is one past the last. */
function modelAlphabet(): { alphabet: Uint16Array; base: number } {
  const alphabet = new Uint16Array(0x10000);
  for (const models of Object.values(francData))
    for (const model of Object.values(models)) markUnits(model, alphabet);
  return { alphabet, base: numberUnits(alphabet) };
}

function markUnits(model: string, alphabet: Uint16Array): void {
  for (let i = 0; i < model.length; i++) {
    const unit = model.charCodeAt(i);
    if (unit !== 0x7c) alphabet[unit] = 1; // '|' separates the trigrams
  }
}

function numberUnits(alphabet: Uint16Array): number {
  let base = 1;
  for (let unit = 0; unit < alphabet.length; unit++) if (alphabet[unit] !== 0) alphabet[unit] = base++;
  return base;
}

/**
 * One script's models inverted, in two passes over franc's model strings ("abc|abd|…", most frequent first)
 * with typed arrays only (a Map of arrays and a split per model cost ~60 ms per thread): the first counts each
 * trigram's languages, the second writes the (language, rank) pairs in place. A trigram listed twice in one
 * model keeps its first rank, as franc's model object does (it fills it from the end). The pairs of a
 * trigram are in language order.
 */
function scriptModel(data: Record<string, string>, alphabet: Uint16Array, base: number): ScriptModel {
  const languages = Object.keys(data).filter((code) => CANDIDATES.includes(code));
  if (languages.length > 1 << PAIR_SHIFT) throw new Error('more languages in a script than a pair holds');
  const ranks = Math.max(...languages.map((code) => (data[code]!.length + 1) / 4));
  if (ranks > 1 << (16 - PAIR_SHIFT)) throw new Error('more trigrams in a model than a pair holds');
  let entries = 0;
  for (const code of languages) {
    checkModel(code, data[code]!);
    entries += (data[code]!.length + 1) / 4;
  }
  // First pass: the distinct trigrams, to size the table for them (a trigram is in several languages' models).
  const scratch = new Int32Array(tableSize(entries));
  let distinct = 0;
  for (const code of languages) distinct += addTrigrams(data[code]!, alphabet, base, scratch);
  const size = tableSize(distinct);
  const keys = new Int32Array(size);
  const count = new Int32Array(size);
  /** The last language that added the slot's trigram, + 1 (0: none yet). */
  const lastLanguage = new Int32Array(size);
  const entrySlot = new Int32Array(entries);
  const entryPair = new Int32Array(entries);
  let n = 0;
  for (let languageIndex = 0; languageIndex < languages.length; languageIndex++) {
    const model = data[languages[languageIndex]!]!;
    n = addEntries(model, languageIndex, alphabet, base, keys, count, lastLanguage, entrySlot, entryPair, n);
  }
  const slots = slotTable(keys, count);
  return { languages, size, slots, pairs: pairRuns(slots, entrySlot, entryPair, n) };
}

/** Throws unless a model string is trigrams of 3 code units, each after the first following a '|'. */
function checkModel(code: string, model: string): void {
  for (let at = 0; at < model.length; at += 4) {
    if (at + 3 > model.length || (at + 3 < model.length && model.charCodeAt(at + 3) !== 0x7c)) {
      throw new Error(`franc's ${code} model holds a trigram that is not 3 code units long`);
    }
  }
}

/** The slots of a model table: each slot's key and the start of its run of pairs (see ScriptModel.slots). */
function slotTable(keys: Int32Array, count: Int32Array): Int32Array {
  const size = keys.length;
  const slots = new Int32Array(2 * size + 2);
  for (let slot = 0, used = 0; slot <= size; slot++) {
    if (slot < size) slots[2 * slot] = keys[slot]!;
    slots[2 * slot + 1] = used;
    if (slot < size) used += count[slot]!;
  }
  return slots;
}

/** The (language, rank) pairs of the first n entries, in their slots' runs, in entry order within a run. */
function pairRuns(slots: Int32Array, entrySlot: Int32Array, entryPair: Int32Array, n: number): Uint16Array {
  const pairs = new Uint16Array(n);
  const filled = new Int32Array(slots.length / 2 - 1);
  for (let e = 0; e < n; e++) {
    const slot = entrySlot[e]!;
    pairs[slots[2 * slot + 1]! + filled[slot]!++] = entryPair[e]!;
  }
  return pairs;
}

/*
 * The loops that build the tables are small top-level functions, not closures made per script: each runs
 * ~49,000 times in all, once per thread, so V8 mostly interprets them, and a closure made anew for each script
 * had the optimising compiler throw its code away and compile the whole builder again (~40 ms of a thread's
 * CPU time where the work itself is ~3 ms).
 */

/** The key of the trigram at `at` of a model string: (a * base + b) * base + c over alphabet numbers. */
function trigramKey(model: string, at: number, alphabet: Uint16Array, base: number): number {
  return (
    (alphabet[model.charCodeAt(at)]! * base + alphabet[model.charCodeAt(at + 1)]!) * base +
    alphabet[model.charCodeAt(at + 2)]!
  );
}

/** The slot of key in an open-addressing table (a power of two long, 0 for empty): its own, or where it goes. */
function probe(keys: Int32Array, key: number): number {
  const mask = keys.length - 1;
  let slot = home(key, keys.length);
  while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
  return slot;
}

/** Adds a model's trigrams to a table of keys; returns how many were new. */
function addTrigrams(model: string, alphabet: Uint16Array, base: number, keys: Int32Array): number {
  let added = 0;
  for (let at = 0; at < model.length; at += 4) {
    const k = trigramKey(model, at, alphabet, base);
    const slot = probe(keys, k);
    if (keys[slot] === 0) {
      keys[slot] = k;
      added++;
    }
  }
  return added;
}

/**
 * Second pass, one language: each trigram's slot and (language, rank) pair, from entry n on; returns the next
 * free entry. A trigram listed twice in the model keeps its first rank.
 */
function addEntries(
  model: string,
  languageIndex: number,
  alphabet: Uint16Array,
  base: number,
  keys: Int32Array,
  count: Int32Array,
  lastLanguage: Int32Array,
  entrySlot: Int32Array,
  entryPair: Int32Array,
  n: number,
): number {
  for (let at = 0, rank = 0; at < model.length; at += 4, rank++) {
    const k = trigramKey(model, at, alphabet, base);
    const slot = probe(keys, k);
    keys[slot] = k;
    if (lastLanguage[slot] === languageIndex + 1) continue;
    lastLanguage[slot] = languageIndex + 1;
    count[slot]!++;
    entrySlot[n] = slot;
    entryPair[n] = languageIndex | (rank << PAIR_SHIFT);
    n++;
  }
  return n;
}

/** A power of two at least twice n (load ≤ 1/2). */
function tableSize(n: number): number {
  let size = 64;
  while (size < 2 * n) size *= 2;
  return size;
}

const SCRIPT_ENTRIES = Object.entries(francScripts);

/**
 * For each UTF-16 code unit outside the surrogates, a bit per script whose expression matches it alone
 * (franc counts matches of each script's expression; a character can belong to two, as Han to Chinese and
 * Japanese). Derived from franc's expressions, so counting scripts is one pass, not one regex per script.
 * Filled 256 code units at a time, on the first use of a code unit of that block: each expression runs once
 * over a string of the block's code units (with no surrogates in it, only the expression's single-unit
 * alternatives can match, each match one code unit). A text touches few blocks (Latin text two or three), and
 * the whole table cost ~30 ms per thread. A cache of a function of franc's constant data: in whatever order
 * the blocks are filled, every code unit gets the same bits.
 */
const SCRIPT_BITS = new Uint32Array(0x10000);
const SCRIPT_BLOCK_FILLED = new Uint8Array(0x100);
const SCRIPT_MATCHERS = lazy(() =>
  SCRIPT_ENTRIES.map(([, expression]) => new RegExp(expression.source, 'g')),
);

function scriptBits(unit: number): number {
  const block = unit >>> 8;
  if (SCRIPT_BLOCK_FILLED[block] === 0) fillScriptBlock(block);
  return SCRIPT_BITS[unit]!;
}

function fillScriptBlock(block: number): void {
  if (SCRIPT_ENTRIES.length > 32) throw new Error('more scripts than bits');
  const units: string[] = [];
  for (let code = block << 8; code < (block + 1) << 8; code++) {
    if (code < 0xd800 || code > 0xdfff) units.push(String.fromCharCode(code));
  }
  const text = units.join('');
  SCRIPT_MATCHERS().forEach((matcher, i) => {
    for (const match of text.matchAll(matcher)) {
      if (match[0].length !== 1) throw new Error('a script expression matched more than one code unit');
      SCRIPT_BITS[match[0].charCodeAt(0)]! |= 1 << i;
    }
  });
  SCRIPT_BLOCK_FILLED[block] = 1;
}

const SURROGATE = /[\ud800-\udfff]/;

/** franc's getTopScript: the script whose characters are the largest share of the text (first wins ties). */
function topScript(value: string): [string | undefined, number] {
  const counts = new Array<number>(SCRIPT_ENTRIES.length).fill(0);
  if (SURROGATE.test(value)) {
    // Characters outside the BMP: franc's own expressions, which match surrogate pairs.
    SCRIPT_ENTRIES.forEach(([, expression], i) => {
      counts[i] = value.match(expression)?.length ?? 0;
    });
  } else {
    for (let i = 0; i < value.length; i++) {
      let bits = scriptBits(value.charCodeAt(i));
      while (bits !== 0) {
        const bit = 31 - Math.clz32(bits);
        counts[bit]!++;
        bits &= ~(1 << bit);
      }
    }
  }
  let top: string | undefined;
  let topCount = -1;
  SCRIPT_ENTRIES.forEach(([script], i) => {
    const count = counts[i]! / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  });
  return [top, topCount];
}

const PUNCTUATION_AND_DIGITS = /[\u0021-\u0040]+/g;
const WHITE_SPACE = /\s+/g;

/**
 * For each UTF-16 code unit, its lower case when that is one code unit whatever surrounds it, else 0
 * (U+0130 İ lowers to two units; Σ lowers to ς or σ by its neighbours; a surrogate is half of a character).
 * Filled 256 code units at a time, on the first use of a unit of that block, by toLowerCase itself: a cache
 * of a function of the code unit alone, so in whatever order blocks are filled every unit gets the same value.
 */
const LOWER = new Uint16Array(0x10000);
const LOWER_BLOCK_FILLED = new Uint8Array(0x100);

function lowerUnit(unit: number): number {
  const block = unit >>> 8;
  if (LOWER_BLOCK_FILLED[block] === 0) fillLowerBlock(block);
  return LOWER[unit]!;
}

function fillLowerBlock(block: number): void {
  for (let unit = block << 8; unit < (block + 1) << 8; unit++) {
    if (unit === 0x3a3 || (unit >= 0xd800 && unit <= 0xdfff)) continue;
    const lower = String.fromCharCode(unit).toLowerCase();
    if (lower.length === 1) LOWER[unit] = lower.charCodeAt(0);
  }
  LOWER_BLOCK_FILLED[block] = 1;
}

/**
 * trigram-utils' clean() with franc's padding, as code units:
 * ` ${value.replace(PUNCTUATION_AND_DIGITS, ' ').replace(WHITE_SPACE, ' ').trim().toLowerCase()} `.
 * One pass instead of three new strings: each run of digits, ASCII punctuation and white space is one space,
 * none at either end, each unit lower-cased on its own. When a unit's lower case depends on its neighbours
 * or is longer than one unit (lowerUnit gives 0), the string functions themselves make it.
 * Returns the number of units the cleaned text has; they are in `out` when it is long enough (value.length
 * + 2 always is, unless a lower case longer than its unit made the text longer).
 */
function cleanedUnits(value: string, out: Uint16Array): number {
  let n = 1;
  out[0] = 0x20;
  let gap = false;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if ((unit >= 0x21 && unit <= 0x40) || isSpaceCode(unit)) {
      gap = n > 1;
      continue;
    }
    const lower = lowerUnit(unit);
    if (lower === 0) return cleanedUnitsSlowly(value, out);
    if (gap) {
      out[n++] = 0x20;
      gap = false;
    }
    out[n++] = lower;
  }
  out[n++] = 0x20;
  return n;
}

function cleanedUnitsSlowly(value: string, out: Uint16Array): number {
  const cleaned = ` ${value.replace(PUNCTUATION_AND_DIGITS, ' ').replace(WHITE_SPACE, ' ').trim().toLowerCase()} `;
  for (let i = 0; i < cleaned.length && i < out.length; i++) out[i] = cleaned.charCodeAt(i);
  return cleaned.length;
}

/** Languages ranked best first with franc's normalised scores (best 1), as francAll(value, {only}) gives. */
export function rank(text: string): Array<[string, number]> {
  if (text.length === 0) return [];
  const value = text.slice(0, FRANC_MAX_LENGTH);
  const [script, share] = topScript(value);
  const { alphabet, base, models } = TABLES();
  const model = script === undefined ? undefined : models.get(script);
  if (script === undefined || !model) {
    if (script === undefined || share === 0 || !CANDIDATES.includes(script)) return [];
    return [[script, 1]];
  }
  // trigram-utils: digits and ASCII punctuation become spaces, white space collapses, lower case, padded.
  let cleaned = new Uint16Array(value.length + 2);
  let length = cleanedUnits(value, cleaned);
  if (length > cleaned.length) {
    cleaned = new Uint16Array(length);
    length = cleanedUnitsSlowly(value, cleaned);
  }
  // Trigrams made only of model characters are counted by key; the others can match no model, so only how
  // many distinct ones there are matters (each costs MAX_DIFFERENCE in every language).
  // An open-addressing table (keys and counts in typed arrays, sized for the sample) instead of a Map, and
  // the slots in use listed as they fill, so the pass over them skips the empty ones.
  const size = tableSize(length);
  const keys = new Int32Array(size);
  const counts = new Int32Array(size);
  const used = new Int32Array(length);
  let distinct = 0;
  let foreign: Set<string> | null = null;
  let a = 0;
  let b = alphabet[cleaned[0]!]!;
  let c = alphabet[cleaned[1]!]!;
  for (let i = 0; i + 3 <= length; i++) {
    a = b;
    b = c;
    c = alphabet[cleaned[i + 2]!]!;
    if (a === 0 || b === 0 || c === 0) {
      foreign ??= new Set();
      foreign.add(String.fromCharCode(cleaned[i]!, cleaned[i + 1]!, cleaned[i + 2]!));
      continue;
    }
    const key = (a * base + b) * base + c;
    let slot = home(key, size);
    while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & (size - 1);
    if (keys[slot] === 0) {
      keys[slot] = key;
      used[distinct++] = slot;
    }
    counts[slot]!++;
  }
  const { languages, pairs, slots } = model;
  const mask = model.size - 1;
  // Every trigram costs MAX_DIFFERENCE in a language whose model lacks it, |count - rank - 1| otherwise.
  // The distances are whole numbers well inside 32 bits (at most MAX_DIFFERENCE per trigram of the sample).
  const distances = new Int32Array(languages.length).fill(MAX_DIFFERENCE * (distinct + (foreign?.size ?? 0)));
  // In the order the trigrams first occur: the sums are of integers, so the order changes nothing.
  for (let u = 0; u < distinct; u++) {
    const slot = used[u]!;
    const key = keys[slot]!;
    let at = home(key, model.size);
    while (slots[2 * at] !== 0 && slots[2 * at] !== key) at = (at + 1) & mask;
    if (slots[2 * at] === 0) continue;
    const count = counts[slot]!;
    const end = slots[2 * at + 3]!;
    for (let p = slots[2 * at + 1]!; p < end; p++) {
      const pair = pairs[p]!;
      distances[pair & LANGUAGE_MASK]! += Math.abs(count - (pair >> PAIR_SHIFT) - 1) - MAX_DIFFERENCE;
    }
  }
  if (languages.length === 0) return [];
  // Best first, ties in language order (as franc's stable sort leaves them): each distance (not negative, at
  // most MAX_DIFFERENCE per trigram, so below 2^23) with its language's index in the low PAIR_SHIFT bits, in
  // one numeric sort of an Int32Array instead of a comparator over pairs.
  const order = new Int32Array(languages.length);
  for (let i = 0; i < languages.length; i++) order[i] = (distances[i]! << PAIR_SHIFT) | i;
  order.sort();
  // franc's normalize(): 1 for the best, falling with the distance, scaled by the sample's length.
  const min = order[0]! >> PAIR_SHIFT;
  const max = value.length * MAX_DIFFERENCE - min;
  const ranked = new Array<[string, number]>(languages.length);
  for (let i = 0; i < order.length; i++) {
    const entry = order[i]!;
    ranked[i] = [languages[entry & LANGUAGE_MASK]!, 1 - ((entry >> PAIR_SHIFT) - min) / max || 0];
  }
  return ranked;
}

export interface Detected {
  readonly language: Language;
  readonly confidence: number;
}

export function detect(text: string, options: LanguageOptions): Detected {
  if (!hasLetters(text, options.minLetters)) return { language: UNDETERMINED, confidence: 0 };
  const ranked = rank(text);
  const best = ranked[0];
  if (!best) return { language: UNDETERMINED, confidence: 0 };
  const language = iso1(best[0]);
  if (language === null) return { language: UNDETERMINED, confidence: 0 };
  // franc scales its scores by the sample's length, so the raw margin to the runner-up shrinks as the
  // sample grows. Measured against the gap to the REFERENCE_RANK-th language it does not: the confidence is
  // that ratio. A single-script language (Japanese, Korean, Thai, Greek...) is told by its script alone:
  // franc ranks nothing else, and the confidence is 1.
  const second = ranked[1]?.[1];
  const reference = ranked[Math.min(REFERENCE_RANK, ranked.length - 1)]![1];
  const spread = 1 - reference;
  const ratio = second === undefined || spread <= 0 ? 1 : Math.min(1, (1 - second) / spread);
  const confidence = Math.round(ratio * 1000) / 1000;
  if (confidence < options.minConfidence) return { language: UNDETERMINED, confidence };
  return { language, confidence };
}

export function language(doc: DocState, options: LanguageOptions): DocState {
  const found: Detected =
    options.force !== null ? { language: options.force, confidence: 1 } : detect(sample(doc), options);
  return {
    ...doc,
    metadata: { ...doc.metadata, language: found.language, languageConfidence: found.confidence },
  };
}
