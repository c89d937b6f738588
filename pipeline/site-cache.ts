/**
 * The site pass's map step, kept for the next run (`site-index.bin` in the output folder): for each input file,
 * its sha256 and size and, for each of its documents in order, what the pass learned from it (its id, its site,
 * its longest line's group and its candidate line keys; or that it did not decode; or that an earlier input
 * held the same bytes). A re-run over unchanged inputs reads each file only to hash it and takes its documents'
 * keys from here instead of parsing, decoding and mapping it again; the counting and reducing that follow are
 * done anew, so the index is exactly what a full pass gives.
 *
 * Never trusted: the file is used only if its first line names this format and the run's key (the code that
 * maps, the decode, input and line-length settings), and each file's block only if its own sha256 over its
 * bytes checks out, its input file's sha256 and size are what they are now, and its documents' duplicate
 * flags still hold given the inputs before it. Anything else (a foreign, truncated or corrupted file, a block
 * of another input) is read past or ignored, and that input is mapped as in a full run.
 *
 * Layout: a JSON header line, then per input file a JSON line (path, sha256, size, documents, the byte length
 * of its keys, the block's digest) followed by its keys as little-endian float64, in the documents' order.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

export const SITE_CACHE_FILE = 'site-index.bin';
const FORMAT = 'newsclean-site-index';
const VERSION = 1;
const CHUNK_BYTES = 1 << 20;

/** One document of an input file, as the site pass met it. */
export type CachedDoc =
  /** Mapped: its site, its longest line's group key (or null) and its candidate line keys, ascending. */
  | {
      readonly kind: 'mapped';
      readonly id: string;
      readonly site: string;
      readonly group: number | null;
      readonly keys: Float64Array;
    }
  /** Its bytes did not decode: the pass skipped it. */
  | { readonly kind: 'undecodable'; readonly id: string }
  /** An earlier input had the same bytes: the pass skipped it unread. */
  | { readonly kind: 'seen'; readonly id: string };

export interface CachedFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly docs: readonly CachedDoc[];
}

/** Documents as the block's JSON line holds them: [id, site, group, key count], [id, 0] or [id, 1]. */
type DocJson = [string, string, number | null, number] | [string, 0 | 1];

interface BlockHead {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly docs: DocJson[];
  readonly keyBytes: number;
}

function digestOf(head: BlockHead, keys: Uint8Array): string {
  const { path, sha256, bytes, docs, keyBytes } = head;
  return createHash('sha256')
    .update(JSON.stringify({ path, sha256, bytes, docs, keyBytes }))
    .update('\n')
    .update(keys)
    .digest('hex');
}

