/**
 * Where writers put their bytes: text is UTF-8 encoded as it is emitted, record by record, into a few large
 * buffers shared by a whole batch of documents, instead of one string per part (joined from per-record
 * strings) and then one buffer per part. A worker hands the main thread the batch's buffers in one message
 * (moved, not copied), and each part is a list of views into them (one view, unless the part crossed from
 * one buffer into the next). No part's text ever exists as one string and no byte is copied after it is
 * encoded, so a document of many MB costs its output bytes once, plus at most one buffer of slack.
 */
import type { Part } from '../sinks.js';

/** The smallest buffer the arena allocates: a batch of news pages fits in one or two. */
const MIN_CHUNK = 256 * 1024;

export class PartArena {
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

  /** Appends text to the current part, UTF-8 encoded. */
  readonly emit = (text: string): void => {
    if (text.length === 0) return;
    const free = this.chunk === null ? 0 : this.chunk.length - this.used;
    // A UTF-16 code unit is at most 3 UTF-8 bytes: the common case needs no exact count.
    if (text.length * 3 > free) {
      const needed = Buffer.byteLength(text, 'utf8');
      if (needed > free) this.next(needed);
    }
    const chunk = this.chunk as Buffer;
    this.used += chunk.write(text, this.used, 'utf8');
  };

  /** Ends the current part: its bytes, as views of the arena's buffers. */
  end(): Part {
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
