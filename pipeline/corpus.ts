/**
 * Corpus passes: work that needs every document. The workers map each document to its MinHash signature
 * (256 bytes), the run spills one per document to a file, never the texts, and this reduce step
 * finds the clusters reading that file band by band (stages/near-duplicates.ts holds the map, bucket and
 * reduce logic).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import type { Cluster, NearDuplicateOptions, SignatureTable } from '../stages/near-duplicates.js';
import { clusters, ROWS, tableClusters } from '../stages/near-duplicates.js';
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

  /**
   * The documents added, as a table the near-duplicate reduce reads band by band from the spill file
   * (stages/near-duplicates.ts): memory holds each document's id and path number, one band's values at a time
   * (ROWS numbers a document), and the two signatures of a pair being verified, never all signatures at once.
   * Valid until close().
   */
  table(): SignatureTable & { path(n: number): string } {
    this.flush();
    const width = this.width;
    const size = HEAD_BYTES + width * 4;
    const count = width === 0 ? 0 : Math.floor(fstatSync(this.fd).size / size);
    const ids = new Array<string>(count);
    const pathNumbers = new Uint32Array(count);
    this.scan(size, count, (n, buffer, at) => {
      ids[n] = buffer.toString('latin1', at, at + ID_BYTES).trimEnd();
      pathNumbers[n] = buffer.readUInt32LE(at + ID_BYTES);
    });
    const one = Buffer.alloc(width * 4);
    return {
      count,
      id: (n) => ids[n]!,
      path: (n) => this.paths[pathNumbers[n]!]!,
      signature: (n) => {
        if (readSync(this.fd, one, 0, one.length, n * size + HEAD_BYTES) !== one.length)
          throw new Error('signature spill file cut short');
        const signature = new Uint32Array(width);
        for (let k = 0; k < width; k++) signature[k] = one.readUInt32LE(k * 4);
        return signature;
      },
      band: (band) => {
        const rows = new Uint32Array(count * ROWS);
        const from = HEAD_BYTES + band * ROWS * 4;
        this.scan(size, count, (n, buffer, at) => {
          for (let r = 0; r < ROWS; r++) rows[n * ROWS + r] = buffer.readUInt32LE(at + from + r * 4);
        });
        return rows;
      },
    };
  }

  /** Visits the first count records of the spill file in order, read a chunk at a time. */
  private scan(size: number, count: number, visit: (n: number, buffer: Buffer, at: number) => void): void {
    const perChunk = Math.max(1, Math.floor(SPILL_CHUNK / size));
    const buffer = Buffer.alloc(perChunk * size);
    for (let first = 0; first < count; first += perChunk) {
      const records = Math.min(perChunk, count - first);
      const read = readSync(this.fd, buffer, 0, records * size, first * size);
      if (read !== records * size) throw new Error('signature spill file cut short');
      for (let i = 0; i < records; i++) visit(first + i, buffer, i * size);
    }
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

/**
 * The near-duplicate clusters of the documents in a store, read from its spill file band by band (what
 * run and merge use): the same records as nearDuplicateRecords over readAll() (test/pipeline/corpus.test.ts).
 * The store is closed after.
 */
export function storedNearDuplicateRecords(
  store: SignatureStore,
  options: NearDuplicateOptions,
  provenance: {
    readonly pipelineVersion: string;
    readonly codeFingerprint: string;
    readonly configHash: string;
  },
): NearDuplicateRecord[] {
  try {
    const table = store.table();
    const found = tableClusters(table, options);
    // Paths only for the documents in a cluster.
    const members = new Set(found.flatMap((cluster) => cluster.members));
    const paths = new Map<string, string>();
    for (let n = 0; n < table.count; n++) if (members.has(table.id(n))) paths.set(table.id(n), table.path(n));
    return clusterRecords(found, paths, provenance);
  } finally {
    store.close();
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
  return clusterRecords(clusters(documents, options), paths, provenance);
}

function clusterRecords(
  found: readonly Cluster[],
  paths: ReadonlyMap<string, string>,
  provenance: {
    readonly pipelineVersion: string;
    readonly codeFingerprint: string;
    readonly configHash: string;
  },
): NearDuplicateRecord[] {
  return found.map((cluster) => ({
    clusterId: cluster.canonical,
    members: cluster.members.map((id) => ({ id, sourcePath: paths.get(id) ?? '' })),
    minSimilarity: Math.round(cluster.minSimilarity * 1000) / 1000,
    pipelineVersion: provenance.pipelineVersion,
    codeFingerprint: provenance.codeFingerprint,
    configHash: provenance.configHash,
  }));
}
