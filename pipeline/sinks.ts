/**
 * Where a dataset writer's parts go in the main thread, and how an earlier file's parts are read back for an
 * incremental run. A span names a part: for byte files, [offset, length] in the uncompressed bytes.
 *
 * Compressed files (gzip, zstd) are written as a series of independent frames (gzip members, zstd frames),
 * each about FRAME_BYTES of parts and cut only between parts: the file is an ordinary .gz or .zst file
 * (`gzip -d`, `zstd -d`, Python's gzip and zstandard read it whole, concatenated frames being part of both
 * formats), and a re-run reads back one frame to copy a document's part. The frame table goes into the
 * manifest's trailer.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { LineWriter } from './output.js';
import type { Compression } from './writers/names.js';

export type Span = readonly [number, number];

/**
 * Bytes of a part that a worker wrote to a file in the staging folder instead of holding them: a document of
 * many MB (writers/arena.ts SpillArena). Read back a slice at a time when written, then the file is deleted.
 */
export interface SpilledPiece {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/** Bytes in memory (a view into a worker's buffers: writers/arena.ts), or in a spill file. */
export type Piece = Uint8Array | SpilledPiece;

/**
 * One document's part of a dataset file, as UTF-8 bytes: a list of pieces written one after the other, so a
 * large part never has to be copied into one buffer (nor, spilled, held at all).
 */
export type Part = readonly Piece[];

export function isSpilled(piece: Piece): piece is SpilledPiece {
  return !ArrayBuffer.isView(piece);
}

/** A part's size in bytes. */
export function partBytes(part: Part): number {
  let n = 0;
  for (const piece of part) n += isSpilled(piece) ? piece.length : piece.byteLength;
  return n;
}

/** Bytes read from a spill file at a time. */
const SPILL_SLICE = 1024 * 1024;

/**
 * A part's bytes in order, a slice at a time: pieces in memory as they are, spilled ones read back a MiB at a
 * time into fresh buffers (writers may keep a slice until their next flush). With `reuse`, every spilled slice
 * is read into the same buffer instead: the caller must be done with a slice (hashed it, or had it written,
 * not just queued) before it asks for the next. A part of 100 MB then costs one MiB, not 100 MiB of buffers
 * that this thread, which allocates little else, would free only at its next garbage collection.
 */
export async function* partSlices(part: Part, reuse = false): AsyncGenerator<Uint8Array> {
  let shared: Buffer | null = null;
  for (const piece of part) {
    if (!isSpilled(piece)) {
      if (piece.byteLength) yield piece;
      continue;
    }
    const handle = await open(piece.file, 'r');
    try {
      for (let at = 0; at < piece.length; ) {
        const size = Math.min(SPILL_SLICE, piece.length - at);
        if (reuse) shared ??= Buffer.allocUnsafeSlow(SPILL_SLICE);
        const slice = reuse && shared !== null ? shared.subarray(0, size) : Buffer.allocUnsafeSlow(size);
        const { bytesRead } = await handle.read(slice, 0, slice.length, piece.offset + at);
        if (bytesRead !== slice.length) throw new Error(`spill file ${piece.file} is shorter than its parts`);
        yield slice;
        at += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
}

/** A part with its spilled pieces read into memory, for writers that need a part whole (frames, Parquet rows). */
export async function partInMemory(part: Part): Promise<Uint8Array[]> {
  if (!part.some(isSpilled)) return part as Uint8Array[];
  const slices: Uint8Array[] = [];
  for await (const slice of partSlices(part)) slices.push(slice);
  return slices;
}

/** The spill files a document's parts point into (deleted once the parts are written). */
export function spillFiles(parts: readonly Part[]): string[] {
  return [...new Set(parts.flatMap((part) => part.filter(isSpilled).map((piece) => piece.file)))];
}

export interface PartSink {
  /** Appends one document's part (in input order); returns its span. */
  append(part: Part): Promise<Span>;
  /** Ends the file: its size on disk, and what a reader needs besides the file (a frame table) or null. */
  close(): Promise<SinkClosed>;
  /** Gives up after a failure. */
  abandon(): Promise<void>;
}

export interface SinkClosed {
  readonly size: number;
  readonly meta: unknown;
}

export interface PartReader {
  read(span: Span): Promise<Buffer>;
  close(): Promise<void>;
}

export type { Compression } from './writers/names.js';
export { COMPRESSIONS } from './writers/names.js';

export const COMPRESSION_SUFFIX: Record<Compression, string> = { none: '', gzip: '.gz', zstd: '.zst' };

/** Uncompressed bytes per frame: big enough to compress well, small enough to read back one document cheaply. */
export const FRAME_BYTES = 1024 * 1024;

const utf8 = new TextEncoder();

/** A file of parts as they are, after an optional header. */
export class PlainSink implements PartSink {
  private readonly out: LineWriter;

  constructor(path: string, name: string, header: string) {
    this.out = new LineWriter(path, name);
    // Counted in `bytes` at once (the write itself may wait): spans start after the header.
    if (header) void this.out.write(header).catch(() => undefined);
  }

  async append(part: Part): Promise<Span> {
    const span = [this.out.bytes, partBytes(part)] as const;
    // Pieces in memory are gathered (LineWriter.write: one system call per 256 KiB). Only a spilled piece is
    // read back through one reused buffer, so each of its slices must be in the file before the next is read
    // into that buffer (LineWriter.writeThrough); writing every piece through would cost a system call and a
    // wait per piece of every document.
    for (const piece of part) {
      if (!isSpilled(piece)) {
        if (piece.byteLength) await this.out.write(piece);
        continue;
      }
      for await (const slice of partSlices([piece], true)) await this.out.writeThrough(slice);
    }
    return span;
  }

  async close(): Promise<SinkClosed> {
    await this.out.close();
    return { size: this.out.bytes, meta: null };
  }

  async abandon(): Promise<void> {
    await this.out.close().catch(() => undefined);
  }
}

/** [compressed offset, compressed length, uncompressed offset, uncompressed length] of each frame. */
export type Frame = readonly [number, number, number, number];

type Compressor = (bytes: Uint8Array) => Promise<Uint8Array>;

const gzipAsync = promisify(gzip);

/** zstd at level 3 (its default); the WebAssembly module is loaded on first use. */
let zstdModule: Promise<typeof import('@bokuweb/zstd-wasm')> | null = null;
export async function zstdCompressor(): Promise<(bytes: Uint8Array) => Uint8Array> {
  zstdModule ??= import('@bokuweb/zstd-wasm').then(async (module) => {
    await module.init();
    return module;
  });
  const module = await zstdModule;
  return (bytes) => module.compress(bytes, 3);
}

async function compressor(compression: Exclude<Compression, 'none'>): Promise<Compressor> {
  if (compression === 'gzip') return (bytes) => gzipAsync(bytes, { level: 6 });
  const compress = await zstdCompressor();
  return async (bytes) => compress(bytes);
}

/** A compressed file of frames; spans count uncompressed bytes. */
export class FramedSink implements PartSink {
  private readonly out: LineWriter;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Uncompressed bytes so far, pending ones included. */
  private bytes = 0;
  private readonly frames: Frame[] = [];

  private constructor(
    path: string,
    name: string,
    private readonly compress: Compressor,
  ) {
    this.out = new LineWriter(path, name);
  }

  static async open(
    path: string,
    name: string,
    header: string,
    compression: Exclude<Compression, 'none'>,
  ): Promise<FramedSink> {
    const sink = new FramedSink(path, name, await compressor(compression));
    if (header) sink.add(utf8.encode(header));
    return sink;
  }

  private add(part: Uint8Array): void {
    this.pending.push(part);
    this.pendingBytes += part.byteLength;
    this.bytes += part.byteLength;
  }

  async append(part: Part): Promise<Span> {
    const span = [this.bytes, partBytes(part)] as const;
    for (const piece of await partInMemory(part)) this.add(piece);
    if (this.pendingBytes >= FRAME_BYTES) await this.flush();
    return span;
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    const start = this.bytes - this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const frame = await this.compress(data);
    this.frames.push([this.out.bytes, frame.byteLength, start, data.byteLength]);
    await this.out.write(frame);
  }

  async close(): Promise<SinkClosed> {
    await this.flush();
    await this.out.close();
    return { size: this.out.bytes, meta: this.frames };
  }

  async abandon(): Promise<void> {
    await this.out.close().catch(() => undefined);
  }
}

/** Read-ahead size: a re-run asks for the spans of each file in order, so one read serves many documents. */
const WINDOW_BYTES = 1024 * 1024;

/** Spans of an earlier plain file, read through a window (its buffers are never reused: writers keep them). */
export class PlainReader implements PartReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<PlainReader> {
    return new PlainReader(await open(path, 'r'));
  }

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

  close(): Promise<void> {
    return this.file.close();
  }
}

function isFrames(value: unknown): value is Frame[] {
  return (
    Array.isArray(value) &&
    value.every(
      (frame) =>
        Array.isArray(frame) &&
        frame.length === 4 &&
        frame.every((n) => Number.isInteger(n) && (n as number) >= 0),
    )
  );
}

/** Spans of an earlier framed file: the frame holding a span is read and decompressed (the last one kept). */
export class FramedReader implements PartReader {
  private current: { readonly frame: Frame; readonly data: Buffer } | null = null;

  private constructor(
    private readonly file: FileHandle,
    private readonly frames: readonly Frame[],
    private readonly compression: Exclude<Compression, 'none'>,
  ) {}

  static async open(
    path: string,
    meta: unknown,
    compression: Exclude<Compression, 'none'>,
  ): Promise<FramedReader> {
    if (!isFrames(meta)) throw new Error('no frame table');
    return new FramedReader(await open(path, 'r'), meta, compression);
  }

  async read([offset, length]: Span): Promise<Buffer> {
    if (length === 0) return Buffer.alloc(0);
    const frame = this.frameOf(offset);
    if (!frame || offset + length > frame[2] + frame[3]) throw new Error('span outside the frames');
    if (this.current?.frame !== frame) {
      const compressed = Buffer.alloc(frame[1]);
      const { bytesRead } = await this.file.read(compressed, 0, frame[1], frame[0]);
      if (bytesRead !== frame[1]) throw new Error('frame cut short');
      const data =
        this.compression === 'gzip' ? gunzipSync(compressed) : Buffer.from(zstdDecompress(compressed));
      if (data.byteLength !== frame[3]) throw new Error('frame of the wrong size');
      this.current = { frame, data };
    }
    const from = offset - frame[2];
    return this.current.data.subarray(from, from + length);
  }

  /** The frame whose uncompressed range holds offset (binary search: frames are in order). */
  private frameOf(offset: number): Frame | undefined {
    let lo = 0;
    let hi = this.frames.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const frame = this.frames[mid]!;
      if (offset < frame[2]) hi = mid - 1;
      else if (offset >= frame[2] + frame[3]) lo = mid + 1;
      else return frame;
    }
    return undefined;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Where a byte format's parts go: a plain or a framed file, and how to read one back. */
export interface Storage {
  readonly suffix: string;
  sink(path: string, name: string, header: string): Promise<PartSink>;
  reader(path: string, meta: unknown): Promise<PartReader>;
}

export function byteStorage(compression: Compression): Storage {
  if (compression === 'none')
    return {
      suffix: '',
      sink: async (path, name, header) => new PlainSink(path, name, header),
      reader: (path) => PlainReader.open(path),
    };
  return {
    suffix: COMPRESSION_SUFFIX[compression],
    sink: (path, name, header) => FramedSink.open(path, name, header, compression),
    reader: (path, meta) => FramedReader.open(path, meta, compression),
  };
}
