/**
 * Output options: which dataset files a run writes. Not part of the config hash (they do not change what
 * cleaning decides), but part of the manifest's key: its trailer names the files, and a re-run writing other
 * files reuses nothing.
 */
import type { Compression } from '../sinks.js';
import { byteStorage } from '../sinks.js';
import { documentsCsv, leanSentencesCsv, sentencesCsv } from './csv.js';
import { documentsJsonl, sentencesJsonl } from './jsonl.js';
import type { Lean } from './lean.js';
import { LEAN, leanParts } from './lean.js';
import type { Format } from './names.js';
import { FORMATS } from './names.js';
import { PAGE_CODEC, parquetWriter } from './parquet-writer.js';
import type { DatasetWriter, LineFormat } from './types.js';

export type { Lean } from './lean.js';
export { LEAN } from './lean.js';

export type { Format } from './names.js';
export { FORMATS } from './names.js';

export interface OutputOptions {
  /** The file formats to write, each for documents and sentences. */
  readonly formats: readonly Format[];
  /** Compression of the JSON Lines and CSV files (`.gz`, `.zst` added to their names) and of Parquet pages. */
  readonly compress: Compression;
  /** Leaner records (writers/lean.ts): sentences without provenance, paragraphs without their text. */
  readonly lean: readonly Lean[];
  /**
   * Bytes of records per Parquet row group (default ROW_GROUP_BYTES, 32 MiB). Library API only, for tests
   * that need several row groups from a small input; not a CLI flag or config field.
   */
  readonly rowGroupBytes?: number;
}

export const DEFAULT_OUTPUT: OutputOptions = { formats: ['jsonl', 'csv'], compress: 'none', lean: [] };

/**
 * The output options of a run: each field from the flags if given there, else from the config file's
 * `output`, else the default.
 */
export function resolveOutput(
  config: Partial<OutputOptions> | undefined,
  flags: Partial<OutputOptions> = {},
): OutputOptions {
  return {
    formats: flags.formats ?? config?.formats ?? DEFAULT_OUTPUT.formats,
    compress: flags.compress ?? config?.compress ?? DEFAULT_OUTPUT.compress,
    lean: flags.lean ?? config?.lean ?? DEFAULT_OUTPUT.lean,
  };
}

type Pair = { documents: DatasetWriter; sentences: DatasetWriter };

/** Each format's writers, documents first. */
function byFormat(format: Format, options: OutputOptions): Pair {
  const lines = (documents: LineFormat, sentences: LineFormat): Pair => ({
    documents: lineWriter(documents, options.compress),
    sentences: lineWriter(sentences, options.compress),
  });
  if (format === 'jsonl') return lines(documentsJsonl, sentencesJsonl);
  if (format === 'csv')
    return lines(documentsCsv, options.lean.includes('sentences') ? leanSentencesCsv : sentencesCsv);
  const codec = PAGE_CODEC[options.compress];
  const group = options.rowGroupBytes;
  return {
    documents: parquetWriter(documentsJsonl, 'documents.parquet', options.lean, codec, group),
    sentences: parquetWriter(sentencesJsonl, 'sentences.parquet', options.lean, codec, group),
  };
}

/** A writer that writes records as the lean choices want them. */
function leaned(writer: DatasetWriter, lean: readonly Lean[]): DatasetWriter {
  return lean.length === 0
    ? writer
    : {
        ...writer,
        // In LEAN's order, so `--lean paragraphs,sentences` and `sentences,paragraphs` are one layout.
        layout: LEAN.filter((choice) => lean.includes(choice)).join(','),
        encode: (parts, emit) => writer.encode(leanParts(parts, lean), emit),
      };
}

/** A line format written plain or compressed. */
function lineWriter(format: LineFormat, compression: Compression): DatasetWriter {
  const storage = byteStorage(compression);
  const file = `${format.file}${storage.suffix}`;
  return {
    ...format,
    file,
    layout: '',
    sink: (path) => storage.sink(path, file, format.header),
    reader: (path, meta) => storage.reader(path, meta),
  };
}

/**
 * The writer list: every documents file, then every sentences file, each in FORMATS order (so the default is
 * documents.jsonl, documents.csv, sentences.jsonl, sentences.csv, as always).
 */
export function datasetWriters(options: OutputOptions): readonly DatasetWriter[] {
  const pairs = FORMATS.filter((format) => options.formats.includes(format)).map((format) =>
    byFormat(format, options),
  );
  return [...pairs.map((pair) => pair.documents), ...pairs.map((pair) => pair.sentences)].map((writer) =>
    leaned(writer, options.lean),
  );
}
