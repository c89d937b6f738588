/**
 * A document's logs as JSON, serialised once for every writer that needs them: documents.jsonl writes them
 * as the last three fields of its line and documents.csv as the `edits`, `removed` and `findings` cells,
 * the same JSON text (the larger part of a document's record). Memoised per record object (a WeakMap: it
 * goes with the record), so the logs are serialised once whatever the writer list.
 */
import type { DocumentRecord } from '../schemas.js';

export interface LogsJson {
  readonly edits: string;
  readonly removed: string;
  readonly findings: string;
}

const memo = new WeakMap<DocumentRecord, LogsJson>();

export function logsJson(document: DocumentRecord): LogsJson {
  let json = memo.get(document);
  if (json === undefined) {
    json = {
      edits: JSON.stringify(document.edits),
      removed: JSON.stringify(document.removed),
      findings: JSON.stringify(document.findings),
    };
    memo.set(document, json);
  }
  return json;
}

/** The record's last three keys, in this order (schemas.ts): the logs. */
const LOGS = ['edits', 'removed', 'findings'] as const;

/**
 * documents.jsonl's line, emitted in pieces: JSON.stringify of the record without its logs (its closing
 * brace cut), then each log's shared JSON under its key. The same bytes as JSON.stringify(document), since
 * an object's JSON is its key-value pairs in key order; a record whose keys do not end with the logs (none
 * today) is stringified whole.
 */
export function emitDocumentLine(document: DocumentRecord, emit: (text: string) => void): void {
  const keys = Object.keys(document);
  const n = keys.length;
  if (!(n > LOGS.length && LOGS.every((key, i) => keys[n - LOGS.length + i] === key))) {
    emit(`${JSON.stringify(document)}\n`);
    return;
  }
  const { edits: _e, removed: _r, findings: _f, ...head } = document;
  const logs = logsJson(document);
  emit(JSON.stringify(head).slice(0, -1));
  emit(',"edits":');
  emit(logs.edits);
  emit(',"removed":');
  emit(logs.removed);
  emit(',"findings":');
  emit(logs.findings);
  emit('}\n');
}
