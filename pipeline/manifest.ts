/**
 * Incremental runs. out/manifest.jsonl lists, for every cleaned document of that output, its key (source
 * sha256, config hash, pipeline version, code fingerprint, and the fingerprint of the site furniture lines
 * it holds), its rule counts, and where its part sits in each dataset file of the run's writer list (byte
 * offset and length). A re-run that meets the same key copies those parts instead of cleaning again
 * (re-stamping the provenance if the path changed).
 *
 * The manifest lives inside out/, so it is swapped in with the files it points into and can never describe
 * another output. A different config hash, pipeline version or code fingerprint matches nothing. The last line is
 * a trailer naming the dataset files, their record layouts and their sizes; a manifest whose trailer is missing,
 * names other files (another --formats) or layouts (another --lean) or does not match their sizes is ignored (full re-clean), and every copied part is
 * checked against its digest before use.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { signatureFromHex } from '../stages/near-duplicates.js';
import type { DocumentRecord, Provenance, SentenceRecord } from './schemas.js';
import type { Part, PartReader, Span } from './sinks.js';
import { isSpilled, partBytes, partSlices } from './sinks.js';
import type { DatasetWriter } from './writers/index.js';
import { encodeParts } from './writers/index.js';

export const MANIFEST_FILE = 'manifest.jsonl';

export interface ManifestEntry {
  readonly sha256: string;
  readonly configHash: string;
  readonly pipelineVersion: string;
  /** Fingerprint of the cleaning code that wrote the parts (version.ts): a rule edit matches nothing. */
  readonly codeFingerprint: string;
  /** provenanceKey of the provenance the parts were written with: another path means re-stamping. */
  readonly provenance: string;
  /** [byte offset, byte length] of the document's part in each dataset file, in the trailer's order. */
  readonly spans: readonly Span[];
  /** sha256 of those parts (spansDigest): a reused byte that changed since is caught, not carried forward. */
  readonly digest: string;
  /** Its sentence count, for run.json. */
  readonly sentences: number;
  /** Its counts per stage.rule, so a reused document still counts in run.json without being parsed. */
  readonly counts: Record<string, number>;
  /** Its near-duplicate signature (hex), so a reused document still takes part in the corpus pass. */
  readonly signature: string | null;
  /** The fingerprint of its site's furniture lines it holds (pipeline/site-index.ts): part of its key. */
  readonly siteLines: string;
}

interface Trailer {
  readonly end: true;
  /** The dataset files the spans point into, in order (the writer list). */
  readonly files: readonly string[];
  /** Each file's record layout (DatasetWriter.layout: the lean choices): another layout reuses nothing. */
  readonly layouts: readonly string[];
  /** Their sizes when the manifest was written. */
  readonly sizes: readonly number[];
  /** What each file's reader needs besides the file (a frame table for compressed files), or null. */
  readonly meta: readonly unknown[];
}

function isSpan(value: unknown): value is Span {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => Number.isInteger(n) && (n as number) >= 0)
  );
}

export interface Reused {
  readonly out: readonly Part[];
  readonly counts: Record<string, number>;
  readonly sentenceCount: number;
  readonly signature: Uint32Array | null;
}

type Kept = Pick<ManifestEntry, 'provenance' | 'spans' | 'digest' | 'sentences' | 'counts' | 'signature'> & {
  siteLines: string | null;
};

/** What an entry must match to be reused: the same config, version and cleaning code. */
export interface ReuseKey {
  readonly configHash: string;
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
}

/** sha256 (hex) of a document's parts in the dataset files, each prefixed with its length. */
export function spansDigest(parts: readonly (readonly Uint8Array[])[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${partBytes(part)}:`);
    for (const piece of part) hash.update(piece);
  }
  return hash.digest('hex');
}

/** spansDigest of parts that may be spilled to files (a document of many MB), read back a slice at a time. */
export async function partsDigest(parts: readonly Part[]): Promise<string> {
  if (!parts.some((part) => part.some(isSpilled))) return spansDigest(parts as (readonly Uint8Array[])[]);
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${partBytes(part)}:`);
    for await (const slice of partSlices(part, true)) hash.update(slice);
  }
  return hash.digest('hex');
}

/** A short digest of a provenance: equal keys mean the parts can be copied as they are. */
export function provenanceKey(provenance: Provenance): string {
  return createHash('sha256').update(JSON.stringify(provenance)).digest('hex').slice(0, 32);
}

/** Earlier results usable by this run: only entries with the same config hash and version are kept. */
export class PreviousOutput {
  private constructor(
    private readonly entries: Map<string, Kept>,
    private readonly readers: readonly PartReader[],
    private readonly writers: readonly DatasetWriter[],
  ) {}

  get size(): number {
    return this.entries.size;
  }

