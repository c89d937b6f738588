/** JSON Lines writers: documents.jsonl (one document a line) and sentences.jsonl (one sentence a line). */
import type { SentenceRecord } from '../schemas.js';
import { emitDocumentLine } from './json.js';
import type { Emit, LineFormat } from './types.js';

const NEWLINE = 0x0a;

function startsWith(bytes: Buffer, prefix: string): boolean {
  const p = Buffer.from(prefix);
  return bytes.length >= p.length && bytes.subarray(0, p.length).equals(p);
}

/** Every line of `bytes` starts with `prefix` and ends with a newline (an empty part has no lines). */
function everyLineStartsWith(bytes: Buffer, prefix: string): boolean {
  for (let at = 0; at < bytes.length; ) {
    const end = bytes.indexOf(NEWLINE, at);
    if (end < 0 || !startsWith(bytes.subarray(at, end), prefix)) return false;
    at = end + 1;
  }
  return true;
}

/** Sentences per emitted piece: a piece per sentence costs a call each, one per document a huge string. */
const SENTENCES_PER_PIECE = 64;

const parseLines = (part: string): unknown[] =>
  part
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as unknown);

export const documentsJsonl: LineFormat = {
  file: 'documents.jsonl',
  holds: 'documents',
  format: 'json',
  header: '',
  encode: ({ document }, emit) => emitDocumentLine(document, emit),
  belongsTo: (part, id) =>
    part.length > 0 && part.indexOf(NEWLINE) === part.length - 1 && startsWith(part, `{"id":"${id}",`),
  records: parseLines,
};

/**
 * A document's sentences share one provenance (the last key, as in the schema), so it is serialised once
 * rather than once a sentence: the same bytes as JSON.stringify of each record. Emitted a few dozen
 * sentences at a time.
 */
export function emitSentenceLines(sentences: readonly SentenceRecord[], emit: Emit): void {
  const shared = sentences[0]?.provenance;
  const sharedJson = shared === undefined ? '' : JSON.stringify(shared);
  const line = (sentence: SentenceRecord): string => {
    // Lean sentences (--lean sentences) have no provenance at all.
    if (shared === undefined || sentence.provenance !== shared) return `${JSON.stringify(sentence)}\n`;
    const { provenance: _, ...rest } = sentence;
    return `${JSON.stringify(rest).slice(0, -1)},"provenance":${sharedJson}}\n`;
  };
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_PIECE) {
    let piece = '';
    for (const sentence of sentences.slice(i, i + SENTENCES_PER_PIECE)) piece += line(sentence);
    emit(piece);
  }
}

export const sentencesJsonl: LineFormat = {
  file: 'sentences.jsonl',
  holds: 'sentences',
  format: 'json',
  header: '',
  encode: ({ sentences }, emit) => emitSentenceLines(sentences, emit),
  belongsTo: (part, id) => everyLineStartsWith(part, `{"docId":"${id}",`),
  records: parseLines,
};
