/**
 * Records to CSV rows: the columns and cell rules of documents.csv and sentences.csv (pipeline/writers/csv.ts).
 * Runs in the worker threads (so the main thread only writes) and, for the rare re-stamped reused document,
 * in the main thread: one function, so both give the same bytes.
 */
import { stringify } from 'csv-stringify/sync';
import type { DocumentRecord, SentenceRecord } from './schemas.js';

export const DOCUMENT_COLUMNS = [
  'id',
  'source_path',
  'source_sha256',
  'pipeline_version',
  'code_fingerprint',
  'config_hash',
  'language',
  'language_confidence',
  'title',
  'section',
  'standfirst',
  'byline',
  'published',
  'credits',
  'text',
  'paragraph_count',
  'sentence_count',
  'edit_count',
  'removed_count',
  'finding_count',
  'edits',
  'removed',
  'findings',
] as const;

export const SENTENCE_COLUMNS = [
  'doc_id',
  'index',
  'paragraph',
  'raw_start',
  'raw_end',
  'text',
  'source_path',
  'source_sha256',
  'pipeline_version',
  'code_fingerprint',
  'config_hash',
] as const;

export type DocumentRow = Record<(typeof DOCUMENT_COLUMNS)[number], string | number | null>;
export type SentenceRow = Record<(typeof SENTENCE_COLUMNS)[number], string | number | null>;

export function documentRow(d: DocumentRecord): DocumentRow {
  return {
    id: d.id,
    source_path: d.provenance.sourcePath,
    source_sha256: d.provenance.sourceSha256,
    pipeline_version: d.provenance.pipelineVersion,
    code_fingerprint: d.provenance.codeFingerprint,
    config_hash: d.provenance.configHash,
    language: d.language,
    language_confidence: d.languageConfidence,
    title: d.title,
    section: d.section,
    standfirst: JSON.stringify(d.standfirst),
    byline: d.byline,
    published: d.published,
    credits: JSON.stringify(d.credits),
    text: d.text,
    paragraph_count: d.paragraphs.length,
    sentence_count: d.sentenceCount,
    edit_count: d.edits.length,
    removed_count: d.removed.length,
    finding_count: d.findings.length,
    edits: JSON.stringify(d.edits),
    removed: JSON.stringify(d.removed),
    findings: JSON.stringify(d.findings),
  };
}

export function sentenceRow(s: SentenceRecord): SentenceRow {
  return {
    doc_id: s.docId,
    index: s.index,
    paragraph: s.paragraph,
    raw_start: s.rawStart,
    raw_end: s.rawEnd,
    text: s.text,
    source_path: s.provenance.sourcePath,
    source_sha256: s.provenance.sourceSha256,
    pipeline_version: s.provenance.pipelineVersion,
    code_fingerprint: s.provenance.codeFingerprint,
    config_hash: s.provenance.configHash,
  };
}

type Row = Record<string, string | number | null>;

/**
 * A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with = + - @ tab or CR,
 * possibly after single quotes (so that the escape below can be undone without doubt).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * OWASP's neutralisation for CSV cells: one `'` in front of a formula-like text cell, and the cell quoted.
 * Only text cells: numbers are written as numbers. To restore the text, remove the first character of any
 * cell that starts with `'` followed by (more `'` and) one of = + - @ tab CR. JSON Lines keep the exact text.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const CSV_OPTIONS = {
  record_delimiter: '\r\n',
  // RFC 4180: a field holding any line break is quoted. csv-stringify quotes CRLF (the record delimiter),
  // commas and quotes by itself, but not a bare LF or CR; and a neutralised formula cell is quoted too.
  // The line breaks as strings: csv-stringify tests a string with indexOf, a regex with search, per cell.
  quoted_match: ['\n', '\r', /^'+[=+\-@\t\r]/],
} as const;

/** RFC 4180 rows (CRLF), empty cells for null; many rows in one call is much cheaper than one call each. */
export function csvRows<R extends Row>(rows: readonly R[], columns: readonly (keyof R & string)[]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return '';
      return typeof value === 'string' ? neutraliseFormula(value) : String(value);
    }),
  );
  return stringify(cells, { ...CSV_OPTIONS, quoted_match: [...CSV_OPTIONS.quoted_match] });
}

export function csvHeader(columns: readonly string[]): string {
  return stringify([columns.slice()], { record_delimiter: '\r\n' });
}
