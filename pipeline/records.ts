/** Turns a cleaned document state into the records newsclean writes. Offsets become code points here. */
import type { DocState } from '../stages/document.js';
import { applyEdits, bodyRuns } from '../stages/document.js';
import type { MarkupMetadata } from '../stages/markup-metadata.js';
import type { SiteLines } from '../stages/site-repeated.js';
import type { Cleaned, Settle } from './clean.js';
import { cleanBytes } from './clean.js';
import type { CleaningConfig } from './config.js';
import { codePointMapper } from './offsets.js';
import type { DocumentRecord, MarkupRecord, Provenance, RejectedRecord, SentenceRecord } from './schemas.js';

/** A document's records: the documents.jsonl record and its sentences.jsonl records. */
export interface DocumentRecords {
  readonly document: DocumentRecord;
  readonly sentences: SentenceRecord[];
}

/**
 * One input's records, or its rejection: what the run writes for it (the worker threads call this, and so
 * does the library's clean()). The id is the first 16 hex digits of the provenance's sha256.
 */
export function cleanToRecords(
  bytes: Uint8Array,
  provenance: Provenance,
  cleaning: CleaningConfig,
  siteLines?: SiteLines,
  html = false,
  /** Between the largest steps (pipeline/clean.ts Settle): the run's workers collect garbage there. */
  settle: Settle = () => undefined,
): DocumentRecords | RejectedRecord {
  const records = builtRecords(bytes, provenance, cleaning, siteLines, html, settle);
  if ('code' in records) return records;
  // The cleaned state is gone (builtRecords returned): a long document's sentence records are made only now,
  // so they never add to it (see documentRecords).
  settle();
  return records.finish();
}

/** The records before their sentences are made: a function of its own, so the cleaned state goes with it. */
function builtRecords(
  bytes: Uint8Array,
  provenance: Provenance,
  cleaning: CleaningConfig,
  siteLines: SiteLines | undefined,
  html: boolean,
  settle: Settle,
): UnfinishedRecords | RejectedRecord {
  const cleaned = cleanBytes(bytes, cleaning, siteLines, html, provenance.httpContentType ?? null, settle);
  if (!cleaned.ok) {
    return {
      sourcePath: provenance.sourcePath,
      record: provenance.record,
      sourceSha256: provenance.sourceSha256,
      code: cleaned.code,
      reason: cleaned.reason,
      pipelineVersion: provenance.pipelineVersion,
      codeFingerprint: provenance.codeFingerprint,
      configHash: provenance.configHash,
    };
  }
  // What the stages left behind goes before the records (about as large as the text again) are built.
  settle();
  return unfinishedRecords(provenance.sourceSha256.slice(0, 16), provenance, cleaned);
}

/** A document's records, all but its sentence records, which finish() makes (see documentRecords). */
interface UnfinishedRecords {
  finish(): DocumentRecords;
}

export function documentRecords(
  id: string,
  provenance: Provenance,
  cleaned: Cleaned,
  /** Share the text's memory (see DETACH_CHARS): the same records either way. */
  detach = cleaned.state.raw.length >= DETACH_CHARS,
): DocumentRecords {
  return unfinishedRecords(id, provenance, cleaned, detach).finish();
}

/**
 * The records of a cleaned document. For a long one (DETACH_CHARS) they hold nothing of the cleaning's
 * strings, and its sentence records (an object and a string each, 12 MB for a 10 MB document) are kept as
 * numbers until finish(), which the caller runs once the cleaned state can be collected.
 */
