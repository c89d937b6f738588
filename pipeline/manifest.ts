/**
 * Incremental runs. out/manifest.jsonl lists, for every cleaned document of that output, its key (source
 * sha256, config hash, pipeline version, code fingerprint, and the fingerprint of the site furniture lines
 * it holds), its rule counts, and where its lines sit in documents.jsonl,
 * documents.csv, sentences.jsonl and sentences.csv (byte offset and length). A re-run that meets the same
 * key copies those lines instead of cleaning again (re-stamping the provenance if the path changed).
 *
 * The manifest lives inside out/, so it is swapped in with the files it points into and can never describe
 * another output. A different config hash, pipeline version or code fingerprint matches nothing. The last line is a
 * trailer with the sizes of the four files; a manifest whose trailer is missing or does not match the files
 * is ignored (full re-clean), and every copied record is checked against its key and its sha256 before use.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { signatureFromHex } from '../stages/near-duplicates.js';
import type { DocumentRecord, Provenance, SentenceRecord } from './schemas.js';
import type { Encoded } from './serialize.js';
import { encode, serialize } from './serialize.js';

export const MANIFEST_FILE = 'manifest.jsonl';

/** The dataset files a document has lines in, in the order of the spans in a manifest entry. */
export const SPAN_FILES = ['documents.jsonl', 'documents.csv', 'sentences.jsonl', 'sentences.csv'] as const;

type Span = readonly [number, number];
type Spans = readonly [Span, Span, Span, Span];

export interface ManifestEntry {
  readonly sha256: string;
  readonly configHash: string;
  readonly pipelineVersion: string;
  /** Fingerprint of the cleaning code that wrote the lines (version.ts): a rule edit matches nothing. */
  readonly codeFingerprint: string;
  /** [byte offset, byte length] of the document's lines in each of SPAN_FILES. */
  readonly spans: Spans;
  /** sha256 of those lines (spansDigest): a reused byte that changed since is caught, not carried forward. */
  readonly digest: string;
  /** Its counts per stage.rule, so a reused document still counts in run.json without being parsed. */
  readonly counts: Record<string, number>;
  /** Its near-duplicate signature (hex), so a reused document still takes part in the corpus pass. */
  readonly signature: string | null;
  /** The fingerprint of its site's furniture lines it holds (pipeline/site-index.ts): part of its key. */
  readonly siteLines: string;
}

interface Trailer {
  readonly end: true;
  /** Sizes of SPAN_FILES when the manifest was written. */
  readonly sizes: readonly number[];
}

function isSpan(value: unknown): value is Span {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => Number.isInteger(n) && (n as number) >= 0)
  );
}

function isSpans(value: unknown): value is Spans {
  return Array.isArray(value) && value.length === SPAN_FILES.length && value.every(isSpan);
}

export interface Reused {
  readonly out: Encoded;
  readonly counts: Record<string, number>;
  readonly sentenceCount: number;
  readonly signature: Uint32Array | null;
}

type Kept = {
  spans: Spans;
  digest: string;
  counts: Record<string, number>;
  signature: string | null;
  siteLines: string | null;
};

/** What an entry must match to be reused: the same config, version and cleaning code. */
export interface ReuseKey {
  readonly configHash: string;
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
}

