/**
 * Where writers put their bytes: text is UTF-8 encoded as it is emitted, record by record, into a few large
 * buffers shared by a whole batch of documents, instead of one string per part (joined from per-record
 * strings) and then one buffer per part. A worker hands the main thread the batch's buffers in one message
 * (moved, not copied), and each part is a list of views into them (one view, unless the part crossed from
 * one buffer into the next). No part's text ever exists as one string and no byte is copied after it is
 * encoded, so a document of many MB costs its output bytes once, plus at most one buffer of slack.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Part } from '../sinks.js';
import type { Emit } from './types.js';

/** Where writers' text goes, part by part: begin(), emit() any number of times, end(). */
export interface Arena {
  begin(): void;
  readonly emit: Emit;
  end(): Part;
}

const QUOTE = 0x22;

/** The smallest buffer the arena allocates: a batch of news pages fits in one or two. */
const MIN_CHUNK = 256 * 1024;

export class PartArena implements Arena {
  private chunk: Buffer | null = null;
  private used = 0;
  /** Where the part being written starts in `chunk`. */
  private pieceStart = 0;
  /** The current part's pieces in earlier buffers. */
  private pieces: Uint8Array[] = [];
  private readonly chunks: Buffer[] = [];

  constructor(private readonly chunkBytes: number = MIN_CHUNK) {}

  /** Starts a part; everything emitted until end() belongs to it. */
  begin(): void {
    this.pieces = [];
    this.pieceStart = this.used;
  }

  /** Appends text to the current part, UTF-8 encoded; emit.csvQuoted appends it as a quoted CSV cell. */
  readonly emit: Emit = Object.assign(
    (text: string): void => {
      if (text.length === 0) return;
      const free = this.chunk === null ? 0 : this.chunk.length - this.used;
      // A UTF-16 code unit is at most 3 UTF-8 bytes: the common case needs no exact count.
      if (text.length * 3 > free) {
        const needed = Buffer.byteLength(text, 'utf8');
        if (needed > free) this.next(needed);
      }
      const chunk = this.chunk as Buffer;
      this.used += chunk.write(text, this.used, 'utf8');
    },
    { csvQuoted: (text: string): void => this.csvQuoted(text) },
  );

  /**
   * `"${text.replaceAll('"', '""')}"`, UTF-8 encoded: the text is encoded once, `gap` bytes ahead (at least
   * its length in bytes), then copied back to its place with each quote byte doubled (0x22 is only ever a
   * quote in UTF-8: every byte of a longer sequence is 0x80 or more). The copy never overtakes what it has
   * not read yet: before byte k it has written k bytes plus the quotes among them, fewer than k + gap. Room
   * for the worst case first: the encoded text twice (all quotes) and the two quotes around it.
   */
  private csvQuoted(text: string): void {
    const free = this.chunk === null ? 0 : this.chunk.length - this.used;
    let gap = text.length * 3; // a UTF-16 code unit is at most 3 UTF-8 bytes
    if (2 * gap + 2 > free) {
      gap = Buffer.byteLength(text, 'utf8');
      if (2 * gap + 2 > free) this.next(2 * gap + 2);
    }
    const chunk = this.chunk as Buffer;
    chunk[this.used] = QUOTE;
    let to = this.used + 1;
    const from = to + gap;
    const end = from + chunk.write(text, from, 'utf8');
    for (let at = from; at < end; at++) {
      const byte = chunk[at]!;
      chunk[to++] = byte;
      if (byte === QUOTE) chunk[to++] = QUOTE;
    }
    chunk[to++] = QUOTE;
    this.used = to;
  }

  /** Ends the current part: its bytes, as views of the arena's buffers. */
  end(): Uint8Array[] {
    const pieces = this.pieces;
    if (this.chunk !== null && this.used > this.pieceStart)
      pieces.push(this.chunk.subarray(this.pieceStart, this.used));
    this.pieces = [];
    this.pieceStart = this.used;
    return pieces;
  }

  /** A new buffer for what follows; the current part's bytes so far stay where they are, as a piece. */
  private next(needed: number): void {
    if (this.chunk !== null && this.used > this.pieceStart)
      this.pieces.push(this.chunk.subarray(this.pieceStart, this.used));
    // Unpooled, so that each buffer is an ArrayBuffer of its own that can be moved to another thread.
    this.chunk = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, needed));
    this.chunks.push(this.chunk);
    this.used = 0;
    this.pieceStart = 0;
  }

  /** The buffers holding the parts, to move to another thread (each once). */
  buffers(): ArrayBuffer[] {
    return this.chunks.map((chunk) => chunk.buffer as ArrayBuffer);
  }
}

/** The buffer a SpillArena encodes into before writing it to its file. */
const SPILL_BUFFER = 1024 * 1024;

/**
 * A document of many MB writes its parts to a file as they are encoded, through one small buffer, instead of
 * holding them: about 11 bytes of output per byte of text, which in a PartArena would all be in memory at
 * once (and then moved to the main thread). Each part is one spilled piece of that file; the main thread
 * copies it into the dataset files a slice at a time and deletes the file (pipeline/dataset.ts). The same
 * bytes as a PartArena would hold. Call close() before the parts are read.
 */
export class SpillArena implements Arena {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafeSlow(SPILL_BUFFER);
  private used = 0;
  /** Bytes already in the file. */
  private written = 0;
  private partStart = 0;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
  }

  begin(): void {
    this.partStart = this.written + this.used;
  }

  readonly emit = (text: string): void => {
    if (text.length === 0) return;
    const free = this.buffer.length - this.used;
    // A UTF-16 code unit is at most 3 UTF-8 bytes: the common case needs no exact count.
    if (text.length * 3 > free) {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length > free) {
        this.flush();
        if (bytes.length > this.buffer.length) {
          this.writeAll(bytes);
          return;
        }
      }
      this.used += bytes.copy(this.buffer, this.used);
      return;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  };

  end(): Part {
    const length = this.written + this.used - this.partStart;
    return length === 0 ? [] : [{ file: this.file, offset: this.partStart, length }];
  }

  /** Writes what is left in the buffer and closes the file: its parts can be read from here on. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    this.written += bytes.length;
  }
}
