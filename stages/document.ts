/**
 * The document state every stage reads and returns. Plain data: stages copy, never mutate.
 *
 * Offsets here are UTF-16 code unit indices into `raw` (what JavaScript strings use); the pipeline converts
 * them to Unicode code points when it writes records, so users in any language can slice the raw text.
 */
import type { HtmlSource } from './html.js';
import { CLOSING_MARKS, charClass, SENTENCE_MARKS, STRAIGHT_QUOTES, TURNED_QUOTES } from './lexicon.js';
import type { MarkupMetadata } from './markup-metadata.js';

export type Role =
  | 'title'
  | 'standfirst'
  | 'byline'
  | 'dateline'
  | 'caption'
  | 'body'
  | 'boilerplate'
  | 'duplicate';

/** One non-empty line of the raw text. Paragraphs are runs of lines between blank lines. */
export interface Block {
  readonly index: number;
  readonly paragraph: number;
  /** Span of the line's content, surrounding white space excluded. */
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly text: string;
  readonly role: Role;
}

/** A change to kept text: raw[rawStart, rawEnd) === before was replaced by after. */
export interface Edit {
  readonly stage: string;
  readonly rule: string;
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly before: string;
  readonly after: string;
}

/** A block that left the body text, and why. Metadata blocks are logged here too, with their field. */
export interface Removal {
  readonly stage: string;
  readonly rule: string;
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly text: string;
}

/** Something that looks wrong but was not changed, because no rule was sure enough. */
export interface Finding {
  readonly stage: string;
  readonly rule: string;
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly text: string;
  readonly message: string;
}

export interface Metadata {
  readonly title: string | null;
  readonly section: string | null;
  readonly standfirst: readonly string[];
  readonly byline: string | null;
  /** ISO 8601 as precise as the page says, never with an invented time zone. */
  readonly published: string | null;
  readonly credits: readonly string[];
  /** ISO 639-1 code of the document's language, 'und' when it could not be told (see stages/language.ts). */
  readonly language: string;
  /** How sure the language stage was, 0 to 1: franc's margin over the second-best language. */
  readonly languageConfidence: number;
  /**
   * HTML input only: what the page's markup says (stages/markup-metadata.ts), each value with its source.
   * title, section, byline and published above take its values when it has them.
   */
  readonly markup?: MarkupMetadata;
}

export interface Sentence {
  readonly paragraph: number;
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly text: string;
}

export interface DocState {
  readonly raw: string;
  readonly blocks: readonly Block[];
  readonly metadata: Metadata;
  /** Sorted by rawStart, then rawEnd, never overlapping: stages that add edits keep it so. */
  readonly edits: readonly Edit[];
  readonly removed: readonly Removal[];
  readonly findings: readonly Finding[];
  readonly sentences: readonly Sentence[];
  /**
   * For HTML input only: the page and its block table (stages/html.ts). `raw` is then the page's text view,
   * and every offset above counts in it; the blocks say where each part of the view is in the HTML.
   */
  readonly html?: HtmlSource;
  /**
   * Lines (Block.index) that the page's markup places in its article as prose (stages/markup.ts, HTML only):
   * density's `outside-article`, `teaser-list`, `link-list` and `not-prose` leave them, whatever run of prose it finds.
   */
  readonly articleLines?: ReadonlySet<number>;
}

export function emptyMetadata(): Metadata {
  return {
    title: null,
    section: null,
    standfirst: [],
    byline: null,
    published: null,
    credits: [],
    language: 'und',
    languageConfidence: 0,
  };
}

export function newDocState(raw: string, html?: HtmlSource): DocState {
  const doc: DocState = {
    raw,
    blocks: [],
    metadata: emptyMetadata(),
    edits: [],
    removed: [],
    findings: [],
    sentences: [],
  };
  return html === undefined ? doc : { ...doc, html };
}

/** Give blocks new roles and log each block that leaves the body under the given stage and rule. */
export function reassign(
  doc: DocState,
  stage: string,
  changes: ReadonlyMap<number, { role: Role; rule: string }>,
): DocState {
  if (changes.size === 0) return doc;
  const added: Removal[] = [];
  const blocks = mapPacked(doc.blocks, (block) => {
    const change = changes.get(block.index);
    if (!change) return block;
    if (block.role === 'body' && change.role !== 'body') {
      added.push({
        stage,
        rule: change.rule,
        rawStart: block.rawStart,
        rawEnd: block.rawEnd,
        text: block.text,
      });
    }
    return { ...block, role: change.role };
  });
  return { ...doc, blocks, removed: mergedByStart(doc.removed, added) };
}