/** sha256 (hex) of a document's lines in the SPAN_FILES, each prefixed with its length. */
export function spansDigest(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.byteLength}:`).update(part);
  return hash.digest('hex');
}

/** Earlier results usable by this run: only entries with the same config hash and version are kept. */
export class PreviousOutput {
  private readonly readers: SpanReader[];

  private constructor(
    private readonly entries: Map<string, Kept>,
    private readonly files: FileHandle[],
  ) {
    this.readers = files.map((file) => new SpanReader(file));
  }

  get size(): number {
    return this.entries.size;
  }

  static async open(outDir: string, key: ReuseKey): Promise<PreviousOutput | null> {
    let sizes: number[];
    try {
      sizes = await Promise.all(SPAN_FILES.map(async (name) => (await stat(join(outDir, name))).size));
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
        if (typeof value.sha256 !== 'string' || !isSpans(value.spans) || typeof value.digest !== 'string')
          continue;
        const signature = typeof value.signature === 'string' ? value.signature : null;
        const siteLines = typeof value.siteLines === 'string' ? value.siteLines : null;
        entries.set(value.sha256, {
          spans: value.spans,
          digest: value.digest,
          counts: value.counts ?? {},
          signature,
          siteLines,
        });
      }
    } catch {
      return null;
    }
    if (!trailer || JSON.stringify(trailer.sizes) !== JSON.stringify(sizes) || entries.size === 0)
      return null;
    const files: FileHandle[] = [];
    try {
      for (const name of SPAN_FILES) files.push(await open(join(outDir, name), 'r'));
    } catch {
      await Promise.all(files.map((f) => f.close()));
      return null;
    }
    return new PreviousOutput(entries, files);
  }

  /** Whether a document with this content and these furniture lines was cleaned into the earlier output. */
  has(sha256: string, siteLines: string): boolean {
    return this.entries.get(sha256)?.siteLines === siteLines;
  }

  /**
   * The earlier lines of a document for this input, or null when they cannot be trusted (the caller then
   * cleans the document again). If the provenance is unchanged (same path and record), the bytes are
   * copied as they are; otherwise the records are parsed, re-stamped and serialised again.
   */
  async reuse(provenance: Provenance, siteLines: string): Promise<Reused | null> {
    const entry = this.entries.get(provenance.sourceSha256);
    if (!entry || entry.siteLines !== siteLines) return null;
    try {
      const id = provenance.sourceSha256.slice(0, 16);
      const [documentJson, documentCsv, sentencesJson, sentencesCsv] = await Promise.all(
        entry.spans.map((span, i) => this.readers[i]!.read(span)),
      );
      // The bytes as they were written, or nothing: a flipped byte anywhere means cleaning again.
      if (spansDigest([documentJson!, documentCsv!, sentencesJson!, sentencesCsv!]) !== entry.digest)
        return null;
      // One document line; sentence lines of this document only; a CSV row of this document.
      if (documentJson!.length === 0 || documentJson!.indexOf(NEWLINE) !== documentJson!.length - 1)
        return null;
      const sentenceCount = linesStartingWith(sentencesJson!, Buffer.from(`{"docId":"${id}",`));
      if (sentenceCount === null) return null;
      if (!startsWith(documentCsv!, Buffer.from(`${id},`))) return null;
      if (
        startsWith(documentJson!, Buffer.from(`{"id":"${id}","provenance":${JSON.stringify(provenance)},`))
      ) {
        const out = {
          documentJson: documentJson!,
          documentCsv: documentCsv!,
          sentencesJson: sentencesJson!,
          sentencesCsv: sentencesCsv!,
        };
        return { out, counts: entry.counts, sentenceCount, signature: decoded(entry) };
      }
      // Same content under another path or record: the records change only in their provenance.
      const old = JSON.parse(documentJson!.toString('utf8')) as DocumentRecord;
      if (old.id !== id || old.provenance?.sourceSha256 !== provenance.sourceSha256) return null;
      const document: DocumentRecord = { ...old, provenance };
      const sentences = sentencesJson!
        .toString('utf8')
        .split('\n')
        .slice(0, -1)
        .map((line) => ({ ...(JSON.parse(line) as SentenceRecord), provenance }) satisfies SentenceRecord);
      if (sentences.length !== document.sentenceCount) return null;
      return {
        out: encode(serialize(document, sentences)),
        counts: entry.counts,
        sentenceCount: sentences.length,
        signature: decoded(entry),
      };
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((f) => f.close()));
  }
}

function decoded(entry: Kept): Uint32Array | null {
  return entry.signature === null ? null : signatureFromHex(entry.signature);
}

const NEWLINE = 0x0a;

/** Read-ahead size: a re-run asks for the spans of each file in order, so one read serves many documents. */
const WINDOW_BYTES = 1024 * 1024;

/** Spans of an earlier dataset file, read through a window (its buffers are never reused: writers keep them). */
class SpanReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly file: FileHandle) {}

  async read([offset, length]: Span): Promise<Buffer> {
    if (offset < this.windowStart || offset + length > this.windowStart + this.window.length) {
      const buffer = Buffer.alloc(Math.max(length, WINDOW_BYTES));
      const { bytesRead } = await this.file.read(buffer, 0, buffer.length, offset);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = offset;
    }
    const from = offset - this.windowStart;
    return this.window.subarray(from, Math.min(from + length, this.window.length));
  }
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/** How many newline-ended lines bytes holds, or null if one of them lacks the prefix or the end is cut. */
function linesStartingWith(bytes: Buffer, prefix: Buffer): number | null {
  let lines = 0;
  for (let at = 0; at < bytes.length; lines++) {
    const end = bytes.indexOf(NEWLINE, at);
    if (end < 0 || !startsWith(bytes.subarray(at, end), prefix)) return null;
    at = end + 1;
  }
  return lines;
}

export function manifestEntry(entry: ManifestEntry): ManifestEntry {
  // Fixed key order, so the manifest is as deterministic as the dataset files.
  return {
    sha256: entry.sha256,
    configHash: entry.configHash,
    pipelineVersion: entry.pipelineVersion,
    codeFingerprint: entry.codeFingerprint,
    spans: entry.spans,
    digest: entry.digest,
    counts: entry.counts,
    signature: entry.signature,
    siteLines: entry.siteLines,
  };
}

export function manifestTrailer(sizes: readonly number[]): Trailer {
  return { end: true, sizes };
}
