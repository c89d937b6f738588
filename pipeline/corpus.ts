/**
 * Corpus passes: work that needs every document. The workers map each document to its MinHash signature
 * (256 bytes), the run keeps one per document, never the texts, and this reduce step
 * finds the clusters (stages/near-duplicates.ts holds the map, bucket and reduce logic).
 */
import type { NearDuplicateOptions } from '../stages/near-duplicates.js';
import { clusters } from '../stages/near-duplicates.js';
import type { NearDuplicateRecord } from './schemas.js';

export interface Signed {
  readonly id: string;
  readonly sourcePath: string;
  readonly signature: Uint32Array;
}

export function nearDuplicateRecords(
  documents: readonly Signed[],
  options: NearDuplicateOptions,
  provenance: { readonly pipelineVersion: string; readonly configHash: string },
): NearDuplicateRecord[] {
  const paths = new Map(documents.map((d) => [d.id, d.sourcePath]));
  return clusters(documents, options).map((cluster) => ({
    clusterId: cluster.canonical,
    members: cluster.members.map((id) => ({ id, sourcePath: paths.get(id) ?? '' })),
    minSimilarity: Math.round(cluster.minSimilarity * 1000) / 1000,
    pipelineVersion: provenance.pipelineVersion,
    configHash: provenance.configHash,
  }));
}
