/**
 * newsclean's browser entry (the `browser` condition of the package's exports): clean() and everything of
 * pipeline/public.ts, with no Node-only module, so a bundler can pack it for a page or a serverless function.
 * The input's sha256 comes from @noble/hashes (the same digest as node:crypto's); the version and code
 * fingerprint in the provenance were fixed into dist/ by the build (pipeline/build-info.ts), so a record
 * cleaned here equals the one the CLI of the same package writes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BUILD_INFO } from './build-info.js';
import type { CleanDocument, CleanOptions, Environment, Rejected } from './library.js';
import { cleanRecordsWith } from './library.js';
import type { SentenceRecord } from './schemas.js';

export * from './public.js';

/** Run from the TypeScript sources (nothing built): no version or fingerprint can be known. */
const UNBUILT = { pipelineVersion: '0.0.0-source', codeFingerprint: '0000000000000000' } as const;

const browserEnvironment: Environment = {
  sha256: (bytes) => bytesToHex(sha256(bytes)),
  stamp: () => BUILD_INFO ?? UNBUILT,
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
  const records = cleanRecordsWith(browserEnvironment, input, options);
  return 'code' in records ? records : records.document;
}

/** clean(), with the document's sentence records (what `newsclean run` writes to sentences.jsonl). */
export function cleanWithSentences(
  input: string | Uint8Array,
  options?: CleanOptions,
): { readonly document: CleanDocument; readonly sentences: SentenceRecord[] } | Rejected {
  return cleanRecordsWith(browserEnvironment, input, options);
}