/**
 * The removals of `before` and `added` in the order a stable sort by rawStart gives their concatenation:
 * ties keep before's first, each list in its own order. Both lists are sorted already in practice (before by
 * the last reassign, added in block order), and one merge then does it, instead of copying and sorting the
 * whole log (hundreds of entries on a page) at every stage that removes a line; otherwise the sort. A test
 * checks it against the sort.
 */
export function mergedByStart(before: readonly Removal[], added: readonly Removal[]): Removal[] {
  if (!sortedByStart(before) || !sortedByStart(added))
    return [...before, ...added].sort((a, b) => a.rawStart - b.rawStart);
  const out: Removal[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < added.length) {
    if (added[j]!.rawStart < before[i]!.rawStart) out.push(added[j++]!);
    else out.push(before[i++]!);
  }
  while (i < before.length) out.push(before[i++]!);
  while (j < added.length) out.push(added[j++]!);
  return out;
}

function sortedByStart(removals: readonly Removal[]): boolean {
  for (let i = 1; i < removals.length; i++)
    if (removals[i]!.rawStart < removals[i - 1]!.rawStart) return false;
  return true;
}

/**
 * A document with more than `max` removal entries (200,000 menu lines, say) has each run of consecutive
 * removals by the same stage and rule merged into one entry whose text is the raw span itself, line breaks
 * included: nothing between them was kept (every line that leaves the body is logged), so the raw text can
 * still be rebuilt, while the log stops growing with the number of lines. Under the cap nothing changes.
 */
export function mergeRemovals(doc: DocState, max: number): DocState {
  if (doc.removed.length <= max) return doc;
  const kept = doc.blocks.filter((block) => block.role === 'body').map((block) => block.rawStart);
  let next = 0; // index of the first kept line at or after the current position (both lists are sorted)
  const merged: Removal[] = [];
  for (const removal of doc.removed) {
    while (next < kept.length && (kept[next] as number) < removal.rawStart) next++;
    const last = merged[merged.length - 1];
    const keptBetween = last !== undefined && next > 0 && (kept[next - 1] as number) >= last.rawEnd;
    if (last && last.stage === removal.stage && last.rule === removal.rule && !keptBetween) {
      const rawEnd = Math.max(last.rawEnd, removal.rawEnd);
      merged[merged.length - 1] = { ...last, rawEnd, text: doc.raw.slice(last.rawStart, rawEnd) };
    } else merged.push(removal);
  }
  return { ...doc, removed: merged };
}

/**
 * f of each item, in a new Array filled by push: for the per-line arrays of the hot stages, instead of
 * Array.prototype.map. V8's optimised map makes a holey array and the interpreter's a packed one, so code
 * reading such arrays saw their map change from one document to the next, and each change made V8 throw the
 * stage's compiled code away and compile it again (recompiling density and dedupe-headlines took about a
 * tenth of a one-core run's CPU). An array filled by push is packed in both.
 */
export function mapPacked<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i]!, i));
  return out;
}

export function bodyBlocks(doc: DocState): Block[] {
  return doc.blocks.filter((block) => block.role === 'body');
}

/** A run of consecutive kept lines inside one raw paragraph: the unit of clean text and of sentences. */
export interface BodyRun {
  readonly paragraph: number;
  /**
   * Where the run's text starts: its first line's text, or that line's start when the run is laid out by
   * indentation (see layoutStart), so that code, JSON and verse keep their first line's indentation too.
   */
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly blocks: readonly Block[];
}

/** White space inside a line (not a line end): what indents a line. */
const isIndentCode = (code: number) => code !== 0x0a && code !== 0x0d && isSpaceCode(code);

/**
 * Where a run's text starts. A line's block starts after its indentation; a run of several lines of which a
 * later one is indented is laid out by indentation (code, JSON, verse): its indentation is text, kept by
 * segment for every line but the first, so the first line's is kept too (otherwise `  if (x) {` over
 * `    y();` loses the nesting). A run of prose whose only indented line is its first starts at its text.
 */
