/**
 * Where the report reads a run's records: documents.jsonl (plain, `.gz` or `.zst`) or, in an output written with
 * `--formats parquet` alone, documents.parquet; sentences from the file of the same kind when there is one.
 * Both are streamed: JSON Lines one line at a time, Parquet one row group at a time (a row group holds at most
 * the writer's ROW_GROUP_BYTES of records), so memory does not grow with the batch either way.
 */
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from '../writers/parquet.js';
import { findDataFile, leadingString, readLineBatches, readLineBytes } from './lines.js';
import type { ReportDocument, SentenceSpan } from './pieces.js';
import type { Decode } from './summary.js';
import { asParsed } from './summary.js';

/** One record of the documents file, read in file order. */
export interface DocumentRow {
  /** The record's id when it can be read without parsing the record, else null. */
  id(): string | null;
  /** The whole record. Call it before asking for the next row (a JSON line is a view into a read buffer). */
  record(): ReportDocument;
  /** The record as the first pass counts it: perhaps read more cheaply, with how to decode its strings. */
  forCounting(): { readonly record: ReportDocument; readonly decode: Decode };
}

/** Sentence spans a document at a time, in file order (sentences are written in document order). */
export interface SentenceCursor {
  /** The spans of document `id`'s sentences when `keep`, skipping them otherwise. */
  take(id: string, keep: boolean): Promise<SentenceSpan[]>;
}

export interface RecordSource {
  /** The documents file's name, as a document page cites it. */
  readonly documentsFile: string;
  /** How a document page counts its place in that file: a line of JSON Lines, a row of Parquet. */
  readonly position: 'line' | 'row';
  documents(): AsyncGenerator<DocumentRow>;
  /** A fresh cursor over the sentences file, or null when the output holds none. */
  sentences(): Promise<SentenceCursor | null>;
}

/** The output folder's records: JSON Lines when it has them, else Parquet; null when it has neither. */
export async function openSource(outDir: string): Promise<RecordSource | null> {
  const documentsJsonl = await findDataFile(outDir, 'documents.jsonl');
  const documentsParquet = await present(join(outDir, 'documents.parquet'));
  const sentencesJsonl = await findDataFile(outDir, 'sentences.jsonl');
  const sentencesParquet = await present(join(outDir, 'sentences.parquet'));
  const jsonlSentences = (path: string) => async () => new JsonlSentences(readLineBatches(path));
  const parquetSentences = (path: string) => async () => ParquetSentences.open(path);
  const noSentences = async () => null;
  if (documentsJsonl !== null)
    return {
      documentsFile: basename(documentsJsonl),
      position: 'line',
      documents: () => jsonlDocuments(documentsJsonl),
      sentences:
        sentencesJsonl !== null
          ? jsonlSentences(sentencesJsonl)
          : sentencesParquet !== null
            ? parquetSentences(sentencesParquet)
            : noSentences,
    };
  if (documentsParquet !== null)
    return {
      documentsFile: basename(documentsParquet),
      position: 'row',
      documents: () => parquetDocuments(documentsParquet),
      sentences:
        sentencesParquet !== null
          ? parquetSentences(sentencesParquet)
          : sentencesJsonl !== null
            ? jsonlSentences(sentencesJsonl)
            : noSentences,
    };
  return null;
}

async function present(path: string): Promise<string | null> {
  try {
    await access(path);
    return path;
  } catch {
    return null;
  }
}

/** `\u` in a JSON line: an escape whose character may lie past Latin-1 (or a backslash before a `u`). */
const UNICODE_ESCAPE = Buffer.from('\\u');
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * A string of a record parsed from its UTF-8 bytes read as Latin-1, decoded: each of its characters is one of
 * its UTF-8 bytes when the line had no `\u` escape (JSON's other escapes are all ASCII).
 */
const fromLatin1Bytes: Decode = (raw) =>
  NON_ASCII.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;

async function* jsonlDocuments(path: string): AsyncGenerator<DocumentRow> {
  for await (const bytes of readLineBytes(path))
    yield {
      id: () => leadingString(bytes, 'id'),
      record: () => JSON.parse(bytes.toString('utf8')) as ReportDocument,
      // Read as Latin-1, a line needs no UTF-8 decoding and parses into one-byte strings: about a third less
      // time on the bench output, whose lines all hold some non-ASCII text; the first pass decodes the few
      // strings it keeps. A line with a \u escape is read as UTF-8.
      forCounting: () =>
        bytes.indexOf(UNICODE_ESCAPE) < 0
          ? { record: JSON.parse(bytes.toString('latin1')) as ReportDocument, decode: fromLatin1Bytes }
          : { record: JSON.parse(bytes.toString('utf8')) as ReportDocument, decode: asParsed },
    };
}

/**
 * A value read by hyparquet as the record held it: INT64 columns come back as bigints, absent optional fields
 * as undefined. Which fields there are is left to the file (full or `--lean` records alike).
 */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = plain(inner);
    return out;
  }
  return value;
}

interface ParquetFile {
  readonly file: AsyncBuffer;
  readonly metadata: FileMetaData;
  /** Row groups as [first row, end row). */
  readonly groups: ReadonlyArray<readonly [number, number]>;
}

async function openParquet(path: string): Promise<ParquetFile> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const groups: Array<readonly [number, number]> = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    groups.push([start, end]);
    start = end;
  }
  return { file, metadata, groups };
}

