/**
 * The report reads the dataset files as streams of lines, plain or compressed as the run wrote them
 * (`documents.jsonl`, `.jsonl.gz`, `.jsonl.zst`): one line in memory at a time, whatever the file's size.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

/** The path of `name` in `dir` as written: plain, then gzip, then zstd; null when none is there. */
export async function findDataFile(dir: string, name: string): Promise<string | null> {
  for (const suffix of ['', '.gz', '.zst']) {
    const path = join(dir, name + suffix);
    try {
      await access(path);
      return path;
    } catch {
      // not written in this form
    }
  }
  return null;
}

/** Byte chunks of a file, decompressed by its name's ending. */
async function* chunks(path: string): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (path.endsWith('.gz')) {
    // createGunzip reads every member of a multi-member file, as `gzip -d` does.
    yield* file.pipe(createGunzip()) as AsyncIterable<Buffer>;
    return;
  }
  if (!path.endsWith('.zst')) {
    yield* file as AsyncIterable<Buffer>;
    return;
  }
  let out: Uint8Array[] = [];
  const zstd = new Decompress((data) => {
    out.push(data);
  });
  for await (const chunk of file as AsyncIterable<Buffer>) {
    zstd.push(chunk);
    yield* out;
    out = [];
  }
  zstd.push(new Uint8Array(0), true);
  yield* out;
}

/**
 * The non-empty lines of a file (without their `\n`) as bytes, a read chunk's worth at a time: views into the
 * chunk, so lines a pass skips are never decoded, and a pass over many short lines awaits once a chunk, not
 * once a line. Memory holds one chunk (and the line it ends in).
 */
export async function* readLineBatches(path: string): AsyncGenerator<Buffer[]> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks(path)) {
    // A view of the chunk, not a copy (each chunk is a fresh buffer, never reused by the stream).
    const buffer =
      carry.length === 0
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.concat([carry, chunk]);
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
      if (end > start) lines.push(buffer.subarray(start, end));
      start = end + 1;
    }
    carry = Buffer.from(buffer.subarray(start));
    if (lines.length > 0) yield lines;
  }
  if (carry.length > 0) yield [carry];
}

/** Every non-empty line of a file (without its `\n`) as bytes: a view into a read chunk (readLineBatches). */
export async function* readLineBytes(path: string): AsyncGenerator<Buffer> {
  for await (const lines of readLineBatches(path)) yield* lines;
}

/** Every non-empty line of a file (without its `\n`), decoded as UTF-8. */
export async function* readLines(path: string): AsyncGenerator<string> {
  for await (const line of readLineBytes(path)) yield line.toString('utf8');
}

/**
 * The value of a line's first key when the line starts `{"KEY":"`: read from the bytes without decoding the
 * line (ids are ASCII hex); null when the line starts otherwise.
 */
export function leadingString(line: Buffer, key: string): string | null {
  const prefix = `{"${key}":"`;
  if (line.length <= prefix.length || line.toString('latin1', 0, prefix.length) !== prefix) return null;
  const end = line.indexOf(34, prefix.length);
  return end < 0 ? null : line.toString('utf8', prefix.length, end);
}