function layoutStart(raw: string, blocks: readonly Block[]): number {
  const first = blocks[0]!;
  if (first.rawStart === 0 || !isIndentCode(raw.charCodeAt(first.rawStart - 1))) return first.rawStart;
  let indented = false;
  for (let i = 1; i < blocks.length && !indented; i++) {
    const start = blocks[i]!.rawStart;
    indented = isIndentCode(raw.charCodeAt(start - 1));
  }
  if (!indented) return first.rawStart;
  let start = first.rawStart;
  while (start > 0 && isIndentCode(raw.charCodeAt(start - 1))) start--;
  return start;
}

export function bodyRuns(doc: DocState): BodyRun[] {
  const raw = doc.raw;
  const runs: BodyRun[] = [];
  let current: Block[] = [];
  const flush = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) {
      runs.push({
        paragraph: first.paragraph,
        rawStart: layoutStart(raw, current),
        rawEnd: last.rawEnd,
        blocks: current,
      });
    }
    current = [];
  };
  let previous: Block | undefined;
  for (const block of doc.blocks) {
    const continues =
      block.role === 'body' &&
      previous?.role === 'body' &&
      previous.paragraph === block.paragraph &&
      previous.index === block.index - 1;
    if (!continues) flush();
    if (block.role === 'body') current.push(block);
    previous = block;
  }
  flush();
  return runs;
}

/** Text of raw[start, end) with the edits inside it applied, and maps from text positions back to raw. */
export interface EditedSpan {
  readonly text: string;
  /** Raw offset where a span starting at text position i starts (inside replaced text: the edit's start). */
  readonly startToRaw: (i: number) => number;
  /** Raw offset where a span ending at text position i ends (inside replaced text: the edit's end). */
  readonly endToRaw: (i: number) => number;
}

/** A stretch of the edited text: copied from raw, or an edit's replacement. */
interface Piece {
  readonly textStart: number;
  readonly textEnd: number;
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly copied: boolean;
}

export function applyEdits(raw: string, start: number, end: number, edits: readonly Edit[]): EditedSpan {
  // An insertion exactly at either end of the span is white space between spans, not part of this one.
  const atBoundary = (edit: Edit) =>
    edit.rawStart === edit.rawEnd && (edit.rawStart === start || edit.rawEnd === end);
  // Edits are sorted by rawStart: find the first at or after start, instead of filtering them all, so a
  // document with many paragraphs and edits stays linear.
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edits[mid]!.rawStart < start) lo = mid + 1;
    else hi = mid;
  }
  const inside: Edit[] = [];
  for (let i = lo; i < edits.length && edits[i]!.rawStart <= end; i++) {
    const edit = edits[i]!;
    if (edit.rawEnd <= end && !atBoundary(edit)) inside.push(edit);
  }
  if (inside.length === 0) {
    // The common case: no edit, so text and raw offsets differ by a constant.
    return { text: raw.slice(start, end), startToRaw: (i) => start + i, endToRaw: (i) => start + i };
  }
  const texts: string[] = [];
  const pieces: Piece[] = [];
  let cursor = start;
  let length = 0;
  const push = (text: string, rawStart: number, rawEnd: number, copied: boolean) => {
    texts.push(text);
    pieces.push({ textStart: length, textEnd: length + text.length, rawStart, rawEnd, copied });
    length += text.length;
  };
  for (const edit of inside) {
    if (edit.rawStart < cursor) continue; // overlapping edits are prevented upstream; never apply one twice
    if (edit.rawStart > cursor) push(raw.slice(cursor, edit.rawStart), cursor, edit.rawStart, true);
    push(edit.after, edit.rawStart, edit.rawEnd, false);
    cursor = edit.rawEnd;
  }
  if (end > cursor) push(raw.slice(cursor, end), cursor, end, true);
  /** The first piece that holds text position i (a position at a piece's end belongs to the next one). */
  const pieceAt = (i: number): Piece | undefined => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const piece = pieces[mid]!;
      if (i < piece.textStart) hi = mid - 1;
      else if (i >= piece.textEnd) lo = mid + 1;
      else return piece;
    }
    return undefined;
  };
  return {
    text: texts.join(''),
    startToRaw: (i) => {
      const piece = pieceAt(i);
      if (!piece) return end;
      return piece.copied ? piece.rawStart + (i - piece.textStart) : piece.rawStart;
    },
    endToRaw: (i) => {
      const piece = pieceAt(i);
      if (!piece) return end;
      if (piece.copied) return piece.rawStart + (i - piece.textStart);
      return i === piece.textStart ? piece.rawStart : piece.rawEnd;
    },
  };
}