/** The rows of one row group, only `columns` of them when given. */
function readGroup(
  parquet: ParquetFile,
  [rowStart, rowEnd]: readonly [number, number],
  columns?: string[],
): Promise<Array<Record<string, unknown>>> {
  return parquetReadObjects({
    file: parquet.file,
    metadata: parquet.metadata,
    rowStart,
    rowEnd,
    compressors,
    ...(columns === undefined ? {} : { columns }),
  });
}

async function* parquetDocuments(path: string): AsyncGenerator<DocumentRow> {
  const parquet = await openParquet(path);
  for (const group of parquet.groups) {
    const rows = await readGroup(parquet, group);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // Each row is let go once passed, so a group's decoded records are freed as the pass goes on.
      rows[i] = {};
      const id = typeof row.id === 'string' ? row.id : null;
      yield {
        id: () => id,
        record: () => plain(row) as ReportDocument,
        forCounting: () => ({ record: plain(row) as ReportDocument, decode: asParsed }),
      };
    }
  }
}

/**
 * Sentence lines in file order; a document's lines are found by comparing bytes, nothing else is decoded. The
 * lines come a read chunk at a time and are walked synchronously: most documents' sentences are skipped.
 */
class JsonlSentences implements SentenceCursor {
  /** The current chunk's lines (views, valid until the next chunk is read) and the first one not taken. */
  private lines: Buffer[] = [];
  private at = 0;
  private done = false;

  constructor(private readonly batches: AsyncGenerator<Buffer[]>) {}

  async take(id: string, keep: boolean): Promise<SentenceSpan[]> {
    const spans: SentenceSpan[] = [];
    // How the writers start a sentence line of this document.
    const prefix = Buffer.from(`{"docId":${JSON.stringify(id)}`);
    for (;;) {
      if (this.at >= this.lines.length) {
        if (this.done) return spans;
        const { value, done } = await this.batches.next();
        this.lines = done ? [] : value;
        this.at = 0;
        if (done) {
          this.done = true;
          return spans;
        }
        continue;
      }
      const line = this.lines[this.at]!;
      if (!sentenceOf(line, prefix, id)) return spans;
      if (keep) spans.push(sentenceSpan(line));
      this.at++;
    }
  }
}

const DOC_ID_KEY = Buffer.from('{"docId":"');

/** Whether a sentence line is of document `id` (`prefix`: `{"docId":"ID"` as written). */
function sentenceOf(line: Buffer, prefix: Buffer, id: string): boolean {
  const after = line[prefix.length];
  if (line.compare(prefix, 0, prefix.length, 0, Math.min(line.length, prefix.length)) === 0)
    if (after === 0x2c || after === 0x7d) return true; // ',' or '}': the whole id matched
  // A line that starts with another docId is another document's; any other layout is parsed.
  if (line.compare(DOC_ID_KEY, 0, DOC_ID_KEY.length, 0, Math.min(line.length, DOC_ID_KEY.length)) === 0)
    return false;
  return sentenceDocId(line) === id;
}

/**
 * A sentence's raw span: read from the line's first bytes when they are in the writers' key order (docId, index,
 * paragraph, rawStart, rawEnd), else from the parsed line. Latin-1 is enough to read the numbers: no byte of a
 * multi-byte UTF-8 character is a quote, a backslash or a digit.
 */
const SPAN = /^\{"docId":"(?:[^"\\]|\\.)*","index":\d+,"paragraph":\d+,"rawStart":(\d+),"rawEnd":(\d+)[,}]/;
function sentenceSpan(line: Buffer): SentenceSpan {
  const m = SPAN.exec(line.toString('latin1', 0, Math.min(line.length, 256)));
  if (m) return { rawStart: Number(m[1]), rawEnd: Number(m[2]) };
  const { rawStart, rawEnd } = JSON.parse(line.toString('utf8')) as SentenceSpan;
  return { rawStart, rawEnd };
}

/** A sentence line's docId: its first key as written, else parsed. */
function sentenceDocId(line: Buffer): string | null {
  const id = leadingString(line, 'docId');
  if (id !== null) return id;
  try {
    const value = (JSON.parse(line.toString('utf8')) as { docId?: unknown }).docId;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** sentences.parquet's three columns the report needs, a row group at a time. */
class ParquetSentences implements SentenceCursor {
  private rows: ReadonlyArray<Record<string, unknown>> = [];
  private at = 0;
  private group = 0;

  private constructor(private readonly parquet: ParquetFile) {}

  static async open(path: string): Promise<ParquetSentences> {
    return new ParquetSentences(await openParquet(path));
  }

  async take(id: string, keep: boolean): Promise<SentenceSpan[]> {
    const spans: SentenceSpan[] = [];
    for (;;) {
      while (this.at >= this.rows.length) {
        const group = this.parquet.groups[this.group];
        if (group === undefined) return spans;
        this.group++;
        this.rows = await readGroup(this.parquet, group, ['docId', 'rawStart', 'rawEnd']);
        this.at = 0;
      }
      const row = this.rows[this.at]!;
      if (row.docId !== id) return spans;
      if (keep) spans.push({ rawStart: Number(row.rawStart), rawEnd: Number(row.rawEnd) });
      this.at++;
    }
  }
}
