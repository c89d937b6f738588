/**
 * Incremental runs. out/manifest.jsonl lists, for every cleaned document of that output, its key (source
 * sha256, config hash, pipeline version) and where its records sit in out/documents.jsonl and
 * out/sentences.jsonl (byte offset and length). A re-run that meets the same key copies those records
 * instead of cleaning again, re-stamping only the provenance (path, record location) of the new input.
 *
 * The manifest lives inside out/, so it is swapped in with the files it points into and can never describe
 * another output. A different config hash or pipeline version simply matches nothing. The last line is a
 * trailer with the sizes of the two files; a manifest whose trailer is missing or does not match the files
 * is ignored (full re-clean), and every copied record is checked against its key before use.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DocumentRecord, Provenance, SentenceRecord } from './schemas.js';

export const MANIFEST_FILE = 'manifest.jsonl';

export interface ManifestEntry {
  readonly sha256: string;
  readonly configHash: string;
  readonly pipelineVersion: string;
  /** [byte offset, byte length] in documents.jsonl. */
  readonly documents: readonly [number, number];
  /** [byte offset, byte length] in sentences.jsonl (all sentences of the document, contiguous). */
  readonly sentences: readonly [number, number];
}

interface Trailer {
  readonly end: true;
  readonly documentsBytes: number;
  readonly sentencesBytes: number;
}

type Span = readonly [number, number];

function isSpan(value: unknown): value is Span {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => Number.isInteger(n) && (n as number) >= 0)
  );
}

/** Earlier results usable by this run: only entries with the same config hash and version are kept. */
export class PreviousOutput {
  private constructor(
    private readonly entries: Map<string, { documents: Span; sentences: Span }>,
    private readonly documents: FileHandle,
    private readonly sentences: FileHandle,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  static async open(
    outDir: string,
    configHash: string,
    pipelineVersion: string,
  ): Promise<PreviousOutput | null> {
    const docsPath = join(outDir, 'documents.jsonl');
    const sentPath = join(outDir, 'sentences.jsonl');
    let sizes: [number, number];
    try {
      sizes = [(await stat(docsPath)).size, (await stat(sentPath)).size];
    } catch {
      return null;
    }
    const entries = new Map<string, { documents: Span; sentences: Span }>();
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
        if (value.configHash !== configHash || value.pipelineVersion !== pipelineVersion) continue;
        if (typeof value.sha256 !== 'string' || !isSpan(value.documents) || !isSpan(value.sentences))
          continue;
        entries.set(value.sha256, { documents: value.documents, sentences: value.sentences });
      }
    } catch {
      return null;
    }
    if (!trailer || trailer.documentsBytes !== sizes[0] || trailer.sentencesBytes !== sizes[1]) return null;
    if (entries.size === 0) return null;
    const documents = await open(docsPath, 'r');
    const sentences = await open(sentPath, 'r').catch(async (error: unknown) => {
      await documents.close();
      throw error;
    });
    return new PreviousOutput(entries, documents, sentences);
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  /**
   * The earlier records of a document, with the new provenance, or null when they cannot be trusted (the
   * caller then cleans the document again). Key order is kept, so the bytes equal a fresh run's.
   */
  async records(
    provenance: Provenance,
  ): Promise<{ document: DocumentRecord; sentences: SentenceRecord[] } | null> {
    const entry = this.entries.get(provenance.sourceSha256);
    if (!entry) return null;
    try {
      const id = provenance.sourceSha256.slice(0, 16);
      const docText = await readSpan(this.documents, entry.documents);
      if (!docText.endsWith('\n') || docText.indexOf('\n') !== docText.length - 1) return null;
      const old = JSON.parse(docText) as DocumentRecord;
      if (old.id !== id || old.provenance?.sourceSha256 !== provenance.sourceSha256) return null;
      const document: DocumentRecord = { ...old, provenance };
      const sentText = await readSpan(this.sentences, entry.sentences);
      if (sentText !== '' && !sentText.endsWith('\n')) return null;
      const sentences: SentenceRecord[] = [];
      for (const line of sentText.split('\n')) {
        if (!line) continue;
        const sentence = JSON.parse(line) as SentenceRecord;
        if (sentence.docId !== id) return null;
        sentences.push({ ...sentence, provenance });
      }
      if (sentences.length !== document.sentenceCount) return null;
      return { document, sentences };
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.documents.close(), this.sentences.close()]);
  }
}

async function readSpan(file: FileHandle, [offset, length]: Span): Promise<string> {
  if (length === 0) return '';
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  return buffer.toString('utf8', 0, bytesRead);
}

export function manifestEntry(entry: ManifestEntry): ManifestEntry {
  // Fixed key order, so the manifest is as deterministic as the dataset files.
  return {
    sha256: entry.sha256,
    configHash: entry.configHash,
    pipelineVersion: entry.pipelineVersion,
    documents: entry.documents,
    sentences: entry.sentences,
  };
}

export function manifestTrailer(documentsBytes: number, sentencesBytes: number): Trailer {
  return { end: true, documentsBytes, sentencesBytes };
}
