/**
 * Corpus passes: work that needs every document. The workers map each document to its MinHash signature
 * (256 bytes), the run keeps one per document, never the texts, and this reduce step
 * finds the clusters (stages/near-duplicates.ts holds the map, bucket and reduce logic).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { NearDuplicateOptions } from '../stages/near-duplicates.js';
import { clusters } from '../stages/near-duplicates.js';
import type { NearDuplicateRecord } from './schemas.js';

export interface Signed {
  readonly id: string;
  readonly sourcePath: string;
  readonly signature: Uint32Array;
}

/** A spilled record: the 16-character id, its source path's number, then the signature's 64 hashes. */
const ID_BYTES = 16;
const HEAD_BYTES = ID_BYTES + 4;
/** Records are gathered into writes of this size. */
const SPILL_CHUNK = 1 << 20;

/**
 * The signatures of a run's documents, for the near-duplicate pass at the end. They are spilled to a file as
 * they come (276 bytes a document) and read back once when the pass needs them all, so during the run memory
 * holds only the distinct source paths, not a signature per document: peak memory stays flat with corpus size.
 */
export class SignatureStore {
  private readonly fd: number;
  private readonly paths: string[] = [];
  private readonly pathNumbers = new Map<string, number>();
  private chunk = Buffer.alloc(SPILL_CHUNK);
  private used = 0;
  private width = 0;

  constructor(private readonly file: string) {
    this.fd = openSync(file, 'w+');
  }

  add(id: string, sourcePath: string, signature: Uint32Array): void {
    this.width ||= signature.length;
    if (signature.length !== this.width) throw new Error('signatures of one run have one length');
    let path = this.pathNumbers.get(sourcePath);
    if (path === undefined) {
      path = this.paths.length;
      this.pathNumbers.set(sourcePath, path);
      this.paths.push(sourcePath);
    }
    const size = HEAD_BYTES + this.width * 4;
    if (this.used + size > this.chunk.length) this.flush();
    this.chunk.write(id.padEnd(ID_BYTES).slice(0, ID_BYTES), this.used, 'latin1');
    this.chunk.writeUInt32LE(path, this.used + ID_BYTES);
    for (let k = 0; k < this.width; k++)
      this.chunk.writeUInt32LE(signature[k]!, this.used + HEAD_BYTES + k * 4);
    this.used += size;
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.chunk, 0, this.used);
    this.used = 0;
  }

  /** Every document added, in order; the spill file is removed. */
  readAll(): Signed[] {
    this.flush();
    const bytes = readFileSync(this.file);
    this.close();
    const size = HEAD_BYTES + this.width * 4;
    const out: Signed[] = [];
    for (let at = 0; at + size <= bytes.length; at += size) {
      const signature = new Uint32Array(this.width);
      for (let k = 0; k < this.width; k++) signature[k] = bytes.readUInt32LE(at + HEAD_BYTES + k * 4);
      out.push({
        id: bytes.toString('latin1', at, at + ID_BYTES).trimEnd(),
        sourcePath: this.paths[bytes.readUInt32LE(at + ID_BYTES)]!,
        signature,
      });
    }
    return out;
  }

  /** Closes and removes the spill file (safe to call more than once). */
  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
  }
}

export function nearDuplicateRecords(
  documents: readonly Signed[],
  options: NearDuplicateOptions,
  provenance: {
    readonly pipelineVersion: string;
    readonly codeFingerprint: string;
    readonly configHash: string;
  },
): NearDuplicateRecord[] {
  const paths = new Map(documents.map((d) => [d.id, d.sourcePath]));
  return clusters(documents, options).map((cluster) => ({
    clusterId: cluster.canonical,
    members: cluster.members.map((id) => ({ id, sourcePath: paths.get(id) ?? '' })),
    minSimilarity: Math.round(cluster.minSimilarity * 1000) / 1000,
    pipelineVersion: provenance.pipelineVersion,
    codeFingerprint: provenance.codeFingerprint,
    configHash: provenance.configHash,
  }));
}
