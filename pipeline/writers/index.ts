/**
 * The list of dataset writers a run uses, built from the output options. The run, the worker, the manifest
 * and check mode iterate this list: a new format is a new module here, not a change to any of them.
 */
import { DEFAULT_OUTPUT, datasetWriters } from './options.js';
import type { DatasetWriter, DocumentParts } from './types.js';

export type { DatasetWriter, DocumentParts } from './types.js';

/** The default list: documents.jsonl, documents.csv, sentences.jsonl, sentences.csv, in this order. */
export const DEFAULT_WRITERS: readonly DatasetWriter[] = datasetWriters(DEFAULT_OUTPUT);

const utf8 = new TextEncoder();

/**
 * Each writer's part of one document, as UTF-8 bytes in a buffer of its own: a worker hands them to the main
 * thread without a copy (transferred), and the main thread writes them without encoding anything.
 */
export function encodeParts(writers: readonly DatasetWriter[], parts: DocumentParts): Uint8Array[] {
  return writers.map((writer) => utf8.encode(writer.encode(parts)));
}
