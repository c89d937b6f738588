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
  return documentRecords(provenance.sourceSha256.slice(0, 16), provenance, cleaned);
}

export function documentRecords(id: string, provenance: Provenance, cleaned: Cleaned): DocumentRecords {
  const state: DocState = cleaned.state;
  const cp = codePointMapper(state.raw);
  const span = <T extends { rawStart: number; rawEnd: number }>(item: T): T => ({
    ...item,
    rawStart: cp(item.rawStart),
    rawEnd: cp(item.rawEnd),
  });
  const html = htmlSpans(state);
  const runs = bodyRuns(state);
  const paragraphs = runs.map((run, index) => ({
    index,
    rawStart: cp(run.rawStart),
    rawEnd: cp(run.rawEnd),
    ...html(run.rawStart, run.rawEnd),
    text: applyEdits(state.raw, run.rawStart, run.rawEnd, state.edits).text,
  }));
  // Sentences come in paragraph order: one walk over the runs finds each sentence's paragraph.
  let runIndex = 0;
  const sentences: SentenceRecord[] = state.sentences.map((sentence, index) => {
    while (runIndex < runs.length - 1 && sentence.rawStart >= runs[runIndex]!.rawEnd) runIndex++;
    return {
      docId: id,
      index,
      paragraph: runIndex,
      rawStart: cp(sentence.rawStart),
      rawEnd: cp(sentence.rawEnd),
      text: sentence.text,
      provenance,
    };
  });
  const { metadata } = state;
  const document: DocumentRecord = {
    id,
    provenance,
    decoding: cleaned.decoded,
    language: metadata.language,
    languageConfidence: metadata.languageConfidence,
    title: metadata.title,
    section: metadata.section,
    standfirst: [...metadata.standfirst],
    byline: metadata.byline,
    published: metadata.published,
    credits: [...metadata.credits],
    ...(metadata.markup === undefined ? {} : { markup: markupRecord(metadata.markup) }),
    text: paragraphs.map((p) => p.text).join('\n\n'),
    paragraphs,
    sentenceCount: sentences.length,
    // Spreading keeps each log entry's key order (the schema's); only the offsets change unit.
    edits: state.edits.map(span),
    removed: state.removed.map((removal) => {
      const { stage, rule, rawStart, rawEnd, text } = removal;
      return { stage, rule, rawStart: cp(rawStart), rawEnd: cp(rawEnd), ...html(rawStart, rawEnd), text };
    }),
    findings: state.findings.map(span),
  };
  return { document, sentences };
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
  for (const edit of document.edits) add(`${edit.stage}.${edit.rule}`);
  for (const removal of document.removed) add(`${removal.stage}.${removal.rule}`);
  for (const finding of document.findings) add(`${finding.stage}.finding.${finding.rule}`);
  return counts;
}