function headerLine(key: string): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, key })}\n`;
}

/** Writes the next run's cache, block by block, in input order (a file in the staging folder). */
export class SiteCacheWriter {
  private readonly fd: number;

  constructor(file: string, key: string) {
    this.fd = openSync(file, 'w');
    this.write(Buffer.from(headerLine(key), 'utf8'));
  }

  add(block: CachedFile): void {
    const docs: DocJson[] = [];
    let count = 0;
    for (const doc of block.docs) {
      if (doc.kind === 'mapped') {
        docs.push([doc.id, doc.site, doc.group, doc.keys.length]);
        count += doc.keys.length;
      } else docs.push([doc.id, doc.kind === 'undecodable' ? 0 : 1]);
    }
    const keys = Buffer.alloc(count * 8);
    let at = 0;
    for (const doc of block.docs) {
      if (doc.kind !== 'mapped') continue;
      for (const key of doc.keys) at = keys.writeDoubleLE(key, at);
    }
    const head: BlockHead = {
      path: block.path,
      sha256: block.sha256,
      bytes: block.bytes,
      docs,
      keyBytes: keys.length,
    };
    this.write(Buffer.from(`${JSON.stringify({ ...head, digest: digestOf(head, keys) })}\n`, 'utf8'));
    this.write(keys);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
  }
}

/**
 * Reads the previous run's cache in order, a block at a time. A block is handed out only for the path asked
 * for, and only when it checks out; blocks of inputs that are gone are read past.
 */
export class SiteCacheReader {
  private buffer = Buffer.alloc(CHUNK_BYTES);
  private start = 0;
  private end = 0;
  private position = 0;
  private done = false;
  /** A block did not check out, or the file ended: nothing more is handed out. */
  private broken = false;
  /** The next block, read but not yet asked for (its input comes later, or is new in this run). */
  private pending: CachedFile | null = null;

  private constructor(private readonly fd: number) {}

  /** The cache at `file` if it exists and was written for `key`; else null (nothing to reuse). */
  static open(file: string, key: string): SiteCacheReader | null {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return null;
    }
    const reader = new SiteCacheReader(fd);
    const header = reader.line();
    if (header === null || `${header}\n` !== headerLine(key)) {
      reader.close();
      return null;
    }
    return reader;
  }

  /**
   * The block of input `path` whose file now has this sha256 and size, or null. `listed` holds every input
   * path of this run: a block of a path not in it is read past; a block of a listed path that comes later is
   * kept for when that path is asked for (both lists are in the run's input order).
   */
  take(path: string, sha256: string, bytes: number, listed: ReadonlySet<string>): CachedFile | null {
    for (;;) {
      if (this.pending === null) this.pending = this.next();
      const block = this.pending;
      if (block === null) return null;
      if (block.path === path) {
        this.pending = null;
        return block.sha256 === sha256 && block.bytes === bytes ? block : null;
      }
      if (listed.has(block.path)) return null;
      this.pending = null;
    }
  }

  close(): void {
    this.done = true;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  /** The next block that checks out; null at the end or at the first one that does not (the rest is unused). */
  private next(): CachedFile | null {
    if (this.broken) return null;
    const line = this.line();
    const block = line === null ? null : this.parse(line);
    if (block === null) {
      this.broken = true;
      this.close();
    }
    return block;
  }

  private parse(line: string): CachedFile | null {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return null;
    }
    const head = blockHead(value);
    if (head === null) return null;
    const keys = this.bytes(head.keyBytes);
    if (keys === null || digestOf(head, keys) !== (value as { digest?: unknown }).digest) return null;
    const docs: CachedDoc[] = [];
    let at = 0;
    for (const doc of head.docs) {
      if (doc.length === 2) {
        docs.push({ kind: doc[1] === 0 ? 'undecodable' : 'seen', id: doc[0] });
        continue;
      }
      const [id, site, group, count] = doc;
      if (at + count * 8 > keys.length) return null;
      const own = new Float64Array(count);
      for (let k = 0; k < count; k++, at += 8) own[k] = keys.readDoubleLE(at);
      docs.push({ kind: 'mapped', id, site, group, keys: own });
    }
    if (at !== keys.length) return null;
    return { path: head.path, sha256: head.sha256, bytes: head.bytes, docs };
  }

  /** The next line, without its newline; null at the end of the file (or of what can be read). */
  private line(): string | null {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a, this.start);
      if (newline >= 0 && newline < this.end) {
        const text = this.buffer.toString('utf8', this.start, newline);
        this.start = newline + 1;
        return text;
      }
      if (!this.fill()) return null;
    }
  }

  /** The next `count` bytes, copied; null if the file ends first. */
  private bytes(count: number): Buffer | null {
    while (this.end - this.start < count) if (!this.fill()) return null;
    const out = Buffer.from(this.buffer.subarray(this.start, this.start + count));
    this.start += count;
    return out;
  }

  /** Reads more of the file after what is unread (growing the buffer if it is full); false at the end. */
  private fill(): boolean {
    if (this.done) return false;
    if (this.start > 0) {
      this.buffer.copy(this.buffer, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end === this.buffer.length) {
      const bigger = Buffer.alloc(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, 0, this.end);
      this.buffer = bigger;
    }
    let read = 0;
    try {
      read = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, this.position);
    } catch {
      read = 0;
    }
    if (read === 0) {
      this.close();
      return false;
    }
    this.position += read;
    this.end += read;
    return true;
  }
}

const isHex64 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A block's JSON line checked field by field (a foreign or damaged line is null, never half-trusted). */
function blockHead(value: unknown): BlockHead | null {
  if (typeof value !== 'object' || value === null) return null;
  const { path, sha256, bytes, docs, keyBytes } = value as Record<string, unknown>;
  if (typeof path !== 'string' || !isHex64(sha256) || !isCount(bytes) || !isCount(keyBytes)) return null;
  if (keyBytes % 8 !== 0 || !Array.isArray(docs)) return null;
  for (const doc of docs as unknown[]) {
    if (!Array.isArray(doc) || typeof doc[0] !== 'string' || !/^[0-9a-f]{16}$/.test(doc[0])) return null;
    if (doc.length === 2 && (doc[1] === 0 || doc[1] === 1)) continue;
    if (doc.length !== 4 || typeof doc[1] !== 'string' || !isCount(doc[3])) return null;
    if (doc[2] !== null && !Number.isFinite(doc[2])) return null;
  }
  return { path, sha256, bytes, docs: docs as DocJson[], keyBytes };
}
