/** RFC 4180 CSV writers: documents.csv and sentences.csv, fixed columns, a header row even when empty. */

import type { Provenance } from '../schemas.js';
import {
  csvHeader,
  csvRows,
  DOCUMENT_COLUMNS,
  documentRow,
  SENTENCE_COLUMNS,
  sentenceRow,
} from '../serialize.js';
import type { LineFormat } from './types.js';

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
  encode: ({ document }) => csvRows([documentRow(document)], DOCUMENT_COLUMNS),
  belongsTo: (part, id) => startsWith(part, `${id},`),
};

export const sentencesCsv: LineFormat = {
  file: 'sentences.csv',
  holds: 'sentences',
  format: 'csv',
  header: csvHeader(SENTENCE_COLUMNS),
  encode: ({ sentences }) => csvRows(sentences.map(sentenceRow), SENTENCE_COLUMNS),
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
  encode: ({ sentences }) =>
    csvRows(
      sentences.map((s) => sentenceRow({ ...s, provenance: s.provenance ?? NO_PROVENANCE })),
      LEAN_SENTENCE_COLUMNS,
    ),
  // Each row starts with its document id; a document without sentences has an empty part.
  belongsTo: (part, id) => part.length === 0 || startsWith(part, `${id},`),
};
