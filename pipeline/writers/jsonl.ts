/** JSON Lines writers: documents.jsonl (one document a line) and sentences.jsonl (one sentence a line). */
import type { SentenceRecord } from '../schemas.js';
import type { LineFormat } from './types.js';

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
  encode: ({ document }) => `${JSON.stringify(document)}\n`,
  belongsTo: (part, id) =>
    part.length > 0 && part.indexOf(NEWLINE) === part.length - 1 && startsWith(part, `{"id":"${id}",`),
  records: parseLines,
};

/**
 * A document's sentences share one provenance (the last key, as in the schema), so it is serialised once
 * rather than once a sentence: the same bytes as JSON.stringify of each record.
 */
export function sentenceLines(sentences: readonly SentenceRecord[]): string {
  const shared = sentences[0]?.provenance;
  // Lean sentences (--lean sentences) have no provenance at all.
  if (shared === undefined) return sentences.map((sentence) => `${JSON.stringify(sentence)}\n`).join('');
  const sharedJson = JSON.stringify(shared);
  return sentences
    .map(({ provenance, ...rest }) =>
      provenance === shared
        ? `${JSON.stringify(rest).slice(0, -1)},"provenance":${sharedJson}}\n`
        : `${JSON.stringify({ ...rest, provenance })}\n`,
    )
    .join('');
}

export const sentencesJsonl: LineFormat = {
  file: 'sentences.jsonl',
  holds: 'sentences',
  format: 'json',
  header: '',
  encode: ({ sentences }) => sentenceLines(sentences),
  belongsTo: (part, id) => everyLineStartsWith(part, `{"docId":"${id}",`),
  records: parseLines,
};
