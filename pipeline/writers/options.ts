/**
 * Output options: which dataset files a run writes. Not part of the config hash (they do not change what
 * cleaning decides), but part of the manifest's key: its trailer names the files, and a re-run writing other
 * files reuses nothing.
 */
import type { Compression } from '../sinks.js';
import { byteStorage } from '../sinks.js';
import { documentsCsv, sentencesCsv } from './csv.js';
import { documentsJsonl, sentencesJsonl } from './jsonl.js';
import type { DatasetWriter, LineFormat } from './types.js';

export const FORMATS = ['jsonl', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputOptions {
  /** The file formats to write, each for documents and sentences. */
  readonly formats: readonly Format[];
  /** Compression of the JSON Lines and CSV files (`.gz`, `.zst` added to their names). */
  readonly compress: Compression;
}

export const DEFAULT_OUTPUT: OutputOptions = { formats: ['jsonl', 'csv'], compress: 'none' };

/** Each format's writers, documents first. */
const BY_FORMAT: Record<Format, { documents: LineFormat; sentences: LineFormat }> = {
  jsonl: { documents: documentsJsonl, sentences: sentencesJsonl },
  csv: { documents: documentsCsv, sentences: sentencesCsv },
};

/** A line format written plain or compressed. */
function lineWriter(format: LineFormat, compression: Compression): DatasetWriter {
  const storage = byteStorage(compression);
  const file = `${format.file}${storage.suffix}`;
  return {
    ...format,
    file,
    sink: (path) => storage.sink(path, file, format.header),
    reader: (path, meta) => storage.reader(path, meta),
  };
}

/**
 * The writer list: every documents file, then every sentences file, each in FORMATS order (so the default is
 * documents.jsonl, documents.csv, sentences.jsonl, sentences.csv, as always).
 */
export function datasetWriters(options: OutputOptions): readonly DatasetWriter[] {
  const formats = FORMATS.filter((format) => options.formats.includes(format));
  return [
    ...formats.map((format) => lineWriter(BY_FORMAT[format].documents, options.compress)),
    ...formats.map((format) => lineWriter(BY_FORMAT[format].sentences, options.compress)),
  ];
}
