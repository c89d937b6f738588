/** RFC 4180 CSV writers: documents.csv and sentences.csv, fixed columns, a header row even when empty. */
import {
  csvHeader,
  csvRows,
  DOCUMENT_COLUMNS,
  documentRow,
  SENTENCE_COLUMNS,
  sentenceRow,
} from '../serialize.js';
import type { LineFormat } from './types.js';

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
