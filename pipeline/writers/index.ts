/**
 * The list of dataset writers a run uses, built from the output options. The run, the worker, the manifest
 * and check mode iterate this list: a new format is a new module here, not a change to any of them.
 */

import type { Part } from '../sinks.js';
import type { Arena } from './arena.js';
import { PartArena } from './arena.js';
import { DEFAULT_OUTPUT, datasetWriters } from './options.js';
import type { DatasetWriter, DocumentParts } from './types.js';

export type { Arena } from './arena.js';
export { PartArena, SpillArena } from './arena.js';
export type { DatasetWriter, DocumentParts, Emit } from './types.js';

/** The default list: documents.jsonl, documents.csv, sentences.jsonl, sentences.csv, in this order. */
export const DEFAULT_WRITERS: readonly DatasetWriter[] = datasetWriters(DEFAULT_OUTPUT);

/**
 * Each writer's part of one document, UTF-8 encoded into `arena` (a worker's arena is shared by its whole
 * batch, and its buffers are moved to the main thread in one message); each part is a view of the arena's
 * buffers, written by the main thread without encoding anything.
 */
export function encodeParts(
  writers: readonly DatasetWriter[],
  parts: DocumentParts,
  arena: Arena = new PartArena(),
  /** Called after each writer's part (a worker collects garbage there for a document of many MB). */
  after?: () => void,
): Part[] {
  return writers.map((writer) => {
    arena.begin();
    writer.encode(parts, arena.emit);
    const part = arena.end();
    after?.();
    return part;
  });
}
