/**
 * Records to CSV rows: the columns and cell rules of documents.csv and sentences.csv (pipeline/writers/csv.ts).
 * Runs in the worker threads (so the main thread only writes) and, for the rare re-stamped reused document,
 * in the main thread: one function, so both give the same bytes.
 */
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

/** The csv-stringify options whose output csvRows reproduces; for the equivalence test. */
export const CSV_STRINGIFY_OPTIONS = {
  record_delimiter: '\r\n',
  quoted_match: ['\n', '\r', /^'+[=+\-@\t\r]/],
} as const;

/** = + - @ tab CR: the characters FORMULA_START looks for after any single quotes. */
function startsFormula(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d;
}

/**
 * A text cell as written: neutralised (neutraliseFormula) and quoted when it holds the delimiter, a quote or a
 * line break (RFC 4180; any line break, not only the CRLF record delimiter) or is a neutralised formula (`'`
 * then = + - @ tab or CR, so a reader sees the `'` as part of the text). These are exactly the cells
 * csv-stringify 6.9 quotes with CSV_STRINGIFY_OPTIONS (test/pipeline/serialize.test.ts checks the two agree
 * on random cells). One scan of character codes, no regex: there is a cell per column of every sentence.
 */
function csvText(text: string): string {
  let i = 0;
  while (text.charCodeAt(i) === 0x27) i++;
  if (startsFormula(text.charCodeAt(i))) return `"'${text.replaceAll('"', '""')}"`;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22 || c === 0x2c || c === 0x0a || c === 0x0d) return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

/**
 * RFC 4180 rows (CRLF after each), empty cells for null, text cells as csvText writes them, numbers as
 * String() writes them (never quoted: no delimiter, quote or line break in them). Written here rather than by
 * csv-stringify: the same bytes, at a fraction of the cost per cell.
 */
export function csvRows<R extends Row>(rows: readonly R[], columns: readonly (keyof R & string)[]): string {
  let out = '';
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) {
      const value = row[columns[c]!];
      if (c > 0) out += ',';
      if (value === null || value === undefined) continue;
      out += typeof value === 'string' ? csvText(value) : String(value);
    }
    out += '\r\n';
  }
  return out;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(csvText).join(',')}\r\n`;
}