  static async open(
    outDir: string,
    key: ReuseKey,
    writers: readonly DatasetWriter[],
  ): Promise<PreviousOutput | null> {
    const names = writers.map((writer) => writer.file);
    let sizes: number[];
    try {
      sizes = await Promise.all(names.map(async (name) => (await stat(join(outDir, name))).size));
    } catch {
      return null;
    }
    const entries = new Map<string, Kept>();
    let trailer: Trailer | null = null;
    try {
      const lines = createInterface({
        input: createReadStream(join(outDir, MANIFEST_FILE)),
        crlfDelay: Infinity,
      });
      for await (const line of lines) {
        if (!line) continue;
        const value = JSON.parse(line) as Partial<ManifestEntry & Trailer>;
        if (value.end === true) {
          trailer = value as Trailer;
          continue;
        }
        trailer = null; // anything after a trailer means the file was tampered with
        if (
          value.configHash !== key.configHash ||
          value.pipelineVersion !== key.pipelineVersion ||
          value.codeFingerprint !== key.codeFingerprint
        )
          continue;
        if (
          typeof value.sha256 !== 'string' ||
          typeof value.provenance !== 'string' ||
          !Array.isArray(value.spans) ||
          value.spans.length !== names.length ||
          !value.spans.every(isSpan) ||
          typeof value.digest !== 'string' ||
          !Number.isInteger(value.sentences)
        )
          continue;
        entries.set(value.sha256, {
          provenance: value.provenance,
          spans: value.spans,
          digest: value.digest,
          sentences: value.sentences as number,
          counts: value.counts ?? {},
          signature: typeof value.signature === 'string' ? value.signature : null,
          siteLines: typeof value.siteLines === 'string' ? value.siteLines : null,
        });
      }
    } catch {
      return null;
    }
    if (
      !trailer ||
      JSON.stringify(trailer.files) !== JSON.stringify(names) ||
      JSON.stringify(trailer.layouts) !== JSON.stringify(writers.map((writer) => writer.layout)) ||
      JSON.stringify(trailer.sizes) !== JSON.stringify(sizes) ||
      !Array.isArray(trailer.meta) ||
      trailer.meta.length !== names.length ||
      entries.size === 0
    )
      return null;
    const readers: PartReader[] = [];
    try {
      for (const [i, writer] of writers.entries())
        readers.push(await writer.reader(join(outDir, writer.file), trailer.meta[i]));
    } catch {
      await Promise.all(readers.map((reader) => reader.close()));
      return null;
    }
    return new PreviousOutput(entries, readers, writers);
  }

  /** Whether a document with this content and these furniture lines was cleaned into the earlier output. */
  has(sha256: string, siteLines: string): boolean {
    return this.entries.get(sha256)?.siteLines === siteLines;
  }

  /**
   * The earlier parts of a document for this input, or null when they cannot be trusted (the caller then
   * cleans the document again). If the provenance is unchanged (same path and record), the bytes are
   * copied as they are; otherwise the records are parsed, re-stamped and encoded again.
   */
  async reuse(provenance: Provenance, siteLines: string): Promise<Reused | null> {
    const entry = this.entries.get(provenance.sourceSha256);
    if (!entry || entry.siteLines !== siteLines) return null;
    try {
      const id = provenance.sourceSha256.slice(0, 16);
      const parts = await Promise.all(entry.spans.map((span, i) => this.readers[i]!.read(span)));
      // The bytes as they were written, or nothing: a flipped byte anywhere means cleaning again.
      if (spansDigest(parts.map((part) => [part])) !== entry.digest) return null;
      if (!this.writers.every((writer, i) => writer.belongsTo(parts[i]!, id))) return null;
      const reused = { counts: entry.counts, sentenceCount: entry.sentences, signature: decoded(entry) };
      if (entry.provenance === provenanceKey(provenance))
        return { ...reused, out: parts.map((part) => [part]) };
      // Same content under another path or record: the records change only in their provenance.
      const documents = this.recordsOf('documents', parts) as DocumentRecord[] | null;
      const sentences = this.recordsOf('sentences', parts) as SentenceRecord[] | null;
      if (documents?.length !== 1 || sentences === null) return null;
      const old = documents[0]!;
      if (old.id !== id || old.provenance?.sourceSha256 !== provenance.sourceSha256) return null;
      if (sentences.length !== old.sentenceCount || sentences.length !== entry.sentences) return null;
      const document: DocumentRecord = { ...old, provenance };
      const restamped = sentences.map((s) => ({ ...s, provenance }) satisfies SentenceRecord);
      return { ...reused, out: encodeParts(this.writers, { document, sentences: restamped }) };
    } catch {
      return null;
    }
  }

  /** The records a writer holding them whole gives back, or null when no writer of the list can. */
  private recordsOf(holds: DatasetWriter['holds'], parts: readonly Buffer[]): unknown[] | null {
    const at = this.writers.findIndex((writer) => writer.holds === holds && writer.records !== undefined);
    if (at < 0) return null;
    return [...this.writers[at]!.records!(parts[at]!.toString('utf8'))];
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.close()));
  }
}

function decoded(entry: Kept): Uint32Array | null {
  return entry.signature === null ? null : signatureFromHex(entry.signature);
}

export function manifestEntry(entry: ManifestEntry): ManifestEntry {
  // Fixed key order, so the manifest is as deterministic as the dataset files.
  return {
    sha256: entry.sha256,
    configHash: entry.configHash,
    pipelineVersion: entry.pipelineVersion,
    codeFingerprint: entry.codeFingerprint,
    provenance: entry.provenance,
    spans: entry.spans,
    digest: entry.digest,
    sentences: entry.sentences,
    counts: entry.counts,
    signature: entry.signature,
    siteLines: entry.siteLines,
  };
}

export function manifestTrailer(
  writers: readonly Pick<DatasetWriter, 'file' | 'layout'>[],
  sizes: readonly number[],
  meta: readonly unknown[],
): Trailer {
  return {
    end: true,
    files: writers.map((writer) => writer.file),
    layouts: writers.map((writer) => writer.layout),
    sizes,
    meta,
  };
}
