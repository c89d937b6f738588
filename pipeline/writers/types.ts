/**
 * A dataset writer: one output file that every document contributes a part to (its line in documents.jsonl,
 * its sentence rows in sentences.csv...). The run knows writers only through this interface, as a list.
 *
 * `encode` runs in the worker threads and is pure: the same records give the same bytes, so the files are
 * byte-identical at any concurrency. The main thread only appends the parts, in input order.
 */
import type { DocumentRecord, SentenceRecord } from '../schemas.js';
import type { PartReader, PartSink } from '../sinks.js';

/** What a document's part is made from. */
export interface DocumentParts {
  readonly document: DocumentRecord;
  readonly sentences: readonly SentenceRecord[];
}

/** Receives a part's text in order (writers/arena.ts encodes it to UTF-8 as it comes). */
export interface Emit {
  (text: string): void;
  /**
   * Optional: emits text as a quoted CSV cell, `"${text.replaceAll('"', '""')}"`, without building that
   * string (the arena doubles the quotes in the UTF-8 bytes it wrote). A long cell of JSON logs holds a quote
   * every few characters, and the string replace cost more than the rest of the row. A plain function is an
   * Emit too: writers fall back on building the cell's string.
   */
  readonly csvQuoted?: (text: string) => void;
}

export interface DatasetWriter {
  /** File name inside the output folder, e.g. `documents.jsonl`. */
  readonly file: string;
  /** Which records the file holds, for the dataset card and the re-stamping of moved documents. */
  readonly holds: 'documents' | 'sentences';
  /** The file's format, for the dataset card (`json`, `csv`, `parquet`). */
  readonly format: string;
  /**
   * What shape of records the parts hold beyond what the file name says: '' for the full records, else the
   * lean choices applied (`paragraphs,sentences`). The manifest's trailer keeps it, so a re-run with other
   * lean choices reuses nothing (same file names, other records).
   */
  readonly layout: string;
  /** What the file starts with, written even when no document follows (a CSV header); '' for nothing. */
  readonly header: string;
  /**
   * One document's part of the file, handed to `emit` piece by piece (a record or a few at a time, never
   * the whole part as one string when it is large). Runs in a worker thread: pure.
   */
  encode(parts: DocumentParts, emit: Emit): void;
  /**
   * A cheap check that a part read back from an earlier output belongs to document `id` (the manifest's
   * digest already vouches for the bytes; this catches a manifest pointing at the wrong place).
   */
  belongsTo(part: Buffer, id: string): boolean;
  /** The records of a part, for formats that hold them whole (JSON Lines); used to re-stamp a moved document. */
  readonly records?: (part: string) => readonly unknown[];
  /** Main thread: opens the file its parts are appended to. */
  sink(path: string): Promise<PartSink>;
  /** Main thread: reads parts of an earlier file back, given what its sink returned when it closed. */
  reader(path: string, meta: unknown): Promise<PartReader>;
}

/** A format of lines (JSON Lines, CSV): a writer but for where its bytes go (plain or compressed). */
export type LineFormat = Omit<DatasetWriter, 'sink' | 'reader' | 'layout'>;
