/**
 * Output options: which dataset files a run writes. Not part of the config hash (they do not change what
 * cleaning decides), but part of the manifest's key: its trailer names the files, and a re-run writing other
 * files reuses nothing.
 */
import { documentsCsv, sentencesCsv } from './csv.js';
import { documentsJsonl, sentencesJsonl } from './jsonl.js';
import type { DatasetWriter } from './types.js';

export const FORMATS = ['jsonl', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputOptions {
  /** The file formats to write, each for documents and sentences. */
  readonly formats: readonly Format[];
}

export const DEFAULT_OUTPUT: OutputOptions = { formats: ['jsonl', 'csv'] };

/** Each format's writers, documents first. */
const BY_FORMAT: Record<Format, { documents: DatasetWriter; sentences: DatasetWriter }> = {
  jsonl: { documents: documentsJsonl, sentences: sentencesJsonl },
  csv: { documents: documentsCsv, sentences: sentencesCsv },
};

/**
 * The writer list: every documents file, then every sentences file, each in FORMATS order (so the default is
 * documents.jsonl, documents.csv, sentences.jsonl, sentences.csv, as always).
 */
export function datasetWriters(options: OutputOptions): readonly DatasetWriter[] {
  const formats = FORMATS.filter((format) => options.formats.includes(format));
  return [
    ...formats.map((format) => BY_FORMAT[format].documents),
    ...formats.map((format) => BY_FORMAT[format].sentences),
  ];
}