function unfinishedRecords(
  id: string,
  provenance: Provenance,
  cleaned: Cleaned,
  detach = cleaned.state.raw.length >= DETACH_CHARS,
): UnfinishedRecords {
  const state: DocState = cleaned.state;
  const cp = codePointMapper(state.raw);
  const span = <T extends { rawStart: number; rawEnd: number }>(item: T): T => ({
    ...item,
    rawStart: cp(item.rawStart),
    rawEnd: cp(item.rawEnd),
  });
  const html = htmlSpans(state);
  const runs = bodyRuns(state);
  // A long document's records share its text's memory (see DETACH_CHARS): each paragraph's and sentence's
  // text is a slice of the document's text, and every other string is a copy of its own.
  const own = detach ? detachedCopy : sameValue;
  const { text, starts, texts } = joinedParagraphs(state, runs, detach);
  const paragraphs = runs.map((run, index) => ({
    index,
    rawStart: cp(run.rawStart),
    rawEnd: cp(run.rawEnd),
    ...html(run.rawStart, run.rawEnd),
    text: texts === null ? text.slice(starts[index]!, starts[index + 1]! - 2) : texts[index]!,
  }));
  // Sentences come in paragraph order: one walk over the runs finds each sentence's paragraph.
  const count = state.sentences.length;
  const paragraphOf = new Int32Array(count);
  let runIndex = 0;
  for (let i = 0; i < count; i++) {
    const sentence = state.sentences[i]!;
    while (runIndex < runs.length - 1 && sentence.rawStart >= runs[runIndex]!.rawEnd) runIndex++;
    paragraphOf[i] = runIndex;
  }
  const made = (index: number, rawStart: number, rawEnd: number, text: string): SentenceRecord => ({
    docId: id,
    index,
    paragraph: paragraphOf[index]!,
    rawStart,
    rawEnd,
    text,
    provenance,
  });
  // A short document's sentence records are made at once; a long one's wait as numbers (sharedSentences).
  const shared = detach ? sharedSentences(state.sentences, paragraphOf, starts, text, cp) : null;
  const sentences = detach
    ? null
    : state.sentences.map((sentence, index) =>
        made(index, cp(sentence.rawStart), cp(sentence.rawEnd), sentence.text),
      );
  const { metadata } = state;
  const document: DocumentRecord = {
    id,
    provenance,
    decoding: cleaned.decoded,
    language: metadata.language,
    languageConfidence: metadata.languageConfidence,
    title: own(metadata.title),
    section: own(metadata.section),
    standfirst: metadata.standfirst.map(own),
    byline: own(metadata.byline),
    published: own(metadata.published),
    credits: metadata.credits.map(own),
    ...(metadata.markup === undefined ? {} : { markup: own(markupRecord(metadata.markup)) }),
    text,
    paragraphs,
    sentenceCount: count,
    // Spreading keeps each log entry's key order (the schema's); only the offsets change unit.
    edits: state.edits.map((edit) => own(span(edit))),
    removed: state.removed.map((removal) => {
      const { stage, rule, rawStart, rawEnd, text } = removal;
      return own({
        stage,
        rule,
        rawStart: cp(rawStart),
        rawEnd: cp(rawEnd),
        ...html(rawStart, rawEnd),
        text,
      });
    }),
    findings: state.findings.map((finding) => own(span(finding))),
  };
  return {
    finish: () => {
      if (shared === null) return { document, sentences: sentences ?? [] };
      const records: SentenceRecord[] = new Array(count);
      for (let i = 0; i < count; i++)
        records[i] = made(i, shared.rawStart[i]!, shared.rawEnd[i]!, shared.text(i));
      return { document, sentences: records };
    },
  };
}

/** A document's sentences as numbers, their texts made on demand. */
interface SentenceColumns {
  readonly rawStart: Int32Array;
  readonly rawEnd: Int32Array;
  text(index: number): string;
}

/**
 * Sentences whose texts are slices of the document's text (found in their paragraph's text, in order), held as
 * offsets into it until made; a sentence not found there keeps a copy of its own text.
 */
function sharedSentences(
  sentences: DocState['sentences'],
  paragraphOf: Int32Array,
  paragraphStarts: Int32Array,
  text: string,
  cp: (offset: number) => number,
): SentenceColumns {
  const count = paragraphOf.length;
  const rawStart = new Int32Array(count);
  const rawEnd = new Int32Array(count);
  const textStart = new Int32Array(count);
  const textEnd = new Int32Array(count);
  const notFound = new Map<number, string>();
  let run = -1;
  let paragraph = '';
  let foundEnd = 0;
  for (let i = 0; i < count; i++) {
    const sentence = sentences[i]!;
    rawStart[i] = cp(sentence.rawStart);
    rawEnd[i] = cp(sentence.rawEnd);
    if (paragraphOf[i] !== run) {
      run = paragraphOf[i]!;
      // A slice of a flat string shares its characters: the search stays within the paragraph.
      paragraph = text.slice(paragraphStarts[run]!, paragraphStarts[run + 1]! - 2);
      foundEnd = 0;
    }
    const found = paragraph.indexOf(sentence.text, foundEnd);
    if (found < 0) {
      notFound.set(i, detachedCopy(sentence.text));
      continue;
    }
    foundEnd = found + sentence.text.length;
    textStart[i] = paragraphStarts[run]! + found;
    textEnd[i] = paragraphStarts[run]! + foundEnd;
  }
  return {
    rawStart,
    rawEnd,
    text: (i) => notFound.get(i) ?? text.slice(textStart[i]!, textEnd[i]!),
  };
}

/**
 * The document's text, its paragraphs' texts joined by blank lines, and where each paragraph starts in it
 * (starts[i + 1] - 2 is where paragraph i ends). The paragraphs' own texts are kept only when asked (a short
 * document's records hold them); otherwise they go with this function's frame, before the records are made.
 */
