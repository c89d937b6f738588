/**
 * Gzip decompression that knows where each member starts in the compressed file. A `.warc.gz` is a series
 * of gzip members, usually one per record (as Common Crawl ships them), and a record's provenance offset is
 * the byte offset of its member: the offset a WARC index (CDX) gives, so `dd skip=OFFSET | gunzip` reads it.
 * node:zlib joins members without saying where they meet, so this drives pako's zlib port directly.
 */
import { ZStream, zlibInflate, zlibInflateInit2, zlibInflateReset } from 'pako';

export interface MemberPiece {
  /** Decompressed bytes (owned: never reused). */
  readonly bytes: Uint8Array;
  /** Byte offset in the compressed file of the gzip member these bytes came from. */
  readonly member: number;
}

/** Thrown when the compressed stream is corrupt or ends inside a member. */
export class GzipError extends Error {
  constructor(
    message: string,
    /** Byte offset of the member that could not be read. */
    readonly member: number,
    /** The file ends inside the member (cut short), rather than holding bytes that are not gzip. */
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

const Z_OK = 0;
const Z_STREAM_END = 1;
const Z_BUF_ERROR = -5;
const OUTPUT_BYTES = 64 * 1024;

export async function* gunzipMembers(source: AsyncIterable<Uint8Array>): AsyncGenerator<MemberPiece> {
  const strm = new ZStream();
  // 16 + 15: gzip wrapper only, 32 KiB window.
  if (zlibInflateInit2(strm, 16 + 15) !== Z_OK)
    throw new GzipError('cannot start the gzip decoder', 0, false);
  let consumed = 0; // compressed bytes before the current chunk
  let member = 0;
  let inMember = false;
  strm.avail_out = 0;
  const ready: MemberPiece[] = [];
  const flush = () => {
    if (strm.next_out > 0) {
      ready.push({ bytes: strm.output.subarray(0, strm.next_out), member });
      strm.avail_out = 0; // a fresh output buffer next time: the emitted one now belongs to the reader
      strm.next_out = 0;
    }
  };
  for await (const chunk of source) {
    if (chunk.byteLength === 0) continue;
    strm.input = chunk;
    strm.next_in = 0;
    strm.avail_in = chunk.byteLength;
    while (strm.avail_in > 0) {
      if (!inMember) {
        member = consumed + strm.next_in;
        inMember = true;
      }
      if (strm.avail_out === 0) {
        strm.output = new Uint8Array(OUTPUT_BYTES);
        strm.next_out = 0;
        strm.avail_out = OUTPUT_BYTES;
      }
      const status = zlibInflate(strm, 0);
      if (status === Z_STREAM_END) {
        flush();
        zlibInflateReset(strm);
        inMember = false;
        continue;
      }
      if (status !== Z_OK && status !== Z_BUF_ERROR) {
        flush();
        while (ready.length) yield ready.shift()!;
        throw new GzipError(
          `gzip data is corrupt in the member at byte offset ${member}: ${strm.msg || `zlib status ${status}`}`,
          member,
          false,
        );
      }
      if (strm.avail_out === 0) flush();
      else if (status === Z_BUF_ERROR && strm.avail_in > 0) {
        throw new GzipError(
          `gzip decoder made no progress at byte offset ${consumed + strm.next_in}`,
          member,
          false,
        );
      }
    }
    flush();
    consumed += chunk.byteLength;
    while (ready.length) yield ready.shift()!;
  }
  if (inMember) {
    throw new GzipError(
      `the file ends inside the gzip member at byte offset ${member} (unexpected end of file: truncated?)`,
      member,
      true,
    );
  }
}
