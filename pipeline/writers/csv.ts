/** RFC 4180 CSV writers: documents.csv and sentences.csv, fixed columns, a header row even when empty. */

import type { Provenance, SentenceRecord } from '../schemas.js';
import {
  csvHeader,
  csvRows,
  DOCUMENT_COLUMNS,
  emitDocumentRow,
  SENTENCE_COLUMNS,
  sentenceRow,
  sentenceRows,
} from '../serialize.js';
import type { Emit, LineFormat } from './types.js';

/** Rows per emitted piece: one piece per row costs a call each, one per document a huge string. */
const ROWS_PER_PIECE = 256;

function emitSentenceRows(
  sentences: readonly SentenceRecord[],
  columns: typeof SENTENCE_COLUMNS | typeof LEAN_SENTENCE_COLUMNS,
  emit: Emit,
): void {
  // The full columns of sentences that have a provenance (a lean sentence has none): its cells once each.
  if (columns === SENTENCE_COLUMNS && sentences.every((s) => s.provenance !== undefined)) {
    for (let i = 0; i < sentences.length; i += ROWS_PER_PIECE)
      emit(sentenceRows(sentences.slice(i, i + ROWS_PER_PIECE)));
    return;
  }
  for (let i = 0; i < sentences.length; i += ROWS_PER_PIECE)
    emit(
      csvRows(
        sentences
          .slice(i, i + ROWS_PER_PIECE)
          .map((s) => sentenceRow(s.provenance === undefined ? { ...s, provenance: NO_PROVENANCE } : s)),
        columns,
      ),
    );
}

/** sentenceRow reads provenance columns that a lean sentence lacks and the lean columns never show. */
const NO_PROVENANCE: Provenance = {
  sourcePath: '',
  sourceSha256: '',
  sourceBytes: 0,
  record: null,
  pipelineVersion: '',
  codeFingerprint: '',
  configHash: '',
};

const startsWith = (bytes: Buffer, prefix: string) => {
  const p = Buffer.from(prefix);
  return bytes.length >= p.length && bytes.subarray(0, p.length).equals(p);
};

export const documentsCsv: LineFormat = {
  file: 'documents.csv',
  holds: 'documents',
  format: 'csv',
  header: csvHeader(DOCUMENT_COLUMNS),
  encode: ({ document }, emit) => emitDocumentRow(document, emit),
  belongsTo: (part, id) => startsWith(part, `${id},`),
};

export const sentencesCsv: LineFormat = {
  file: 'sentences.csv',
  holds: 'sentences',
  format: 'csv',
  header: csvHeader(SENTENCE_COLUMNS),
  encode: ({ sentences }, emit) => emitSentenceRows(sentences, SENTENCE_COLUMNS, emit),
  // Each row starts with its document id; a document without sentences has an empty part.
  belongsTo: (part, id) => part.length === 0 || startsWith(part, `${id},`),
};

/** --lean sentences: the sentence columns without the provenance ones (join on doc_id = id). */
export const LEAN_SENTENCE_COLUMNS = SENTENCE_COLUMNS.filter(
  (column) =>
    !['source_path', 'source_sha256', 'pipeline_version', 'code_fingerprint', 'config_hash'].includes(column),
);

export const leanSentencesCsv: LineFormat = {
  file: 'sentences.csv',
  holds: 'sentences',
  format: 'csv',
  header: csvHeader(LEAN_SENTENCE_COLUMNS),
  encode: ({ sentences }, emit) => emitSentenceRows(sentences, LEAN_SENTENCE_COLUMNS, emit),
  // Each row starts with its document id; a document without sentences has an empty part.
  belongsTo: (part, id) => part.length === 0 || startsWith(part, `${id},`),
};