function joinedParagraphs(
  state: DocState,
  runs: readonly { readonly rawStart: number; readonly rawEnd: number }[],
  detach: boolean,
): { text: string; starts: Int32Array; texts: string[] | null } {
  const texts = runs.map((run) => applyEdits(state.raw, run.rawStart, run.rawEnd, state.edits).text);
  const starts = new Int32Array(texts.length + 1);
  for (let i = 0; i < texts.length; i++) starts[i + 1] = starts[i]! + texts[i]!.length + 2;
  return { text: texts.join('\n\n'), starts, texts: detach ? null : texts };
}

/**
 * Documents of at least this many characters get records that hold no part of the cleaning's strings. V8 keeps
 * a sliced string's whole parent alive: a title, a log entry's text or a sentence sliced from the raw text or
 * from a stage's paragraph would keep those (twice the document's size, or more) alive while the records are
 * encoded. The copies have the same characters, so the records are equal either way; below this size the
 * memory is small beside a thread's own, and copying would only cost time.
 */
export const DETACH_CHARS = 1 << 20;

function sameValue<T>(value: T): T {
  return value;
}

/**
 * A copy of a JSON-like value whose strings share no memory with the strings they were sliced from: objects
 * keep their key order. A string of 13 characters or more is copied by slicing a concatenation (V8 flattens it
 * into a string of its own first); shorter strings are never slices in V8.
 */
function detachedCopy<T>(value: T): T {
  if (typeof value === 'string') return (value.length < 13 ? value : ` ${value}`.slice(1)) as T;
  if (Array.isArray(value)) return value.map(detachedCopy) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = detachedCopy(field);
  return copy as T;
}

/** The markup metadata as the record holds it: the same keys in the same order, arrays copied. */
function markupRecord(m: MarkupMetadata): MarkupRecord {
  return {
    title: m.title,
    byline: m.byline,
    authors: m.authors === null ? null : { value: [...m.authors.value], source: m.authors.source },
    published: m.published,
    modified: m.modified,
    section: m.section,
    language: m.language,
    canonicalUrl: m.canonicalUrl,
    siteName: m.siteName,
  };
}

const NO_HTML = () => ({});

/**
 * For an HTML document, where a span of its text view comes from in the HTML: `htmlStart` of the first and
 * `htmlEnd` of the last page block it touches, in code points into the decoded HTML. For text, no fields.
 */
function htmlSpans(
  state: DocState,
): (start: number, end: number) => { htmlStart?: number; htmlEnd?: number } {
  const source = state.html;
  if (source === undefined) return NO_HTML;
  const blocks = source.blocks;
  const cp = codePointMapper(source.html);
  /** Index of the first block that ends after `at`. */
  const firstEndingAfter = (at: number) => {
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid]!.viewEnd <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (start, end) => {
    const first = firstEndingAfter(start);
    let htmlStart = Number.POSITIVE_INFINITY;
    let htmlEnd = -1;
    for (let i = first; i < blocks.length && blocks[i]!.viewStart < end; i++) {
      htmlStart = Math.min(htmlStart, blocks[i]!.htmlStart);
      htmlEnd = Math.max(htmlEnd, blocks[i]!.htmlEnd);
    }
    if (htmlEnd < 0) return {};
    return { htmlStart: cp(htmlStart), htmlEnd: cp(htmlEnd) };
  };
}

/**
 * Counts per "stage.rule" of what a document's cleaning did, for run.json; the language stage counts each
 * document once under "language.<code>".
 */
export function ruleCounts(document: DocumentRecord): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  add(`language.${document.language}`);
  for (const edit of document.edits) add(countKey(RULE_KEYS, edit.stage, edit.rule));
  for (const removal of document.removed) add(countKey(RULE_KEYS, removal.stage, removal.rule));
  for (const finding of document.findings) add(countKey(FINDING_KEYS, finding.stage, finding.rule));
  return counts;
}

/**
 * The counts' keys, `${stage}.${rule}` and `${stage}.finding.${rule}`, made once per stage and rule: a key
 * built anew for each of a document's log entries (hundreds on a page) was a new string to flatten and look
 * up as a property name every time. A cache of a function of its arguments (the rules of a run are few), so
 * the keys and their order are the same as building them.
 */
const RULE_KEYS = new Map<string, Map<string, string>>();
const FINDING_KEYS = new Map<string, Map<string, string>>();

function countKey(keys: Map<string, Map<string, string>>, stage: string, rule: string): string {
  let byRule = keys.get(stage);
  if (byRule === undefined) {
    byRule = new Map();
    keys.set(stage, byRule);
  }
  let key = byRule.get(rule);
  if (key === undefined) {
    key = keys === FINDING_KEYS ? `${stage}.finding.${rule}` : `${stage}.${rule}`;
    byRule.set(rule, key);
  }
  return key;
}
