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
 * today) is stringified whole. A document whose text is large goes key by key instead (emitLargeDocument).
 */
export function emitDocumentLine(
  document: DocumentRecord,
  emit: (text: string) => void,
  large: number = LARGE_TEXT,
): void {
  if (document.text.length > large) {
    emitLargeDocument(document, emit);
    return;
  }
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

/**
 * Past this many UTF-16 code units of text, a document's line is emitted key by key and its texts in
 * slices: JSON.stringify of the whole head would build a string about twice the text (text and paragraphs),
 * escaped, all of it garbage once encoded. Ordinary news pages stay on the one-call path above.
 */
export const LARGE_TEXT = 1 << 20;
/** Code units of a string per JSON.stringify call when a long text is emitted in slices. */
const SLICE = 1 << 16;
/** Paragraphs per emitted piece. */
const PARAGRAPHS_PER_PIECE = 64;

/**
 * JSON.stringify(value) of a string, emitted in slices. JSON escapes character by character, so the slices'
 * JSON bodies concatenate to the whole one, provided no slice splits a surrogate pair (a lone surrogate is
 * escaped as \\uXXXX, a pair is written as it is): a cut between a high and a low surrogate moves back by one.
 */
export function emitJsonString(value: string, emit: (text: string) => void): void {
  emit('"');
  for (const [from, to] of sliceEnds(value)) emit(JSON.stringify(value.slice(from, to)).slice(1, -1));
  emit('"');
}

/**
 * Where to cut a long text into slices of about SLICE code units, never between the two halves of a
 * surrogate pair (each slice is escaped or UTF-8 encoded on its own, and a lone half is not the character).
 */
export function* sliceEnds(value: string, size: number = SLICE): Generator<[number, number]> {
  for (let at = 0; at < value.length; ) {
    let end = Math.min(at + size, value.length);
    // Back by one, or on by one when the slice would be empty (a size of 1 meeting a pair).
    if (end < value.length && isHigh(value.charCodeAt(end - 1)) && isLow(value.charCodeAt(end)))
      end += end - 1 > at ? -1 : 1;
    yield [at, end];
    at = end;
  }
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** An object's JSON emitted key by key, each value by `value` (which returns false for "stringify it"). */
function emitObject(
  object: object,
  emit: (text: string) => void,
  value: (key: string, v: unknown) => boolean,
): void {
  let first = true;
  for (const [key, v] of Object.entries(object)) {
    // JSON.stringify leaves out keys whose value it cannot write (undefined, functions, symbols).
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    emit(`${first ? '{' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (!value(key, v)) emit(JSON.stringify(v));
  }
  emit(first ? '{}' : '}');
}

/**
 * The same bytes as JSON.stringify(document), for a document of many MB: the text and each long paragraph's
 * text in slices, the paragraphs a few dozen at a time, the logs as their shared JSON (logsJson).
 */
function emitLargeDocument(document: DocumentRecord, emit: (text: string) => void): void {
  const logs = logsJson(document);
  emitObject(document, emit, (key, v) => {
    if (key === 'edits' || key === 'removed' || key === 'findings') emit(logs[key]);
    else if (key === 'text' && typeof v === 'string') emitJsonString(v, emit);
    else if (key === 'paragraphs' && Array.isArray(v)) emitParagraphs(v, emit);
    else return false;
    return true;
  });
  emit('\n');
}

function emitParagraphs(paragraphs: readonly unknown[], emit: (text: string) => void): void {
  let piece = '[';
  for (let i = 0; i < paragraphs.length; i++) {
    const paragraph = paragraphs[i];
    if (i > 0) piece += ',';
    const text = (paragraph as { text?: unknown } | null)?.text;
    if (typeof text === 'string' && text.length > SLICE) {
      emit(piece);
      piece = '';
      emitObject(paragraph as object, emit, (key, v) => {
        if (key !== 'text' || typeof v !== 'string') return false;
        emitJsonString(v, emit);
        return true;
      });
    } else {
      piece += JSON.stringify(paragraph) ?? 'null';
      if ((i + 1) % PARAGRAPHS_PER_PIECE === 0) {
        emit(piece);
        piece = '';
      }
    }
  }
  emit(`${piece}]`);
}
