/**
 * The writing end of a run: one file per dataset writer (in the writer list's order), plus rejected.jsonl,
 * duplicates.jsonl and the manifest. Parts arrive in input order and are appended as they are; each document's
 * spans go into the manifest, and closing writes the manifest's trailer (the files and their sizes).
 */

import { rm } from 'node:fs/promises';
import type { ManifestEntry } from './manifest.js';
import { MANIFEST_FILE, manifestEntry, manifestTrailer, partsDigest } from './manifest.js';
import type { Staging } from './output.js';
import { JsonlWriter } from './output.js';
import type { DuplicateRecord, RejectedRecord } from './schemas.js';
import type { Part, PartSink, Span } from './sinks.js';
import { spillFiles } from './sinks.js';
import type { DatasetWriter } from './writers/index.js';

/** A document ready to be written: its parts and what the manifest keeps about it. */
export interface WrittenDocument {
  readonly out: readonly Part[];
  readonly entry: Omit<ManifestEntry, 'spans' | 'digest'>;
}

export class DatasetFiles {
  private readonly rejected: JsonlWriter;
  private readonly duplicates: JsonlWriter;
  private readonly manifest: JsonlWriter;
  private closing: Promise<void> | null = null;

  private constructor(
    staging: Staging,
    private readonly writers: readonly DatasetWriter[],
    private readonly files: readonly PartSink[],
  ) {
    this.rejected = new JsonlWriter(staging.path('rejected.jsonl'), 'rejected.jsonl');
    this.duplicates = new JsonlWriter(staging.path('duplicates.jsonl'), 'duplicates.jsonl');
    this.manifest = new JsonlWriter(staging.path(MANIFEST_FILE), MANIFEST_FILE);
  }

  static async open(staging: Staging, writers: readonly DatasetWriter[]): Promise<DatasetFiles> {
    const files: PartSink[] = [];
    for (const writer of writers) files.push(await writer.sink(staging.path(writer.file)));
    return new DatasetFiles(staging, writers, files);
  }

  async writeDocument({ out, entry }: WrittenDocument): Promise<void> {
    if (out.length !== this.files.length)
      throw new Error(`a document has ${out.length} parts for ${this.files.length} dataset files`);
    const spans: Span[] = [];
    for (const [i, file] of this.files.entries()) spans.push(await file.append(out[i]!));
    await this.manifest.write(manifestEntry({ ...entry, spans, digest: await partsDigest(out) }));
    // A large document's parts came through spill files (writers/arena.ts): written, they go.
    for (const file of spillFiles(out)) await rm(file, { force: true });
  }

  writeRejected(record: RejectedRecord): Promise<void> {
    return this.rejected.write(record);
  }

  writeDuplicate(record: DuplicateRecord): Promise<void> {
    return this.duplicates.write(record);
  }

  /** Closes every file; the manifest's trailer goes last, once the sizes are final. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = await Promise.all(this.files.map((file) => file.close()));
      await Promise.all([this.rejected, this.duplicates].map((file) => file.close()));
      await this.manifest.write(
        manifestTrailer(
          this.writers,
          closed.map((file) => file.size),
          closed.map((file) => file.meta),
        ),
      );
      await this.manifest.close();
    })();
    return this.closing;
  }

  /** After a failure: close what can be closed, write no trailer. */
  async abandon(): Promise<void> {
    await Promise.all(this.files.map((file) => file.abandon()));
    await Promise.all(
      [this.rejected, this.duplicates, this.manifest].map((file) => file.close().catch(() => undefined)),
    );
  }
}
