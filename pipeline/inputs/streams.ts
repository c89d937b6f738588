/**
 * Byte streams for container inputs: a file read in chunks, optionally decompressed, and split into lines
 * without ever holding more than one (bounded) line. Nothing here reads a whole file into memory.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

export type Compression = 'none' | 'gzip' | 'zstd';

/**
 * Hears how many bytes of an input file came off the disk (for progress), and the bytes themselves when they
 * are the file's raw bytes, in order (the site pass hashes them: pipeline/site-index.ts).
 */
export type OnRead = (bytes: number, raw?: Uint8Array) => void;

/** The file's raw chunks, each told to onRead as it is read. */
export async function* fileChunks(path: string, onRead?: OnRead): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    onRead?.(bytes.byteLength, bytes);
    yield bytes;
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const inflate = createGunzip();
  // Feed the decompressor from the source while we read from it; errors on either side end the loop.
  const feed = (async () => {
    try {
      for await (const chunk of source) {
        if (!inflate.write(chunk)) await new Promise<void>((resolve) => inflate.once('drain', resolve));
      }
      inflate.end();
    } catch (error) {
      inflate.destroy(error as Error);
    }
  })();
  for await (const chunk of inflate) yield chunk as Buffer;
  await feed;
}

async function* unzstd(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  // fzstd may hand out views into its window buffer: copy them before they are overwritten.
  const decoder = new Decompress((data) => {
    ready.push(data.slice());
  });
  for await (const chunk of source) {
    decoder.push(chunk);
    while (ready.length) yield ready.shift()!;
  }
  decoder.push(new Uint8Array(0), true);
  while (ready.length) yield ready.shift()!;
}

export function decompress(
  source: AsyncIterable<Uint8Array>,
  compression: Compression,
): AsyncIterable<Uint8Array> {
  if (compression === 'gzip') return gunzip(source);
  if (compression === 'zstd') return unzstd(source);
  return source;
}

export interface Line {
  /** 1-based line number. */
  readonly line: number;
  /** The line without its line ending, or null when it was longer than maxBytes (then dropped). */
  readonly bytes: Uint8Array | null;
  /** Length in bytes (for an over-long line: at least maxBytes + 1). */
  readonly length: number;
}

/** Splits a byte stream on LF (a CR before it is dropped); a line over maxBytes is skipped, not buffered. */
export async function* splitLines(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let overflow = false;
  let line = 0;
  const finish = (): Line => {
    line++;
    let bytes: Uint8Array | null = null;
    if (!overflow) {
      bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
      if (bytes.byteLength > 0 && bytes[bytes.byteLength - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    }
    const result = { line, bytes, length };
    parts = [];
    length = 0;
    overflow = false;
    return result;
  };
  const take = (piece: Uint8Array) => {
    length += piece.byteLength;
    if (overflow) return;
    if (length > maxBytes) {
      overflow = true;
      parts = [];
    } else if (piece.byteLength) parts.push(piece);
  };
  for await (const chunk of source) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      take(chunk.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    // Copy the tail: the chunk's buffer may be reused by the stream that produced it.
    if (start < chunk.byteLength) take(chunk.slice(start));
  }
  if (length > 0 || overflow) yield finish();
}
