/**
 * Records to CSV rows: the columns and cell rules of documents.csv and sentences.csv (pipeline/writers/csv.ts).
 * Runs in the worker threads (so the main thread only writes) and, for the rare re-stamped reused document,
 * in the main thread: one function, so both give the same bytes.
 */
import { stringify } from 'csv-stringify/sync';
import type { DocumentRecord, SentenceRecord } from './schemas.js';
import { LARGE_TEXT, logsJson, sliceEnds } from './writers/json.js';
import type { Emit } from './writers/types.js';

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
  const json = logsJson(d);
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
    // The same JSON text as in documents.jsonl, serialised once for both (writers/json.ts).
    edits: json.edits,
    removed: json.removed,
    findings: json.findings,
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

/** SENTENCE_COLUMNS' last five: the provenance of the sentence's document, the same for all its sentences. */
const SENTENCE_PROVENANCE_COLUMNS = SENTENCE_COLUMNS.slice(6);
if (
  SENTENCE_PROVENANCE_COLUMNS.join() !==
  'source_path,source_sha256,pipeline_version,code_fingerprint,config_hash'
)
  throw new Error('sentences.csv must end with the provenance columns');

/**
 * csvRows(sentences.map(sentenceRow), SENTENCE_COLUMNS), with the provenance cells encoded once per
 * provenance object rather than once a row: a document's sentences share it, and its five cells were most of
 * each row's work. A test checks it against csvRows.
 */
export function sentenceRows(sentences: readonly SentenceRecord[]): string {
  let out = '';
  let provenance: SentenceRecord['provenance'] | null = null;
  let tail = '';
  for (const s of sentences) {
    if (s.provenance !== provenance) {
      provenance = s.provenance;
      const cells = sentenceRow(s);
      tail = `,${csvRows([cells], SENTENCE_PROVENANCE_COLUMNS).slice(0, -2)}`;
    }
    out += `${csvCell(s.docId ?? null)},${csvCell(s.index ?? null)},${csvCell(s.paragraph ?? null)},`;
    out += `${csvCell(s.rawStart ?? null)},${csvCell(s.rawEnd ?? null)},${csvCell(s.text ?? null)}${tail}\r\n`;
  }
  return out;
}

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

/**
 * The csv-stringify options documents.csv and sentences.csv were written with, kept as the reference the
 * cell encoder below is tested against (test/pipeline/csv-cells.test.ts): CRLF row ends;
 * `quote_record_delimiter` quotes a field holding any line break (CRLF, a bare LF or a bare CR), commas and
 * quotes are quoted by csv-stringify itself; numbers go through its own cast ("" + n), null is an empty
 * field, and a formula-like text cell comes back neutralised with its own option to be quoted.
 */
export function csvStringifyOptions() {
  // A fresh object a call: csv-stringify fills its defaults into the cast object it is given.
  return {
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    cast: {
      string: (value: string): string | { value: string; quoted: true } =>
        FORMULA_START.test(value) ? { value: `'${value}`, quoted: true } : value,
    },
  };
}

/** A cell csv-stringify quotes with those options: it holds a quote, a comma, a CR or an LF. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell as csv-stringify writes it with csvStringifyOptions(), without its per-cell casting and option
 * handling (which cost more than the rest of a worker's writing): null is empty; a number is "" + n (its text
 * holds no comma, quote or line break); a formula-like text gets its `'` and quotes; any other text is quoted
 * when it holds a quote, a comma, a CR or an LF, with its quotes doubled.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return `${value}`;
  if (FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/** RFC 4180 rows (CRLF), empty cells for null: the bytes csv-stringify writes with csvStringifyOptions(). */
export function csvRows<R extends Row>(rows: readonly R[], columns: readonly (keyof R & string)[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) out += ',';
      out += csvCell(row[columns[i]!] ?? null);
    }
    out += '\r\n';
  }
  return out;
}

/** A quoted cell at least this long goes to emit.csvQuoted (when the emitter has it) instead of a string. */
const QUOTED_DIRECT = 256;

/**
 * csvRows(rows, columns), emitted: the same bytes, but a long cell that needs quotes (the text, the JSON
 * logs) is handed to emit.csvQuoted, which doubles its quotes as it encodes it, rather than built as a string
 * with its quotes doubled and then encoded. A formula-like cell keeps the string path (it gets its `'` too).
 */
export function emitCsvRows<R extends Row>(
  rows: readonly R[],
  columns: readonly (keyof R & string)[],
  emit: Emit,
): void {
  const quoted = emit.csvQuoted;
  if (quoted === undefined) {
    emit(csvRows(rows, columns));
    return;
  }
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) out += ',';
      const value = row[columns[i]!] ?? null;
      if (
        typeof value === 'string' &&
        value.length >= QUOTED_DIRECT &&
        NEEDS_QUOTES.test(value) &&
        !FORMULA_START.test(value)
      ) {
        emit(out);
        out = '';
        quoted(value);
      } else out += csvCell(value);
    }
    out += '\r\n';
  }
  emit(out);
}

export function csvHeader(columns: readonly string[]): string {
  return stringify([columns.slice()], { record_delimiter: '\r\n' });
}

/** The columns of documents.csv before and after its text cell. */
const TEXT_COLUMN = DOCUMENT_COLUMNS.indexOf('text');
const BEFORE_TEXT = DOCUMENT_COLUMNS.slice(0, TEXT_COLUMN);
const AFTER_TEXT = DOCUMENT_COLUMNS.slice(TEXT_COLUMN + 1);

/**
 * documents.csv's row of one document, emitted in pieces when its text is large (over `large` code units):
 * csv-stringify would build the quoted text cell and then the row, each a string the size of the text. The
 * cells before and after the text go through csvRows as usual; the text cell follows csv-stringify's rules
 * with csvStringifyOptions() (a neutralised formula is quoted; otherwise a cell holding a quote, a comma, a
 * CR or an LF is quoted; quotes inside a quoted cell are doubled), emitted in slices.
 */
export function emitDocumentRow(document: DocumentRecord, emit: Emit, large: number = LARGE_TEXT): void {
  if (document.text.length <= large) {
    emitCsvRows([documentRow(document)], DOCUMENT_COLUMNS, emit);
    return;
  }
  const row = documentRow(document);
  const before = csvRows([row], BEFORE_TEXT);
  emit(before.slice(0, -2)); // without its CRLF: the row goes on
  emit(',');
  const text = row.text as string;
  const formula = FORMULA_START.test(text);
  if (formula || /[",\r\n]/.test(text)) {
    emit(formula ? `"'` : '"');
    for (const [from, to] of sliceEnds(text)) emit(text.slice(from, to).replaceAll('"', '""'));
    emit('"');
  } else for (const [from, to] of sliceEnds(text)) emit(text.slice(from, to));
  emit(',');
  emitCsvRows([row], AFTER_TEXT, emit);
}
