/**
 * newsclean's Node entry (`import … from 'newsclean'`): clean() of one document in memory, cleanStream() of
 * a stream of them, and the CLI's commands as functions (run, merge), with everything of pipeline/public.ts. pipeline/browser.ts is the entry for
 * bundlers, without run and the other Node-only parts. Anything not exported here is internal.
 */
import { createHash } from 'node:crypto';
import type { CleanDocument, CleanOptions, Environment, Rejected } from './library.js';
import { cleanRecordsWith } from './library.js';
import type { SentenceRecord } from './schemas.js';
import { PIPELINE_VERSION, runningCodeFingerprint } from './version.js';

export { loadConfig } from './config-file.js';
export type { MergeOptions } from './merge.js';
export { MergeError, merge } from './merge.js';
export type { Progress } from './progress.js';
export * from './public.js';
export type { RunOptions, RunReport, ShardFigures } from './run.js';
export { EmptyInputError, run } from './run.js';
export type { ShardSpec } from './shard.js';
export { parseShard, shardOf } from './shard.js';
export type { SiteIndexStats } from './site-index.js';
export type { CleanStreamOptions, InputRecord, StreamRecord } from './stream.js';
export { cleanStream, isDuplicate, learnSiteFurniture, readFolder, SiteFurniture } from './stream.js';
export { PIPELINE_VERSION } from './version.js';
export type { Format, Lean, OutputOptions } from './writers/options.js';
export { FORMATS, LEAN } from './writers/options.js';

const nodeEnvironment: Environment = {
  sha256: (bytes) => createHash('sha256').update(bytes).digest('hex'),
  stamp: () => ({ pipelineVersion: PIPELINE_VERSION, codeFingerprint: runningCodeFingerprint() }),
};

/**
 * Cleans one document in memory: the record `newsclean run` writes for the same bytes to documents.jsonl,
 * or to rejected.jsonl when the input cannot be cleaned (isRejected() tells which). A string is cleaned as
 * its UTF-8 bytes. Cross-document stages (exact and near duplicates, site furniture) need a corpus: a
 * document cleaned alone gets none of their removals.
 *
 * @example
 * const record = clean('Headline\n\nBy Jane Doe\n\nThe first paragraph of the story.');
 * if (!isRejected(record)) console.log(record.title, record.text);
 */
export function clean(input: string | Uint8Array, options?: CleanOptions): CleanDocument | Rejected {
  const records = cleanRecordsWith(nodeEnvironment, input, options);
  return 'code' in records ? records : records.document;
}

/** clean(), with the document's sentence records (what `newsclean run` writes to sentences.jsonl). */
export function cleanWithSentences(
  input: string | Uint8Array,
  options?: CleanOptions,
): { readonly document: CleanDocument; readonly sentences: SentenceRecord[] } | Rejected {
  return cleanRecordsWith(nodeEnvironment, input, options);
}
