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

/**
 * The signatures of a run's documents, packed into one growing typed array (256 bytes a document, no object
 * each) with their ids and interned source paths: what the run holds per document stays small, so memory
 * grows by a few hundred bytes a document however large the corpus.
 */
export class SignatureStore {
  private data = new Uint32Array(0);
  private readonly ids: string[] = [];
  private readonly paths: string[] = [];
  private readonly interned = new Map<string, string>();
  private width = 0;

  add(id: string, sourcePath: string, signature: Uint32Array): void {
    this.width ||= signature.length;
    const n = this.ids.length;
    if ((n + 1) * this.width > this.data.length) {
      const grown = new Uint32Array(Math.max(1024, this.data.length / this.width) * 2 * this.width);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(signature, n * this.width);
    this.ids.push(id);
    const path = this.interned.get(sourcePath);
    if (path === undefined) this.interned.set(sourcePath, sourcePath);
    this.paths.push(path ?? sourcePath);
  }

  /** The documents for the reduce, their signatures views into the store. */
  documents(): Signed[] {
    return this.ids.map((id, n) => ({
      id,
      sourcePath: this.paths[n]!,
      signature: this.data.subarray(n * this.width, (n + 1) * this.width),
    }));
  }
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