/** The clean body text: runs of kept lines, edits applied, separated by a blank line. */
export function bodyText(doc: DocState): string {
  return bodyRuns(doc)
    .map((run) => applyEdits(doc.raw, run.rawStart, run.rawEnd, doc.edits).text)
    .join('\n\n');
}

/** Every sentence-ending mark of SENTENCE_MARKS, as a regex character class. */
export const TERMINAL_CLASS = charClass(SENTENCE_MARKS.map((m) => m.mark).join(''));

/** What may follow a sentence end at the end of a line: closing marks and quotes of either direction. */
export const LINE_END_CLOSERS = CLOSING_MARKS + STRAIGHT_QUOTES + TURNED_QUOTES;

/**
 * A line that ends like a sentence, in any script: a mark of SENTENCE_MARKS (stages/lexicon.ts), then
 * closing quotes and brackets. The declaration; endsLikeSentence is its fast path (a test checks they agree).
 */
export const SENTENCE_END = new RegExp(`${TERMINAL_CLASS}${charClass(LINE_END_CLOSERS)}*$`, 'u');

/** 1: a sentence-ending mark, 2: a closer after one; indexed by UTF-16 code unit (every mark is one). */
const END_TABLE = ((): Uint8Array => {
  const table = new Uint8Array(0x10000);
  for (const m of SENTENCE_MARKS) table[m.mark.charCodeAt(0)] = 1;
  for (const c of LINE_END_CLOSERS) table[c.charCodeAt(0)] = 2;
  return table;
})();

/**
 * UTF-16 code units of `text` that are not HTML white space (space, tab, line feed, form feed, carriage
 * return): how the HTML path counts a block's characters (HtmlBlock.chars) and the markup rules weigh a part of it.
 */
export function visibleChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d && c !== 0x0c) n++;
  }
  return n;
}

/** Whether a line ends like a sentence (SENTENCE_END), by a scan back over its last characters. */
export function endsLikeSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && END_TABLE[text.charCodeAt(i)] === 2) i--;
  return i >= 0 && END_TABLE[text.charCodeAt(i)] === 1;
}

/**
 * A line of program code or data (JSON, CSS, a shell prompt) quoted in a page: no fix touches it (its
 * spacing, dots and capitals are syntax, not typing faults), and a repeat of one is not furniture (a
 * program says `return null;` many times). Code-like: it ends in `{`, `}`, `;` or `[`, starts with a closing
 * bracket, a comment marker (`//`, `/*`, `#!`, SQL's `-- `) or a shell prompt, is a JSON/YAML-style
 * `"key": value` line, or holds `=>`, a call (a name and its opening bracket with no space between: `avg(n)`,
 * which prose writes `avg (n)` if ever), a `::` cast or scope, or box-drawing characters (a table printed by
 * a console, as psql draws one). The call test starts at the bracket and looks behind for the name: tried
 * at every position of every line, a test that started with \w would cost twice as much as the rest of the
 * pattern.
 */
const CODE_LINE =
  /[{};[]\s*$|^\s*(?:[}\])]|\/\/|\/\*|#!|\$ |-- )|^\s*"[^"]*"\s*:|=>|\)\s*\{|\((?<=\w\()|::\w|[\u2500-\u257f]/u;

/** Whether a line reads as code or data rather than prose (see CODE_LINE). */
export function looksLikeCode(line: string): boolean {
  return CODE_LINE.test(line);
}

/**
 * Whether a UTF-16 code unit is white space as the regex class \s (and trim()) defines it: tab to carriage
 * return, space, no-break space, U+1680, U+2000–U+200A, line and paragraph separators, U+202F, U+205F,
 * U+3000 and the byte order mark. A test checks this against \s for every code unit.
 */
export function isSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Words in a line, counted as runs between white space (one pass, no split: it runs on every line). */
export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
